using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PresignTools.Core.Signing;

namespace PresignTools.Core.Upload
{
    /// <summary>One browser-form (POST) upload to sign. Names are raw; values already checked.</summary>
    internal sealed class PostPolicyRequest
    {
        public string BucketName { get; set; } = string.Empty;

        /// <summary>An exact key, or null when <see cref="KeyPrefix"/> is used.</summary>
        public string? Key { get; set; }

        /// <summary>Uploads may use any key starting with this ("" = any key); the form's key field is prefix + ${filename}.</summary>
        public string? KeyPrefix { get; set; }

        /// <summary>An exact Content-Type the upload must have.</summary>
        public string? ContentType { get; set; }

        /// <summary>The upload's Content-Type must start with this ("" = any type).</summary>
        public string? ContentTypePrefix { get; set; }

        public long? MinSize { get; set; }

        public long? MaxSize { get; set; }

        public int? SuccessActionStatus { get; set; }

        public string? SuccessActionRedirect { get; set; }

        /// <summary>SSE, KMS key, metadata, storage class, ACL and tags (content type and length are ignored here).</summary>
        public UploadConstraints Constraints { get; set; } = new UploadConstraints();

        public string Region { get; set; } = "us-east-1";

        /// <summary>The signing instant (x-amz-date), whole seconds, UTC.</summary>
        public DateTimeOffset SigningTime { get; set; }

        /// <summary>The policy's lifetime in seconds from the signing time.</summary>
        public int ExpiresSeconds { get; set; }

        public string AccessKeyId { get; set; } = string.Empty;

        public string SecretAccessKey { get; set; } = string.Empty;

        public string? SessionToken { get; set; }
    }

    /// <summary>A signed POST policy: the form fields in order, the policy and its conditions.</summary>
    internal sealed class SignedPostPolicy
    {
        public SignedPostPolicy(List<KeyValuePair<string, string>> fields, List<string> conditions, string policy, string policyBase64, string signature, DateTimeOffset expiration)
        {
            Fields = fields;
            Conditions = conditions;
            Policy = policy;
            PolicyBase64 = policyBase64;
            Signature = signature;
            Expiration = expiration;
        }

        /// <summary>Every form field to send before the file, in order (the policy and signature last).</summary>
        public List<KeyValuePair<string, string>> Fields { get; }

        /// <summary>The policy's conditions, each as the JSON text that appears in the policy.</summary>
        public List<string> Conditions { get; }

        /// <summary>The policy document (JSON, UTF-8 when encoded).</summary>
        public string Policy { get; }

        public string PolicyBase64 { get; }

        public string Signature { get; }

        public DateTimeOffset Expiration { get; }
    }

    /// <summary>
    /// Builds and signs S3 POST policies for browser-based uploads with Signature Version 4, as described in
    /// "Browser-Based Uploads Using POST (AWS Signature Version 4)" and "Creating a POST Policy" in the S3 API
    /// reference: the string to sign is base64(UTF-8 policy) and the signature is
    /// hex(HMAC-SHA256(signing key, string to sign)) with the usual date/region/s3/aws4_request key.
    /// Every field the form sends (except policy, x-amz-signature and file) has a condition.
    /// </summary>
    internal static class PostPolicy
    {
        public const string Algorithm = "AWS4-HMAC-SHA256";
        public const string FileNamePlaceholder = "${filename}";

        public static SignedPostPolicy Build(PostPolicyRequest r)
        {
            var fields = new List<KeyValuePair<string, string>>();
            var conditions = new List<string>();
            void Field(string name, string value) => fields.Add(new KeyValuePair<string, string>(name, value));
            void Exact(string name, string value) => conditions.Add("{" + Json(name) + ": " + Json(value) + "}");
            void StartsWith(string name, string prefix) => conditions.Add("[\"starts-with\", " + Json("$" + name) + ", " + Json(prefix) + "]");

            var signingTime = r.SigningTime.ToUniversalTime();
            var amzDate = signingTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var date = amzDate.Substring(0, 8);
            var credential = r.AccessKeyId + "/" + date + "/" + r.Region + "/s3/aws4_request";
            var expiration = signingTime.AddSeconds(r.ExpiresSeconds);
            var c = r.Constraints;

            Exact("bucket", r.BucketName);

            if (r.Key != null)
            {
                Field("key", r.Key);
                Exact("key", r.Key);
            }
            else
            {
                var prefix = r.KeyPrefix ?? string.Empty;
                Field("key", prefix + FileNamePlaceholder);
                StartsWith("key", prefix);
            }

            if (c.CannedAcl != null)
            {
                Field("acl", c.CannedAcl);
                Exact("acl", c.CannedAcl);
            }

            if (r.ContentType != null)
            {
                Field("Content-Type", r.ContentType);
                Exact("Content-Type", r.ContentType);
            }
            else if (r.ContentTypePrefix != null)
            {
                // The uploader replaces this with the file's real type, which must start with the prefix.
                Field("Content-Type", r.ContentTypePrefix.Length > 0 ? r.ContentTypePrefix : "application/octet-stream");
                StartsWith("Content-Type", r.ContentTypePrefix);
            }

            if (r.MinSize.HasValue || r.MaxSize.HasValue)
            {
                var min = r.MinSize ?? 0;
                var max = r.MaxSize ?? SizeParser.MaxSingleUploadBytes;
                conditions.Add("[\"content-length-range\", " + min.ToString(CultureInfo.InvariantCulture) + ", " + max.ToString(CultureInfo.InvariantCulture) + "]");
            }

            if (r.SuccessActionStatus.HasValue)
            {
                var status = r.SuccessActionStatus.Value.ToString(CultureInfo.InvariantCulture);
                Field("success_action_status", status);
                Exact("success_action_status", status);
            }
            if (r.SuccessActionRedirect != null)
            {
                Field("success_action_redirect", r.SuccessActionRedirect);
                Exact("success_action_redirect", r.SuccessActionRedirect);
            }

            foreach (var m in c.Metadata)
            {
                Field("x-amz-meta-" + m.Key, m.Value);
                Exact("x-amz-meta-" + m.Key, m.Value);
            }
            if (c.ServerSideEncryption != null)
            {
                Field("x-amz-server-side-encryption", c.ServerSideEncryption);
                Exact("x-amz-server-side-encryption", c.ServerSideEncryption);
            }
            if (c.KmsKeyId != null)
            {
                Field("x-amz-server-side-encryption-aws-kms-key-id", c.KmsKeyId);
                Exact("x-amz-server-side-encryption-aws-kms-key-id", c.KmsKeyId);
            }
            if (c.StorageClass != null)
            {
                Field("x-amz-storage-class", c.StorageClass);
                Exact("x-amz-storage-class", c.StorageClass);
            }
            if (c.Tags.Count > 0)
            {
                var xml = UploadConstraints.TaggingXml(c.Tags);
                Field("tagging", xml);
                Exact("tagging", xml);
            }

            Field("x-amz-algorithm", Algorithm);
            Exact("x-amz-algorithm", Algorithm);
            Field("x-amz-credential", credential);
            Exact("x-amz-credential", credential);
            Field("x-amz-date", amzDate);
            Exact("x-amz-date", amzDate);
            if (!string.IsNullOrEmpty(r.SessionToken))
            {
                Field("x-amz-security-token", r.SessionToken!);
                Exact("x-amz-security-token", r.SessionToken!);
            }

            var policy = new StringBuilder();
            policy.Append("{\n  \"expiration\": ").Append(Json(FormatExpiration(expiration))).Append(",\n  \"conditions\": [\n");
            for (var i = 0; i < conditions.Count; i++)
            {
                policy.Append("    ").Append(conditions[i]).Append(i + 1 < conditions.Count ? ",\n" : "\n");
            }
            policy.Append("  ]\n}");
            var policyText = policy.ToString();
            var policyBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(policyText));
            var signature = Sign(policyBase64, r.SecretAccessKey, date, r.Region);

            Field("policy", policyBase64);
            Field("x-amz-signature", signature);
            return new SignedPostPolicy(fields, conditions, policyText, policyBase64, signature, expiration);
        }

        /// <summary>The policy's expiration: UTC, ISO 8601 with milliseconds, e.g. 2015-12-30T12:00:00.000Z.</summary>
        public static string FormatExpiration(DateTimeOffset instant) =>
            instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        /// <summary>hex(HMAC-SHA256(kSigning, base64 policy)), kSigning derived for (date, region, "s3").</summary>
        public static string Sign(string policyBase64, string secretAccessKey, string date, string region)
        {
            byte[] key;
            using (var h = new HMACSHA256(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey))) key = h.ComputeHash(Encoding.UTF8.GetBytes(date));
            using (var h = new HMACSHA256(key)) key = h.ComputeHash(Encoding.UTF8.GetBytes(region));
            using (var h = new HMACSHA256(key)) key = h.ComputeHash(Encoding.UTF8.GetBytes("s3"));
            using (var h = new HMACSHA256(key)) key = h.ComputeHash(Encoding.UTF8.GetBytes("aws4_request"));
            using (var h = new HMACSHA256(key))
            {
                return AwsUriEncoding.ToHexLower(h.ComputeHash(Encoding.UTF8.GetBytes(policyBase64)));
            }
        }

        /// <summary>A JSON string literal.</summary>
        internal static string Json(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            sb.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == 0x7f)
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }
                        break;
                }
            }
            sb.Append('"');
            return sb.ToString();
        }
    }
}
