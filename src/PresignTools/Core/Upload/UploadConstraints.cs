using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using PresignTools.Core.Signing;

using PresignTools.Core.Validation;

namespace PresignTools.Core.Upload
{
    /// <summary>What the caller asked New-S3UploadUrl to sign into an upload, as given (not yet checked).</summary>
    internal sealed class UploadOptions
    {
        public string? ContentType { get; set; }

        public object? ContentLength { get; set; }

        public string? ChecksumSha256 { get; set; }

        public string? ContentMd5 { get; set; }

        public string? ServerSideEncryption { get; set; }

        public string? KmsKeyId { get; set; }

        public IDictionary? Metadata { get; set; }

        public string? StorageClass { get; set; }

        public string? CannedAcl { get; set; }

        public object? Tagging { get; set; }
    }

    /// <summary>
    /// Checked, normalised upload constraints: the values S3 will be sent, each exactly as the uploader
    /// must send it. Built once per pipeline by <see cref="Create"/>, which throws a
    /// <see cref="PresignException"/> with a stable id for anything S3 would refuse or misread.
    /// </summary>
    internal sealed class UploadConstraints
    {
        /// <summary>S3 limits user-defined metadata in a PUT request header to 2 KB (names and values, UTF-8).</summary>
        public const int MaxMetadataBytes = 2048;

        public static readonly string[] ServerSideEncryptionValues = { "AES256", "aws:kms", "aws:kms:dsse" };

        public static readonly string[] StorageClassValues =
        {
            "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
            "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR", "EXPRESS_ONEZONE",
        };

        public static readonly string[] CannedAclValues =
        {
            "private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read",
            "bucket-owner-read", "bucket-owner-full-control",
        };

        public string? ContentType { get; private set; }

        public long? ContentLength { get; private set; }

        /// <summary>Base64 of the 32-byte SHA-256 digest (x-amz-checksum-sha256).</summary>
        public string? ChecksumSha256 { get; private set; }

        /// <summary>Base64 of the 16-byte MD5 digest (Content-MD5).</summary>
        public string? ContentMd5 { get; private set; }

        public string? ServerSideEncryption { get; private set; }

        public string? KmsKeyId { get; private set; }

        /// <summary>Metadata names (lower case, without x-amz-meta-) and values, in the order given.</summary>
        public List<KeyValuePair<string, string>> Metadata { get; } = new List<KeyValuePair<string, string>>();

        public string? StorageClass { get; private set; }

        public string? CannedAcl { get; private set; }

        /// <summary>Tag keys and values (raw, not encoded), in the order given.</summary>
        public List<KeyValuePair<string, string>> Tags { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>Checks and normalises every option; throws <see cref="PresignException"/> on the first problem.</summary>
        public static UploadConstraints Create(UploadOptions o)
        {
            var c = new UploadConstraints();
            if (o.ContentType != null) c.ContentType = CheckContentType(o.ContentType);
            if (o.ContentLength != null)
            {
                long length;
                try
                {
                    length = SizeParser.Parse(o.ContentLength);
                }
                catch (SizeFormatException e)
                {
                    throw PresignException.InvalidArgument("InvalidContentLength", "Invalid -ContentLength: " + e.Message);
                }
                if (length > SizeParser.MaxSingleUploadBytes)
                {
                    throw PresignException.InvalidArgument("InvalidContentLength",
                        $"Invalid -ContentLength: {SizeParser.Format(length)} is more than the 5 GB (5368709120 bytes) S3 accepts in one PUT; use a multipart upload.");
                }
                c.ContentLength = length;
            }
            if (o.ChecksumSha256 != null) c.ChecksumSha256 = NormalizeDigest(o.ChecksumSha256, 32, "ChecksumSHA256", "InvalidChecksumSHA256", "SHA-256");
            if (o.ContentMd5 != null) c.ContentMd5 = NormalizeDigest(o.ContentMd5, 16, "ContentMD5", "InvalidContentMD5", "MD5");
            if (o.ServerSideEncryption != null) c.ServerSideEncryption = NormalizeServerSideEncryption(o.ServerSideEncryption);
            if (o.KmsKeyId != null)
            {
                if (c.ServerSideEncryption != "aws:kms" && c.ServerSideEncryption != "aws:kms:dsse")
                {
                    throw PresignException.InvalidArgument("KmsKeyIdRequiresKms",
                        "-KmsKeyId needs -ServerSideEncryption aws:kms or aws:kms:dsse" + (c.ServerSideEncryption == null ? "." : $", not {c.ServerSideEncryption}."));
                }
                c.KmsKeyId = CheckKmsKeyId(o.KmsKeyId);
            }
            if (o.Metadata != null) ReadMetadata(o.Metadata, c.Metadata);
            if (o.StorageClass != null) c.StorageClass = NormalizeStorageClass(o.StorageClass);
            if (o.CannedAcl != null) c.CannedAcl = NormalizeCannedAcl(o.CannedAcl);
            if (o.Tagging != null) ReadTagging(o.Tagging, c.Tags);
            return c;
        }

        /// <summary>
        /// The headers a presigned PUT signs (lower-case names), in the order they are shown and sent.
        /// <paramref name="contentLength"/> and <paramref name="checksumSha256"/> replace the fixed values
        /// (for a file bound with -BindToFile).
        /// </summary>
        public List<KeyValuePair<string, string>> PutHeaders(long? contentLength = null, string? checksumSha256 = null)
        {
            var h = new List<KeyValuePair<string, string>>();
            void Add(string name, string? value)
            {
                if (value != null) h.Add(new KeyValuePair<string, string>(name, value));
            }

            var length = contentLength ?? ContentLength;
            Add("content-type", ContentType);
            Add("content-length", length?.ToString(CultureInfo.InvariantCulture));
            Add("content-md5", ContentMd5);
            Add("x-amz-checksum-sha256", checksumSha256 ?? ChecksumSha256);
            Add("x-amz-acl", CannedAcl);
            foreach (var m in Metadata) Add("x-amz-meta-" + m.Key, m.Value);
            Add("x-amz-server-side-encryption", ServerSideEncryption);
            Add("x-amz-server-side-encryption-aws-kms-key-id", KmsKeyId);
            Add("x-amz-storage-class", StorageClass);
            if (Tags.Count > 0) Add("x-amz-tagging", TaggingQuery(Tags));
            return h;
        }

        // ---- single values -------------------------------------------------------------------------

        public static string NormalizeServerSideEncryption(string value)
        {
            var v = value.Trim();
            foreach (var known in ServerSideEncryptionValues)
            {
                if (string.Equals(v, known, StringComparison.OrdinalIgnoreCase)) return known;
            }
            // The names the S3 documentation uses for the same modes.
            if (string.Equals(v, "SSE-S3", StringComparison.OrdinalIgnoreCase)) return "AES256";
            if (string.Equals(v, "SSE-KMS", StringComparison.OrdinalIgnoreCase)) return "aws:kms";
            if (string.Equals(v, "DSSE-KMS", StringComparison.OrdinalIgnoreCase)) return "aws:kms:dsse";
            throw PresignException.InvalidArgument("InvalidServerSideEncryption",
                $"Invalid -ServerSideEncryption '{value}': expected AES256 (SSE-S3), aws:kms (SSE-KMS) or aws:kms:dsse (DSSE-KMS).");
        }

        public static string NormalizeStorageClass(string value)
        {
            var v = value.Trim();
            foreach (var known in StorageClassValues)
            {
                if (string.Equals(v, known, StringComparison.OrdinalIgnoreCase)) return known;
            }
            throw PresignException.InvalidArgument("InvalidStorageClass",
                $"Invalid -StorageClass '{value}': expected one of {string.Join(", ", StorageClassValues)}.");
        }

        public static string NormalizeCannedAcl(string value)
        {
            var v = value.Trim();
            foreach (var known in CannedAclValues)
            {
                if (string.Equals(v, known, StringComparison.OrdinalIgnoreCase)) return known;
            }
            throw PresignException.InvalidArgument("InvalidCannedACL",
                $"Invalid -CannedACL '{value}': expected one of {string.Join(", ", CannedAclValues)}.");
        }

        public static string CheckContentType(string value)
        {
            if (value.Trim().Length == 0)
            {
                throw PresignException.InvalidArgument("InvalidContentType", "Invalid -ContentType: the value is empty.");
            }
            var bad = FirstBadHeaderChar(value);
            if (bad >= 0)
            {
                throw PresignException.InvalidArgument("InvalidContentType",
                    $"Invalid -ContentType '{Printable(value)}': {DescribeBad(value, bad)}; a header value is printable ASCII.");
            }
            return value;
        }

        private static string CheckKmsKeyId(string value)
        {
            if (value.Length == 0 || value.Trim().Length != value.Length || FirstBadHeaderChar(value) >= 0 || value.IndexOf(' ') >= 0)
            {
                throw PresignException.InvalidArgument("InvalidKmsKeyId",
                    $"Invalid -KmsKeyId '{Printable(value)}': expected a KMS key id, key ARN or alias ARN (printable ASCII without spaces).");
            }
            return value;
        }

        /// <summary>
        /// A digest given as base64 (what S3 expects) or as hex (what Get-FileHash prints), returned as base64.
        /// </summary>
        public static string NormalizeDigest(string value, int bytes, string parameter, string errorId, string algorithm)
        {
            var v = value.Trim();
            byte[]? digest = null;
            if (v.Length == bytes * 2 && IsHex(v))
            {
                digest = new byte[bytes];
                for (var i = 0; i < bytes; i++) digest[i] = byte.Parse(v.Substring(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
            else
            {
                try
                {
                    digest = Convert.FromBase64String(v);
                }
                catch (FormatException)
                {
                    digest = null;
                }
            }
            if (digest == null || digest.Length != bytes)
            {
                throw PresignException.InvalidArgument(errorId,
                    $"Invalid -{parameter} '{Printable(value)}': expected the {algorithm} digest ({bytes} bytes) as base64 ({Base64Length(bytes)} characters) or hex ({bytes * 2} digits).");
            }
            return Convert.ToBase64String(digest);
        }

        private static int Base64Length(int bytes) => (bytes + 2) / 3 * 4;

        private static bool IsHex(string s)
        {
            foreach (var c in s)
            {
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
            }
            return true;
        }

        // ---- metadata ------------------------------------------------------------------------------

        /// <summary>Reads -Metadata: names are HTTP tokens in ASCII (stored in lower case), values printable ASCII.</summary>
        public static void ReadMetadata(IDictionary metadata, List<KeyValuePair<string, string>> into)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            var bytes = 0;
            foreach (DictionaryEntry entry in metadata)
            {
                var rawName = Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture) ?? string.Empty;
                var name = rawName.Trim();
                if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase)) name = name.Substring("x-amz-meta-".Length);
                if (name.Length == 0)
                {
                    throw PresignException.InvalidArgument("InvalidMetadataName", $"Invalid -Metadata name '{Printable(rawName)}': the name is empty.");
                }
                for (var i = 0; i < name.Length; i++)
                {
                    var ch = name[i];
                    if (ch > 0x7e)
                    {
                        throw PresignException.InvalidArgument("InvalidMetadataName",
                            $"Invalid -Metadata name '{Printable(rawName)}': {Describe(ch)} is not ASCII; metadata names are sent as HTTP header names, which are ASCII letters, digits and !#$%&'*+-.^_`|~.");
                    }
                    if (!IsTokenChar(ch))
                    {
                        throw PresignException.InvalidArgument("InvalidMetadataName",
                            $"Invalid -Metadata name '{Printable(rawName)}': {Describe(ch)} cannot appear in an HTTP header name (allowed: ASCII letters, digits and !#$%&'*+-.^_`|~).");
                    }
                }
                var lower = name.ToLowerInvariant();
                if (seen.TryGetValue(lower, out var first))
                {
                    throw PresignException.InvalidArgument("DuplicateMetadataName",
                        $"Invalid -Metadata: '{Printable(first)}' and '{Printable(rawName)}' are the same header name (S3 stores metadata names in lower case).");
                }
                seen[lower] = rawName;

                var value = ValueText(entry.Value);
                var bad = FirstBadHeaderChar(value);
                if (bad >= 0)
                {
                    throw PresignException.InvalidArgument("InvalidMetadataValue",
                        $"Invalid -Metadata value for '{lower}': {DescribeBad(value, bad)}; metadata values are sent as HTTP header values, which are printable ASCII (encode other text first, e.g. as RFC 2047 or percent-encoding).");
                }
                bytes += Encoding.UTF8.GetByteCount(lower) + Encoding.UTF8.GetByteCount(value);
                into.Add(new KeyValuePair<string, string>(lower, value));
            }
            if (bytes > MaxMetadataBytes)
            {
                throw PresignException.InvalidArgument("MetadataTooLarge",
                    $"Invalid -Metadata: the names and values add up to {bytes} bytes; S3 accepts at most 2 KB (2048 bytes) of user-defined metadata.");
            }
        }

        // RFC 9110 token characters.
        private static bool IsTokenChar(char c)
        {
            if (c >= 'a' && c <= 'z') return true;
            if (c >= 'A' && c <= 'Z') return true;
            if (c >= '0' && c <= '9') return true;
            return "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
        }

        // ---- tagging -------------------------------------------------------------------------------

        /// <summary>Reads -Tagging: a hashtable (key → value) or a query string "k1=v1&amp;k2=v2" (URL-encoded or not).</summary>
        public static void ReadTagging(object tagging, List<KeyValuePair<string, string>> into)
        {
            tagging = Unwrap(tagging) ?? string.Empty;
            if (tagging is IDictionary dict)
            {
                foreach (DictionaryEntry entry in dict)
                {
                    into.Add(new KeyValuePair<string, string>(ValueText(entry.Key), ValueText(entry.Value)));
                }
            }
            else
            {
                var text = ValueText(tagging).Trim();
                if (text.StartsWith("?", StringComparison.Ordinal)) text = text.Substring(1);
                if (text.Length == 0)
                {
                    throw PresignException.InvalidArgument("InvalidTagging", "Invalid -Tagging: the tag set is empty; give a hashtable such as @{ project = 'alpha' } or a query string such as 'project=alpha&tier=gold'.");
                }
                foreach (var pair in text.Split('&'))
                {
                    if (pair.Length == 0) continue;
                    var eq = pair.IndexOf('=');
                    var k = eq < 0 ? pair : pair.Substring(0, eq);
                    var v = eq < 0 ? string.Empty : pair.Substring(eq + 1);
                    into.Add(new KeyValuePair<string, string>(QueryDecode(k, text), QueryDecode(v, text)));
                }
            }

            if (into.Count == 0)
            {
                throw PresignException.InvalidArgument("InvalidTagging", "Invalid -Tagging: the tag set is empty.");
            }
            if (into.Count > 10)
            {
                throw PresignException.InvalidArgument("InvalidTagging", $"Invalid -Tagging: {into.Count} tags; S3 allows at most 10 tags on an object.");
            }
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in into)
            {
                if (t.Key.Length == 0) throw PresignException.InvalidArgument("InvalidTagging", "Invalid -Tagging: a tag key is empty.");
                if (t.Key.Length > 128) throw PresignException.InvalidArgument("InvalidTagging", $"Invalid -Tagging: the tag key '{Shorten(t.Key)}' has {t.Key.Length} characters; S3 allows at most 128.");
                if (t.Value.Length > 256) throw PresignException.InvalidArgument("InvalidTagging", $"Invalid -Tagging: the value of tag '{Shorten(t.Key)}' has {t.Value.Length} characters; S3 allows at most 256.");
                if (t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) throw PresignException.InvalidArgument("InvalidTagging", $"Invalid -Tagging: the tag key '{Shorten(t.Key)}' uses the reserved prefix 'aws:'.");
                if (!keys.Add(t.Key)) throw PresignException.InvalidArgument("InvalidTagging", $"Invalid -Tagging: the tag key '{Shorten(t.Key)}' appears twice.");
                if (S3Names.HasLoneSurrogate(t.Key) || S3Names.HasLoneSurrogate(t.Value)) throw PresignException.InvalidArgument("InvalidTagging", $"Invalid -Tagging: the tag '{Shorten(t.Key)}' has an unpaired UTF-16 surrogate.");
            }
        }

        /// <summary>The x-amz-tagging header value: "k1=v1&amp;k2=v2", each part percent-encoded (RFC 3986 unreserved kept).</summary>
        public static string TaggingQuery(IEnumerable<KeyValuePair<string, string>> tags)
        {
            var sb = new StringBuilder();
            foreach (var t in tags)
            {
                if (sb.Length > 0) sb.Append('&');
                sb.Append(AwsUriEncoding.Encode(t.Key, false)).Append('=').Append(AwsUriEncoding.Encode(t.Value, false));
            }
            return sb.ToString();
        }

        /// <summary>The POST form's "tagging" field: the tag set as S3's Tagging XML document.</summary>
        public static string TaggingXml(IEnumerable<KeyValuePair<string, string>> tags)
        {
            var sb = new StringBuilder("<Tagging><TagSet>");
            foreach (var t in tags)
            {
                sb.Append("<Tag><Key>").Append(XmlText(t.Key)).Append("</Key><Value>").Append(XmlText(t.Value)).Append("</Value></Tag>");
            }
            return sb.Append("</TagSet></Tagging>").ToString();
        }

        private static string XmlText(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

        // '+' means a space in a query string; a malformed escape is refused rather than guessed.
        private static string QueryDecode(string part, string whole)
        {
            var s = part.Replace('+', ' ');
            for (var i = 0; i < s.Length; i++)
            {
                if (s[i] == '%' && (i + 2 >= s.Length || !Uri.IsHexDigit(s[i + 1]) || !Uri.IsHexDigit(s[i + 2])))
                {
                    throw PresignException.InvalidArgument("InvalidTagging", $"Invalid -Tagging '{Shorten(whole)}': '%' must start an escape such as %20 (write a literal % as %25).");
                }
            }
            return Uri.UnescapeDataString(s);
        }

        // ---- helpers -------------------------------------------------------------------------------

        private static string ValueText(object? value)
        {
            value = Unwrap(value);
            switch (value)
            {
                case null: return string.Empty;
                case string s: return s;
                case bool b: return b ? "true" : "false";
                case DateTime dt: return dt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                case DateTimeOffset dto: return dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
                default: return value.ToString() ?? string.Empty;
            }
        }

        /// <summary>Index of the first character that cannot be sent in an HTTP header value (control, non-ASCII), else -1.</summary>
        internal static int FirstBadHeaderChar(string value)
        {
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c == '\t') continue;
                if (c < 0x20 || c > 0x7e) return i;
            }
            return -1;
        }

        private static string DescribeBad(string value, int index) => $"{Describe(value[index])} at position {index}";

        private static string Describe(char c)
        {
            if (c < 0x20 || c == 0x7f) return $"the control character U+{(int)c:X4}";
            return $"'{c}' (U+{(int)c:X4})";
        }

        /// <summary>The value with control characters shown as escapes, so that a message stays on one line.</summary>
        internal static string Printable(string s) => Shorten(OneLine(s));

        /// <summary>Control and line-breaking characters as \uXXXX escapes, nothing shortened (for paths and URIs in messages).</summary>
        internal static string OneLine(string s)
        {
            var sb = new StringBuilder(s.Length);
            foreach (var c in s)
            {
                if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.ToString();
        }

        private static string Shorten(string s) => s.Length <= 80 ? s : s.Substring(0, 77) + "...";


        internal static object? Unwrap(object? value)
        {
            if (value == null) return null;
            if (value.GetType().FullName == "System.Management.Automation.PSObject")
            {
                return value.GetType().GetProperty("BaseObject")?.GetValue(value) ?? value;
            }
            return value;
        }
    }
}
