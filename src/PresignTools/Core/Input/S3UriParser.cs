using System;

namespace PresignTools.Core.Input
{
    /// <summary>Reads "s3://bucket/key" strings as the AWS CLI writes them: the key is everything after the first '/' after the bucket, verbatim.</summary>
    internal static class S3UriParser
    {
        /// <summary>Splits an s3:// URI; returns the reason on failure.</summary>
        public static bool TryParse(string? text, out string bucket, out string key, out string? problem)
        {
            bucket = key = string.Empty;
            problem = null;
            if (text == null || !text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                problem = "expected an S3 URI of the form s3://bucket/key";
                return false;
            }
            var rest = text.Substring(5);
            var slash = rest.IndexOf('/');
            if (slash < 0)
            {
                bucket = rest;
                problem = "the S3 URI names no object key (expected s3://bucket/key)";
                return false;
            }
            bucket = rest.Substring(0, slash);
            key = rest.Substring(slash + 1);
            if (bucket.Length == 0)
            {
                problem = "the S3 URI names no bucket (expected s3://bucket/key)";
                return false;
            }
            if (key.Length == 0)
            {
                problem = "the S3 URI names no object key (expected s3://bucket/key)";
                return false;
            }
            return true;
        }
    }
}
