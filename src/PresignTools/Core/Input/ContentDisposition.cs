using System.Globalization;
using System.Text;

namespace PresignTools.Core.Input
{
    /// <summary>
    /// Builds an "attachment" Content-Disposition for a download file name: an ASCII fallback in
    /// filename="…" (RFC 6266 §4.3) and the exact name in filename*=UTF-8''… (RFC 5987 / RFC 8187).
    /// </summary>
    internal static class ContentDisposition
    {
        public static string Attachment(string fileName)
        {
            var sb = new StringBuilder("attachment; filename=\"");
            sb.Append(AsciiFallback(fileName));
            sb.Append('"');
            if (NeedsExtendedForm(fileName))
            {
                sb.Append("; filename*=UTF-8''");
                foreach (var b in Encoding.UTF8.GetBytes(fileName))
                {
                    if (IsAttrChar(b)) sb.Append((char)b);
                    else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            return sb.ToString();
        }

        private static bool NeedsExtendedForm(string name)
        {
            foreach (var c in name)
            {
                if (c < 0x20 || c > 0x7E || c == '"' || c == '\\' || c == '%') return true;
            }
            return false;
        }

        /// <summary>Letters with accents lose them (é → e); other characters outside printable ASCII, quotes and backslashes become '_'.</summary>
        internal static string AsciiFallback(string name)
        {
            string decomposed;
            try
            {
                decomposed = name.Normalize(NormalizationForm.FormD);
            }
            catch (System.ArgumentException)
            {
                // Not valid Unicode (lone surrogates, U+FFFE): no accents to strip; every odd character becomes '_'.
                decomposed = name;
            }
            var sb = new StringBuilder(decomposed.Length);
            for (var i = 0; i < decomposed.Length; i++)
            {
                var c = decomposed[i];
                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category == UnicodeCategory.NonSpacingMark || category == UnicodeCategory.EnclosingMark) continue;
                if (char.IsHighSurrogate(c) && i + 1 < decomposed.Length && char.IsLowSurrogate(decomposed[i + 1])) i++;
                if (c >= 0x20 && c <= 0x7E && c != '"' && c != '\\' && c != '%') sb.Append(c);
                else sb.Append('_');
            }
            return sb.ToString();
        }

        // RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
        private static bool IsAttrChar(byte b)
        {
            if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) return true;
            switch ((char)b)
            {
                case '!': case '#': case '$': case '&': case '+': case '-': case '.':
                case '^': case '_': case '`': case '|': case '~':
                    return true;
                default:
                    return false;
            }
        }
    }
}
