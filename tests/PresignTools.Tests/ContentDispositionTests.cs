using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PresignTools.Core.Input;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// The "attachment" Content-Disposition for -DownloadFileName, checked against RFC 6266 (filename="…" as a
    /// quoted-string fallback, filename* for the real name) and RFC 8187 / RFC 5987 (ext-value: UTF-8''
    /// followed by attr-chars and %XX pct-encoded UTF-8 bytes).
    /// </summary>
    public class ContentDispositionTests
    {
        // RFC 5987 §3.2.1: attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
        private static readonly Regex Header = new Regex(
            "^attachment; filename=\"(?<fallback>[^\"\\\\]*)\"(?:; filename\\*=UTF-8''(?<ext>(?:[A-Za-z0-9!#$&+\\-.^_`|~]|%[0-9A-F]{2})*))?$",
            RegexOptions.CultureInvariant);

        private sealed class Parsed
        {
            public string Fallback = "";
            public string? Extended;
        }

        private static Parsed Parse(string header)
        {
            foreach (var c in header)
            {
                Assert.True(c >= 0x20 && c <= 0x7E, $"header has U+{(int)c:X4}, which is not printable ASCII: {header}");
            }
            var m = Header.Match(header);
            Assert.True(m.Success, "not an RFC 6266 attachment header with an RFC 8187 ext-value: " + header);
            return new Parsed
            {
                Fallback = m.Groups["fallback"].Value,
                Extended = m.Groups["ext"].Success ? m.Groups["ext"].Value : null,
            };
        }

        /// <summary>The name a recipient reads: filename* when present (RFC 6266 §4.3), else filename.</summary>
        private static string Recovered(Parsed p) => p.Extended != null ? Uri.UnescapeDataString(p.Extended) : p.Fallback;

        [Theory]
        [InlineData("report.pdf")]
        [InlineData("EURO rates.txt")]
        [InlineData("a-b_c~d!e#f$g&h+i.j^k`l|m")]
        [InlineData("semi;colon,comma=equals.txt")]
        [InlineData("paren(1) [2] {3}.txt")]
        [InlineData("'single quotes'.txt")]
        [InlineData("x")]
        public void PrintableAsciiNamesUseOnlyTheQuotedForm(string name)
        {
            var header = ContentDisposition.Attachment(name);
            Assert.Equal("attachment; filename=\"" + name + "\"", header);
            var p = Parse(header);
            Assert.Null(p.Extended);
            Assert.Equal(name, p.Fallback);
        }

        [Theory]
        [InlineData("say \"hi\".txt", "say _hi_.txt")]
        [InlineData("back\\slash.txt", "back_slash.txt")]
        [InlineData("100%.txt", "100_.txt")]
        [InlineData("%41.txt", "_41.txt")]               // must not be read as an already-encoded 'A'
        [InlineData("\"\\%", "___")]
        public void QuotesBackslashAndPercentGetTheExtendedForm(string name, string expectedFallback)
        {
            var p = Parse(ContentDisposition.Attachment(name));
            Assert.Equal(expectedFallback, p.Fallback);
            Assert.NotNull(p.Extended);
            Assert.Equal(name, Uri.UnescapeDataString(p.Extended!));
        }

        [Fact]
        public void PercentIsEncodedAsPercent25()
        {
            var p = Parse(ContentDisposition.Attachment("100%.txt"));
            Assert.Equal("100%25.txt", p.Extended);
        }

        [Fact]
        public void EuroExampleFromRfc6266()
        {
            // RFC 6266 §5: attachment; filename="EURO rates"; filename*=utf-8''%e2%82%ac%20rates
            var p = Parse(ContentDisposition.Attachment("\u20ac rates"));
            Assert.Equal("%e2%82%ac%20rates", p.Extended!, ignoreCase: true);
            Assert.Equal("\u20ac rates", Recovered(p));
            Assert.Equal("_ rates", p.Fallback);
        }

        [Theory]
        [InlineData("caf\u00e9.txt", "cafe.txt")]                           // NFC é
        [InlineData("cafe\u0301.txt", "cafe.txt")]                          // NFD e + COMBINING ACUTE
        [InlineData("na\u00efve r\u00e9sum\u00e9.pdf", "naive resume.pdf")]
        [InlineData("\u00c5ngstr\u00f6m.txt", "Angstrom.txt")]
        [InlineData("\u00c7a \u00e7a.doc", "Ca ca.doc")]
        [InlineData("Cr\u00e8me br\u00fbl\u00e9e.txt", "Creme brulee.txt")]
        [InlineData("\u0179d\u017ab\u0142o.txt", "Zdzb_o.txt")]              // ł has no decomposition
        public void AccentsAreDroppedInTheFallback(string name, string expectedFallback)
        {
            var p = Parse(ContentDisposition.Attachment(name));
            Assert.Equal(expectedFallback, p.Fallback);
            Assert.NotNull(p.Extended);
            Assert.Equal(name, Uri.UnescapeDataString(p.Extended!));
        }

        [Fact]
        public void ExtendedFormKeepsTheNameUnnormalised()
        {
            const string nfd = "cafe\u0301.txt";
            var p = Parse(ContentDisposition.Attachment(nfd));
            Assert.Equal("cafe%CC%81.txt", p.Extended);
            Assert.Equal(nfd, Uri.UnescapeDataString(p.Extended!), StringComparer.Ordinal);

            const string nfc = "caf\u00e9.txt";
            p = Parse(ContentDisposition.Attachment(nfc));
            Assert.Equal("caf%C3%A9.txt", p.Extended);
        }

        [Theory]
        [InlineData("\U0001F600.txt", "_.txt")]                                          // one emoji, one surrogate pair
        [InlineData("party \U0001F389\U0001F38A.zip", "party __.zip")]
        [InlineData("\u5831\u544a.pdf", "__.pdf")]                                       // 報告 (CJK)
        [InlineData("\u65e5\u672c\u8a9e\u306e\u30d5\u30a1\u30a4\u30eb.txt", "________.txt")]
        [InlineData("\u05e9\u05dc\u05d5\u05dd.txt", "____.txt")]                          // Hebrew
        [InlineData("\u0416\u0443\u0440\u043d\u0430\u043b.doc", "______.doc")]            // Cyrillic
        [InlineData("\U00020B9F.txt", "_.txt")]                                          // CJK ext. B, astral
        public void NonLatinNamesFallBackToUnderscores(string name, string expectedFallback)
        {
            var p = Parse(ContentDisposition.Attachment(name));
            Assert.Equal(expectedFallback, p.Fallback);
            Assert.NotNull(p.Extended);
            Assert.Equal(name, Uri.UnescapeDataString(p.Extended!), StringComparer.Ordinal);
            Assert.Equal(Encoding.UTF8.GetBytes(name), DecodeBytes(p.Extended!));
        }

        [Theory]
        [InlineData("line\r\nbreak.txt")]
        [InlineData("Content-Type: text/html\r\n\r\n<script>.txt")]
        [InlineData("tab\there.txt")]
        [InlineData("nul\u0000.txt")]
        [InlineData("del\u007f.txt")]
        [InlineData("nel\u0085.txt")]
        [InlineData("ls\u2028ps\u2029.txt")]
        public void ControlCharactersNeverReachTheHeader(string name)
        {
            var header = ContentDisposition.Attachment(name);
            var p = Parse(header);                       // asserts printable ASCII, so no CR/LF injection
            Assert.NotNull(p.Extended);
            Assert.Equal(name, Uri.UnescapeDataString(p.Extended!));
        }

        [Fact]
        public void RandomNamesAlwaysGiveAnAsciiHeaderThatDecodesToTheName()
        {
            var random = new Random(6266);
            var pool = "abcXYZ019 ._-~!#$&+^`|'\"\\%;,=()[]{}<>@:/?*\t\r\n\u00e9\u00fc\u00f1\u0301\u0308\u20ac\u4e2d\u6587\u05d0\u0627\u0416\u00a0\u200b\ufeff\u2028".ToCharArray();
            var astral = new[] { "\U0001F600", "\U0001F469\u200D\U0001F4BB", "\U00020B9F", "\U0001D11E" };
            for (var n = 0; n < 1000; n++)
            {
                var sb = new StringBuilder();
                var length = random.Next(1, 20);
                for (var i = 0; i < length; i++)
                {
                    if (random.Next(8) == 0) sb.Append(astral[random.Next(astral.Length)]);
                    else sb.Append(pool[random.Next(pool.Length)]);
                }
                var name = sb.ToString();
                var p = Parse(ContentDisposition.Attachment(name));
                Assert.Equal(name, Recovered(p));
                Assert.DoesNotContain('"', p.Fallback);
                Assert.DoesNotContain('\\', p.Fallback);
                var needsExtended = name.Any(c => c < 0x20 || c > 0x7E || c == '"' || c == '\\' || c == '%');
                Assert.Equal(needsExtended, p.Extended != null);
                if (!needsExtended) Assert.Equal(name, p.Fallback);
            }
        }

        // U+FFFE is a noncharacter but a valid Unicode scalar value (UTF-8 EF BF BE); S3 keys and file names may hold it.
        [Fact]
        public void NoncharacterUFFFEIsEncodedNotThrown()
        {
            var name = "odd\ufffe.txt";
            var p = Parse(ContentDisposition.Attachment(name));
            Assert.Equal("%EF%BF%BE", p.Extended!.Substring(3, 9));
            Assert.Equal(name, Uri.UnescapeDataString(p.Extended!));
        }

        [Fact]
        public void FallbackHasOneCharacterPerUserPerceivedBaseCharacter()
        {
            // An accent is dropped, an astral character is one '_' (not two, one per UTF-16 unit).
            Assert.Equal("e", ContentDisposition.AsciiFallback("\u00e9"));
            Assert.Equal("e", ContentDisposition.AsciiFallback("e\u0301"));
            Assert.Equal("_", ContentDisposition.AsciiFallback("\U0001F600"));
            Assert.Equal("a_b", ContentDisposition.AsciiFallback("a\U0001F600b"));
        }

        private static byte[] DecodeBytes(string ext)
        {
            var bytes = new List<byte>();
            for (var i = 0; i < ext.Length; i++)
            {
                if (ext[i] == '%') { bytes.Add(Convert.ToByte(ext.Substring(i + 1, 2), 16)); i += 2; }
                else bytes.Add((byte)ext[i]);
            }
            return bytes.ToArray();
        }
    }
}
