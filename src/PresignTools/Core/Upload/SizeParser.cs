using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PresignTools.Core.Upload
{
    /// <summary>The reason a size was refused, worded for the user (no parameter name).</summary>
    internal sealed class SizeFormatException : FormatException
    {
        public SizeFormatException(string message) : base(message) { }
    }

    /// <summary>
    /// Reads object sizes: whole byte counts (numbers or digit strings) and friendly sizes such as
    /// "512KB", "10MB", "1.5GB", "2 TiB". Units are binary, as in PowerShell's own 10MB literal:
    /// KB = KiB = 1024 bytes, MB = 1024², GB = 1024³, TB = 1024⁴ (the "i" and a single letter "K", "M",
    /// "G", "T" are accepted too). The result is a whole, non-negative number of bytes.
    /// </summary>
    internal static class SizeParser
    {
        /// <summary>S3's largest single PUT or POST upload: 5 GiB.</summary>
        public const long MaxSingleUploadBytes = 5L * 1024 * 1024 * 1024;

        public const string AcceptedForms = "a byte count such as 1048576, or a size such as 512KB, 10MB or 1.5GB";

        private static readonly Regex SizeForm = new Regex(
            @"^\s*(?<n>[0-9]+(?:\.[0-9]+)?)\s*(?<u>[KMGTP](?:i?B)?|B|bytes?)?\s*$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>Converts a parameter value to a whole number of bytes (0 or more).</summary>
        /// <exception cref="SizeFormatException">Not a size, negative, fractional bytes, or too large.</exception>
        public static long Parse(object? value)
        {
            value = Unwrap(value);
            switch (value)
            {
                case null:
                    throw new SizeFormatException("no size was given; expected " + AcceptedForms + ".");
                case int i:
                    return FromDecimal(i, i.ToString(CultureInfo.InvariantCulture));
                case long l:
                    return FromDecimal(l, l.ToString(CultureInfo.InvariantCulture));
                case short s:
                    return FromDecimal(s, s.ToString(CultureInfo.InvariantCulture));
                case byte b:
                    return b;
                case uint ui:
                    return ui;
                case ulong ul:
                    if (ul > long.MaxValue) throw new SizeFormatException($"{ul} bytes is too large.");
                    return (long)ul;
                case decimal m:
                    return FromDecimal(m, m.ToString(CultureInfo.InvariantCulture));
                case double d:
                    if (double.IsNaN(d) || double.IsInfinity(d)) throw new SizeFormatException($"'{d}' is not a size; expected {AcceptedForms}.");
                    if (Math.Abs(d) > 9e18) throw new SizeFormatException($"{d.ToString("R", CultureInfo.InvariantCulture)} bytes is too large.");
                    return FromDecimal((decimal)d, d.ToString("R", CultureInfo.InvariantCulture));
                case float f:
                    return Parse((double)f);
                case string text:
                    return ParseText(text);
                default:
                    return ParseText(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }

        private static long ParseText(string text)
        {
            var trimmed = text.Trim();
            if (trimmed.Length == 0) throw new SizeFormatException("the size is empty; expected " + AcceptedForms + ".");
            if (trimmed[0] == '-') throw new SizeFormatException($"'{text}' is negative; a size is 0 bytes or more.");
            var m = SizeForm.Match(trimmed);
            if (!m.Success)
            {
                throw new SizeFormatException($"'{text}' is not a size; expected {AcceptedForms} (units B, KB, MB, GB, TB; 1 KB = 1024 bytes).");
            }
            decimal number;
            try
            {
                number = decimal.Parse(m.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                throw new SizeFormatException($"'{text}' is too large.");
            }
            var multiplier = Multiplier(m.Groups["u"].Value);
            decimal bytes;
            try
            {
                bytes = number * multiplier;
            }
            catch (OverflowException)
            {
                throw new SizeFormatException($"'{text}' is too large.");
            }
            return FromDecimal(bytes, text);
        }

        private static decimal Multiplier(string unit)
        {
            if (unit.Length == 0) return 1m;
            switch (char.ToUpperInvariant(unit[0]))
            {
                case 'K': return 1024m;
                case 'M': return 1024m * 1024;
                case 'G': return 1024m * 1024 * 1024;
                case 'T': return 1024m * 1024 * 1024 * 1024;
                case 'P': return 1024m * 1024 * 1024 * 1024 * 1024;
                default: return 1m; // B, byte, bytes
            }
        }

        private static long FromDecimal(decimal bytes, string shown)
        {
            if (bytes < 0) throw new SizeFormatException($"'{shown}' is negative; a size is 0 bytes or more.");
            if (bytes != decimal.Truncate(bytes)) throw new SizeFormatException($"'{shown}' is {bytes.ToString(CultureInfo.InvariantCulture)} bytes, not a whole number of bytes.");
            if (bytes > long.MaxValue) throw new SizeFormatException($"'{shown}' is too large.");
            return (long)bytes;
        }

        /// <summary>"10 MB (10485760 bytes)", "512 bytes": for messages and displays.</summary>
        public static string Format(long bytes)
        {
            string[] units = { "KB", "MB", "GB", "TB", "PB" };
            if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture) + (bytes == 1 ? " byte" : " bytes");
            double value = bytes;
            var unit = -1;
            while (value >= 1024 && unit < units.Length - 1)
            {
                value /= 1024;
                unit++;
            }
            var shown = Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
            return shown + " " + units[unit] + " (" + bytes.ToString(CultureInfo.InvariantCulture) + " bytes)";
        }

        private static object? Unwrap(object? value)
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
