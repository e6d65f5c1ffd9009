using System;
using System.Collections.Generic;
using System.Collections.Specialized;

namespace PresignTools
{
    /// <summary>
    /// A presigned browser-form (POST) upload: where to post, the form fields to send and the policy that
    /// S3 enforces, with the effective expiry and ready-to-run upload commands. The form fields go first, in
    /// the order of <see cref="Fields"/>; the file goes LAST, as a field named "file" (S3 ignores every
    /// field after it). Converts to [string] as the URL.
    /// </summary>
    public sealed class PresignedPost
    {
        internal PresignedPost(
            string url, string bucketName, string key, string region, OrderedDictionary fields, string[] conditions, string policy,
            DateTimeOffset signedAt, DateTimeOffset expiresAt, DateTimeOffset requestedExpiresAt, ExpiryLimit expiryLimitedBy,
            long? minSize, long? maxSize, string accessKeyId, string credentialSource, bool isTemporaryCredential,
            DateTimeOffset? credentialExpiresAt, string curlCommand, string powerShellCommand, string htmlForm)
        {
            Url = url;
            BucketName = bucketName;
            Key = key;
            Region = region;
            Fields = fields;
            Conditions = conditions;
            Policy = policy;
            SignedAt = signedAt;
            ExpiresAt = expiresAt;
            RequestedExpiresAt = requestedExpiresAt;
            ExpiryLimitedBy = expiryLimitedBy;
            MinSize = minSize;
            MaxSize = maxSize;
            AccessKeyId = accessKeyId;
            CredentialSource = credentialSource;
            IsTemporaryCredential = isTemporaryCredential;
            CredentialExpiresAt = credentialExpiresAt;
            CurlCommand = curlCommand;
            PowerShellCommand = powerShellCommand;
            HtmlForm = htmlForm;
        }

        /// <summary>The form's action: the bucket's endpoint (path-style for IP-address endpoints).</summary>
        public string Url { get; }

        /// <summary>Always "POST".</summary>
        public string Method => "POST";

        public string BucketName { get; }

        /// <summary>The form's key field: the exact key, or the key prefix followed by ${filename}.</summary>
        public string Key { get; }

        /// <summary>The region the policy is signed for.</summary>
        public string Region { get; }

        /// <summary>
        /// The form fields to send, in order, name → value (a fresh [ordered] dictionary per result). Send
        /// them all, then the file as a field named "file", which must be the last field. In PowerShell 7:
        /// <c>$post.Fields['file'] = Get-Item ./photo.png; Invoke-WebRequest $post.Url -Method Post -Form $post.Fields</c>.
        /// </summary>
        public OrderedDictionary Fields { get; }

        /// <summary>The policy's conditions, each as the JSON text that appears in <see cref="Policy"/>.</summary>
        public string[] Conditions { get; }

        /// <summary>The policy document (JSON); its base64 form is the "policy" field, which is what is signed.</summary>
        public string Policy { get; }

        /// <summary>The signing instant (x-amz-date), UTC.</summary>
        public DateTimeOffset SignedAt { get; }

        /// <summary>When the form really stops working: the earlier of the policy's expiration and the signing credentials' expiry.</summary>
        public DateTimeOffset ExpiresAt { get; }

        /// <summary>The policy's expiration: SignedAt + the requested lifetime.</summary>
        public DateTimeOffset RequestedExpiresAt { get; }

        /// <summary>Requested, or CredentialExpiry when the signing credentials expire first.</summary>
        public ExpiryLimit ExpiryLimitedBy { get; }

        /// <summary>The smallest upload the policy accepts, in bytes (content-length-range); empty when unlimited.</summary>
        public long? MinSize { get; }

        /// <summary>The largest upload the policy accepts, in bytes (content-length-range); empty when unlimited.</summary>
        public long? MaxSize { get; }

        /// <summary>The access key id that signed (not secret; it is in the x-amz-credential field).</summary>
        public string AccessKeyId { get; }

        /// <summary>Where the signing credentials came from, e.g. "profile:dev" or "environment". Never a secret.</summary>
        public string CredentialSource { get; }

        /// <summary>True when session credentials signed (the form carries a session token and dies with it).</summary>
        public bool IsTemporaryCredential { get; }

        /// <summary>When the signing credentials expire; empty for long-term keys or when it cannot be known.</summary>
        public DateTimeOffset? CredentialExpiresAt { get; }

        /// <summary>A curl command (bash/sh) that posts the form with the file ./file; replace the path.</summary>
        public string CurlCommand { get; }

        /// <summary>An Invoke-WebRequest -Form command (PowerShell 7) that posts the form with the file ./file.</summary>
        public string PowerShellCommand { get; }

        /// <summary>A minimal HTML form that uploads a file the user picks.</summary>
        public string HtmlForm { get; }

        /// <summary>Time until ExpiresAt, from now; zero once expired.</summary>
        public TimeSpan TimeLeft => Core.Expiry.ExpiryParser.TimeLeft(ExpiresAt);

        /// <summary>The URL (the form's action).</summary>
        public override string ToString() => Url;

        public static implicit operator string(PresignedPost value) => value?.Url!;

        internal static OrderedDictionary ToOrdered(IEnumerable<KeyValuePair<string, string>> fields)
        {
            var d = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var f in fields) d[f.Key] = f.Value;
            return d;
        }
    }
}
