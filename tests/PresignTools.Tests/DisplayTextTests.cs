using System;
using System.Collections.Specialized;
using PresignTools.Results;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// DisplayText: the cell text of the format views. The tests run on .NET, where the ellipsis is U+2026
    /// (one character), so a shortened cell is exactly as wide as its column.
    /// </summary>
    public class DisplayTextTests
    {
        private const string E = "\u2026";

        [Fact]
        public void EllipsisIsOneCharacterOnDotNet() => Assert.Equal(E, DisplayText.Ellipsis);

        [Theory]
        [InlineData("", 20, "")]
        [InlineData("a.txt", 20, "a.txt")]
        [InlineData("exactly-twenty-chars", 20, "exactly-twenty-chars")]
        [InlineData("reports/2026/finance/quarterly-financial-statement-final.pdf", 20, E + "statement-final.pdf")]
        [InlineData("abc", 1, E)]
        public void TailKeepsTheEndOfLongText(string text, int width, string expected)
        {
            var shown = DisplayText.Tail(text, width);
            Assert.Equal(expected, shown);
            Assert.True(shown.Length <= Math.Max(width, 1));
        }

        [Fact]
        public void TailTreatsNullAsEmpty() => Assert.Equal(string.Empty, DisplayText.Tail(null, 10));

        [Fact]
        public void UrlThatFitsIsWhole()
        {
            const string url = "https://b.s3.amazonaws.com/k?x=1";
            Assert.Equal(url, DisplayText.Url(url, 48));
        }

        [Fact]
        public void UrlDropsTheQueryStringFirst()
        {
            const string url = "https://b1.s3.us-east-1.amazonaws.com/a.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00";
            var shown = DisplayText.Url(url, 48);
            Assert.Equal("https://b1.s3.us-east-1.amazonaws.com/a.txt?" + E, shown);
            Assert.True(shown.Length <= 48);
        }

        [Fact]
        public void LongPathKeepsItsStartAndEnd()
        {
            var url = "https://bucket1.s3.us-east-1.amazonaws.com/reports/2026/finance/quarterly-financial-statement-final.pdf?X-Amz-Signature=00";
            var shown = DisplayText.Url(url, 48);
            Assert.Equal(48, shown.Length);
            // 47 characters of text around the ellipsis: the first 32 and the last 15 (a third, at most 16).
            Assert.Equal("https://bucket1.s3.us-east-1.ama" + E + "ement-final.pdf", shown);
        }

        [Theory]
        [InlineData(-5, "expired")]
        [InlineData(0, "expired")]
        [InlineData(1, "1s")]
        [InlineData(59, "59s")]
        [InlineData(60, "1m 00s")]
        [InlineData(3599, "59m 59s")]
        [InlineData(3600, "1h 00m")]
        [InlineData(86399, "23h 59m")]
        [InlineData(86400, "1d 00h")]
        [InlineData(604799, "6d 23h")]
        [InlineData(604800, "7d 00h")]
        public void DurationShowsTwoUnits(int seconds, string expected)
            => Assert.Equal(expected, DisplayText.Duration(TimeSpan.FromSeconds(seconds)));

        [Fact]
        public void LocalTimeIsInvariantAndLocal()
        {
            var instant = new DateTimeOffset(2026, 11, 28, 16, 5, 9, TimeSpan.Zero);
            var local = instant.LocalDateTime;
            Assert.Equal(local.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), DisplayText.LocalTime(instant));
            Assert.Equal(local.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), DisplayText.LocalTime(instant, seconds: true));
            Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", DisplayText.LocalTime(instant, true));
        }

        [Theory]
        [InlineData(0L, "0B")]
        [InlineData(1023L, "1023B")]
        [InlineData(1024L, "1KB")]
        [InlineData(1536L, "1.5KB")]
        [InlineData(10L * 1024 * 1024, "10MB")]
        [InlineData(5L * 1024 * 1024 * 1024, "5GB")]
        public void SizeUsesBinaryUnits(long bytes, string expected) => Assert.Equal(expected, DisplayText.Size(bytes));

        [Fact]
        public void SizeRangeSaysAnyWithoutALimit()
        {
            Assert.Equal("any", DisplayText.SizeRange(null, null));
            Assert.Equal("0B..10MB", DisplayText.SizeRange(null, 10L * 1024 * 1024));
            Assert.Equal("1KB..2KB", DisplayText.SizeRange(1024, 2048));
        }

        [Fact]
        public void PairsKeepTheirOrder()
        {
            var d = new OrderedDictionary { { "b", "2" }, { "a", "1" } };
            Assert.Equal("b=2; a=1", DisplayText.Pairs(d, "=", "; "));
            Assert.Equal(string.Empty, DisplayText.Pairs(null, "=", "; "));
            Assert.Equal(string.Empty, DisplayText.Pairs(new OrderedDictionary(), "=", "; "));
        }
    }
}
