using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PresignTools.Core.Expiry
{
    /// <summary>The reason an expiry value was refused, worded for the user.</summary>
    internal sealed class ExpiryFormatException : FormatException
    {
        public ExpiryFormatException(string message) : base(message) { }
    }

    /// <summary>
    /// Reads link lifetimes: "1h", "90m", "1d12h", "45s", "7d", "1.5h", ISO 8601 durations ("PT1H", "P7D",
    /// "P1DT12H"), "hh:mm:ss" and "d.hh:mm:ss" time spans, a [TimeSpan], or whole seconds (number or
    /// digit string). SigV4 presigned URLs live 1 second to 7 days (604,800 s) inclusive: anything else is
    /// refused here rather than passed to a signer that would fall back to SigV2 or emit a negative expiry.
    /// </summary>
    internal static class ExpiryParser
    {
        public const int MinSeconds = 1;
        public const int MaxSeconds = 604800;

        public const string AcceptedForms =
            "a duration such as 45s, 90m, 1h, 1d12h or 7d, an ISO 8601 duration such as PT1H, a [TimeSpan], or whole seconds";

        private static readonly Regex UnitForm = new Regex(
            @"^\s*(?:(?<w>[0-9]+(?:\.[0-9]+)?)\s*w(?:eeks?)?\s*)?(?:(?<d>[0-9]+(?:\.[0-9]+)?)\s*d(?:ays?)?\s*)?(?:(?<h>[0-9]+(?:\.[0-9]+)?)\s*h(?:ours?|rs?)?\s*)?(?:(?<m>[0-9]+(?:\.[0-9]+)?)\s*m(?:in(?:ute)?s?)?\s*)?(?:(?<s>[0-9]+(?:\.[0-9]+)?)\s*s(?:ec(?:ond)?s?)?\s*)?$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly Regex IsoForm = new Regex(
            @"^P(?:(?<w>[0-9]+(?:[.,][0-9]+)?)W)?(?:(?<d>[0-9]+(?:[.,][0-9]+)?)D)?(?:T(?:(?<h>[0-9]+(?:[.,][0-9]+)?)H)?(?:(?<m>[0-9]+(?:[.,][0-9]+)?)M)?(?:(?<s>[0-9]+(?:[.,][0-9]+)?)S)?)?$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>Time from now until <paramref name="expiresAt"/>, in whole seconds; zero once it has passed.</summary>
        public static TimeSpan TimeLeft(DateTimeOffset expiresAt)
        {
            var left = expiresAt - DateTimeOffset.UtcNow;
            return left > TimeSpan.Zero ? TimeSpan.FromSeconds(Math.Floor(left.TotalSeconds)) : TimeSpan.Zero;
        }

        /// <summary>Converts a parameter value to whole seconds within 1 s .. 7 d.</summary>
        /// <exception cref="ExpiryFormatException">The value is not a duration or is out of range.</exception>
        public static int ParseSeconds(object? value)
        {
            value = Unwrap(value);
            switch (value)
            {
                case null:
                    throw new ExpiryFormatException("no duration was given; expected " + AcceptedForms + ".");
                case TimeSpan ts:
                    return FromTotalSeconds(ts.TotalSeconds, ts.ToString());
                case int i:
                    return FromTotalSeconds(i, i.ToString(CultureInfo.InvariantCulture));
                case long l:
                    return FromTotalSeconds(l, l.ToString(CultureInfo.InvariantCulture));
                case short sh:
                    return FromTotalSeconds(sh, sh.ToString(CultureInfo.InvariantCulture));
                case uint ui:
                    return FromTotalSeconds(ui, ui.ToString(CultureInfo.InvariantCulture));
                case double d:
                    return FromTotalSeconds(d, d.ToString(CultureInfo.InvariantCulture));
                case decimal m:
                    // PowerShell reads an unquoted 7d or 1.5d as a [decimal] literal (the 'd' suffix), so a
                    // decimal here is what the user typed as days; reading it as seconds would turn "7 days"
                    // into 7 seconds.
                    return FromTotalSeconds((double)m * 86400, m.ToString(CultureInfo.InvariantCulture) + "d");
                case float f:
                    return FromTotalSeconds(f, f.ToString(CultureInfo.InvariantCulture));
                case string s:
                    return ParseString(s);
                default:
                    throw new ExpiryFormatException($"a value of type {value.GetType().Name} is not a duration; expected {AcceptedForms}.");
            }
        }

        private static object? Unwrap(object? value)
        {
            // PowerShell hands over PSObject wrappers; the parser stays PowerShell-agnostic by
            // unwrapping through the one public property they all share.
            if (value != null && value.GetType().FullName == "System.Management.Automation.PSObject")
            {
                return value.GetType().GetProperty("BaseObject")?.GetValue(value);
            }
            return value;
        }

        private static int ParseString(string text)
        {
            var s = text.Trim();
            if (s.Length == 0) throw new ExpiryFormatException("the duration is empty; expected " + AcceptedForms + ".");

            if (IsAllDigits(s))
            {
                if (s.Length > 9) throw OutOfRange(text);
                return FromTotalSeconds(long.Parse(s, CultureInfo.InvariantCulture), text);
            }

            var m = IsoForm.Match(s);
            if (m.Success && s.Length > 1 && !s.EndsWith("T", StringComparison.OrdinalIgnoreCase))
            {
                return FromTotalSeconds(Sum(m, iso: true), text);
            }

            m = UnitForm.Match(s);
            if (m.Success && (m.Groups["w"].Success || m.Groups["d"].Success || m.Groups["h"].Success || m.Groups["m"].Success || m.Groups["s"].Success))
            {
                return FromTotalSeconds(Sum(m, iso: false), text);
            }

            if (s.IndexOf(':') > 0 && TimeSpan.TryParseExact(s, new[] { @"h\:mm\:ss", @"hh\:mm\:ss", @"d\.hh\:mm\:ss", @"h\:mm", @"hh\:mm" }, CultureInfo.InvariantCulture, out var span))
            {
                return FromTotalSeconds(span.TotalSeconds, text);
            }

            throw new ExpiryFormatException($"'{Printable(text)}' is not a duration; expected {AcceptedForms}.");
        }

        private static double Sum(Match m, bool iso)
        {
            double total = 0;
            total += Number(m.Groups["w"], iso) * 604800;
            total += Number(m.Groups["d"], iso) * 86400;
            total += Number(m.Groups["h"], iso) * 3600;
            total += Number(m.Groups["m"], iso) * 60;
            total += Number(m.Groups["s"], iso);
            return total;
        }

        private static double Number(Group g, bool iso)
        {
            if (!g.Success) return 0;
            var v = iso ? g.Value.Replace(',', '.') : g.Value;
            if (v.Length > 12) return double.PositiveInfinity;
            return double.Parse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }

        private static int FromTotalSeconds(double seconds, string shown)
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds)) throw OutOfRange(shown);
            var rounded = Math.Round(seconds);
            if (Math.Abs(seconds - rounded) > 1e-6)
            {
                throw new ExpiryFormatException($"'{Printable(shown)}' is not a whole number of seconds; presigned URLs expire on whole seconds.");
            }
            if (rounded < MinSeconds || rounded > MaxSeconds) throw OutOfRange(shown);
            return (int)rounded;
        }

        private static ExpiryFormatException OutOfRange(string shown) =>
            new ExpiryFormatException($"'{Printable(shown)}' is outside the range a SigV4 presigned URL allows: 1 second to 7 days (604800 seconds) inclusive.");

        private static bool IsAllDigits(string s)
        {
            foreach (var c in s) if (c < '0' || c > '9') return false;
            return true;
        }

        /// <summary>Writes seconds in the short form this parser reads back ("1d12h30m5s").</summary>
        public static string Format(int seconds)
        {
            if (seconds <= 0) return "0s";
            var sb = new StringBuilder();
            var d = seconds / 86400; seconds %= 86400;
            var h = seconds / 3600; seconds %= 3600;
            var m = seconds / 60; var s = seconds % 60;
            if (d > 0) sb.Append(d.ToString(CultureInfo.InvariantCulture)).Append('d');
            if (h > 0) sb.Append(h.ToString(CultureInfo.InvariantCulture)).Append('h');
            if (m > 0) sb.Append(m.ToString(CultureInfo.InvariantCulture)).Append('m');
            if (s > 0) sb.Append(s.ToString(CultureInfo.InvariantCulture)).Append('s');
            return sb.ToString();
        }

        /// <summary>Keeps error messages on one line and short, whatever the user typed.</summary>
        internal static string Printable(string s)
        {
            var sb = new StringBuilder(Math.Min(s.Length, 64));
            foreach (var c in s)
            {
                if (sb.Length >= 60) { sb.Append('…'); break; }
                var category = char.GetUnicodeCategory(c);
                sb.Append(char.IsControl(c) || category == System.Globalization.UnicodeCategory.LineSeparator
                    || category == System.Globalization.UnicodeCategory.ParagraphSeparator ? '?' : c);
            }
            return sb.ToString();
        }
    }
}
