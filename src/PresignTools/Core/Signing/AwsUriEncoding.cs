using System.Text;

namespace PresignTools.Core.Signing
{
    /// <summary>
    /// The percent-encoding SigV4 prescribes ("UriEncode" in the S3 signing documentation): every UTF-8
    /// byte except the RFC 3986 unreserved characters is written as %XX with upper-case hex. S3 object
    /// keys are encoded once and never normalised, so '/', '//', '.' and '..' segments stay as they are.
    /// </summary>
    internal static class AwsUriEncoding
    {
        private const string Hex = "0123456789ABCDEF";
        private const string HexLowerDigits = "0123456789abcdef";

        /// <summary>The most characters one UTF-16 character can encode to (a 3-byte UTF-8 sequence, %XX each).</summary>
        public const int MaxEncodedCharsPerChar = 9;

        private static readonly bool[] Unreserved = BuildUnreserved();

        private static bool[] BuildUnreserved()
        {
            var table = new bool[128];
            for (var c = 'A'; c <= 'Z'; c++) table[c] = true;
            for (var c = 'a'; c <= 'z'; c++) table[c] = true;
            for (var c = '0'; c <= '9'; c++) table[c] = true;
            table['-'] = table['_'] = table['.'] = table['~'] = true;
            return table;
        }

        /// <summary>Appends <paramref name="value"/> encoded; '/' is kept literally when <paramref name="keepSlash"/>.</summary>
        public static void Append(StringBuilder sb, string value, bool keepSlash)
        {
            if (NeedsNoEncoding(value, keepSlash))
            {
                sb.Append(value);
                return;
            }
            var buffer = new char[value.Length * MaxEncodedCharsPerChar];
            var length = Write(value, keepSlash, buffer, 0);
            sb.Append(buffer, 0, length);
        }

        /// <summary>The encoded form; <paramref name="value"/> itself (no copy) when nothing needs encoding.</summary>
        public static string Encode(string value, bool keepSlash)
        {
            if (NeedsNoEncoding(value, keepSlash)) return value;
            var buffer = new char[value.Length * MaxEncodedCharsPerChar];
            var length = Write(value, keepSlash, buffer, 0);
            return new string(buffer, 0, length);
        }

        private static bool NeedsNoEncoding(string value, bool keepSlash)
        {
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c >= 128 || !(Unreserved[c] || (keepSlash && c == '/'))) return false;
            }
            return true;
        }

        /// <summary>
        /// Writes <paramref name="value"/> encoded into <paramref name="dest"/> at <paramref name="pos"/> and
        /// returns the position after it. The caller provides room for
        /// <see cref="MaxEncodedCharsPerChar"/> characters per input character.
        /// </summary>
        public static int Write(string value, bool keepSlash, char[] dest, int pos)
        {
            var unreserved = Unreserved;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c < 128)
                {
                    if (unreserved[c] || (keepSlash && c == '/'))
                    {
                        dest[pos++] = c;
                    }
                    else
                    {
                        pos = WriteByte(dest, pos, c);
                    }
                    continue;
                }

                int codePoint;
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    codePoint = char.ConvertToUtf32(c, value[i + 1]);
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    // Lone surrogates cannot be UTF-8 encoded; callers validate keys before signing, but
                    // encode U+FFFD like Encoding.UTF8 would rather than throw from deep inside the signer.
                    codePoint = 0xFFFD;
                }
                else
                {
                    codePoint = c;
                }

                if (codePoint < 0x800)
                {
                    pos = WriteByte(dest, pos, 0xC0 | (codePoint >> 6));
                    pos = WriteByte(dest, pos, 0x80 | (codePoint & 0x3F));
                }
                else if (codePoint < 0x10000)
                {
                    pos = WriteByte(dest, pos, 0xE0 | (codePoint >> 12));
                    pos = WriteByte(dest, pos, 0x80 | ((codePoint >> 6) & 0x3F));
                    pos = WriteByte(dest, pos, 0x80 | (codePoint & 0x3F));
                }
                else
                {
                    pos = WriteByte(dest, pos, 0xF0 | (codePoint >> 18));
                    pos = WriteByte(dest, pos, 0x80 | ((codePoint >> 12) & 0x3F));
                    pos = WriteByte(dest, pos, 0x80 | ((codePoint >> 6) & 0x3F));
                    pos = WriteByte(dest, pos, 0x80 | (codePoint & 0x3F));
                }
            }
            return pos;
        }

        private static int WriteByte(char[] dest, int pos, int b)
        {
            dest[pos] = '%';
            dest[pos + 1] = Hex[b >> 4];
            dest[pos + 2] = Hex[b & 0xF];
            return pos + 3;
        }

        /// <summary>Lower-case hex, as SigV4 writes hashes and signatures.</summary>
        public static string ToHexLower(byte[] bytes)
        {
            var chars = new char[bytes.Length * 2];
            WriteHexLower(bytes, chars, 0);
            return new string(chars);
        }

        /// <summary>Writes <paramref name="bytes"/> as lower-case hex characters at <paramref name="pos"/>.</summary>
        public static int WriteHexLower(byte[] bytes, char[] dest, int pos)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                dest[pos++] = HexLowerDigits[b >> 4];
                dest[pos++] = HexLowerDigits[b & 0xF];
            }
            return pos;
        }

        /// <summary>Writes <paramref name="bytes"/> as lower-case hex ASCII bytes at <paramref name="pos"/>.</summary>
        public static int WriteHexLower(byte[] bytes, byte[] dest, int pos)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                dest[pos++] = (byte)HexLowerDigits[b >> 4];
                dest[pos++] = (byte)HexLowerDigits[b & 0xF];
            }
            return pos;
        }
    }
}
