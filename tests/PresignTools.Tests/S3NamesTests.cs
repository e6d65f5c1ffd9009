using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PresignTools.Core;
using PresignTools.Core.Validation;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// Bucket names against https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    /// (general purpose buckets) and object keys against "Naming Amazon S3 objects" (UTF-8, at most 1,024 bytes).
    /// </summary>
    public class S3NamesTests
    {
        // ---- bucket names: valid -------------------------------------------------------------------

        [Theory]
        [InlineData("abc")]                          // minimum length 3
        [InlineData("a1b")]
        [InlineData("123")]                          // digits only, begins and ends with a digit
        [InlineData("docexamplebucket1")]            // examples from the naming rules page
        [InlineData("log-delivery-march-2020")]
        [InlineData("my-hosted-content")]
        [InlineData("docexamplewebsite.com")]
        [InlineData("www.docexamplewebsite.com")]
        [InlineData("my.example.s3.bucket")]
        [InlineData("my--bucket")]                   // adjacent hyphens are allowed
        [InlineData("a.b.c.d.e")]
        [InlineData("1.2.3")]                        // three parts: not IP-shaped
        [InlineData("1.2.3.4.5")]                    // five parts: not IP-shaped
        [InlineData("192.168.5.4a")]
        [InlineData("xn-bucket")]                    // only "xn--" is reserved
        [InlineData("sthree")]
        [InlineData("amzn-s3-demo")]
        [InlineData("bucket-s3alias-not")]
        [InlineData("bucket-ol-s3")]
        [InlineData("bucket.mrap.x")]
        [InlineData("bucket-x-s3")]
        [InlineData("bucket-table-s3")]
        [InlineData("arnbucket")]
        public void ValidBucketNames(string name)
        {
            Assert.Null(S3Names.CheckBucketName(name));
            Assert.True(S3Names.IsDnsCompatibleBucketName(name));
            Assert.Null(S3Names.CheckBucketName(name, allowLegacy: true));
        }

        [Fact]
        public void LengthLimitsAreThreeAndSixtyThree()
        {
            Assert.NotNull(S3Names.CheckBucketName("ab"));
            Assert.Null(S3Names.CheckBucketName("abc"));
            Assert.Null(S3Names.CheckBucketName(new string('a', 63)));
            Assert.NotNull(S3Names.CheckBucketName(new string('a', 64)));
            Assert.Null(S3Names.CheckBucketName("a" + new string('-', 61) + "z"));
            Assert.NotNull(S3Names.CheckBucketName(new string('a', 1000)));
            Assert.Contains("64", S3Names.CheckBucketName(new string('a', 64)));
        }

        // ---- bucket names: refused -----------------------------------------------------------------

        [Theory]
        [InlineData("", "empty")]
        [InlineData("a", "3 to 63")]
        [InlineData("ab", "3 to 63")]
        [InlineData("My-bucket", "lower-case")]             // upper case
        [InlineData("myBucket", "lower-case")]
        [InlineData("my_bucket", "lower-case")]             // underscore
        [InlineData("my bucket", "lower-case")]
        [InlineData("my/bucket", "lower-case")]
        [InlineData("my:bucket", "lower-case")]
        [InlineData("bücket", "lower-case")]
        [InlineData("bucket\u0000", "lower-case")]
        [InlineData("-bucket", "begins and ends")]
        [InlineData("bucket-", "begins and ends")]
        [InlineData(".bucket", "begins and ends")]
        [InlineData("bucket.", "begins and ends")]
        [InlineData("my..bucket", "adjacent")]
        [InlineData("a..b", "adjacent")]
        [InlineData("192.168.5.4", "IP address")]            // the example on the naming rules page
        [InlineData("10.0.0.1", "IP address")]
        [InlineData("255.255.255.255", "IP address")]
        [InlineData("1.1.1.1", "IP address")]
        [InlineData("xn--bucket", "xn--")]
        [InlineData("xn--a", "xn--")]
        [InlineData("sthree-bucket", "sthree-")]
        [InlineData("sthree-configurator", "sthree-")]
        [InlineData("amzn-s3-demo-bucket", "amzn-s3-demo-")]
        [InlineData("bucket-s3alias", "-s3alias")]
        [InlineData("bucket--ol-s3", "--ol-s3")]
        [InlineData("bucket.mrap", ".mrap")]
        [InlineData("bucket--x-s3", "--x-s3")]
        [InlineData("bucket--usw2-az1--x-s3", "--x-s3")]
        [InlineData("bucket--table-s3", "--table-s3")]
        public void RefusedBucketNamesSayWhy(string name, string reasonFragment)
        {
            var problem = S3Names.CheckBucketName(name);
            Assert.NotNull(problem);
            Assert.Contains(reasonFragment, problem!, StringComparison.OrdinalIgnoreCase);
            Assert.False(S3Names.IsDnsCompatibleBucketName(name));
        }

        [Fact]
        public void NullIsRefused()
        {
            Assert.NotNull(S3Names.CheckBucketName(null));
            Assert.NotNull(S3Names.CheckBucketName(null, allowLegacy: true));
        }

        [Theory]
        [InlineData("arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point")]
        [InlineData("arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01ac5d28a6a232904/accesspoint/example")]
        [InlineData("arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/my-olap")]
        [InlineData("arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap")]
        [InlineData("ARN:aws:s3:us-west-2:123456789012:accesspoint/x")]
        public void ArnsAreRefusedAsArns(string arn)
        {
            var problem = S3Names.CheckBucketName(arn);
            Assert.NotNull(problem);
            Assert.Contains("ARN", problem!);
            Assert.NotNull(S3Names.CheckBucketName(arn, allowLegacy: true));
        }

        [Fact]
        public void ReservedSuffixesAndPrefixesDoNotMatchElsewhere()
        {
            Assert.Null(S3Names.CheckBucketName("my-xn--bucket"));
            Assert.Null(S3Names.CheckBucketName("my-sthree-bucket"));
            Assert.Null(S3Names.CheckBucketName("my-amzn-s3-demo-bucket"));
            Assert.Null(S3Names.CheckBucketName("a-s3alias-b"));
            Assert.Null(S3Names.CheckBucketName("a--ol-s3-b"));
            Assert.Null(S3Names.CheckBucketName("a.mrap.b"));
            Assert.Null(S3Names.CheckBucketName("a--x-s3-b"));
            Assert.Null(S3Names.CheckBucketName("a--table-s3-b"));
        }

        // ---- legacy names ---------------------------------------------------------------------------

        [Theory]
        [InlineData("My_Bucket")]
        [InlineData("UPPER")]
        [InlineData("a_b")]
        [InlineData("Bucket.With.Dots_And-Dashes")]
        [InlineData("-leading-dash")]
        public void LegacyNamesPassOnlyInLegacyMode(string name)
        {
            Assert.NotNull(S3Names.CheckBucketName(name));
            Assert.Null(S3Names.CheckBucketName(name, allowLegacy: true));
        }

        [Fact]
        public void LegacyNamesHaveAtMost255Characters()
        {
            Assert.Null(S3Names.CheckBucketName(new string('A', 255), allowLegacy: true));
            Assert.NotNull(S3Names.CheckBucketName(new string('A', 256), allowLegacy: true));
            Assert.Contains("255", S3Names.CheckBucketName(new string('A', 256), allowLegacy: true));
        }

        [Theory]
        [InlineData("")]
        [InlineData("my bucket")]
        [InlineData("my/bucket")]
        [InlineData("bücket")]
        [InlineData("bucket?")]
        [InlineData("bucket%20")]
        [InlineData("tab\tbucket")]
        public void LegacyModeStillRefusesCharactersOutsideItsSet(string name)
        {
            Assert.NotNull(S3Names.CheckBucketName(name, allowLegacy: true));
        }

        // ---- keys ----------------------------------------------------------------------------------

        private const string TwoByte = "\u00e9";          // é, U+00E9: 2 bytes of UTF-8
        private const string ThreeByte = "\u20ac";        // €, U+20AC: 3 bytes
        private const string FourByte = "\U0001F600";     // 😀, U+1F600: 4 bytes (a surrogate pair)

        public static IEnumerable<object[]> KeysAtTheLimit()
        {
            // (description, key of exactly 1,024 bytes, key of 1,025 bytes)
            yield return new object[] { "1-byte", new string('a', 1024), new string('a', 1025) };
            yield return new object[] { "2-byte", Repeat(TwoByte, 512), Repeat(TwoByte, 512) + "a" };
            yield return new object[] { "2-byte last", new string('a', 1022) + TwoByte, new string('a', 1023) + TwoByte };
            yield return new object[] { "3-byte", Repeat(ThreeByte, 341) + "a", Repeat(ThreeByte, 341) + "aa" };
            yield return new object[] { "3-byte last", new string('a', 1021) + ThreeByte, new string('a', 1022) + ThreeByte };
            yield return new object[] { "4-byte", Repeat(FourByte, 256), Repeat(FourByte, 256) + "a" };
            yield return new object[] { "4-byte last", new string('a', 1020) + FourByte, new string('a', 1021) + FourByte };
            yield return new object[] { "mixed", Repeat("a" + TwoByte + ThreeByte + FourByte, 102) + "abcd", Repeat("a" + TwoByte + ThreeByte + FourByte, 102) + "abcde" };
            yield return new object[] { "slashes", new string('/', 1024), new string('/', 1025) };
        }

        [Theory]
        [MemberData(nameof(KeysAtTheLimit))]
        public void KeysOfAtMost1024Utf8BytesAreAccepted(string what, string fits, string tooLong)
        {
            Assert.Equal(1024, Encoding.UTF8.GetByteCount(fits));
            Assert.Equal(1025, Encoding.UTF8.GetByteCount(tooLong));
            Assert.True(S3Names.CheckKey(fits) == null, what + ": 1024 bytes must pass");
            var problem = S3Names.CheckKey(tooLong);
            Assert.True(problem != null, what + ": 1025 bytes must be refused");
            Assert.Contains("1025", problem!);
            Assert.Contains("1024", problem!);
        }

        [Fact]
        public void EmptyKeyIsRefused()
        {
            Assert.NotNull(S3Names.CheckKey(""));
            Assert.NotNull(S3Names.CheckKey(null));
        }

        [Theory]
        [InlineData(" ")]
        [InlineData("/")]
        [InlineData(".")]
        [InlineData("..")]
        [InlineData("a\u0000b")]
        [InlineData("\t")]
        [InlineData("\uFFFF")]
        [InlineData("\uFEFF")]
        [InlineData("\U0010FFFF")]
        public void UnusualButValidKeysAreAccepted(string key)
        {
            Assert.Null(S3Names.CheckKey(key));
        }

        // Built in code: xunit's theory serialisation would replace lone surrogates with U+FFFD.
        private static readonly string[] LoneSurrogateKeys =
        {
            "a\uD83D",               // high surrogate at the end
            "\uD83Da",               // high surrogate followed by a non-surrogate
            "\uDE00",                // lone low surrogate
            "a\uDE00b",
            "\uDE00\uD83D",          // pair in the wrong order
            "\uD83D\uD83D\uDE00",    // a high surrogate, then a valid pair
            "\uD83D\uDE00\uDE00",    // a valid pair, then a lone low surrogate
        };

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        [InlineData(6)]
        public void LoneSurrogatesAreRefused(int index)
        {
            var key = LoneSurrogateKeys[index];
            Assert.Contains(key, c => char.IsSurrogate(c));
            var problem = S3Names.CheckKey(key);
            Assert.NotNull(problem);
            Assert.Contains("surrogate", problem!);
        }

        [Fact]
        public void ValidSurrogatePairsAreAccepted()
        {
            Assert.Null(S3Names.CheckKey("\uD83D\uDE00"));
            Assert.Null(S3Names.CheckKey("a\uD83D\uDE00b\uD834\uDD1E"));
        }

        public static IEnumerable<object[]> KeysThatMustNotBeAltered() => new[]
        {
            new object[] { " leading space" },
            new object[] { "trailing space " },
            new object[] { "trailing dot." },
            new object[] { "cafe\u0301" },                   // NFD: must not become NFC
            new object[] { "caf\u00e9" },                    // NFC: must not become NFD
            new object[] { "\u212B" },                       // ANGSTROM SIGN, NFC maps it to U+00C5
            new object[] { "\uFB01le" },                     // ﬁ ligature
            new object[] { "a//b/./c/../d" },
            new object[] { "/leading/slash" },
            new object[] { "../../etc/passwd" },
            new object[] { "100%25 literal %2F" },
            new object[] { "a+b=c&d?e#f" },
            new object[] { "tab\tand\nnewline\r" },
            new object[] { "a\u2215b\uFF0Fc" },
            new object[] { "\u202Eevil.txt" },
            new object[] { "K\u212A" },
            new object[] { "\U0001F469\u200D\U0001F469\u200D\U0001F467" },
            new object[] { "~!*'()" },
        };

        [Theory]
        [MemberData(nameof(KeysThatMustNotBeAltered))]
        public void KeysAreSignedExactlyAsGiven(string key)
        {
            Assert.Null(S3Names.CheckKey(key));
            var result = TestSupport.Presigner(region: "eu-west-1").Presign(new ObjectLink
            {
                BucketName = "examplebucket",
                Key = key,
                ExpiresSeconds = 60,
                SigningTime = TestSupport.DocsSigningTime,
            });
            Assert.Equal(key, result.Key, StringComparer.Ordinal);

            // The URL path holds the key percent-encoded once (SigV4 UriEncode): only unreserved characters,
            // '/' and %XX, and decoding it gives back the very same UTF-8 bytes.
            const string prefix = "https://examplebucket.s3.eu-west-1.amazonaws.com/";
            Assert.StartsWith(prefix, result.Url, StringComparison.Ordinal);
            var path = result.Url.Substring(prefix.Length, result.Url.IndexOf('?') - prefix.Length);
            for (var i = 0; i < path.Length; i++)
            {
                var c = path[i];
                if (c == '%')
                {
                    Assert.True(i + 2 < path.Length && Uri.IsHexDigit(path[i + 1]) && Uri.IsHexDigit(path[i + 2]) && !char.IsLower(path[i + 1]) && !char.IsLower(path[i + 2]), "bad escape in " + path);
                    i += 2;
                }
                else
                {
                    Assert.True(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/', $"'{c}' unescaped in {path}");
                }
            }
            Assert.Equal(Encoding.UTF8.GetBytes(key), Utf8OfPercentEncoded(path));
        }

        [Fact]
        public void PresignerRefusesBadKeysWithStableErrorIds()
        {
            var presigner = TestSupport.Presigner(region: "eu-west-1");
            var empty = Assert.Throws<PresignException>(() => presigner.Presign(new ObjectLink { BucketName = "examplebucket", Key = "", ExpiresSeconds = 60, SigningTime = TestSupport.DocsSigningTime }));
            Assert.Equal("EmptyKey", empty.ErrorId);
            var tooLong = Assert.Throws<PresignException>(() => presigner.Presign(new ObjectLink { BucketName = "examplebucket", Key = new string('a', 1025), ExpiresSeconds = 60, SigningTime = TestSupport.DocsSigningTime }));
            Assert.Equal("InvalidKey", tooLong.ErrorId);
            var surrogate = Assert.Throws<PresignException>(() => presigner.Presign(new ObjectLink { BucketName = "examplebucket", Key = "a\uD800", ExpiresSeconds = 60, SigningTime = TestSupport.DocsSigningTime }));
            Assert.Equal("InvalidKey", surrogate.ErrorId);
            var bucket = Assert.Throws<PresignException>(() => presigner.Presign(new ObjectLink { BucketName = "Example_Bucket", Key = "k", ExpiresSeconds = 60, SigningTime = TestSupport.DocsSigningTime }));
            Assert.Equal("InvalidBucketName", bucket.ErrorId);
        }

        [Fact]
        public void Utf8LengthCountsBytes()
        {
            Assert.Equal(1, S3Names.Utf8Length("a"));
            Assert.Equal(2, S3Names.Utf8Length(TwoByte));
            Assert.Equal(3, S3Names.Utf8Length(ThreeByte));
            Assert.Equal(4, S3Names.Utf8Length(FourByte));
        }

        private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));

        private static byte[] Utf8OfPercentEncoded(string s)
        {
            var bytes = new List<byte>();
            for (var i = 0; i < s.Length; i++)
            {
                if (s[i] == '%')
                {
                    bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    bytes.Add((byte)s[i]);
                }
            }
            return bytes.ToArray();
        }
    }
}
