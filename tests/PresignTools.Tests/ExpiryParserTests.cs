using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using PresignTools.Core.Expiry;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// ExpiryParser: the accepted spellings of a link lifetime and the SigV4 bounds. Expected values are
    /// plain arithmetic (1 h = 3,600 s, 1 d = 86,400 s) and the SigV4 rule that X-Amz-Expires lies in
    /// 1 .. 604,800 seconds inclusive (S3 API reference, "Authenticating Requests: Using Query Parameters").
    /// </summary>
    public class ExpiryParserTests
    {
        private const int Minute = 60;
        private const int Hour = 60 * Minute;
        private const int Day = 24 * Hour;
        private const int Week = 7 * Day;

        [Fact]
        public void TimeLeftIsWholeSecondsAndZeroOncePassed()
        {
            var left = ExpiryParser.TimeLeft(DateTimeOffset.UtcNow.AddSeconds(90.7));
            Assert.Equal(0, left.Milliseconds);
            Assert.InRange(left.TotalSeconds, 88, 90);
            Assert.Equal(TimeSpan.Zero, ExpiryParser.TimeLeft(DateTimeOffset.UtcNow.AddSeconds(-5)));
            Assert.Equal(TimeSpan.Zero, ExpiryParser.TimeLeft(DateTimeOffset.MinValue));
        }

        [Fact]
        public void BoundsAreOneSecondToSevenDays()
        {
            Assert.Equal(1, ExpiryParser.MinSeconds);
            Assert.Equal(Week, ExpiryParser.MaxSeconds);
        }

        public static IEnumerable<object[]> AcceptedStrings() => new[]
        {
            new object[] { "1h", Hour },
            new object[] { "90m", 90 * Minute },
            new object[] { "1d12h", Day + 12 * Hour },
            new object[] { "45s", 45 },
            new object[] { "7d", Week },
            new object[] { "1.5h", 90 * Minute },
            new object[] { "PT1H", Hour },
            new object[] { "P7D", Week },
            new object[] { "P1DT12H", Day + 12 * Hour },
            new object[] { "3600", Hour },
            new object[] { "01:00:00", Hour },
            new object[] { "1", 1 },
            new object[] { "604800", Week },
            new object[] { "000000060", 60 },
            new object[] { "  2h  ", 2 * Hour },
            new object[] { "1H", Hour },
            new object[] { "pt15m", 15 * Minute },
            new object[] { "PT1M30S", 90 },
            new object[] { "PT604800S", Week },
            new object[] { "P1W", Week },
            new object[] { "PT0.5M", 30 },
            new object[] { "PT1,5H", 90 * Minute },        // ISO 8601 allows a comma as the decimal sign
            new object[] { "1d 2h 3m 4s", Day + 2 * Hour + 3 * Minute + 4 },
            new object[] { "6d23h59m59s", Week - 1 },
            new object[] { "2 hours", 2 * Hour },
            new object[] { "30 min", 30 * Minute },
            new object[] { "10 seconds", 10 },
            new object[] { "1 day", Day },
            new object[] { "0.5d", 12 * Hour },
            new object[] { "1.00:00:00", Day },
            new object[] { "0:00:01", 1 },
            new object[] { "23:59:59", Day - 1 },
        };

        [Theory]
        [MemberData(nameof(AcceptedStrings))]
        public void AcceptedStringForms(string text, int expectedSeconds)
        {
            Assert.Equal(expectedSeconds, ExpiryParser.ParseSeconds(text));
        }

        public static IEnumerable<object[]> AcceptedObjects() => new[]
        {
            new object[] { 3600, Hour },
            new object[] { 3600L, Hour },
            new object[] { 3600.0, Hour },
            new object[] { 3600f, Hour },
            new object[] { (short)60, 60 },
            new object[] { 60u, 60 },
            new object[] { 1, 1 },
            new object[] { 604800, Week },
            new object[] { 604800L, Week },
            new object[] { 604800.0, Week },
        };

        [Theory]
        [MemberData(nameof(AcceptedObjects))]
        public void AcceptedNumbers(object value, int expectedSeconds)
        {
            Assert.Equal(expectedSeconds, ExpiryParser.ParseSeconds(value));
        }

        [Fact]
        public void TimeSpansAreTheirTotalSeconds()
        {
            Assert.Equal(Hour, ExpiryParser.ParseSeconds(TimeSpan.FromHours(1)));
            Assert.Equal(Week, ExpiryParser.ParseSeconds(TimeSpan.FromDays(7)));
            Assert.Equal(1, ExpiryParser.ParseSeconds(TimeSpan.FromSeconds(1)));
            Assert.Equal(Day + 2 * Hour + 3 * Minute + 4, ExpiryParser.ParseSeconds(new TimeSpan(1, 2, 3, 4)));
        }

        // PowerShell reads an unquoted 7d as the [decimal] literal 7 ('d' is its decimal suffix), so a decimal is days.
        [Theory]
        [InlineData("7", Week)]
        [InlineData("1", Day)]
        [InlineData("1.5", Day + 12 * Hour)]
        [InlineData("0.5", 12 * Hour)]
        [InlineData("0.25", 6 * Hour)]
        public void DecimalsAreDays(string days, int expectedSeconds)
        {
            var value = decimal.Parse(days, CultureInfo.InvariantCulture);
            Assert.Equal(expectedSeconds, ExpiryParser.ParseSeconds(value));
        }

        [Theory]
        [InlineData("8")]
        [InlineData("0")]
        [InlineData("-1")]
        [InlineData("7.0001")]
        [InlineData("0.00000001")]
        public void DecimalDaysOutsideTheRangeOrNotWholeSecondsAreRefused(string days)
        {
            var value = decimal.Parse(days, CultureInfo.InvariantCulture);
            AssertRefused(() => ExpiryParser.ParseSeconds(value));
        }

        [Fact]
        public void DecimalRefusalSaysDays()
        {
            var e = AssertRefused(() => ExpiryParser.ParseSeconds(8m));
            Assert.Contains("8d", e.Message);
        }

        public static IEnumerable<object[]> RefusedStrings() => new[]
        {
            new object[] { "0" },
            new object[] { "-5" },
            new object[] { "604801" },
            new object[] { "8d" },
            new object[] { "7d1s" },
            new object[] { "1x" },
            new object[] { "" },
            new object[] { "   " },
            new object[] { "\t" },
            new object[] { "P" },
            new object[] { "PT" },
            new object[] { "P1DT" },
            new object[] { "PT0S" },
            new object[] { "0s" },
            new object[] { "0h0m0s" },
            new object[] { "1.5s" },          // not whole seconds
            new object[] { "PT0.5S" },
            new object[] { "0.5" },
            new object[] { "3600.5" },
            new object[] { "1e3" },
            new object[] { "+3600" },
            new object[] { "-1h" },
            new object[] { "h" },
            new object[] { "1h1h" },
            new object[] { "9999999999" },
            new object[] { "99999999999999999999999999999" },
            new object[] { "P99999999999999999999D" },
            new object[] { "2w" },
            new object[] { "P2W" },
            new object[] { "00:00:00" },
            new object[] { "8.00:00:00" },
            new object[] { "1:2:3:4:5" },
            new object[] { "one hour" },
            new object[] { "1 fortnight" },
        };

        [Theory]
        [MemberData(nameof(RefusedStrings))]
        public void RefusedStringsThrowExpiryFormatException(string text)
        {
            AssertRefused(() => ExpiryParser.ParseSeconds(text));
        }

        public static IEnumerable<object?[]> RefusedObjects() => new[]
        {
            new object?[] { null },
            new object?[] { 0 },
            new object?[] { -5 },
            new object?[] { 604801 },
            new object?[] { 604801L },
            new object?[] { long.MaxValue },
            new object?[] { int.MinValue },
            new object?[] { double.NaN },
            new object?[] { double.PositiveInfinity },
            new object?[] { double.NegativeInfinity },
            new object?[] { 0.5 },
            new object?[] { 1.5 },
            new object?[] { 3600.25 },
            new object?[] { 604800.5 },
            new object?[] { 1e300 },
            new object?[] { float.NaN },
            new object?[] { 0.5f },
            new object?[] { (short)0 },
            new object?[] { 0u },
            new object?[] { true },
            new object?[] { 'x' },
            new object?[] { new object() },
            new object?[] { new[] { 1, 2 } },
            new object?[] { new DateTime(2030, 1, 1) },
        };

        [Theory]
        [MemberData(nameof(RefusedObjects))]
        public void RefusedValuesThrowExpiryFormatException(object? value)
        {
            AssertRefused(() => ExpiryParser.ParseSeconds(value));
        }

        [Fact]
        public void RefusedTimeSpans()
        {
            AssertRefused(() => ExpiryParser.ParseSeconds(TimeSpan.Zero));
            AssertRefused(() => ExpiryParser.ParseSeconds(TimeSpan.FromSeconds(-1)));
            AssertRefused(() => ExpiryParser.ParseSeconds(TimeSpan.FromMilliseconds(1500)));
            AssertRefused(() => ExpiryParser.ParseSeconds(TimeSpan.FromMilliseconds(500)));
            AssertRefused(() => ExpiryParser.ParseSeconds(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1)));
            AssertRefused(() => ExpiryParser.ParseSeconds(TimeSpan.MaxValue));
        }

        [Fact]
        public void BoundsAreInclusive()
        {
            Assert.Equal(1, ExpiryParser.ParseSeconds(1));
            Assert.Equal(1, ExpiryParser.ParseSeconds("1s"));
            Assert.Equal(Week, ExpiryParser.ParseSeconds(Week));
            Assert.Equal(Week, ExpiryParser.ParseSeconds("168h"));
            Assert.Equal(Week, ExpiryParser.ParseSeconds("10080m"));
            AssertRefused(() => ExpiryParser.ParseSeconds(0));
            AssertRefused(() => ExpiryParser.ParseSeconds(Week + 1));
            AssertRefused(() => ExpiryParser.ParseSeconds("168h1s"));
            AssertRefused(() => ExpiryParser.ParseSeconds("10081m"));
        }

        [Fact]
        public void MessagesNameTheRangeAndStayShortForHugeInput()
        {
            var e = AssertRefused(() => ExpiryParser.ParseSeconds("604801"));
            Assert.Contains("604800", e.Message);

            var huge = new string('x', 100_000);
            e = AssertRefused(() => ExpiryParser.ParseSeconds(huge));
            Assert.True(e.Message.Length < 400, "message length " + e.Message.Length);
        }

        [Fact]
        public void ControlCharactersInTheInputDoNotBreakTheMessageLine()
        {
            foreach (var text in new[] { "x\ny", "x\r\ny", "x\ry", "bad\u0085value", "\u001b[31mred", "1x\n\n\n" })
            {
                var e = AssertRefused(() => ExpiryParser.ParseSeconds(text));
                AssertOneLine(e.Message);
            }
        }

        [Fact]
        public void UnicodeLineSeparatorsDoNotBreakTheMessageLine()
        {
            foreach (var text in new[] { "x\u2028y", "x\u2029y" })
            {
                var e = AssertRefused(() => ExpiryParser.ParseSeconds(text));
                AssertOneLine(e.Message);
            }
        }

        [Fact]
        public void FormatWritesTheShortForm()
        {
            // Expected strings follow from the documented unit order d, h, m, s with zero parts left out.
            Assert.Equal("1h", ExpiryParser.Format(Hour));
            Assert.Equal("7d", ExpiryParser.Format(Week));
            Assert.Equal("1d12h", ExpiryParser.Format(Day + 12 * Hour));
            Assert.Equal("1d1h1m1s", ExpiryParser.Format(Day + Hour + Minute + 1));
            Assert.Equal("1s", ExpiryParser.Format(1));
            Assert.Equal("59m59s", ExpiryParser.Format(Hour - 1));
        }

        [Fact]
        public void FormatThenParseRoundTripsForRandomSeconds()
        {
            var random = new Random(20240607);
            var values = new List<int> { 1, 59, 60, 61, 3599, 3600, 3601, 86399, 86400, 86401, 604799, 604800 };
            while (values.Count < 2000 + 12) values.Add(random.Next(ExpiryParser.MinSeconds, ExpiryParser.MaxSeconds + 1));

            var failures = new List<string>();
            foreach (var x in values)
            {
                var text = ExpiryParser.Format(x);
                if (text.Any(c => !(char.IsAsciiDigit(c) || c == 'd' || c == 'h' || c == 'm' || c == 's'))) failures.Add($"{x}: '{text}' has other characters");
                try
                {
                    var back = ExpiryParser.ParseSeconds(text);
                    if (back != x) failures.Add($"{x}: '{text}' -> {back}");
                }
                catch (Exception e)
                {
                    failures.Add($"{x}: '{text}' -> {e.GetType().Name}: {e.Message}");
                }
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        }

        // ---- fuzzing -------------------------------------------------------------------------------

        private static readonly string[] Seeds =
        {
            "1h", "90m", "1d12h", "45s", "7d", "1.5h", "PT1H", "P7D", "P1DT12H", "3600", "01:00:00", "1.00:00:00",
            "P1W", "PT1,5H", "2 hours", "30 min", "604800", "0:00:01", "1d 2h 3m 4s", "PT1M30S",
        };

        private const string AsciiAlphabet = "0123456789.,:;+-_ \t\r\nPTWDHMSpwtdhms1234567890eEinutorsaxyz/\\%'\"()[]{}*?#@!&|<>~^`=$";

        // Characters .NET's \d also matches (Unicode Nd), which int/double parsing with the invariant culture does not read.
        private const string UnicodeDigits = "\u0663\u0665\u06F1\u0967\u09E6\uFF11\uFF19\u0E51\u1811";

        private const string OtherUnicode = "\u00e9\u00a0\u2003\u200b\ufeff\u2028\u0085\u00bd\u2155\u00b2\u2460\u216b\u4e00\u0130\u0131\u212a\uff28\uff54";

        private static string RandomString(Random random, string alphabet, int maxLength)
        {
            var length = random.Next(0, maxLength + 1);
            var sb = new StringBuilder(length);
            for (var i = 0; i < length; i++)
            {
                var roll = random.Next(100);
                if (roll < 2) sb.Append((char)random.Next(0xD800, 0xE000));          // lone or paired surrogates
                else if (roll < 5) sb.Append((char)random.Next(0, 0x10000));
                else sb.Append(alphabet[random.Next(alphabet.Length)]);
            }
            return sb.ToString();
        }

        private static string Mutate(Random random, string seed, string alphabet)
        {
            var sb = new StringBuilder(seed);
            var edits = random.Next(1, 4);
            for (var e = 0; e < edits; e++)
            {
                var pos = sb.Length == 0 ? 0 : random.Next(sb.Length + 1);
                switch (random.Next(6))
                {
                    case 0: sb.Insert(pos, alphabet[random.Next(alphabet.Length)]); break;
                    case 1: if (pos < sb.Length) sb.Remove(pos, 1); break;
                    case 2: if (pos < sb.Length) sb[pos] = alphabet[random.Next(alphabet.Length)]; break;
                    case 3: sb.Append(sb.ToString()); break;                                          // duplicate
                    case 4: sb.Insert(pos, new string('9', random.Next(1, 30))); break;               // big numbers
                    default: sb.Insert(pos, seed); break;
                }
            }
            return sb.ToString();
        }

        private static List<string> FuzzInputs(int seed, string alphabet, bool unicodeDigits)
        {
            var random = new Random(seed);
            var inputs = new List<string>(5000);
            for (var i = 0; i < 5000; i++)
            {
                inputs.Add(i % 2 == 0
                    ? RandomString(random, alphabet, 24)
                    : Mutate(random, Seeds[random.Next(Seeds.Length)], alphabet));
                if (!unicodeDigits)
                {
                    // Keep non-ASCII decimal digits (Unicode Nd) out of this run; they have their own (skipped) test.
                    var chars = inputs[i].ToCharArray();
                    for (var j = 0; j < chars.Length; j++)
                    {
                        if (chars[j] > 0x7F && char.GetUnicodeCategory(chars[j]) == UnicodeCategory.DecimalDigitNumber) chars[j] = 'x';
                    }
                    inputs[i] = new string(chars);
                }
            }
            return inputs;
        }

        private static void AssertFuzzClean(IEnumerable<string> inputs)
        {
            var failures = new List<string>();
            foreach (var text in inputs)
            {
                try
                {
                    var seconds = ExpiryParser.ParseSeconds(text);
                    if (seconds < ExpiryParser.MinSeconds || seconds > ExpiryParser.MaxSeconds) failures.Add($"{Show(text)} -> {seconds} (out of range)");
                }
                catch (ExpiryFormatException e) when (e.GetType() == typeof(ExpiryFormatException))
                {
                    if (string.IsNullOrWhiteSpace(e.Message) || e.Message.IndexOfAny(new[] { '\r', '\n' }) >= 0) failures.Add($"{Show(text)} -> message not one line");
                }
                catch (Exception e)
                {
                    failures.Add($"{Show(text)} -> {e.GetType().FullName}: {e.Message}");
                }
            }
            Assert.True(failures.Count == 0, failures.Count + " inputs misbehaved, e.g.:\n" + string.Join("\n", failures.Take(15)));
        }

        [Fact]
        public void FuzzedStringsOnlyEverThrowExpiryFormatException()
        {
            AssertFuzzClean(FuzzInputs(421337, AsciiAlphabet + OtherUnicode, unicodeDigits: false));
        }

        [Fact]
        public void FuzzedStringsWithUnicodeDigitsOnlyEverThrowExpiryFormatException()
        {
            AssertFuzzClean(FuzzInputs(421337, AsciiAlphabet + OtherUnicode + UnicodeDigits, unicodeDigits: true));
        }

        [Fact]
        public void UnicodeDigitsAreRefusedWithExpiryFormatException()
        {
            foreach (var text in new[] { "\u0663h", "\uFF11h", "P\u0967D", "PT\u0665M", "1\u0663m" })
            {
                AssertRefused(() => ExpiryParser.ParseSeconds(text));
            }
        }

        // ---- helpers -------------------------------------------------------------------------------

        private static ExpiryFormatException AssertRefused(Func<int> parse)
        {
            int result = 0;
            Exception? thrown = null;
            try
            {
                result = parse();
            }
            catch (Exception e)
            {
                thrown = e;
            }
            Assert.True(thrown != null, "expected ExpiryFormatException, got the value " + result);
            var e2 = Assert.IsType<ExpiryFormatException>(thrown);
            Assert.False(string.IsNullOrWhiteSpace(e2.Message));
            AssertOneLine(e2.Message);
            return e2;
        }

        private static void AssertOneLine(string message)
        {
            foreach (var c in message)
            {
                Assert.False(c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\u000b' || c == '\u000c',
                    $"message has a line break U+{(int)c:X4}: {Show(message)}");
            }
        }

        private static string Show(string s)
        {
            var sb = new StringBuilder("\"");
            foreach (var c in s.Length > 80 ? s.Substring(0, 80) : s)
            {
                if (c < 0x20 || c > 0x7E) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.Append(s.Length > 80 ? "…\"" : "\"").ToString();
        }
    }
}
