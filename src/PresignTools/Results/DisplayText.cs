using System;
using System.Collections;
using System.Globalization;
using System.Text;

namespace PresignTools.Results
{
    /// <summary>
    /// The rules for the cell text of the module's format views, in one tested place. The views show it
    /// through hidden members (<see cref="DisplayMembers"/>, PresignTools.Types.ps1xml).
    /// </summary>
    internal static class DisplayText
    {
        /// <summary>"…" on PowerShell 7; "..." on Windows PowerShell, whose console may not show U+2026.</summary>
        public static string Ellipsis { get; } = Core.Platform.IsCore ? "\u2026" : "...";

        /// <summary>
        /// The text itself when it fits <paramref name="width"/>; otherwise an ellipsis and its end (the end
        /// of a key is the file name, the part people recognise).
        /// </summary>
        public static string Tail(string? text, int width)
        {
            text ??= string.Empty;
            if (text.Length <= width) return text;
            var keep = Math.Max(0, width - Ellipsis.Length);
            return Ellipsis + text.Substring(text.Length - keep);
        }

        /// <summary>
        /// A URL shortened to <paramref name="width"/>: whole when it fits; else scheme, host and path with
        /// the query string replaced by an ellipsis; else the start and the end of the path around an ellipsis.
        /// </summary>
        public static string Url(string? url, int width)
        {
            url ??= string.Empty;
            if (url.Length <= width) return url;
            var query = url.IndexOf('?');
            var path = query >= 0 ? url.Substring(0, query) : url;
            if (path.Length + 1 + Ellipsis.Length <= width) return path + "?" + Ellipsis;
            var keep = Math.Max(0, width - Ellipsis.Length);
            var tail = Math.Min(16, keep / 3);
            return path.Substring(0, keep - tail) + Ellipsis + path.Substring(path.Length - tail);
        }

        /// <summary>An instant as local time, "yyyy-MM-dd HH:mm" (or with seconds).</summary>
        public static string LocalTime(DateTimeOffset value, bool seconds = false)
            => value.LocalDateTime.ToString(seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        /// <summary>
        /// Time left in at most two units: "expired", "45s", "12m 05s", "3h 07m", "6d 23h".
        /// </summary>
        public static string Duration(TimeSpan value)
        {
            if (value <= TimeSpan.Zero) return "expired";
            var c = CultureInfo.InvariantCulture;
            if (value.TotalDays >= 1) return string.Format(c, "{0}d {1:00}h", (int)Math.Floor(value.TotalDays), value.Hours);
            if (value.TotalHours >= 1) return string.Format(c, "{0}h {1:00}m", value.Hours, value.Minutes);
            if (value.TotalMinutes >= 1) return string.Format(c, "{0}m {1:00}s", value.Minutes, value.Seconds);
            return string.Format(c, "{0}s", value.Seconds);
        }

        /// <summary>A byte count as "512B", "1.5KB", "10MB", "5GB".</summary>
        public static string Size(long bytes)
        {
            var c = CultureInfo.InvariantCulture;
            const long KB = 1024, MB = KB * 1024, GB = MB * 1024;
            if (bytes >= GB) return (bytes / (double)GB).ToString("0.##", c) + "GB";
            if (bytes >= MB) return (bytes / (double)MB).ToString("0.##", c) + "MB";
            if (bytes >= KB) return (bytes / (double)KB).ToString("0.##", c) + "KB";
            return bytes.ToString(c) + "B";
        }

        /// <summary>An upload's size range: "any" without a limit, else "min..max".</summary>
        public static string SizeRange(long? min, long? max)
            => max.HasValue ? Size(min ?? 0) + ".." + Size(max.Value) : "any";

        /// <summary>Dictionary entries as "key{separator}value" joined by <paramref name="join"/>, in their order.</summary>
        public static string Pairs(IDictionary? pairs, string separator, string join)
        {
            if (pairs == null) return string.Empty;
            var sb = new StringBuilder();
            foreach (DictionaryEntry e in pairs)
            {
                if (sb.Length > 0) sb.Append(join);
                sb.Append(e.Key).Append(separator).Append(e.Value);
            }
            return sb.ToString();
        }
    }
}
