using System.Text;

namespace PresignTools.Core
{
    /// <summary>
    /// Keeps user-facing messages on one line whatever the input they quote holds: line breaks and other
    /// control characters are shown as escapes (\n, \r, \t, \u0000) instead of breaking the line.
    /// </summary>
    internal static class OneLine
    {
        public static string Of(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            var clean = true;
            foreach (var c in text!)
            {
                if (NeedsEscape(c)) { clean = false; break; }
            }
            if (clean) return text;

            var sb = new StringBuilder(text.Length + 8);
            foreach (var c in text)
            {
                if (!NeedsEscape(c)) { sb.Append(c); continue; }
                switch (c)
                {
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default: sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)); break;
                }
            }
            return sb.ToString();
        }

        private static bool NeedsEscape(char c) => c < 0x20 || c == 0x7F || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
