using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PresignTools.Core;
using PresignTools.Core.Inspection;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// PresignedUrlParser (ConvertFrom-S3PresignedUrl's core): the AWS documentation's SigV4 and SigV2
    /// examples, every endpoint form, exact key decoding, round trips through ObjectPresigner, the three
    /// stable error ids, no session token in any message or property, and a fuzz run that may raise
    /// nothing but PresignException.
    /// </summary>
    public class PresignedUrlParserTests
    {
        // "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", S3 API reference.
        private const string DocsUrl = "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z"
            + "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

        // "Query string request authentication alternative" (Signature Version 2), S3 developer guide.
        private const string DocsSigV2Url = "https://johnsmith.s3.amazonaws.com/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1141889120&Signature=vjbyPxybdZaNmGa%2ByT272YEAiv4%3D";

        private const string Token = "FQoGZXIvYXdzEXAMPLETOKEN//////////wEaDtokenSECRET+value/with=chars";

        private const string V4Query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

        private static PresignedUrlInfo Parse(string url, PresignedUrlParseOptions? options = null) => PresignedUrlParser.Parse(url, options);

        [Fact]
        public void ReadsTheAwsDocumentationExample()
        {
            var i = Parse(DocsUrl);
            Assert.Equal(DocsUrl, i.Url);
            Assert.Equal("examplebucket", i.BucketName);
            Assert.Equal("test.txt", i.Key);
            Assert.Null(i.VersionId);
            Assert.Equal("us-east-1", i.Region);
            Assert.Equal("s3", i.Service);
            Assert.Equal(SignatureVersion.SigV4, i.SignatureVersion);
            Assert.Equal(EndpointStyle.VirtualHosted, i.EndpointStyle);
            Assert.False(i.IsCustomEndpoint);
            Assert.False(i.IsDualstack);
            Assert.Equal("examplebucket.s3.amazonaws.com", i.Host);
            Assert.Equal("https", i.Scheme);
            Assert.Null(i.Method); // a SigV4 query URL does not say GET or HEAD
            Assert.Equal("AKIAIOSFODNN7EXAMPLE", i.AccessKeyId);
            Assert.False(i.IsTemporaryCredential);
            Assert.Equal(new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero), i.SignedAt);
            Assert.Equal(new DateTimeOffset(2013, 5, 25, 0, 0, 0, TimeSpan.Zero), i.ExpiresAt);
            Assert.Equal(86400, i.ExpiresSeconds);
            Assert.True(i.IsExpired);
            Assert.Equal(TimeSpan.Zero, i.TimeLeft);
            Assert.Equal(new[] { "host" }, i.SignedHeaders);
            Assert.Empty(i.ResponseOverrides);
            Assert.Empty(i.OtherParameters);
            Assert.Equal(DocsUrl, i.ToString());
        }

        [Fact]
        public void ReadsTheSigV2DocumentationExample()
        {
            var i = Parse(DocsSigV2Url);
            Assert.Equal(SignatureVersion.SigV2, i.SignatureVersion);
            Assert.Equal("johnsmith", i.BucketName);
            Assert.Equal("photos/puppy.jpg", i.Key);
            Assert.Equal("AKIAIOSFODNN7EXAMPLE", i.AccessKeyId);
            Assert.Null(i.SignedAt);
            Assert.Null(i.ExpiresSeconds);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1141889120), i.ExpiresAt);
            Assert.Null(i.Region); // the global endpoint names no region
            Assert.Equal("s3", i.Service);
            Assert.Empty(i.SignedHeaders);
            Assert.False(i.IsTemporaryCredential);
            Assert.True(i.IsExpired);
        }

        [Theory]
        [InlineData("https://b.s3-eu-west-1.amazonaws.com/k?", "eu-west-1", EndpointStyle.VirtualHosted, "b")]
        [InlineData("https://s3.ap-southeast-2.amazonaws.com/b/k?", "ap-southeast-2", EndpointStyle.PathStyle, "b")]
        [InlineData("https://b.s3-external-1.amazonaws.com/k?", "us-east-1", EndpointStyle.VirtualHosted, "b")]
        [InlineData("https://b.s3.cn-north-1.amazonaws.com.cn/k?", "cn-north-1", EndpointStyle.VirtualHosted, "b")]
        [InlineData("http://127.0.0.1:9000/b/k?", null, EndpointStyle.PathStyle, "b")]
        public void SigV2TakesTheRegionFromTheHost(string prefix, string? region, EndpointStyle style, string bucket)
        {
            var i = Parse(prefix + "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1700000000&Signature=vjbyPxybdZaNmGa%2ByT272YEAiv4%3D&x-amz-security-token=" + Uri.EscapeDataString(Token));
            Assert.Equal(region, i.Region);
            Assert.Equal(style, i.EndpointStyle);
            Assert.Equal(bucket, i.BucketName);
            Assert.Equal("k", i.Key);
            Assert.True(i.IsTemporaryCredential);
        }

        [Theory]
        // host, path, style, bucket, key, dualstack, fips, custom
        [InlineData("examplebucket.s3.amazonaws.com", "/k", EndpointStyle.VirtualHosted, "examplebucket", "k", false, false, false)]
        [InlineData("s3.amazonaws.com", "/examplebucket/k", EndpointStyle.PathStyle, "examplebucket", "k", false, false, false)]
        [InlineData("examplebucket.s3.eu-west-1.amazonaws.com", "/a/b", EndpointStyle.VirtualHosted, "examplebucket", "a/b", false, false, false)]
        [InlineData("s3.eu-west-1.amazonaws.com", "/examplebucket/a/b", EndpointStyle.PathStyle, "examplebucket", "a/b", false, false, false)]
        [InlineData("my.dotted.bucket.s3.eu-west-1.amazonaws.com", "/k", EndpointStyle.VirtualHosted, "my.dotted.bucket", "k", false, false, false)]
        [InlineData("s3.eu-west-1.amazonaws.com", "/my.dotted.bucket/k", EndpointStyle.PathStyle, "my.dotted.bucket", "k", false, false, false)]
        [InlineData("b.s3.dualstack.eu-west-1.amazonaws.com", "/k", EndpointStyle.VirtualHosted, "b", "k", true, false, false)]
        [InlineData("s3.dualstack.eu-west-1.amazonaws.com", "/b/k", EndpointStyle.PathStyle, "b", "k", true, false, false)]
        [InlineData("b.s3-accelerate.amazonaws.com", "/k", EndpointStyle.Accelerate, "b", "k", false, false, false)]
        [InlineData("b.s3-accelerate.dualstack.amazonaws.com", "/k", EndpointStyle.Accelerate, "b", "k", true, false, false)]
        [InlineData("b.s3-fips.us-gov-west-1.amazonaws.com", "/k", EndpointStyle.VirtualHosted, "b", "k", false, true, false)]
        [InlineData("b.s3-fips.dualstack.us-east-1.amazonaws.com", "/k", EndpointStyle.VirtualHosted, "b", "k", true, true, false)]
        [InlineData("b.s3.cn-north-1.amazonaws.com.cn", "/k", EndpointStyle.VirtualHosted, "b", "k", false, false, false)]
        [InlineData("s3.cn-northwest-1.amazonaws.com.cn", "/b/k", EndpointStyle.PathStyle, "b", "k", false, false, false)]
        [InlineData("b.s3.us-iso-east-1.c2s.ic.gov", "/k", EndpointStyle.VirtualHosted, "b", "k", false, false, false)]
        [InlineData("b.s3.eusc-de-east-1.amazonaws.eu", "/k", EndpointStyle.VirtualHosted, "b", "k", false, false, false)]
        [InlineData("b.s3-us-west-2.amazonaws.com", "/k", EndpointStyle.VirtualHosted, "b", "k", false, false, false)]
        [InlineData("s3-us-west-2.amazonaws.com", "/b/k", EndpointStyle.PathStyle, "b", "k", false, false, false)]
        [InlineData("b.s3-external-1.amazonaws.com", "/k", EndpointStyle.VirtualHosted, "b", "k", false, false, false)]
        [InlineData("ap-123456789012.s3-accesspoint.us-west-2.amazonaws.com", "/k", EndpointStyle.AccessPoint, "ap-123456789012", "k", false, false, false)]
        [InlineData("b.vpce-1a2b3c4d-5e6f.s3.us-east-1.vpce.amazonaws.com", "/k", EndpointStyle.VirtualHosted, "b", "k", false, false, false)]
        [InlineData("vpce-1a2b3c4d-5e6f.s3.us-east-1.vpce.amazonaws.com", "/b/k", EndpointStyle.PathStyle, "b", "k", false, false, false)]
        [InlineData("EXAMPLEBUCKET.S3.AMAZONAWS.COM", "/k", EndpointStyle.VirtualHosted, "examplebucket", "k", false, false, false)] // DNS is case-insensitive
        [InlineData("dualstack.s3.amazonaws.com", "/k", EndpointStyle.VirtualHosted, "dualstack", "k", false, false, false)]
        [InlineData("s3.s3.eu-west-1.amazonaws.com", "/k", EndpointStyle.VirtualHosted, "s3", "k", false, false, false)]
        // Custom hosts: path style, unless a later label is "s3"; IP addresses always path style.
        [InlineData("127.0.0.1:9000", "/b/k", EndpointStyle.PathStyle, "b", "k", false, false, true)]
        [InlineData("[::1]:9000", "/b/k", EndpointStyle.PathStyle, "b", "k", false, false, true)]
        [InlineData("minio.internal:9000", "/b/a/b/c", EndpointStyle.PathStyle, "b", "a/b/c", false, false, true)]
        [InlineData("localhost", "/b/k", EndpointStyle.PathStyle, "b", "k", false, false, true)]
        [InlineData("b.s3.wasabisys.com", "/k", EndpointStyle.VirtualHosted, "b", "k", false, false, true)]
        [InlineData("s3.wasabisys.com", "/b/k", EndpointStyle.PathStyle, "b", "k", false, false, true)]
        [InlineData("b.s3.us-west-004.backblazeb2.com", "/k", EndpointStyle.VirtualHosted, "b", "k", false, false, true)]
        [InlineData("abc.r2.cloudflarestorage.com", "/b/k", EndpointStyle.PathStyle, "b", "k", false, false, true)]
        [InlineData("b.s3-website-us-east-1.amazonaws.com", "/b/k", EndpointStyle.PathStyle, "b", "k", false, false, true)] // not an S3 API host
        public void FindsTheBucketInEveryEndpointForm(string host, string path, EndpointStyle style, string bucket, string key, bool dualstack, bool fips, bool custom)
        {
            var i = Parse("https://" + host + path + "?" + V4Query);
            Assert.Equal(style, i.EndpointStyle);
            Assert.Equal(bucket, i.BucketName);
            Assert.Equal(key, i.Key);
            Assert.Equal(dualstack, i.IsDualstack);
            Assert.Equal(fips, i.IsFips);
            Assert.Equal(custom, i.IsCustomEndpoint);
            Assert.Equal(host.ToLowerInvariant(), i.Host);
        }

        [Theory]
        [InlineData("/k", "k")]
        [InlineData("/a+b", "a+b")]                              // '+' is not a space in a path
        [InlineData("/a%2Bb", "a+b")]
        [InlineData("/a%20b", "a b")]
        [InlineData("/percent%2520literal", "percent%20literal")] // decoded once, never twice
        [InlineData("/caf%C3%A9/%F0%9F%98%80", "caf\u00e9/\U0001F600")]
        [InlineData("/cafe%CC%81", "cafe\u0301")]               // NFD stays NFD
        [InlineData("/caf\u00e9", "caf\u00e9")]                  // a raw IRI character stands for its UTF-8 bytes
        [InlineData("/a/../b/./c", "a/../b/./c")]               // dot segments are key characters
        [InlineData("/a//b/", "a//b/")]
        [InlineData("//leading", "/leading")]
        [InlineData("/a%2Fb", "a/b")]
        [InlineData("/q%3Fx%3D1%23frag", "q?x=1#frag")]
        [InlineData("/tab%09key%0A", "tab\tkey\n")]
        [InlineData("/a~b_c-d.e", "a~b_c-d.e")]
        [InlineData("/%7E", "~")]
        [InlineData("/", null)]
        [InlineData("", null)]
        public void DecodesKeysByteForByte(string path, string? key)
        {
            Assert.Equal(key, Parse("https://b.s3.us-east-1.amazonaws.com" + path + "?" + V4Query).Key);
        }

        [Fact]
        public void ReadsVersionOverridesAndOtherParameters()
        {
            var url = "https://b.s3.eu-west-1.amazonaws.com/k?versionId=3HL4kqtJlcpXroDTDmJ%2Brmsp&response-content-disposition=attachment%3B%20filename%3D%22a%20b.txt%22"
                + "&response-content-type=text%2Fplain%2Bx&partNumber=1&x-id=GetObject&" + V4Query;
            var i = Parse(url);
            Assert.Equal("3HL4kqtJlcpXroDTDmJ+rmsp", i.VersionId);
            Assert.Equal(new[] { "response-content-disposition", "response-content-type" }, i.ResponseOverrides.Keys.Cast<string>().ToArray());
            Assert.Equal("attachment; filename=\"a b.txt\"", i.ResponseOverrides["response-content-disposition"]);
            Assert.Equal("text/plain+x", i.ResponseOverrides["response-content-type"]);
            Assert.Equal(new[] { "partNumber", "x-id" }, i.OtherParameters.Keys.Cast<string>().ToArray());
            Assert.Equal("GET", i.Method);
        }

        [Theory]
        [InlineData("x-id=GetObject&", "host", "GET")]
        [InlineData("x-id=HeadObject&", "host", "HEAD")]
        [InlineData("x-id=PutObject&", "host", "PUT")]
        [InlineData("x-id=DeleteObject&", "host", "DELETE")]
        [InlineData("uploadId=abc&partNumber=2&", "host", "PUT")]
        [InlineData("uploads=&", "host", "POST")]
        [InlineData("partNumber=2&", "host", null)]                      // GetObject of one part
        [InlineData("response-content-type=text%2Fplain&", "host", null)] // GET or HEAD
        [InlineData("", "content-type%3Bhost", "PUT")]
        [InlineData("", "content-md5%3Bhost", "PUT")]
        [InlineData("", "host%3Bx-amz-meta-owner", "PUT")]
        [InlineData("", "host%3Bx-amz-checksum-sha256", "PUT")]
        [InlineData("", "host%3Bx-amz-server-side-encryption", "PUT")]
        [InlineData("", "host%3Bx-amz-checksum-mode", null)]
        [InlineData("", "host%3Bx-amz-server-side-encryption-customer-algorithm%3Bx-amz-server-side-encryption-customer-key", null)] // SSE-C GET
        [InlineData("", "host", null)]
        public void InfersTheMethodOnlyWhenTheUrlSaysIt(string operation, string signedHeaders, string? method)
        {
            var url = "https://b.s3.amazonaws.com/k?" + operation + V4Query.Replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=" + signedHeaders);
            Assert.Equal(method, Parse(url).Method);
        }

        [Fact]
        public void AMethodGivenWithTheLinkWins()
        {
            Assert.Equal("HEAD", Parse(DocsUrl, new PresignedUrlParseOptions { MethodHint = "head" }).Method);
        }

        [Fact]
        public void ReadsSigV4a()
        {
            var url = "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20240101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Region-Set=us-east-1%2Cus-west-2"
                + "&X-Amz-Signature=3045022100aabbccddeeff00112233445566778899aabbccddeeff0011223344556677889902201122";
            var i = Parse(url);
            Assert.Equal(SignatureVersion.SigV4a, i.SignatureVersion);
            Assert.Equal("us-east-1,us-west-2", i.Region);
            Assert.Equal("s3", i.Service);
            Assert.Equal(new DateTimeOffset(2024, 1, 1, 1, 0, 0, TimeSpan.Zero), i.ExpiresAt);
        }

        [Fact]
        public void ACustomVirtualHostNeedsTheEndpointOrTheBucket()
        {
            var url = "https://photos.storage.example.com:8443/2024/a.jpg?" + V4Query;
            var guessed = Parse(url);
            Assert.Equal(EndpointStyle.PathStyle, guessed.EndpointStyle); // documented: custom hosts are read path style
            Assert.Equal("2024", guessed.BucketName);

            var withEndpoint = Parse(url, new PresignedUrlParseOptions { EndpointUrl = new Uri("https://storage.example.com:8443") });
            Assert.Equal(EndpointStyle.VirtualHosted, withEndpoint.EndpointStyle);
            Assert.Equal("photos", withEndpoint.BucketName);
            Assert.Equal("2024/a.jpg", withEndpoint.Key);

            var withBucket = Parse(url, new PresignedUrlParseOptions { BucketHint = "photos" });
            Assert.Equal("photos", withBucket.BucketName);
            Assert.Equal("2024/a.jpg", withBucket.Key);

            // The wrong port is not that endpoint.
            Assert.Equal("2024", Parse(url, new PresignedUrlParseOptions { EndpointUrl = new Uri("https://storage.example.com") }).BucketName);
        }

        [Fact]
        public void AnEndpointBasePathIsNotTheBucket()
        {
            var url = "https://gw.example.com/s3/api/photos/2024/a.jpg?" + V4Query;
            var i = Parse(url, new PresignedUrlParseOptions { EndpointUrl = new Uri("https://gw.example.com/s3/api/") });
            Assert.Equal("photos", i.BucketName);
            Assert.Equal("2024/a.jpg", i.Key);
            var hinted = Parse(url, new PresignedUrlParseOptions { BucketHint = "photos" });
            Assert.Equal("photos", hinted.BucketName);
            Assert.Equal("2024/a.jpg", hinted.Key);
        }

        // ---- Round trips ---------------------------------------------------------------------------------

        public static readonly string[] AwkwardKeys =
        {
            "plain.txt", "with space.txt", "plus+sign.txt", "percent%20literal.txt", "percent%2Fslash", "tilde~file.txt",
            "unicode-r\u00e9sum\u00e9-\u65e5\u672c\u8a9e.txt", "emoji-\U0001F600.bin", "reserved=&?#.txt", "semi;colon,comma:at@dollar$.txt",
            "nested/deep/path/file.txt", "double//slash.txt", "dots/../up.txt", "dots/./here.txt", "../escape", "./", "..",
            "trailing space .txt", " leading-space.txt", "tab\tand\nnewline", "cafe\u0301-nfd", "back\\slash", "quote\"s'<>|^`{}[]",
            "/leading-slash", "trailing-slash/", "X-Amz-Signature=1&x", "?versionId=evil", "\u0000nul", "\u00a0nbsp\u2028ls",
            new string('k', 1024), string.Concat(Enumerable.Repeat("\u00e9", 512)),
        };

        public static IEnumerable<object?[]> Endpoints()
        {
            // name, region, endpoint, pathStyle, accelerate, dualstack, bucket, expected style
            yield return new object?[] { "us-east-1 virtual", "us-east-1", null, false, false, false, "my-bucket", EndpointStyle.VirtualHosted };
            yield return new object?[] { "eu-west-1 virtual", "eu-west-1", null, false, false, false, "my-bucket", EndpointStyle.VirtualHosted };
            yield return new object?[] { "forced path style", "eu-central-1", null, true, false, false, "my-bucket", EndpointStyle.PathStyle };
            yield return new object?[] { "dotted bucket", "ap-southeast-2", null, false, false, false, "my.dotted.bucket", EndpointStyle.PathStyle };
            yield return new object?[] { "dualstack", "us-west-2", null, false, false, true, "my-bucket", EndpointStyle.VirtualHosted };
            yield return new object?[] { "dualstack path", "us-west-2", null, true, false, true, "my-bucket", EndpointStyle.PathStyle };
            yield return new object?[] { "accelerate", "us-east-1", null, false, true, false, "my-bucket", EndpointStyle.Accelerate };
            yield return new object?[] { "accelerate dualstack", "eu-west-1", null, false, true, true, "my-bucket", EndpointStyle.Accelerate };
            yield return new object?[] { "china", "cn-north-1", null, false, false, false, "my-bucket", EndpointStyle.VirtualHosted };
            yield return new object?[] { "govcloud", "us-gov-west-1", null, false, false, false, "my-bucket", EndpointStyle.VirtualHosted };
            yield return new object?[] { "ip endpoint", "us-east-1", "http://127.0.0.1:9000", false, false, false, "my-bucket", EndpointStyle.PathStyle };
            yield return new object?[] { "ipv6 endpoint", "us-east-1", "http://[::1]:9000", false, false, false, "my-bucket", EndpointStyle.PathStyle };
            yield return new object?[] { "custom virtual", "us-east-1", "https://minio.example.com", false, false, false, "my-bucket", EndpointStyle.VirtualHosted };
            yield return new object?[] { "custom path", "us-east-1", "https://minio.example.com:9000", true, false, false, "my-bucket", EndpointStyle.PathStyle };
            yield return new object?[] { "custom base path", "eu-west-1", "https://gw.example.com/s3/v1", true, false, false, "my-bucket", EndpointStyle.PathStyle };
            yield return new object?[] { "custom base path virtual", "eu-west-1", "https://gw.example.com/s3", false, false, false, "my-bucket", EndpointStyle.VirtualHosted };
            yield return new object?[] { "legacy bucket", "us-east-1", null, false, false, false, "Legacy_Bucket", EndpointStyle.PathStyle };
        }

        [Theory]
        [MemberData(nameof(Endpoints))]
        public void RoundTripsAwkwardKeysThroughTheSigner(string name, string region, string? endpoint, bool pathStyle, bool accelerate, bool dualstack, string bucket, EndpointStyle style)
        {
            var presigner = TestSupport.Presigner(region, endpoint, pathStyle, accelerate, dualstack, legacyNames: bucket == "Legacy_Bucket");
            var signingTime = new DateTimeOffset(2026, 3, 1, 12, 34, 56, TimeSpan.Zero);
            var n = 0;
            foreach (var key in AwkwardKeys)
            {
                var versionId = n++ % 3 == 0 ? "v" + n + "+/=%" : null;
                var link = presigner.Presign(new ObjectLink
                {
                    BucketName = bucket,
                    Key = key,
                    VersionId = versionId,
                    ExpiresSeconds = 60 + n,
                    SigningTime = signingTime,
                    Query = n % 2 == 0 ? new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("response-content-disposition", "attachment; filename=\"" + key + "\"") } : null,
                });

                // AWS hosts are read from the URL alone; custom hosts with the endpoint, or with the bucket a PresignedUrl
                // carries (except a virtual-hosted custom endpoint with a base path, which only the endpoint settles).
                var options = new List<PresignedUrlParseOptions> { new PresignedUrlParseOptions { EndpointUrl = endpoint == null ? null : new Uri(endpoint) } };
                if (name != "custom base path virtual") options.Add(new PresignedUrlParseOptions { BucketHint = link.BucketName, MethodHint = link.Method });
                foreach (var o in options)
                {
                    var because = $"{name}: key '{key}' from {link.Url}";
                    PresignedUrlInfo i;
                    try
                    {
                        i = Parse(link.Url, o);
                    }
                    catch (PresignException e)
                    {
                        throw new Xunit.Sdk.XunitException(because + ": " + e.Message);
                    }
                    Assert.True(bucket == i.BucketName, because + " -> bucket " + i.BucketName);
                    Assert.True(key == i.Key, because + " -> key " + i.Key);
                    Assert.True(versionId == i.VersionId, because + " -> version " + i.VersionId);
                    Assert.Equal(region, i.Region);
                    Assert.Equal(style, i.EndpointStyle);
                    Assert.Equal(dualstack && endpoint == null, i.IsDualstack);
                    Assert.Equal(endpoint != null, i.IsCustomEndpoint);
                    Assert.Equal(link.SignedAt, i.SignedAt);
                    Assert.Equal(link.ExpiresAt, i.ExpiresAt);
                    Assert.Equal(60 + n, i.ExpiresSeconds);
                    Assert.Equal(TestSupport.DocsAccessKey, i.AccessKeyId);
                    Assert.Equal(new[] { "host" }, i.SignedHeaders);
                    if (n % 2 == 0) Assert.Equal("attachment; filename=\"" + key + "\"", i.ResponseOverrides["response-content-disposition"]);
                    else Assert.Empty(i.ResponseOverrides);
                    Assert.False(i.IsTemporaryCredential);
                }
            }
        }

        [Fact]
        public void RoundTripsSessionCredentialsMethodsAndSignedHeaders()
        {
            var presigner = TestSupport.Presigner("eu-west-1", sessionToken: Token);
            var signingTime = DateTimeOffset.UtcNow.AddMinutes(-1);
            signingTime = new DateTimeOffset(signingTime.Ticks - signingTime.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            foreach (var method in new[] { "GET", "HEAD", "PUT", "DELETE" })
            {
                var link = presigner.Presign(new ObjectLink
                {
                    Method = method,
                    BucketName = "my-bucket",
                    Key = "k",
                    ExpiresSeconds = 3600,
                    SigningTime = signingTime,
                    Headers = method == "PUT" ? new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("content-type", "text/csv") } : null,
                });
                var i = Parse(link.Url);
                Assert.True(i.IsTemporaryCredential);
                Assert.False(i.IsExpired);
                Assert.InRange(i.TimeLeft.TotalSeconds, 3400, 3600);
                Assert.Equal(method == "PUT" ? new[] { "content-type", "host" } : new[] { "host" }, i.SignedHeaders);
                Assert.Equal(method == "PUT" ? "PUT" : null, i.Method);
                Assert.Equal(method, Parse(link.Url, new PresignedUrlParseOptions { MethodHint = link.Method }).Method);
                AssertNoTokenOutsideUrl(i);
            }
        }

        // ---- Errors --------------------------------------------------------------------------------------

        [Theory]
        [InlineData("", PresignedUrlParser.InvalidUrl)]
        [InlineData("   ", PresignedUrlParser.InvalidUrl)]
        [InlineData("garbage", PresignedUrlParser.InvalidUrl)]
        [InlineData("s3://bucket/key", PresignedUrlParser.InvalidUrl)]
        [InlineData("ftp://host/b/k?X-Amz-Signature=x", PresignedUrlParser.InvalidUrl)]
        [InlineData("https://", PresignedUrlParser.InvalidUrl)]
        [InlineData("https:///b/k", PresignedUrlParser.InvalidUrl)]
        [InlineData("https://user:pass@host/b/k", PresignedUrlParser.InvalidUrl)]
        [InlineData("https://host:99999/b/k", PresignedUrlParser.InvalidUrl)]
        [InlineData("https://host:abc/b/k", PresignedUrlParser.InvalidUrl)]
        [InlineData("https://ho st/b/k", PresignedUrlParser.InvalidUrl)]
        [InlineData("https://[::1/b/k", PresignedUrlParser.InvalidUrl)]
        [InlineData("https://a..b/k", PresignedUrlParser.InvalidUrl)]
        [InlineData("https://b.s3.amazonaws.com/k", PresignedUrlParser.NotPresigned)]
        [InlineData("https://b.s3.amazonaws.com/k?versionId=1&response-content-type=x", PresignedUrlParser.NotPresigned)]
        [InlineData("https://example.com/?Expires=1700000000", PresignedUrlParser.NotPresigned)]
        [InlineData("https://b.s3.amazonaws.com/k?X-Amz-Security-Token=abc", PresignedUrlParser.NotPresigned)]
        [InlineData("https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256", PresignedUrlParser.Malformed)]
        [InlineData("https://b.s3.amazonaws.com/k?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1141889120", PresignedUrlParser.Malformed)]
        [InlineData("https://b.s3.amazonaws.com/k?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=soon&Signature=vjbyPxybdZaNmGa%2ByT272YEAiv4%3D", PresignedUrlParser.Malformed)]
        [InlineData("https://b.s3.amazonaws.com/k?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1141889120&Signature=vjbyPxybdZaNmGa", PresignedUrlParser.Malformed)]
        [InlineData("https://b.s3.amazonaws.com/k?AWSAccessKeyId=A&Expires=1&Signature=vjbyPxybdZaNmGa%2ByT272YEAiv4%3D&X-Amz-Signature=1", PresignedUrlParser.Malformed)]
        public void RefusesWhatIsNotAReadablePresignedUrl(string url, string errorId)
        {
            var e = Assert.Throws<PresignException>(() => Parse(url));
            Assert.Equal(errorId, e.ErrorId);
            Assert.DoesNotContain('\n', e.Message);
            Assert.DoesNotContain('\r', e.Message);
        }

        [Theory]
        [InlineData("X-Amz-Date=20130524T000000Z", "X-Amz-Date=20130524")]
        [InlineData("X-Amz-Date=20130524T000000Z", "X-Amz-Date=20131324T000000Z")]
        [InlineData("X-Amz-Date=20130524T000000Z", "X-Amz-Date=20130525T000000Z")]  // not the scope's day
        [InlineData("X-Amz-Date=20130524T000000Z", "X-Amz-Date=")]
        [InlineData("X-Amz-Expires=86400", "X-Amz-Expires=1d")]
        [InlineData("X-Amz-Expires=86400", "X-Amz-Expires=-1")]
        [InlineData("X-Amz-Expires=86400", "X-Amz-Expires=0")]
        [InlineData("X-Amz-Expires=86400", "X-Amz-Expires=604801")]
        [InlineData("X-Amz-Expires=86400", "X-Amz-Expires=99999999999999999999")]
        [InlineData("X-Amz-Expires=86400", "X-Amz-Expires=86400.5")]
        [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1")]
        [InlineData("%2Fus-east-1%2Fs3%2Faws4_request", "%2Fus-east-1%2Fs3")]
        [InlineData("AKIAIOSFODNN7EXAMPLE%2F20130524", "%2F20130524")]
        [InlineData("AKIAIOSFODNN7EXAMPLE%2F20130524", "AKIAIOSFODNN7EXAMPLE%2F2013-05-24")]
        [InlineData("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=Host%3B")]
        [InlineData("f604d404", "f604d4")]                                            // truncated
        [InlineData("f604d404", "F604D404")]
        [InlineData("&X-Amz-Signature=", "&X-Amz-Date=20130524T000000Z&X-Amz-Signature=")]   // repeated
        [InlineData("test.txt", "test%E9.txt")]                                        // not UTF-8
        [InlineData("test.txt", "test%G0.txt")]                                        // broken escape
        [InlineData("X-Amz-Expires=86400", "X-Amz-Expires=86400&versionId=a&versionId=b")]
        public void RefusesMalformedSigV4(string from, string to)
        {
            var url = DocsUrl.Replace(from, to);
            Assert.NotEqual(DocsUrl, url);
            var e = Assert.Throws<PresignException>(() => Parse(url));
            Assert.Equal(PresignedUrlParser.Malformed, e.ErrorId);
        }

        [Fact]
        public void TruncatedLinksAreMalformed()
        {
            var start = DocsUrl.IndexOf("X-Amz-Credential", StringComparison.Ordinal);
            for (var length = start; length < DocsUrl.Length; length++)
            {
                var e = Assert.Throws<PresignException>(() => Parse(DocsUrl.Substring(0, length)));
                Assert.Equal(PresignedUrlParser.Malformed, e.ErrorId);
            }
        }

        [Fact]
        public void NeverShowsTheSessionToken()
        {
            var good = DocsUrl + "&X-Amz-Security-Token=" + Uri.EscapeDataString(Token);
            var i = Parse(good);
            Assert.True(i.IsTemporaryCredential);
            AssertNoTokenOutsideUrl(i);

            foreach (var bad in new[]
            {
                good.Replace("X-Amz-Expires=86400", "X-Amz-Expires=soon"),
                good.Replace("X-Amz-Date=20130524T000000Z", "X-Amz-Date=x"),
                "https://b.s3.amazonaws.com/k?X-Amz-Security-Token=" + Uri.EscapeDataString(Token),
                "https://b.s3.amazonaws.com/k?x-amz-security-token=" + Token + "%ZZ&X-Amz-Signature=1",
                "https://b.s3.amazonaws.com/k?X%2DAmz%2DSecurity%2DToken=" + Uri.EscapeDataString(Token) + "&X-Amz-Date=1",
                good + "&X-Amz-Security-Token=" + Uri.EscapeDataString(Token),
            })
            {
                var e = Assert.Throws<PresignException>(() => Parse(bad));
                Assert.DoesNotContain("tokenSECRET", e.Message);
                Assert.DoesNotContain("tokenSECRET", Uri.UnescapeDataString(e.Message));
            }
        }

        private static void AssertNoTokenOutsideUrl(PresignedUrlInfo info)
        {
            foreach (var p in typeof(PresignedUrlInfo).GetProperties())
            {
                if (p.Name == nameof(PresignedUrlInfo.Url)) continue;
                var value = p.GetValue(info);
                var text = value switch
                {
                    string[] a => string.Join(" ", a),
                    System.Collections.IDictionary d => string.Join(" ", d.Values.Cast<object>()),
                    _ => value?.ToString() ?? string.Empty,
                };
                Assert.DoesNotContain("tokenSECRET", text);
            }
        }

        // ---- Fuzz ----------------------------------------------------------------------------------------

        [Fact]
        public void FuzzedUrlsRaiseNothingButPresignException()
        {
            var seeds = new List<string>
            {
                DocsUrl,
                DocsSigV2Url,
                DocsUrl + "&X-Amz-Security-Token=" + Uri.EscapeDataString(Token),
                "http://127.0.0.1:9000/b/a%20b/../c?versionId=1&response-content-type=text%2Fplain&" + V4Query,
                "https://[::1]:8443/b/k?" + V4Query,
                "https://b.s3-accelerate.dualstack.amazonaws.com/caf%C3%A9?x-id=GetObject&" + V4Query,
            };
            var presigner = TestSupport.Presigner("eu-west-1", sessionToken: "tok");
            foreach (var key in AwkwardKeys)
            {
                seeds.Add(presigner.Presign(new ObjectLink { BucketName = "my-bucket", Key = key, ExpiresSeconds = 60, SigningTime = TestSupport.DocsSigningTime }).Url);
            }

            const string alphabet = "%&=?#/:;@[]\\ +-._~!$'()*,0123456789abcdefABCDEFxyzXYZ\t\r\n\u0000\u007f\u00e9\u00ff\u0100\u2028\ud800\udc00\U0001F600";
            var random = new Random(20240501);
            var ids = new HashSet<string> { PresignedUrlParser.InvalidUrl, PresignedUrlParser.NotPresigned, PresignedUrlParser.Malformed };
            int parsed = 0, refused = 0;
            for (var n = 0; n < 5000; n++)
            {
                var url = Mutate(seeds[random.Next(seeds.Count)], random, alphabet, n);
                try
                {
                    var info = Parse(url, n % 7 == 0 ? new PresignedUrlParseOptions { EndpointUrl = new Uri("https://s3.example.com:9000/base"), BucketHint = "b" } : null);
                    parsed++;
                    _ = info.TimeLeft;
                    _ = info.IsExpired;
                    try
                    {
                        ExactUri.Create(info.Scheme + "://" + info.Host + info.RequestTarget, info.RequestTarget);
                    }
                    catch (PresignException e)
                    {
                        Assert.Contains(e.ErrorId, new[] { "InvalidUrl", "PathNotPreserved" });
                    }
                    _ = PresignedUrlTester.Offline(url, info, null, DateTimeOffset.UtcNow);
                }
                catch (PresignException e)
                {
                    refused++;
                    Assert.True(ids.Contains(e.ErrorId), $"unexpected id {e.ErrorId} for {url}");
                    Assert.False(e.Message.IndexOf('\n') >= 0 || e.Message.IndexOf('\r') >= 0, "multi-line message for " + url);
                    Assert.DoesNotContain("tokenSECRET", e.Message);
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException($"{e.GetType().FullName} for case {n} '{url}': {e}");
                }
            }
            Assert.True(parsed > 100, $"only {parsed} mutated URLs parsed: the mutations are too destructive");
            Assert.True(refused > 1000, $"only {refused} mutated URLs refused");
        }

        private static string Mutate(string seed, Random random, string alphabet, int n)
        {
            if (n % 50 == 0)
            {
                // Pure noise.
                var sb = new StringBuilder();
                var length = random.Next(0, 80);
                for (var i = 0; i < length; i++) sb.Append(alphabet[random.Next(alphabet.Length)]);
                return (random.Next(2) == 0 ? "https://" : string.Empty) + sb;
            }
            var s = seed;
            var rounds = 1 + random.Next(3);
            for (var r = 0; r < rounds; r++)
            {
                if (s.Length == 0) break;
                var at = random.Next(s.Length);
                switch (random.Next(9))
                {
                    case 0: s = s.Substring(0, at); break;                                                   // truncate
                    case 1: s = s.Remove(at, 1); break;                                                      // delete
                    case 2: s = s.Insert(at, alphabet[random.Next(alphabet.Length)].ToString()); break;     // insert
                    case 3: s = s.Substring(0, at) + alphabet[random.Next(alphabet.Length)] + s.Substring(at + 1); break; // replace
                    case 4:                                                                                   // duplicate a parameter
                        var q = s.IndexOf('?');
                        if (q >= 0) s = s + "&" + s.Substring(q + 1).Split('&')[random.Next(s.Substring(q + 1).Split('&').Length)];
                        break;
                    case 5: s = s.Replace("X-Amz-Expires=", "X-Amz-Expires=" + random.Next(-5, 2000000)); break;
                    case 6: s = s.Replace("X-Amz-Date=2", "X-Amz-Date=" + (char)('0' + random.Next(10)) + "2"); break;
                    case 7: s = random.Next(2) == 0 ? s.ToUpperInvariant() : s.ToLowerInvariant(); break;
                    default:                                                                                  // drop a parameter
                        var parts = s.Split('&').ToList();
                        if (parts.Count > 1) parts.RemoveAt(1 + random.Next(parts.Count - 1));
                        s = string.Join("&", parts);
                        break;
                }
            }
            return s;
        }

        // ---- Offline verdicts and the exact path ----------------------------------------------------------

        [Fact]
        public void OfflineVerdicts()
        {
            var now = new DateTimeOffset(2013, 5, 24, 12, 0, 0, TimeSpan.Zero);
            var i = Parse(DocsUrl);
            var valid = PresignedUrlTester.Offline(DocsUrl, i, null, now);
            Assert.True(valid.IsValid);
            Assert.False(valid.IsExpired);
            Assert.False(valid.Online);
            Assert.Null(valid.ErrorCode);
            Assert.Null(valid.StatusCode);
            Assert.Equal(i.ExpiresAt, valid.ExpiresAt);

            var expired = PresignedUrlTester.Offline(DocsUrl, i, null, now.AddDays(1));
            Assert.False(expired.IsValid);
            Assert.True(expired.IsExpired);
            Assert.Equal("Expired", expired.ErrorCode);

            var early = PresignedUrlTester.Offline(DocsUrl, i, null, now.AddHours(-12).AddMinutes(-16));
            Assert.False(early.IsValid);
            Assert.Equal("NotYetValid", early.ErrorCode);

            // A PresignedUrl whose credentials die first says so; the URL alone cannot.
            var cutShort = PresignedUrlTester.Offline(DocsUrl, i, null, now, now.AddMinutes(-1));
            Assert.False(cutShort.IsValid);
            Assert.True(cutShort.IsExpired);
            Assert.Equal(now.AddMinutes(-1), cutShort.ExpiresAt);
            Assert.Contains("credentials", cutShort.ErrorMessage);
            Assert.Equal(i.ExpiresAt, PresignedUrlTester.Offline(DocsUrl, i, null, now, i.ExpiresAt.AddDays(1)).ExpiresAt);

            var garbage = PresignedUrlTester.Offline("x", null, PresignException.InvalidData(PresignedUrlParser.InvalidUrl, "Invalid URL 'x'."), now);
            Assert.False(garbage.IsValid);
            Assert.Equal("InvalidUrl", garbage.ErrorCode);
            Assert.Null(garbage.ExpiresAt);
        }

        [Fact]
        public void OnlineChecksNeverSendUploadsOrDeletes()
        {
            Assert.Null(PresignedUrlTester.OnlineMethod(Parse(DocsUrl), null));
            Assert.Equal("HEAD", PresignedUrlTester.OnlineMethod(Parse(DocsUrl, new PresignedUrlParseOptions { MethodHint = "HEAD" }), null));
            foreach (var method in new[] { "PUT", "DELETE", "POST" })
            {
                var e = Assert.Throws<PresignException>(() => PresignedUrlTester.OnlineMethod(Parse(DocsUrl, new PresignedUrlParseOptions { MethodHint = method }), null));
                Assert.Equal("OnlineCheckRefused", e.ErrorId);
            }
            var put = Parse(DocsUrl.Replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=content-type%3Bhost"));
            Assert.Equal("OnlineCheckRefused", Assert.Throws<PresignException>(() => PresignedUrlTester.OnlineMethod(put, null)).ErrorId);
            Assert.Equal("GET", PresignedUrlTester.OnlineMethod(put, "get")); // the caller knows better
        }

        [Theory]
        [InlineData("/b/dots/../up.txt")]
        [InlineData("/b/./x//y/..")]
        [InlineData("/b/%7E%41%2F%2e%2E")]
        [InlineData("/b/a%20b+c")]
        public void SendsThePathExactlyAsSigned(string path)
        {
            var info = Parse("http://127.0.0.1:9000" + path + "?" + V4Query);
            Assert.Equal(path + "?" + V4Query, info.RequestTarget);
            Assert.True(ExactUri.PreservesAnyPath, "this test runs on .NET 7+, which has UriCreationOptions");
            var uri = ExactUri.Create("http://127.0.0.1:9000" + info.RequestTarget, info.RequestTarget);
            Assert.Equal(path + "?" + V4Query, uri.PathAndQuery);
        }

        [Fact]
        public void EncodesWhatHttpDoesNotAllowRaw()
        {
            var info = Parse("http://127.0.0.1:9000/b/caf\u00e9 x|y?" + V4Query);
            Assert.Equal("/b/caf%C3%A9%20x%7Cy?" + V4Query, info.RequestTarget);
            Assert.Equal("caf\u00e9 x|y", info.Key);
        }
    }
}
