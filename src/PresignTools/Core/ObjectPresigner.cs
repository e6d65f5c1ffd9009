using System;
using System.Collections.Generic;
using PresignTools.Core.Credentials;
using PresignTools.Core.Endpoints;
using PresignTools.Core.Signing;
using PresignTools.Core.Validation;

namespace PresignTools.Core
{
    /// <summary>One object operation to presign.</summary>
    internal sealed class ObjectLink
    {
        public string Method { get; set; } = "GET";

        public string BucketName { get; set; } = string.Empty;

        public string Key { get; set; } = string.Empty;

        public string? VersionId { get; set; }

        /// <summary>The requested lifetime in seconds (1 .. 604800).</summary>
        public int ExpiresSeconds { get; set; }

        /// <summary>The signing instant, whole seconds, UTC.</summary>
        public DateTimeOffset SigningTime { get; set; }

        /// <summary>Extra query parameters (response-* overrides), raw.</summary>
        public List<KeyValuePair<string, string>>? Query { get; set; }

        /// <summary>Headers the client must send, signed (lower-case names).</summary>
        public List<KeyValuePair<string, string>>? Headers { get; set; }
    }

    /// <summary>
    /// Presigns object links for one credential, region and endpoint: validates names, builds the
    /// address, signs, and works out the effective expiry. Not thread-safe (one per pipeline).
    /// What repeats across a pipeline is worked out once: bucket checks and addresses per bucket, the
    /// signer's caches, and the result's read-only Headers dictionary per header list.
    /// </summary>
    internal sealed class ObjectPresigner
    {
        private const int MaxCheckedBuckets = 1024;

        private readonly ResolvedCredentials _credentials;
        private readonly SigV4QueryPresigner _signer;
        private readonly S3EndpointResolver _endpoints;
        private readonly DateTimeOffset? _credentialExpiresAt;
        private readonly HashSet<string> _checkedBuckets = new HashSet<string>(StringComparer.Ordinal);
        private string? _lastCheckedBucket;
        private KeyValuePair<string, string>[]? _resultHeadersSource;
        private IDictionary<string, string>? _resultHeaders;

        public ObjectPresigner(ResolvedCredentials credentials, S3EndpointOptions endpoint, bool allowLegacyBucketNames = false)
        {
            _credentials = credentials;
            _signer = new SigV4QueryPresigner(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
            _endpoints = new S3EndpointResolver(endpoint);
            _credentialExpiresAt = credentials.Expiration?.ToUniversalTime();
            EndpointOptions = endpoint;
            Region = endpoint.Region;
            AllowLegacyBucketNames = allowLegacyBucketNames;
        }

        public string Region { get; }

        public S3EndpointOptions EndpointOptions { get; }

        public bool AllowLegacyBucketNames { get; }

        public ResolvedCredentials Credentials => _credentials;

        /// <exception cref="PresignException">The bucket, key or request cannot be signed.</exception>
        public PresignedUrl Presign(ObjectLink link)
        {
            var bucket = link.BucketName;
            if (bucket == null || !string.Equals(bucket, _lastCheckedBucket, StringComparison.Ordinal))
            {
                CheckBucket(bucket);
            }
            var keyProblem = S3Names.CheckKey(link.Key);
            if (keyProblem != null)
            {
                throw PresignException.InvalidArgument(string.IsNullOrEmpty(link.Key) ? "EmptyKey" : "InvalidKey", $"Invalid -Key for bucket '{link.BucketName}': {keyProblem}.");
            }
            var textProblem = CheckSignedText(link);
            if (textProblem != null)
            {
                throw PresignException.InvalidArgument(textProblem.Value.Key, textProblem.Value.Value);
            }
            if (link.VersionId != null && link.VersionId.Length == 0)
            {
                link.VersionId = null;
            }

            S3BucketAddress address;
            try
            {
                address = _endpoints.ResolveBucket(bucket);
            }
            catch (ArgumentException e)
            {
                throw PresignException.InvalidArgument("EndpointNotAvailable", e.Message);
            }

            // versionId leads the operation parameters, as botocore writes it.
            var signedAt = link.SigningTime;
            var url = _signer.Presign(link.Method, address.Scheme, address.Host, address.PathPrefix, link.Key, Region, "s3",
                signedAt.UtcDateTime, link.ExpiresSeconds, link.VersionId, link.Query, link.Headers);

            var requestedExpiresAt = signedAt.AddSeconds(link.ExpiresSeconds);
            var expiresAt = requestedExpiresAt;
            var limitedBy = ExpiryLimit.Requested;
            var credentialExpiry = _credentials.Expiration;
            if (credentialExpiry.HasValue && credentialExpiry.Value < requestedExpiresAt)
            {
                expiresAt = _credentialExpiresAt!.Value;
                limitedBy = ExpiryLimit.CredentialExpiry;
            }

            return new PresignedUrl(
                url, link.Method, link.BucketName, link.Key, link.VersionId, Region,
                signedAt, expiresAt, requestedExpiresAt, limitedBy, ResultHeaders(link.Headers),
                _credentials.AccessKeyId, _credentials.Source, _credentials.IsTemporary, _credentialExpiresAt);
        }

        private void CheckBucket(string? bucket)
        {
            if (!_checkedBuckets.Contains(bucket ?? string.Empty))
            {
                var bucketProblem = S3Names.CheckBucketName(bucket, AllowLegacyBucketNames);
                if (bucketProblem != null)
                {
                    throw PresignException.InvalidArgument("InvalidBucketName", $"Invalid -BucketName '{Shorten(bucket ?? string.Empty)}': {bucketProblem}.");
                }
                if (_checkedBuckets.Count >= MaxCheckedBuckets) _checkedBuckets.Clear();
                _checkedBuckets.Add(bucket!);
            }
            _lastCheckedBucket = bucket;
        }

        /// <summary>The result's Headers: one shared read-only SignedHeaders per distinct header list.</summary>
        private IDictionary<string, string> ResultHeaders(List<KeyValuePair<string, string>>? headers)
        {
            if (headers == null || headers.Count == 0) return SignedHeaders.Empty;
            var source = _resultHeadersSource;
            if (source != null && _resultHeaders != null && source.Length == headers.Count)
            {
                var same = true;
                for (var i = 0; i < source.Length && same; i++)
                {
                    same = string.Equals(source[i].Key, headers[i].Key, StringComparison.Ordinal)
                        && string.Equals(source[i].Value, headers[i].Value, StringComparison.Ordinal);
                }
                if (same) return _resultHeaders;
            }

            var dictionary = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in headers) dictionary[CanonicalHeaderName(h.Key)] = h.Value;
            _resultHeadersSource = headers.ToArray();
            return _resultHeaders = SignedHeaders.From(dictionary);
        }

        // Values signed into the URL or the headers must be what the result reports: an unpaired UTF-16
        // surrogate has no UTF-8 form (it would be signed as U+FFFD), and a header value cannot hold
        // control characters such as CR LF.
        private static KeyValuePair<string, string>? CheckSignedText(ObjectLink link)
        {
            if (S3Names.HasLoneSurrogate(link.VersionId))
            {
                return new KeyValuePair<string, string>("InvalidVersionId", "Invalid -VersionId: it holds an unpaired UTF-16 surrogate, which has no UTF-8 form.");
            }
            if (link.Query != null)
            {
                foreach (var q in link.Query)
                {
                    if (S3Names.HasLoneSurrogate(q.Value))
                    {
                        return new KeyValuePair<string, string>("InvalidParameterValue", $"Invalid {q.Key} value: it holds an unpaired UTF-16 surrogate, which has no UTF-8 form.");
                    }
                }
            }
            if (link.Headers != null)
            {
                foreach (var h in link.Headers)
                {
                    foreach (var c in h.Value ?? string.Empty)
                    {
                        if ((c < 0x20 && c != '\t') || c == 0x7F || char.IsSurrogate(c) && S3Names.HasLoneSurrogate(h.Value))
                        {
                            var id = h.Key == "content-type" ? "InvalidContentType" : "InvalidHeaderValue";
                            return new KeyValuePair<string, string>(id, $"Invalid {CanonicalHeaderName(h.Key)} value: a header value cannot hold control characters such as line breaks.");
                        }
                    }
                }
            }
            return null;
        }


        private static string Shorten(string s) => s.Length <= 80 ? s : s.Substring(0, 77) + "...";

        /// <summary>"content-type" → "Content-Type", "x-amz-meta-a" → "x-amz-meta-a" (as curl and S3 documents write them).</summary>
        internal static string CanonicalHeaderName(string lower)
        {
            if (lower.StartsWith("x-amz-", StringComparison.Ordinal)) return lower;
            var chars = lower.ToCharArray();
            var up = true;
            for (var i = 0; i < chars.Length; i++)
            {
                if (up) chars[i] = char.ToUpperInvariant(chars[i]);
                up = chars[i] == '-';
            }
            return new string(chars);
        }
    }
}
