using System;
using System.Collections.Generic;

namespace PresignTools
{
    /// <summary>What cut a link's life short, if anything.</summary>
    public enum ExpiryLimit
    {
        /// <summary>The link lives as long as was asked.</summary>
        Requested = 0,

        /// <summary>The temporary credentials that signed the link expire first; the link dies with them.</summary>
        CredentialExpiry = 1,
    }

    /// <summary>
    /// A presigned S3 URL and the truth about it: which object, which operation, what the client must send,
    /// and when it really stops working. Converts to [string] and [uri] as the URL itself.
    /// </summary>
    public sealed class PresignedUrl
    {
        internal PresignedUrl(
            string url, string method, string bucketName, string key, string? versionId, string region,
            DateTimeOffset signedAt, DateTimeOffset expiresAt, DateTimeOffset requestedExpiresAt, ExpiryLimit expiryLimitedBy,
            IDictionary<string, string> headers, string accessKeyId, string credentialSource, bool isTemporaryCredential,
            DateTimeOffset? credentialExpiresAt)
        {
            Url = url;
            Method = method;
            BucketName = bucketName;
            Key = key;
            VersionId = versionId;
            Region = region;
            SignedAt = signedAt;
            ExpiresAt = expiresAt;
            RequestedExpiresAt = requestedExpiresAt;
            ExpiryLimitedBy = expiryLimitedBy;
            Headers = SignedHeaders.From(headers);
            AccessKeyId = accessKeyId;
            CredentialSource = credentialSource;
            IsTemporaryCredential = isTemporaryCredential;
            CredentialExpiresAt = credentialExpiresAt;
        }

        /// <summary>The presigned URL. It is a bearer credential: whoever holds it can use it until it expires.</summary>
        public string Url { get; }

        /// <summary>The HTTP method the URL is signed for (GET, HEAD, PUT, DELETE).</summary>
        public string Method { get; }

        public string BucketName { get; }

        /// <summary>The object key, exactly as given (never trimmed or normalised).</summary>
        public string Key { get; }

        public string? VersionId { get; }

        /// <summary>The region the URL is signed for.</summary>
        public string Region { get; }

        /// <summary>The signing instant (X-Amz-Date), UTC.</summary>
        public DateTimeOffset SignedAt { get; }

        /// <summary>When the link really stops working: the earlier of the requested expiry and the signing credentials' expiry.</summary>
        public DateTimeOffset ExpiresAt { get; }

        /// <summary>SignedAt + the requested lifetime (X-Amz-Expires).</summary>
        public DateTimeOffset RequestedExpiresAt { get; }

        /// <summary>Requested, or CredentialExpiry when the signing credentials expire first.</summary>
        public ExpiryLimit ExpiryLimitedBy { get; }

        /// <summary>Headers the client must send with exactly these values (signed into the URL).</summary>
        public IDictionary<string, string> Headers { get; }

        /// <summary>The access key id that signed (not secret; appears in the URL).</summary>
        public string AccessKeyId { get; }

        /// <summary>Where the signing credentials came from, e.g. "profile:dev" or "environment". Never a secret.</summary>
        public string CredentialSource { get; }

        /// <summary>True when session credentials signed (the URL carries a session token and dies with it).</summary>
        public bool IsTemporaryCredential { get; }

        /// <summary>When the signing credentials expire; empty for long-term keys or when it cannot be known.</summary>
        public DateTimeOffset? CredentialExpiresAt { get; }

        /// <summary>New-S3UploadUrl: the local file the upload link was made for; empty otherwise.</summary>
        public string? FilePath { get; internal set; }

        /// <summary>New-S3UploadUrl: a curl command (bash/sh) that uploads with exactly the signed headers; empty otherwise.</summary>
        public string? CurlCommand { get; internal set; }

        /// <summary>New-S3UploadUrl: an Invoke-WebRequest command that uploads with exactly the signed headers; empty otherwise.</summary>
        public string? PowerShellCommand { get; internal set; }

        /// <summary>Time until ExpiresAt, from now; zero once expired.</summary>
        public TimeSpan TimeLeft => Core.Expiry.ExpiryParser.TimeLeft(ExpiresAt);

        /// <summary>The URL.</summary>
        public override string ToString() => Url;

        public static implicit operator string(PresignedUrl value) => value?.Url!;

        public static implicit operator Uri(PresignedUrl value) => value == null ? null! : new Uri(value.Url);
    }
}
