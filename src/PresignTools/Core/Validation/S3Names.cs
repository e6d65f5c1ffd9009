using System;
using System.Text;

namespace PresignTools.Core.Validation
{
    /// <summary>S3's rules for bucket names and object keys, as checks that say what is wrong.</summary>
    internal static class S3Names
    {
        public const int MaxKeyBytes = 1024;

        private static readonly string[] ReservedPrefixes = { "xn--", "sthree-", "amzn-s3-demo-" };

        private static readonly string[] ReservedSuffixes = { "-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3" };

        /// <summary>
        /// Checks a general purpose bucket name against the S3 naming rules
        /// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
        /// Returns null when valid, else the reason. Legacy names (upper case, underscores, up to 255
        /// characters: old us-east-1 buckets) pass only when <paramref name="allowLegacy"/> is set.
        /// </summary>
        public static string? CheckBucketName(string? name, bool allowLegacy = false)
        {
            if (string.IsNullOrEmpty(name)) return "the bucket name is empty";
            if (allowLegacy)
            {
                if (name!.Length > 255) return "a legacy bucket name has at most 255 characters";
                foreach (var c in name)
                {
                    if (!(IsLower(c) || IsUpper(c) || IsDigit(c) || c == '.' || c == '-' || c == '_'))
                    {
                        return $"a legacy bucket name may contain only letters, digits, '.', '-' and '_' (found {Describe(c)})";
                    }
                }
                return null;
            }

            if (name!.StartsWith("arn:", StringComparison.OrdinalIgnoreCase))
            {
                return "access point and Outposts ARNs are not supported; give the bucket name";
            }
            if (name.Length < 3 || name.Length > 63) return $"a bucket name has 3 to 63 characters (this one has {name.Length})";
            foreach (var c in name)
            {
                if (!(IsLower(c) || IsDigit(c) || c == '.' || c == '-'))
                {
                    return $"a bucket name may contain only lower-case letters, digits, '.' and '-' (found {Describe(c)})";
                }
            }
            if (!IsLowerOrDigit(name[0]) || !IsLowerOrDigit(name[name.Length - 1]))
            {
                return "a bucket name begins and ends with a letter or digit";
            }
            if (name.IndexOf("..", StringComparison.Ordinal) >= 0) return "a bucket name has no two adjacent dots";
            if (LooksLikeIpv4(name)) return "a bucket name is not formatted as an IP address";
            foreach (var p in ReservedPrefixes)
            {
                if (name.StartsWith(p, StringComparison.Ordinal)) return $"bucket names beginning with '{p}' are reserved";
            }
            foreach (var s in ReservedSuffixes)
            {
                if (name.EndsWith(s, StringComparison.Ordinal))
                {
                    return s == "--x-s3"
                        ? "directory buckets (names ending '--x-s3', S3 Express One Zone) are not supported"
                        : $"bucket names ending with '{s}' are reserved";
                }
            }
            return null;
        }

        /// <summary>True when the bucket can be a DNS label set in a virtual-hosted address.</summary>
        public static bool IsDnsCompatibleBucketName(string name) => CheckBucketName(name) == null;

        /// <summary>
        /// Checks an object key: not empty, valid UTF-16 (no lone surrogates, which have no UTF-8 form),
        /// at most 1,024 bytes of UTF-8. Nothing is trimmed or normalised. Returns null when valid.
        /// </summary>
        public static string? CheckKey(string? key)
        {
            if (string.IsNullOrEmpty(key)) return "the key is empty (that would sign the bucket itself, not an object)";
            var bytes = 0;
            for (var i = 0; i < key!.Length; i++)
            {
                var c = key[i];
                if (char.IsHighSurrogate(c))
                {
                    if (i + 1 >= key.Length || !char.IsLowSurrogate(key[i + 1]))
                    {
                        return $"the key has an unpaired UTF-16 surrogate (U+{(int)c:X4}) at position {i}, which has no UTF-8 form";
                    }
                    bytes += 4;
                    i++;
                }
                else if (char.IsLowSurrogate(c))
                {
                    return $"the key has an unpaired UTF-16 surrogate (U+{(int)c:X4}) at position {i}, which has no UTF-8 form";
                }
                else
                {
                    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                }
            }
            if (bytes > MaxKeyBytes) return $"the key is {bytes} bytes of UTF-8; S3 allows at most {MaxKeyBytes}";
            return null;
        }

        private static bool LooksLikeIpv4(string name)
        {
            var parts = name.Split('.');
            if (parts.Length != 4) return false;
            foreach (var p in parts)
            {
                if (p.Length == 0 || p.Length > 3) return false;
                foreach (var c in p) if (!IsDigit(c)) return false;
            }
            return true;
        }

        private static string Describe(char c)
        {
            if (c < 0x20 || c == 0x7F || char.IsWhiteSpace(c)) return $"U+{(int)c:X4}";
            return "'" + c + "'";
        }

        private static bool IsLower(char c) => c >= 'a' && c <= 'z';

        private static bool IsUpper(char c) => c >= 'A' && c <= 'Z';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static bool IsLowerOrDigit(char c) => IsLower(c) || IsDigit(c);

        /// <summary>True when the text holds an unpaired UTF-16 surrogate (which has no UTF-8 form).</summary>
        public static bool HasLoneSurrogate(string? s)
        {
            if (s == null) return false;
            for (var i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]))
                {
                    if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return true;
                    i++;
                }
                else if (char.IsLowSurrogate(s[i]))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>UTF-8 byte count, for messages and checks.</summary>
        public static int Utf8Length(string s) => Encoding.UTF8.GetByteCount(s);
    }
}
