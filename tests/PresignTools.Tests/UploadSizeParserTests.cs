using System;
using PresignTools.Core.Upload;
using Xunit;

namespace PresignTools.Tests
{
    public class UploadSizeParserTests
    {
        [Theory]
        [InlineData("0", 0L)]
        [InlineData("1", 1L)]
        [InlineData("1048576", 1048576L)]
        [InlineData("512KB", 524288L)]
        [InlineData("512 KB", 524288L)]
        [InlineData("512kb", 524288L)]
        [InlineData("512K", 524288L)]
        [InlineData("512KiB", 524288L)]
        [InlineData("10MB", 10485760L)]
        [InlineData("10 MiB", 10485760L)]
        [InlineData("1.5GB", 1610612736L)]
        [InlineData("5GB", 5368709120L)]
        [InlineData("2TB", 2199023255552L)]
        [InlineData("100B", 100L)]
        [InlineData("100 bytes", 100L)]
        [InlineData(" 7 ", 7L)]
        [InlineData("1.5KB", 1536L)]
        public void FriendlySizesAndByteCounts(string text, long expected)
        {
            Assert.Equal(expected, SizeParser.Parse(text));
        }

        [Fact]
        public void NumbersAsPowerShellPassesThem()
        {
            // PowerShell's own 10MB literal is an int, 1.5GB a double, 5GB a long; 7d would be a decimal.
            Assert.Equal(10485760L, SizeParser.Parse(10485760));
            Assert.Equal(1610612736L, SizeParser.Parse(1610612736.0));
            Assert.Equal(5368709120L, SizeParser.Parse(5368709120L));
            Assert.Equal(42L, SizeParser.Parse(42m));
            Assert.Equal(3L, SizeParser.Parse((short)3));
        }

        [Theory]
        [InlineData("10XB", "is not a size")]
        [InlineData("-1", "negative")]
        [InlineData("-5MB", "negative")]
        [InlineData("", "empty")]
        [InlineData("   ", "empty")]
        [InlineData("MB", "is not a size")]
        [InlineData("1,5MB", "is not a size")]
        [InlineData("1.3KB", "not a whole number of bytes")]
        [InlineData("0.5", "not a whole number of bytes")]
        [InlineData("ten", "is not a size")]
        [InlineData("99999999999999999999999999999PB", "too large")]
        public void RefusesWhatIsNotASize(string text, string reason)
        {
            var e = Assert.Throws<SizeFormatException>(() => SizeParser.Parse(text));
            Assert.Contains(reason, e.Message);
            Assert.DoesNotContain("\n", e.Message);
        }

        [Fact]
        public void RefusesNegativeAndFractionalNumbers()
        {
            Assert.Contains("negative", Assert.Throws<SizeFormatException>(() => SizeParser.Parse(-1)).Message);
            Assert.Contains("negative", Assert.Throws<SizeFormatException>(() => SizeParser.Parse(-1.0)).Message);
            Assert.Contains("whole", Assert.Throws<SizeFormatException>(() => SizeParser.Parse(1.25)).Message);
            Assert.Throws<SizeFormatException>(() => SizeParser.Parse(double.NaN));
            Assert.Throws<SizeFormatException>(() => SizeParser.Parse(null));
        }

        [Theory]
        [InlineData(0L, "0 bytes")]
        [InlineData(1L, "1 byte")]
        [InlineData(1023L, "1023 bytes")]
        [InlineData(10485760L, "10 MB (10485760 bytes)")]
        [InlineData(1610612736L, "1.5 GB (1610612736 bytes)")]
        public void FormatsForMessages(long bytes, string expected)
        {
            Assert.Equal(expected, SizeParser.Format(bytes));
        }
    }
}
