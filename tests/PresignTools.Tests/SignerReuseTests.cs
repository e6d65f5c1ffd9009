using System;
using System.Collections.Generic;
using System.Linq;
using PresignTools.Core;
using PresignTools.Core.Endpoints;
using PresignTools.Core.Signing;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// The signer and presigner cache what repeats across a pipeline (signing key per day, date text per
    /// second, encoded header and query lists, bucket addresses). A presigner reused for a long, varied
    /// sequence must give exactly the URLs fresh ones give (those are checked against botocore and the AWS
    /// documentation elsewhere).
    /// </summary>
    public class SignerReuseTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.Zero);

        private static IEnumerable<ObjectLink> VariedLinks()
        {
            var overrides = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("response-content-disposition", "attachment; filename=\"a b.txt\""),
                new KeyValuePair<string, string>("response-cache-control", "no-cache"),
            };
            var otherOverrides = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("response-content-type", "text/plain; charset=utf-8"),
            };
            var headers = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("content-type", "  text/plain   ;  charset=utf-8 ") };
            var manyHeaders = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("x-amz-meta-zeta", "z"),
                new KeyValuePair<string, string>("content-type", "application/json"),
                new KeyValuePair<string, string>("x-amz-acl", "private"),
            };
            var keys = new[] { "photos/2024/puppy.jpg", "a b/c+d", "\u00e9t\u00e9/\U0001F600.png", "//lead/./..", "x" };
            var buckets = new[] { "examplebucket", "my.dotted.bucket", "another-bucket" };
            var i = 0;
            // Crosses a second, a day (2024-02-29 -> 03-01) and changes of every cached input, and back.
            foreach (var seconds in new[] { 0, 0, 1, 2, 2, 3, 0 })
            {
                foreach (var key in keys)
                {
                    i++;
                    yield return new ObjectLink
                    {
                        Method = i % 7 == 0 ? "HEAD" : i % 11 == 0 ? "PUT" : "GET",
                        BucketName = buckets[i % buckets.Length],
                        Key = key,
                        VersionId = i % 3 == 0 ? "v+1/2=" + (i % 2) : i % 5 == 0 ? string.Empty : null,
                        ExpiresSeconds = i % 4 == 0 ? 60 : 3600,
                        SigningTime = T0.AddSeconds(seconds),
                        Query = i % 4 == 1 ? overrides : i % 4 == 2 ? otherOverrides : null,
                        Headers = i % 5 == 1 ? headers : i % 5 == 2 ? manyHeaders : null,
                    };
                }
            }
        }

        private static ObjectLink Copy(ObjectLink l) => new ObjectLink
        {
            Method = l.Method,
            BucketName = l.BucketName,
            Key = l.Key,
            VersionId = l.VersionId,
            ExpiresSeconds = l.ExpiresSeconds,
            SigningTime = l.SigningTime,
            Query = l.Query?.ToList(),
            Headers = l.Headers?.ToList(),
        };

        [Theory]
        [InlineData(null, false, null)]
        [InlineData("IQoJb3JpZ2luX2VjEMv//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6a+b/c=d/EXAMPLETOKEN+abc/def==", false, null)]
        [InlineData(null, true, "https://storage.example.com/s3/")]
        [InlineData("token", true, "http://127.0.0.1:9000")]
        public void AReusedPresignerMatchesFreshOnes(string? sessionToken, bool pathStyle, string? endpoint)
        {
            var reused = TestSupport.Presigner("eu-central-1", endpoint, pathStyle, sessionToken: sessionToken);
            var count = 0;
            foreach (var link in VariedLinks())
            {
                var fresh = TestSupport.Presigner("eu-central-1", endpoint, pathStyle, sessionToken: sessionToken).Presign(Copy(link));
                var again = reused.Presign(link);
                Assert.Equal(fresh.Url, again.Url);
                Assert.Equal(fresh.Headers.OrderBy(h => h.Key), again.Headers.OrderBy(h => h.Key));
                count++;
            }
            Assert.True(count > 30);
        }

        [Fact]
        public void AListChangedBetweenLinksIsReadAgain()
        {
            var presigner = TestSupport.Presigner();
            var query = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("response-content-type", "text/plain") };
            var headers = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("content-type", "text/plain") };
            ObjectLink Link() => new ObjectLink { BucketName = "examplebucket", Key = "k", ExpiresSeconds = 60, SigningTime = T0, Query = query, Headers = headers };

            var first = presigner.Presign(Link());
            query[0] = new KeyValuePair<string, string>("response-content-type", "text/html");
            headers[0] = new KeyValuePair<string, string>("content-type", "text/html");
            var second = presigner.Presign(Link());
            var expected = TestSupport.Presigner().Presign(Link());

            Assert.NotEqual(first.Url, second.Url);
            Assert.Equal(expected.Url, second.Url);
            Assert.Contains("response-content-type=text%2Fhtml", second.Url);
            Assert.Equal("text/plain", first.Headers["Content-Type"]);
            Assert.Equal("text/html", second.Headers["content-type"]);
        }

        [Fact]
        public void ResultHeadersAreReadOnlyAndSharedWhenEmpty()
        {
            var presigner = TestSupport.Presigner();
            var a = presigner.Presign(new ObjectLink { BucketName = "examplebucket", Key = "a", ExpiresSeconds = 60, SigningTime = T0 });
            var b = presigner.Presign(new ObjectLink { BucketName = "examplebucket", Key = "b", ExpiresSeconds = 60, SigningTime = T0 });
            Assert.Empty(a.Headers);
            Assert.Same(a.Headers, b.Headers);
            Assert.True(a.Headers.IsReadOnly);
            Assert.Throws<NotSupportedException>(() => a.Headers["Content-Type"] = "x");
        }

        [Fact]
        public void TheGeneralRequestFormGivesTheSameUrlAsTheObjectForm()
        {
            var signer = new SigV4QueryPresigner(TestSupport.DocsAccessKey, TestSupport.DocsSecretKey, "tok/en+==");
            var resolver = new S3EndpointResolver(new S3EndpointOptions { Region = "us-west-2" });
            var query = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("versionId", "v 1"),
                new KeyValuePair<string, string>("response-expires", "Thu, 01 Dec 1994 16:00:00 GMT"),
            };
            var viaRequest = signer.Presign(new PresignRequest
            {
                Address = resolver.Resolve("examplebucket", "a b/\u00e9"),
                Region = "us-west-2",
                SigningTimeUtc = T0.UtcDateTime,
                ExpiresSeconds = 900,
                Query = query,
            });
            var address = resolver.ResolveBucket("examplebucket");
            var direct = new SigV4QueryPresigner(TestSupport.DocsAccessKey, TestSupport.DocsSecretKey, "tok/en+==").Presign(
                "GET", address.Scheme, address.Host, address.PathPrefix, "a b/\u00e9", "us-west-2", "s3", T0.UtcDateTime, 900,
                "v 1", query.Skip(1).ToList(), null);
            Assert.Equal(viaRequest, direct);
            Assert.StartsWith("https://examplebucket.s3.us-west-2.amazonaws.com/a%20b/%C3%A9?versionId=v%201&response-expires=", direct);
        }

        [Fact]
        public void ManyBucketsStillResolveEachToItsOwnAddress()
        {
            var resolver = new S3EndpointResolver(new S3EndpointOptions { Region = "eu-west-1" });
            for (var round = 0; round < 2; round++)
            {
                for (var i = 0; i < 2100; i++)
                {
                    var bucket = "bucket-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + (i % 2 == 0 ? ".dotted" : string.Empty);
                    var a = resolver.ResolveBucket(bucket);
                    if (i % 2 == 0)
                    {
                        Assert.Equal("s3.eu-west-1.amazonaws.com", a.Host);
                        Assert.Equal("/" + bucket, a.PathPrefix);
                    }
                    else
                    {
                        Assert.Equal(bucket + ".s3.eu-west-1.amazonaws.com", a.Host);
                        Assert.Equal(string.Empty, a.PathPrefix);
                    }
                }
            }
        }

        [Fact]
        public void EncodingReturnsTheSameStringWhenNothingNeedsEncoding()
        {
            var plain = "Abc-_.~123";
            Assert.Same(plain, AwsUriEncoding.Encode(plain, keepSlash: false));
            Assert.Equal("a%2Fb", AwsUriEncoding.Encode("a/b", keepSlash: false));
            Assert.Equal("a/b", AwsUriEncoding.Encode("a/b", keepSlash: true));
            Assert.Equal("%F0%9F%98%80%EF%BF%BD", AwsUriEncoding.Encode("\U0001F600\uD800", keepSlash: false));
        }
    }
}
