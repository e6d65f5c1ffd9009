using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using PresignTools.Core.Credentials.Sources;

namespace PresignTools.Core.Endpoints
{
    /// <summary>The outcome of one bucket-region lookup.</summary>
    internal readonly struct BucketRegionAnswer
    {
        public BucketRegionAnswer(string? region, string? problem)
        {
            Region = region;
            Problem = problem;
        }

        /// <summary>The bucket's region, or null when it could not be found.</summary>
        public string? Region { get; }

        /// <summary>Why the lookup failed (for the warning), or null.</summary>
        public string? Problem { get; }
    }

    /// <summary>
    /// Finds which region a bucket lives in, so a link is signed for it (a URL signed for the wrong
    /// region fails with AuthorizationQueryParametersError or a redirect). S3 answers an anonymous
    /// HeadBucket with the x-amz-bucket-region header, also on 301 and 403. Answers are cached for the
    /// process; each bucket is looked up once.
    /// </summary>
    internal static class BucketRegionLocator
    {
        private static readonly ConcurrentDictionary<string, string> Known = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Where lookups go: the partition's S3 endpoint for <paramref name="partitionRegion"/>, or an override (tests use a loopback stand-in).</summary>
        public static Uri LookupEndpoint(string partitionRegion, string? overrideEndpoint)
        {
            if (!string.IsNullOrWhiteSpace(overrideEndpoint)) return new Uri(overrideEndpoint!.TrimEnd('/'));
            var suffix = S3EndpointResolver.PartitionDnsSuffix(partitionRegion);
            return suffix == "amazonaws.com" && !partitionRegion.StartsWith("us-gov-", StringComparison.Ordinal)
                ? new Uri("https://s3.amazonaws.com")
                : new Uri($"https://s3.{partitionRegion}.{suffix}");
        }

        public static BucketRegionAnswer Locate(string bucket, Uri endpoint, TimeSpan timeout)
        {
            var cacheKey = endpoint.GetLeftPart(UriPartial.Authority) + "/" + bucket;
            if (Known.TryGetValue(cacheKey, out var cached)) return new BucketRegionAnswer(cached, null);

            // Path style, so that dotted names need no wildcard certificate and no DNS per bucket.
            var uri = new Uri(endpoint.GetLeftPart(UriPartial.Authority) + "/" + Uri.EscapeDataString(bucket));
            try
            {
                var (status, region) = Head(uri, timeout);
                if (!string.IsNullOrWhiteSpace(region))
                {
                    Known[cacheKey] = region!;
                    return new BucketRegionAnswer(region, null);
                }
                return new BucketRegionAnswer(null, status == 404 ? "the bucket does not exist (HTTP 404)" : $"S3 answered HTTP {status} without a region");
            }
            catch (Exception e) when (e is TimeoutException || e is HttpRequestException)
            {
                return new BucketRegionAnswer(null, ContainerCredentialProvider.Describe(e));
            }
        }

        private static (int Status, string? Region) Head(Uri uri, TimeSpan timeout)
        {
            var result = CredentialHttp.SendWithHeaders(HttpMethod.Head, uri, null, timeout);
            var region = result.Headers.FirstOrDefault(h => string.Equals(h.Key, "x-amz-bucket-region", StringComparison.OrdinalIgnoreCase)).Value;
            return (result.Status, region);
        }

        /// <summary>Forgets every answer (tests).</summary>
        public static void Clear() => Known.Clear();
    }
}
