using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PresignTools.Core.Endpoints;

namespace PresignTools.Core.Signing
{
    /// <summary>One request to presign: where it goes and what it signs. Names are raw (not encoded).</summary>
    internal sealed class PresignRequest
    {
        public string Method { get; set; } = "GET";

        /// <summary>The request's address: scheme, host (with a non-default port) and encoded path.</summary>
        public S3Address Address { get; set; } = null!;

        public string Region { get; set; } = "us-east-1";

        public string Service { get; set; } = "s3";

        public DateTime SigningTimeUtc { get; set; }

        public int ExpiresSeconds { get; set; }

        /// <summary>Operation query parameters (versionId, response-*), raw values.</summary>
        public List<KeyValuePair<string, string>>? Query { get; set; }

        /// <summary>Headers the client must send, signed. Names in lower case; host is added by the signer.</summary>
        public List<KeyValuePair<string, string>>? Headers { get; set; }
    }

    /// <summary>
    /// AWS Signature Version 4 in the query string (the presigned-URL form of SigV4), for one credential.
    /// The canonical request follows "Authenticating Requests: Using Query Parameters (AWS Signature
    /// Version 4)" in the S3 API reference: payload UNSIGNED-PAYLOAD, host always signed.
    /// Instances cache the derived signing key per (date, region, service) and reuse their hash objects,
    /// so an instance is not thread-safe: use one per pipeline (or per thread).
    /// </summary>
    internal sealed class SigV4QueryPresigner
    {
        public const string Algorithm = "AWS4-HMAC-SHA256";
        private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

        private readonly string _accessKeyId;
        private readonly string? _sessionToken;
        private readonly byte[] _secretSeed;
        private readonly SHA256 _sha256 = SHA256.Create();
        private readonly StringBuilder _canonical = new StringBuilder(512);
        private readonly StringBuilder _query = new StringBuilder(512);
        private readonly List<KeyValuePair<string, string>> _queryParts = new List<KeyValuePair<string, string>>(12);
        private readonly List<KeyValuePair<string, string>> _sorted = new List<KeyValuePair<string, string>>(12);

        private string? _keyScope;
        private HMACSHA256? _signingHmac;

        public SigV4QueryPresigner(string accessKeyId, string secretAccessKey, string? sessionToken)
        {
            if (string.IsNullOrEmpty(accessKeyId)) throw new ArgumentException("An access key id is required.", nameof(accessKeyId));
            if (string.IsNullOrEmpty(secretAccessKey)) throw new ArgumentException("A secret access key is required.", nameof(secretAccessKey));
            _accessKeyId = accessKeyId;
            _sessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
            _secretSeed = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        }

        public string AccessKeyId => _accessKeyId;

        public bool HasSessionToken => _sessionToken != null;

        /// <summary>Returns the presigned URL.</summary>
        public string Presign(PresignRequest request)
        {
            var time = request.SigningTimeUtc;
            var amzDate = time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var date = amzDate.Substring(0, 8);
            var scope = date + "/" + request.Region + "/" + request.Service + "/aws4_request";

            // Signed headers: host plus whatever the caller must send, sorted by (lower-case) name.
            var headers = new List<KeyValuePair<string, string>>((request.Headers?.Count ?? 0) + 1)
            {
                new KeyValuePair<string, string>("host", request.Address.Host),
            };
            if (request.Headers != null)
            {
                foreach (var h in request.Headers)
                {
                    headers.Add(new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value));
                }
            }
            headers.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            var signedHeaders = new StringBuilder();
            foreach (var h in headers)
            {
                if (signedHeaders.Length > 0) signedHeaders.Append(';');
                signedHeaders.Append(h.Key);
            }

            // Query. The canonical form sorts every parameter by encoded name (then value); the URL itself
            // keeps botocore's layout: operation parameters in the order given, then the authentication
            // parameters, then the signature, so that URLs are byte-identical to boto3's.
            var parts = _queryParts;
            parts.Clear();
            if (request.Query != null)
            {
                foreach (var q in request.Query)
                {
                    parts.Add(new KeyValuePair<string, string>(AwsUriEncoding.Encode(q.Key, false), AwsUriEncoding.Encode(q.Value ?? string.Empty, false)));
                }
            }
            parts.Add(new KeyValuePair<string, string>("X-Amz-Algorithm", Algorithm));
            parts.Add(new KeyValuePair<string, string>("X-Amz-Credential", AwsUriEncoding.Encode(_accessKeyId + "/" + scope, false)));
            parts.Add(new KeyValuePair<string, string>("X-Amz-Date", amzDate));
            parts.Add(new KeyValuePair<string, string>("X-Amz-Expires", request.ExpiresSeconds.ToString(CultureInfo.InvariantCulture)));
            parts.Add(new KeyValuePair<string, string>("X-Amz-SignedHeaders", AwsUriEncoding.Encode(signedHeaders.ToString(), false)));
            if (_sessionToken != null)
            {
                parts.Add(new KeyValuePair<string, string>("X-Amz-Security-Token", AwsUriEncoding.Encode(_sessionToken, false)));
            }

            var query = _query;
            query.Clear();
            for (var i = 0; i < parts.Count; i++)
            {
                if (i > 0) query.Append('&');
                query.Append(parts[i].Key).Append('=').Append(parts[i].Value);
            }
            var urlQuery = query.ToString();

            _sorted.Clear();
            _sorted.AddRange(parts);
            _sorted.Sort(CompareQueryParts);
            query.Clear();
            for (var i = 0; i < _sorted.Count; i++)
            {
                if (i > 0) query.Append('&');
                query.Append(_sorted[i].Key).Append('=').Append(_sorted[i].Value);
            }

            var canonical = _canonical;
            canonical.Clear();
            canonical.Append(request.Method).Append('\n');
            canonical.Append(request.Address.Path).Append('\n');
            canonical.Append(query).Append('\n');
            foreach (var h in headers)
            {
                canonical.Append(h.Key).Append(':');
                AppendTrimmedHeaderValue(canonical, h.Value);
                canonical.Append('\n');
            }
            canonical.Append('\n');
            canonical.Append(signedHeaders).Append('\n');
            canonical.Append(UnsignedPayload);

            var canonicalHash = AwsUriEncoding.ToHexLower(_sha256.ComputeHash(Encoding.UTF8.GetBytes(canonical.ToString())));
            var stringToSign = Algorithm + "\n" + amzDate + "\n" + scope + "\n" + canonicalHash;

            var hmac = GetSigningHmac(date, request.Region, request.Service);
            var signature = AwsUriEncoding.ToHexLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));

            var url = new StringBuilder(request.Address.Scheme.Length + request.Address.Host.Length + request.Address.Path.Length + urlQuery.Length + 100);
            url.Append(request.Address.Scheme).Append("://").Append(request.Address.Host).Append(request.Address.Path)
               .Append('?').Append(urlQuery).Append("&X-Amz-Signature=").Append(signature);
            return url.ToString();
        }

        private static int CompareQueryParts(KeyValuePair<string, string> a, KeyValuePair<string, string> b)
        {
            var byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        }

        // SigV4 canonical header values: leading/trailing white space removed, inner runs collapsed to one space.
        private static void AppendTrimmedHeaderValue(StringBuilder sb, string value)
        {
            var start = 0;
            var end = value.Length - 1;
            while (start <= end && IsHeaderSpace(value[start])) start++;
            while (end >= start && IsHeaderSpace(value[end])) end--;
            var lastWasSpace = false;
            for (var i = start; i <= end; i++)
            {
                var c = value[i];
                if (IsHeaderSpace(c))
                {
                    if (!lastWasSpace) sb.Append(' ');
                    lastWasSpace = true;
                }
                else
                {
                    sb.Append(c);
                    lastWasSpace = false;
                }
            }
        }

        private static bool IsHeaderSpace(char c) => c == ' ' || c == '\t';

        private HMACSHA256 GetSigningHmac(string date, string region, string service)
        {
            var scope = date + "/" + region + "/" + service;
            if (_signingHmac != null && string.Equals(_keyScope, scope, StringComparison.Ordinal))
            {
                return _signingHmac;
            }

            // kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
            byte[] key;
            using (var h = new HMACSHA256(_secretSeed)) key = h.ComputeHash(Encoding.UTF8.GetBytes(date));
            using (var h = new HMACSHA256(key)) key = h.ComputeHash(Encoding.UTF8.GetBytes(region));
            using (var h = new HMACSHA256(key)) key = h.ComputeHash(Encoding.UTF8.GetBytes(service));
            using (var h = new HMACSHA256(key)) key = h.ComputeHash(Encoding.UTF8.GetBytes("aws4_request"));
            _signingHmac?.Dispose();
            _signingHmac = new HMACSHA256(key);
            _keyScope = scope;
            return _signingHmac;
        }
    }
}
