using System;
using System.Collections.Generic;
using PresignTools.Aws;
using PresignTools.Core.Credentials;
using PresignTools.Core.Endpoints;

namespace PresignTools.Core.Listing
{
    /// <summary>One object found under a prefix.</summary>
    internal readonly struct ListedKey
    {
        public ListedKey(string key, long size)
        {
            Key = key;
            Size = size;
        }

        public string Key { get; }

        public long Size { get; }
    }

    /// <summary>
    /// Lists a prefix through the AWS SDK (ListObjectsV2). The SDK is behind PresignTools.Aws, which loads
    /// (into the private load context on PowerShell 7) only when this class is first used: presigning
    /// alone never loads it.
    /// </summary>
    internal static class ObjectListing
    {
        /// <exception cref="PresignException">S3 refused or could not be reached.</exception>
        public static IEnumerable<ListedKey> List(ResolvedCredentials credentials, S3EndpointOptions endpoint, string bucket, string prefix, bool recurse, Action<int>? onPage)
        {
            var connection = new S3Connection
            {
                AccessKeyId = credentials.AccessKeyId,
                SecretAccessKey = credentials.SecretAccessKey,
                SessionToken = credentials.SessionToken,
                Region = endpoint.Region,
                ServiceUrl = endpoint.EndpointUrl?.ToString(),
                ForcePathStyle = endpoint.ForcePathStyle || (endpoint.EndpointUrl != null && S3EndpointResolver.IsIpAddress(endpoint.EndpointUrl.Host)),
                UseDualstack = endpoint.UseDualstackEndpoint,
                UseAccelerate = endpoint.UseAccelerateEndpoint,
            };

            using (var e = S3ObjectLister.List(connection, bucket, prefix, recurse, onPage).GetEnumerator())
            {
                while (true)
                {
                    ListedObject current;
                    try
                    {
                        if (!e.MoveNext()) yield break;
                        current = e.Current;
                    }
                    catch (S3ListingException ex)
                    {
                        var kind = ex.StatusCode == 403 ? FailureKind.PermissionDenied
                            : ex.StatusCode == 404 ? FailureKind.NotFound
                            : ex.StatusCode == 0 ? FailureKind.ConnectionError
                            : FailureKind.InvalidOperation;
                        throw new PresignException("ListObjectsFailed", kind,
                            $"Listing s3://{bucket}/{prefix} failed: {ex.Code}: {FirstLine(ex.Message)}");
                    }
                    yield return new ListedKey(current.Key, current.Size);
                }
            }
        }

        private static string FirstLine(string s)
        {
            var i = s.IndexOfAny(new[] { '\r', '\n' });
            return i < 0 ? s : s.Substring(0, i);
        }
    }
}
