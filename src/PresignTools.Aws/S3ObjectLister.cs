using System;
using System.Collections.Generic;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace PresignTools.Aws
{
    /// <summary>One listed object, in plain types.</summary>
    public sealed class ListedObject
    {
        public ListedObject(string bucketName, string key, long size, DateTime? lastModified, string? eTag)
        {
            BucketName = bucketName;
            Key = key;
            Size = size;
            LastModified = lastModified;
            ETag = eTag;
        }

        public string BucketName { get; }

        public string Key { get; }

        public long Size { get; }

        public DateTime? LastModified { get; }

        public string? ETag { get; }
    }

    /// <summary>Connection settings for the S3 client, in plain types.</summary>
    public sealed class S3Connection
    {
        public string AccessKeyId { get; set; } = string.Empty;

        public string SecretAccessKey { get; set; } = string.Empty;

        public string? SessionToken { get; set; }

        public string Region { get; set; } = "us-east-1";

        /// <summary>A custom endpoint, or null for AWS's regional endpoint.</summary>
        public string? ServiceUrl { get; set; }

        public bool ForcePathStyle { get; set; }

        public bool UseDualstack { get; set; }

        public bool UseAccelerate { get; set; }

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    }

    /// <summary>A listing failure in plain terms: S3's error code and message.</summary>
    public sealed class S3ListingException : Exception
    {
        public S3ListingException(string code, string message, int statusCode) : base(message)
        {
            Code = code;
            StatusCode = statusCode;
        }

        public string Code { get; }

        public int StatusCode { get; }
    }

    /// <summary>Lists objects under a prefix with ListObjectsV2, page by page (AWSSDK stays behind this API).</summary>
    public static class S3ObjectLister
    {
        /// <summary>Yields every object under <paramref name="prefix"/>; with <paramref name="recurse"/> false, only the immediate level ('/' delimiter).</summary>
        public static IEnumerable<ListedObject> List(S3Connection connection, string bucket, string prefix, bool recurse, Action<int>? onPage = null)
        {
            var config = new AmazonS3Config
            {
                ForcePathStyle = connection.ForcePathStyle,
                UseDualstackEndpoint = connection.UseDualstack,
                UseAccelerateEndpoint = connection.UseAccelerate,
                Timeout = connection.Timeout,
                MaxErrorRetry = 1,
            };
            if (!string.IsNullOrEmpty(connection.ServiceUrl))
            {
                config.ServiceURL = connection.ServiceUrl;
                config.AuthenticationRegion = connection.Region;
            }
            else
            {
                config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(connection.Region);
            }

            AWSCredentials credentials = string.IsNullOrEmpty(connection.SessionToken)
                ? new BasicAWSCredentials(connection.AccessKeyId, connection.SecretAccessKey)
                : new SessionAWSCredentials(connection.AccessKeyId, connection.SecretAccessKey, connection.SessionToken);

            using (var client = new AmazonS3Client(credentials, config))
            {
                var request = new ListObjectsV2Request
                {
                    BucketName = bucket,
                    Prefix = string.IsNullOrEmpty(prefix) ? null : prefix,
                    Delimiter = recurse ? null : "/",
                };
                var pages = 0;
                while (true)
                {
                    ListObjectsV2Response response;
                    try
                    {
                        response = client.ListObjectsV2Async(request).GetAwaiter().GetResult();
                    }
                    catch (AmazonS3Exception e)
                    {
                        throw new S3ListingException(e.ErrorCode ?? e.StatusCode.ToString(), e.Message, (int)e.StatusCode);
                    }
                    catch (AmazonServiceException e)
                    {
                        throw new S3ListingException(e.ErrorCode ?? "RequestFailed", e.Message, (int)e.StatusCode);
                    }
                    catch (AmazonClientException e)
                    {
                        throw new S3ListingException("ClientError", e.Message, 0);
                    }

                    pages++;
                    onPage?.Invoke(pages);
                    if (response.S3Objects != null)
                    {
                        foreach (var o in response.S3Objects)
                        {
                            yield return new ListedObject(bucket, o.Key, o.Size ?? 0, o.LastModified, o.ETag);
                        }
                    }

                    if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
                    {
                        yield break;
                    }
                    request.ContinuationToken = response.NextContinuationToken;
                }
            }
        }
    }
}
