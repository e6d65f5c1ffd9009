using PresignTools.Core.Input;
using PresignTools.Core.Validation;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// s3://bucket/key as the AWS CLI splits it (awscli.customizations.s3.utils.split_s3_bucket_key): drop the
    /// "s3://" prefix, the bucket is everything before the first '/', the key everything after it, verbatim
    /// (no percent-decoding, no normalisation, no trimming).
    /// </summary>
    public class S3UriParserTests
    {
        [Theory]
        [InlineData("s3://bucket/key", "bucket", "key")]
        [InlineData("s3://my-bucket/path/to/file.txt", "my-bucket", "path/to/file.txt")]
        [InlineData("S3://bucket/key", "bucket", "key")]                         // scheme case-insensitive
        [InlineData("s3://bucket//double", "bucket", "/double")]                  // leading '/' of the key kept
        [InlineData("s3://bucket/a//b/", "bucket", "a//b/")]
        [InlineData("s3://bucket/./x/../y", "bucket", "./x/../y")]
        [InlineData("s3://bucket/a%20b", "bucket", "a%20b")]                      // not percent-decoded
        [InlineData("s3://bucket/a+b", "bucket", "a+b")]                          // '+' is not a space
        [InlineData("s3://bucket/a b ", "bucket", "a b ")]                        // spaces kept, also trailing
        [InlineData("s3://bucket/q?x=1#frag", "bucket", "q?x=1#frag")]            // '?' and '#' are key characters
        [InlineData("s3://bucket/caf\u00e9/\U0001F600", "bucket", "caf\u00e9/\U0001F600")]
        [InlineData("s3://bucket/cafe\u0301", "bucket", "cafe\u0301")]            // NFD stays NFD
        [InlineData("s3://my.dotted.bucket/k", "my.dotted.bucket", "k")]
        [InlineData("s3://Legacy_Bucket/k", "Legacy_Bucket", "k")]                // bucket rules are checked elsewhere
        [InlineData("s3://bucket/tab\tkey", "bucket", "tab\tkey")]
        [InlineData("s3://bucket/s3://bucket/key", "bucket", "s3://bucket/key")]
        public void SplitsAtTheFirstSlashAfterTheBucket(string uri, string bucket, string key)
        {
            Assert.True(S3UriParser.TryParse(uri, out var b, out var k, out var problem), problem);
            Assert.Null(problem);
            Assert.Equal(bucket, b);
            Assert.Equal(key, k);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("bucket/key")]
        [InlineData("https://bucket.s3.amazonaws.com/key")]
        [InlineData("s3:/bucket/key")]
        [InlineData("s3:bucket/key")]
        [InlineData(" s3://bucket/key")]
        [InlineData("s3a://bucket/key")]
        public void NonS3UrisAreRefused(string? uri)
        {
            Assert.False(S3UriParser.TryParse(uri, out _, out _, out var problem));
            Assert.False(string.IsNullOrEmpty(problem));
            Assert.Contains("s3://bucket/key", problem);
        }

        [Theory]
        [InlineData("s3://bucket", "bucket")]
        [InlineData("s3://bucket/", "bucket")]
        public void UrisWithoutAKeyAreRefused(string uri, string bucket)
        {
            Assert.False(S3UriParser.TryParse(uri, out var b, out var k, out var problem));
            Assert.Contains("no object key", problem);
            Assert.Equal(bucket, b);
            Assert.Equal(string.Empty, k);
        }

        [Theory]
        [InlineData("s3:///key")]
        [InlineData("s3:////key")]
        public void UrisWithoutABucketAreRefused(string uri)
        {
            Assert.False(S3UriParser.TryParse(uri, out _, out _, out var problem));
            Assert.Contains("no bucket", problem);
        }

        [Fact]
        public void ArnBucketsSplitAndAreThenRefusedAsArns()
        {
            // The AWS CLI accepts access point ARNs in s3:// URIs; PresignTools does not sign them, and says so.
            Assert.True(S3UriParser.TryParse("s3://arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap/key.txt", out var bucket, out var key, out _));
            Assert.Equal("arn:aws:s3:us-west-2:123456789012:accesspoint", bucket);
            Assert.Equal("my-ap/key.txt", key);
            Assert.Contains("ARN", S3Names.CheckBucketName(bucket));
        }
    }
}
