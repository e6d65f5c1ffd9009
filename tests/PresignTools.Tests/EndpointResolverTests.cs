using System;
using PresignTools.Core;
using PresignTools.Core.Endpoints;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// S3EndpointResolver: virtual-hosted vs path-style addressing
    /// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html), partition DNS suffixes
    /// and accelerate/dualstack hosts as botocore 1.43.11's endpoint rules and partitions.json give them.
    /// </summary>
    public class EndpointResolverTests
    {
        private static S3EndpointResolver Resolver(string region = "eu-west-1", string? endpoint = null, bool pathStyle = false,
            bool accelerate = false, bool dualstack = false, string scheme = "https") =>
            new S3EndpointResolver(new S3EndpointOptions
            {
                Region = region,
                EndpointUrl = endpoint == null ? null : new Uri(endpoint),
                ForcePathStyle = pathStyle,
                UseAccelerateEndpoint = accelerate,
                UseDualstackEndpoint = dualstack,
                Scheme = scheme,
            });

        private static string Url(S3Address a) => a.Scheme + "://" + a.Host + a.Path;

        [Fact]
        public void AwsDefaultIsVirtualHostedOnTheRegionalEndpoint()
        {
            var a = Resolver().Resolve("my-bucket", "photos/puppy.jpg");
            Assert.Equal("https", a.Scheme);
            Assert.Equal("my-bucket.s3.eu-west-1.amazonaws.com", a.Host);
            Assert.Equal("/photos/puppy.jpg", a.Path);
            Assert.False(a.PathStyle);
        }

        [Fact]
        public void UsEast1UsesTheRegionalHost()
        {
            Assert.Equal("https://examplebucket.s3.us-east-1.amazonaws.com/test.txt", Url(Resolver("us-east-1").Resolve("examplebucket", "test.txt")));
        }

        [Fact]
        public void ForcePathStylePutsTheBucketInThePath()
        {
            var a = Resolver(pathStyle: true).Resolve("my-bucket", "k");
            Assert.Equal("s3.eu-west-1.amazonaws.com", a.Host);
            Assert.Equal("/my-bucket/k", a.Path);
            Assert.True(a.PathStyle);
        }

        [Fact]
        public void DottedBucketOverHttpsUsesPathStyle()
        {
            // *.s3.<region>.amazonaws.com's wildcard certificate matches one label only.
            var a = Resolver().Resolve("my.dotted.bucket", "k");
            Assert.Equal("s3.eu-west-1.amazonaws.com", a.Host);
            Assert.Equal("/my.dotted.bucket/k", a.Path);
            Assert.True(a.PathStyle);
        }

        [Fact]
        public void DottedBucketOverHttpIsVirtualHosted()
        {
            var a = Resolver(scheme: "http").Resolve("my.dotted.bucket", "k");
            Assert.Equal("http://my.dotted.bucket.s3.eu-west-1.amazonaws.com/k", Url(a));
            Assert.False(a.PathStyle);

            a = Resolver(endpoint: "http://s3.example.com").Resolve("my.bucket", "k");
            Assert.Equal("http://my.bucket.s3.example.com/k", Url(a));
            Assert.False(a.PathStyle);
        }

        [Fact]
        public void DottedBucketOverHttpsCustomEndpointUsesPathStyle()
        {
            var a = Resolver(endpoint: "https://s3.example.com").Resolve("my.bucket", "k");
            Assert.Equal("https://s3.example.com/my.bucket/k", Url(a));
            Assert.True(a.PathStyle);
        }

        [Theory]
        [InlineData("My_Legacy_Bucket")]
        [InlineData("UPPER")]
        public void LegacyBucketNamesUsePathStyle(string bucket)
        {
            var a = Resolver("us-east-1").Resolve(bucket, "k");
            Assert.Equal("s3.us-east-1.amazonaws.com", a.Host);
            Assert.Equal("/" + bucket + "/k", a.Path);
        }

        [Theory]
        [InlineData("http://127.0.0.1:9000", "127.0.0.1:9000")]
        [InlineData("http://10.1.2.3", "10.1.2.3")]
        [InlineData("https://192.168.0.10:8443", "192.168.0.10:8443")]
        public void IpAddressEndpointsUsePathStyle(string endpoint, string host)
        {
            var a = Resolver(endpoint: endpoint).Resolve("bucket", "k");
            Assert.Equal(host, a.Host);
            Assert.Equal("/bucket/k", a.Path);
            Assert.True(a.PathStyle);
        }

        [Fact]
        public void Ipv6EndpointUsesPathStyleWithABracketedHost()
        {
            var a = Resolver(endpoint: "http://[::1]:9000").Resolve("bkt", "k");
            Assert.Equal("http://[::1]:9000/bkt/k", Url(a));
            Assert.True(a.PathStyle);

            a = Resolver(endpoint: "http://[2001:db8::1]").Resolve("bkt", "k");
            Assert.Equal("[2001:db8::1]", a.Host);
            Assert.True(a.PathStyle);
        }

        [Fact]
        public void HostNameEndpointsAreVirtualHosted()
        {
            var a = Resolver(endpoint: "http://localhost:9000").Resolve("bkt", "k");
            Assert.Equal("http://bkt.localhost:9000/k", Url(a));
        }

        [Theory]
        [InlineData("https://s3.example.com:8443", "bkt.s3.example.com:8443")]
        [InlineData("http://s3.example.com:8080", "bkt.s3.example.com:8080")]
        [InlineData("https://s3.example.com:443", "bkt.s3.example.com")]      // default ports are not part of Host (RFC 9110 §7.2)
        [InlineData("http://s3.example.com:80", "bkt.s3.example.com")]
        [InlineData("http://s3.example.com:443", "bkt.s3.example.com:443")]
        [InlineData("https://s3.example.com:80", "bkt.s3.example.com:80")]
        public void PortsAreKeptUnlessDefault(string endpoint, string host)
        {
            Assert.Equal(host, Resolver(endpoint: endpoint).Resolve("bkt", "k").Host);
        }

        [Theory]
        [InlineData("https://storage.example.com/base", false, "https://bkt.storage.example.com/base/a%20b")]
        [InlineData("https://storage.example.com/base/", false, "https://bkt.storage.example.com/base/a%20b")]
        [InlineData("https://storage.example.com/base", true, "https://storage.example.com/base/bkt/a%20b")]
        [InlineData("https://storage.example.com/base/", true, "https://storage.example.com/base/bkt/a%20b")]
        [InlineData("https://storage.example.com/a/b/", true, "https://storage.example.com/a/b/bkt/a%20b")]
        public void EndpointBasePathIsKept(string endpoint, bool pathStyle, string expected)
        {
            // botocore 1.43.11 gives exactly these addresses (virtual: {url#path}; path: {url#normalizedPath}{bucket}).
            Assert.Equal(expected, Url(Resolver(endpoint: endpoint, pathStyle: pathStyle).Resolve("bkt", "a b")));
        }

        [Theory]
        [InlineData("us-east-1", "amazonaws.com")]
        [InlineData("eu-west-1", "amazonaws.com")]
        [InlineData("us-gov-west-1", "amazonaws.com")]
        [InlineData("cn-north-1", "amazonaws.com.cn")]
        [InlineData("cn-northwest-1", "amazonaws.com.cn")]
        [InlineData("us-iso-east-1", "c2s.ic.gov")]
        [InlineData("us-isob-east-1", "sc2s.sgov.gov")]
        [InlineData("eu-isoe-west-1", "cloud.adc-e.uk")]
        [InlineData("us-isof-south-1", "csp.hci.ic.gov")]
        public void PartitionDnsSuffixesMatchBotocore(string region, string suffix)
        {
            Assert.Equal(suffix, S3EndpointResolver.PartitionDnsSuffix(region));
            Assert.Equal("bkt.s3." + region + "." + suffix, Resolver(region).Resolve("bkt", "k").Host);
        }

        [Fact]
        public void EuropeanSovereignCloudSuffix()
        {
            Assert.Equal("amazonaws.eu", S3EndpointResolver.PartitionDnsSuffix("eusc-de-east-1"));
            Assert.Equal("bkt.s3.eusc-de-east-1.amazonaws.eu", Resolver("eusc-de-east-1").Resolve("bkt", "k").Host);
        }

        [Theory]
        [InlineData("eu-west-1", "bkt.s3.dualstack.eu-west-1.amazonaws.com")]
        [InlineData("cn-north-1", "bkt.s3.dualstack.cn-north-1.amazonaws.com.cn")]
        [InlineData("us-gov-west-1", "bkt.s3.dualstack.us-gov-west-1.amazonaws.com")]
        public void DualstackHosts(string region, string host)
        {
            Assert.Equal(host, Resolver(region, dualstack: true).Resolve("bkt", "k").Host);
        }

        [Fact]
        public void AccelerateHosts()
        {
            Assert.Equal("https://bkt.s3-accelerate.amazonaws.com/k", Url(Resolver(accelerate: true).Resolve("bkt", "k")));
            Assert.Equal("https://bkt.s3-accelerate.dualstack.amazonaws.com/k", Url(Resolver(accelerate: true, dualstack: true).Resolve("bkt", "k")));
        }

        [Fact]
        public void AccelerateRefusesDottedBucketsAndPathStyle()
        {
            Assert.Throws<ArgumentException>(() => Resolver(accelerate: true).Resolve("my.bucket", "k"));
            Assert.Throws<ArgumentException>(() => Resolver(accelerate: true, pathStyle: true).Resolve("bkt", "k"));
            Assert.Throws<ArgumentException>(() => Resolver("us-east-1", accelerate: true).Resolve("Legacy_Bucket", "k"));
        }

        [Fact]
        public void AccelerateRefusalBecomesEndpointNotAvailable()
        {
            var presigner = TestSupport.Presigner(region: "eu-west-1", accelerate: true);
            var e = Assert.Throws<PresignException>(() => presigner.Presign(new ObjectLink { BucketName = "my.bucket", Key = "k", ExpiresSeconds = 60, SigningTime = TestSupport.DocsSigningTime }));
            Assert.Equal("EndpointNotAvailable", e.ErrorId);
        }

        // botocore 1.43.11: "EndpointResolutionError: S3 Accelerate cannot be used in this region" for cn-north-1.
        [Fact]
        public void AccelerateIsRefusedInChina()
        {
            Assert.Throws<ArgumentException>(() => Resolver("cn-north-1", accelerate: true).Resolve("bkt", "k"));
        }

        // botocore 1.43.11 (and the shared S3 endpoint rules): "A custom endpoint cannot be combined with S3 Accelerate".
        [Fact]
        public void AccelerateWithACustomEndpointIsRefused()
        {
            Assert.Throws<ArgumentException>(() => Resolver(endpoint: "https://s3.example.com", accelerate: true).Resolve("bkt", "k"));
        }

        [Fact]
        public void KeysAreEncodedOnceAndSlashesKept()
        {
            var a = Resolver().Resolve("bkt", "a b/c+d/%2F/~x/\u00e9");
            Assert.Equal("/a%20b/c%2Bd/%252F/~x/%C3%A9", a.Path);
            a = Resolver(pathStyle: true).Resolve("bkt", "//lead/./..");
            Assert.Equal("/bkt///lead/./..", a.Path);
        }

        [Fact]
        public void CachedBucketDoesNotLeakIntoTheNextOne()
        {
            var r = Resolver();
            Assert.Equal("a-bucket.s3.eu-west-1.amazonaws.com", r.Resolve("a-bucket", "k").Host);
            Assert.Equal("s3.eu-west-1.amazonaws.com", r.Resolve("b.bucket", "k").Host);
            Assert.Equal("/b.bucket/k2", r.Resolve("b.bucket", "k2").Path);
            var again = r.Resolve("a-bucket", "k3");
            Assert.Equal("a-bucket.s3.eu-west-1.amazonaws.com", again.Host);
            Assert.Equal("/k3", again.Path);
            Assert.False(again.PathStyle);
        }

        [Theory]
        [InlineData("127.0.0.1", true)]
        [InlineData("[::1]", true)]
        [InlineData("::1", true)]
        [InlineData("2001:db8::1", true)]
        [InlineData("example.com", false)]
        [InlineData("localhost", false)]
        [InlineData("s3.eu-west-1.amazonaws.com", false)]
        public void IsIpAddress(string host, bool expected)
        {
            Assert.Equal(expected, S3EndpointResolver.IsIpAddress(host));
        }
    }
}
