using System;

namespace PresignTools
{
    /// <summary>The verdict of Test-S3PresignedUrl -Detailed on one link.</summary>
    public sealed class PresignedUrlTestResult
    {
        internal PresignedUrlTestResult()
        {
        }

        /// <summary>The URL, exactly as given.</summary>
        public string Url { get; internal set; } = string.Empty;

        /// <summary>
        /// Offline: the URL is a well-formed presigned URL and has not expired. Online: S3 (or the server
        /// the URL names) accepted the request (a 2xx status).
        /// </summary>
        public bool IsValid { get; internal set; }

        /// <summary>True when the link's expiry has passed by this machine's clock, or the server said it had expired (or its session token had).</summary>
        public bool IsExpired { get; internal set; }

        /// <summary>True when the server was asked (-Online).</summary>
        public bool Online { get; internal set; }

        /// <summary>The method sent (GET with Range: bytes=0-0, or HEAD) when online; null offline.</summary>
        public string? Method { get; internal set; }

        /// <summary>The HTTP status the server answered with; null offline.</summary>
        public int? StatusCode { get; internal set; }

        /// <summary>
        /// Online: the S3 error code (&lt;Code&gt; of the XML error body, e.g. AccessDenied, SignatureDoesNotMatch,
        /// NoSuchKey, ExpiredToken). Offline: InvalidUrl, NotPresigned, MalformedPresignedUrl, Expired or NotYetValid.
        /// Null when valid.
        /// </summary>
        public string? ErrorCode { get; internal set; }

        /// <summary>The server's error message (&lt;Message&gt;), or why the link is not valid offline; null when valid.</summary>
        public string? ErrorMessage { get; internal set; }

        /// <summary>When the link expires according to the URL, UTC; null when the URL could not be read.</summary>
        public DateTimeOffset? ExpiresAt { get; internal set; }

        /// <summary>When the check was made, UTC.</summary>
        public DateTimeOffset CheckedAt { get; internal set; }
    }
}
