using System;
using System.Collections.Specialized;

namespace PresignTools
{
    /// <summary>How a presigned URL authenticates.</summary>
    public enum SignatureVersion
    {
        /// <summary>AWS Signature Version 4 in the query string (X-Amz-Algorithm=AWS4-HMAC-SHA256).</summary>
        SigV4 = 0,

        /// <summary>Multi-region Signature Version 4A (X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256).</summary>
        SigV4a = 1,

        /// <summary>The legacy Signature Version 2 query form (AWSAccessKeyId, Expires, Signature).</summary>
        SigV2 = 2,
    }

    /// <summary>Where the bucket is in a URL.</summary>
    public enum EndpointStyle
    {
        /// <summary>The bucket is the first path segment: https://s3.region.amazonaws.com/bucket/key.</summary>
        PathStyle = 0,

        /// <summary>The bucket is the leading part of the host name: https://bucket.s3.region.amazonaws.com/key.</summary>
        VirtualHosted = 1,

        /// <summary>S3 Transfer Acceleration: https://bucket.s3-accelerate[.dualstack].amazonaws.com/key.</summary>
        Accelerate = 2,

        /// <summary>An access point host: https://name-account.s3-accesspoint.region.amazonaws.com/key (BucketName is the host's access point label).</summary>
        AccessPoint = 3,
    }

    /// <summary>
    /// What a presigned S3 URL says about itself: which object, which region, who signed it and when it
    /// stops working. Read offline from the URL alone (ConvertFrom-S3PresignedUrl); nothing is verified
    /// against S3. The session token of temporary credentials is never copied into a property of its own
    /// (IsTemporaryCredential only says that there is one); the Url property is the input, unchanged.
    /// </summary>
    public sealed class PresignedUrlInfo
    {
        internal PresignedUrlInfo()
        {
        }

        /// <summary>The URL, exactly as given. It is a bearer credential: whoever holds it can use it until it expires.</summary>
        public string Url { get; internal set; } = string.Empty;

        /// <summary>The bucket, from the host (virtual-hosted, accelerate) or the first path segment (path style); null for a service-level URL.</summary>
        public string? BucketName { get; internal set; }

        /// <summary>The object key, percent-decoded byte for byte as UTF-8 ('+' stays '+'); null when the URL addresses a bucket, not an object.</summary>
        public string? Key { get; internal set; }

        /// <summary>The versionId query parameter, decoded; null when the link is for the current version.</summary>
        public string? VersionId { get; internal set; }

        /// <summary>The signing region (SigV4 credential scope; SigV4a region set); for SigV2, the region the host names, or null.</summary>
        public string? Region { get; internal set; }

        /// <summary>The signing service from the credential scope (s3 for S3; s3-object-lambda, ...), "s3" for SigV2.</summary>
        public string? Service { get; internal set; }

        public SignatureVersion SignatureVersion { get; internal set; }

        public EndpointStyle EndpointStyle { get; internal set; }

        /// <summary>True for a dual-stack (IPv6) AWS endpoint (s3.dualstack.region..., s3-accelerate.dualstack...).</summary>
        public bool IsDualstack { get; internal set; }

        /// <summary>True for a FIPS endpoint (s3-fips...).</summary>
        public bool IsFips { get; internal set; }

        /// <summary>True when the host is not an AWS S3 endpoint (an S3-compatible server, a proxy, an IP address).</summary>
        public bool IsCustomEndpoint { get; internal set; }

        /// <summary>The Host header the URL implies: host name (lower case) plus ":port" when the port is not the scheme's default.</summary>
        public string Host { get; internal set; } = string.Empty;

        /// <summary>http or https.</summary>
        public string Scheme { get; internal set; } = string.Empty;

        /// <summary>
        /// The HTTP method the link is for, when it can be known: from a PresignTools.PresignedUrl input, an
        /// x-id parameter (x-id=GetObject), multipart parameters, or upload-only signed headers (PUT).
        /// Null when unknown: a SigV4 or SigV2 query URL does not say whether it was signed for GET or HEAD.
        /// </summary>
        public string? Method { get; internal set; }

        /// <summary>The access key id that signed (not secret; it is in the URL).</summary>
        public string AccessKeyId { get; internal set; } = string.Empty;

        /// <summary>True when the URL carries a session token (X-Amz-Security-Token): temporary credentials signed it and it dies with them.</summary>
        public bool IsTemporaryCredential { get; internal set; }

        /// <summary>The signing instant (X-Amz-Date), UTC; null for SigV2 links, which do not record it.</summary>
        public DateTimeOffset? SignedAt { get; internal set; }

        /// <summary>
        /// When S3 stops accepting the link: SignedAt + X-Amz-Expires (SigV4), or the Expires epoch (SigV2), UTC.
        /// A link signed with temporary credentials stops working earlier if they expire first; the URL does not say when.
        /// </summary>
        public DateTimeOffset ExpiresAt { get; internal set; }

        /// <summary>The lifetime asked for at signing, in seconds (X-Amz-Expires); null for SigV2.</summary>
        public int? ExpiresSeconds { get; internal set; }

        /// <summary>The headers signed into the link (X-Amz-SignedHeaders), lower case: the client must send each of them (host is implicit). Empty for SigV2.</summary>
        public string[] SignedHeaders { get; internal set; } = new string[0];

        /// <summary>The response-* overrides (response-content-disposition, response-content-type, ...), decoded, in URL order.</summary>
        public OrderedDictionary ResponseOverrides { get; internal set; } = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);

        /// <summary>Other operation parameters (partNumber, uploadId, x-id, ...), decoded, in URL order; authentication parameters are not included.</summary>
        public OrderedDictionary OtherParameters { get; internal set; } = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);

        /// <summary>Time until ExpiresAt, from now, in whole seconds; zero once expired.</summary>
        public TimeSpan TimeLeft => Core.Expiry.ExpiryParser.TimeLeft(ExpiresAt);

        /// <summary>True once ExpiresAt has passed (by this machine's clock).</summary>
        public bool IsExpired => DateTimeOffset.UtcNow >= ExpiresAt;

        /// <summary>Why Method is what it is (for messages); null when it is unknown.</summary>
        internal string? MethodReason { get; set; }

        /// <summary>The request target (path and query) the URL sends, for exact online checks.</summary>
        internal string RequestTarget { get; set; } = "/";

        /// <summary>The URL.</summary>
        public override string ToString() => Url;
    }
}
