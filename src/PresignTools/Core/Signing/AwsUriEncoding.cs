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
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c < 128)
                {
                    if (Unreserved[c] || (keepSlash && c == '/'))
                    {
                        sb.Append(c);
                    }
                    else
                    {
                        AppendByte(sb, (byte)c);
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
                    AppendByte(sb, (byte)(0xC0 | (codePoint >> 6)));
                    AppendByte(sb, (byte)(0x80 | (codePoint & 0x3F)));
                }
                else if (codePoint < 0x10000)
                {
                    AppendByte(sb, (byte)(0xE0 | (codePoint >> 12)));
                    AppendByte(sb, (byte)(0x80 | ((codePoint >> 6) & 0x3F)));
                    AppendByte(sb, (byte)(0x80 | (codePoint & 0x3F)));
                }
                else
                {
                    AppendByte(sb, (byte)(0xF0 | (codePoint >> 18)));
                    AppendByte(sb, (byte)(0x80 | ((codePoint >> 12) & 0x3F)));
                    AppendByte(sb, (byte)(0x80 | ((codePoint >> 6) & 0x3F)));
                    AppendByte(sb, (byte)(0x80 | (codePoint & 0x3F)));
                }
            }
        }

        public static string Encode(string value, bool keepSlash)
        {
            var sb = new StringBuilder(value.Length + 16);
            Append(sb, value, keepSlash);
            return sb.ToString();
        }

        private static void AppendByte(StringBuilder sb, byte b)
        {
            sb.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
        }

        /// <summary>Lower-case hex, as SigV4 writes hashes and signatures.</summary>
        public static string ToHexLower(byte[] bytes)
        {
            const string hexLower = "0123456789abcdef";
            var chars = new char[bytes.Length * 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = hexLower[bytes[i] >> 4];
                chars[2 * i + 1] = hexLower[bytes[i] & 0xF];
            }
            return new string(chars);
        }
    }
}
