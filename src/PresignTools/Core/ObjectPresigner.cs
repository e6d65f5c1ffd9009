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
    /// </summary>
    internal sealed class ObjectPresigner
    {
        private readonly ResolvedCredentials _credentials;
        private readonly SigV4QueryPresigner _signer;
        private readonly S3EndpointResolver _endpoints;

        public ObjectPresigner(ResolvedCredentials credentials, S3EndpointOptions endpoint, bool allowLegacyBucketNames = false)
        {
            _credentials = credentials;
            _signer = new SigV4QueryPresigner(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
            _endpoints = new S3EndpointResolver(endpoint);
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
            var bucketProblem = S3Names.CheckBucketName(link.BucketName, AllowLegacyBucketNames);
            if (bucketProblem != null)
            {
                throw PresignException.InvalidArgument("InvalidBucketName", $"Invalid -BucketName '{Shorten(link.BucketName)}': {bucketProblem}.");
            }
            var keyProblem = S3Names.CheckKey(link.Key);
            if (keyProblem != null)
            {
                throw PresignException.InvalidArgument(string.IsNullOrEmpty(link.Key) ? "EmptyKey" : "InvalidKey", $"Invalid -Key for bucket '{link.BucketName}': {keyProblem}.");
            }
            if (link.VersionId != null && link.VersionId.Length == 0)
            {
                link.VersionId = null;
            }

            S3Address address;
            try
            {
                address = _endpoints.Resolve(link.BucketName, link.Key);
            }
            catch (ArgumentException e)
            {
                throw PresignException.InvalidArgument("EndpointNotAvailable", e.Message);
            }

            List<KeyValuePair<string, string>>? query = link.Query;
            if (link.VersionId != null)
            {
                // versionId leads the operation parameters, as botocore writes it.
                var withVersion = new List<KeyValuePair<string, string>>((query?.Count ?? 0) + 1)
                {
                    new KeyValuePair<string, string>("versionId", link.VersionId),
                };
                if (query != null) withVersion.AddRange(query);
                query = withVersion;
            }

            var signedAt = link.SigningTime;
            var url = _signer.Presign(new PresignRequest
            {
                Method = link.Method,
                Address = address,
                Region = Region,
                SigningTimeUtc = signedAt.UtcDateTime,
                ExpiresSeconds = link.ExpiresSeconds,
                Query = query,
                Headers = link.Headers,
            });

            var requestedExpiresAt = signedAt.AddSeconds(link.ExpiresSeconds);
            var expiresAt = requestedExpiresAt;
            var limitedBy = ExpiryLimit.Requested;
            var credentialExpiry = _credentials.Expiration;
            if (credentialExpiry.HasValue && credentialExpiry.Value < requestedExpiresAt)
            {
                expiresAt = credentialExpiry.Value.ToUniversalTime();
                limitedBy = ExpiryLimit.CredentialExpiry;
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (link.Headers != null)
            {
                foreach (var h in link.Headers) headers[CanonicalHeaderName(h.Key)] = h.Value;
            }

            return new PresignedUrl(
                url, link.Method, link.BucketName, link.Key, link.VersionId, Region,
                signedAt, expiresAt, requestedExpiresAt, limitedBy, headers,
                _credentials.AccessKeyId, _credentials.Source, _credentials.IsTemporary, credentialExpiry?.ToUniversalTime());
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
