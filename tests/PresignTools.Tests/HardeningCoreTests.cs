using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using PresignTools.Core;
using PresignTools.Core.Credentials;
using PresignTools.Core.Expiry;
using PresignTools.Core.Inspection;
using PresignTools.Core.Validation;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// Issue 8 (hardening) at the core: every key of tests/data/awkward-keys.json survives the signer byte for
    /// byte in every address form (the path percent-decodes to exactly the key's UTF-8, and the parser reads it
    /// back), URLs are plain printable ASCII, signers on many threads agree with one signer, and user-facing
    /// messages stay on one line whatever the input holds. These cover defects first found by the Pester
    /// hardening suites.
    /// </summary>
    public class HardeningCoreTests
    {
        private sealed class CorpusKey
        {
            public string Id = "";
            public string Key = "";
        }

        private static readonly Lazy<List<CorpusKey>> Corpus = new Lazy<List<CorpusKey>>(() =>
        {
            var path = Path.Combine(TestSupport.RepositoryRoot(), "tests", "data", "awkward-keys.json");
            using var doc = JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8));
            return doc.RootElement.GetProperty("keys").EnumerateArray()
                .Select(e => new CorpusKey { Id = e.GetProperty("id").GetString()!, Key = e.GetProperty("key").GetString()! })
                .ToList();
        });

        public static IEnumerable<object[]> CorpusIds() => Corpus.Value.Select(k => new object[] { k.Id });

        private static string KeyOf(string id) => Corpus.Value.Single(k => k.Id == id).Key;

        /// <summary>Address forms: (name, region, endpoint, force path style, encoded path prefix before the key).</summary>
        private static readonly (string Name, string Region, string? Endpoint, bool PathStyle, string Prefix)[] Forms =
        {
            ("aws-virtual", "eu-west-1", null, false, ""),
            ("aws-path", "us-east-1", null, true, "/hostile"),
            ("ip-endpoint", "us-east-1", "http://127.0.0.1:9000", false, "/hostile"),
            ("base-path", "ca-central-1", "https://storage.example.com/s3/", true, "/s3/hostile"),
        };

        [Fact]
        public void CorpusHasSixtyOrMoreDistinctValidKeys()
        {
            var keys = Corpus.Value;
            Assert.True(keys.Count >= 60, "keys: " + keys.Count);
            Assert.Equal(keys.Count, keys.Select(k => k.Key).Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(keys.Count, keys.Select(k => k.Id).Distinct(StringComparer.Ordinal).Count());
            Assert.All(keys, k => Assert.Null(S3Names.CheckKey(k.Key)));
            foreach (var id in new[] { "long-1byte-1024", "long-2byte-1024", "long-3byte-1024", "long-4byte-1024" })
            {
                Assert.Equal(1024, Encoding.UTF8.GetByteCount(KeyOf(id)));
            }
            Assert.NotEqual(KeyOf("nfc"), KeyOf("nfd"), StringComparer.Ordinal);
            Assert.Equal(KeyOf("nfc"), KeyOf("nfd").Normalize(NormalizationForm.FormC), StringComparer.Ordinal);
        }

        [Theory]
        [MemberData(nameof(CorpusIds))]
        public void PathDecodesToTheExactKeyInEveryAddressForm(string id)
        {
            var key = KeyOf(id);
            foreach (var form in Forms)
            {
                var presigner = TestSupport.Presigner(form.Region, form.Endpoint, form.PathStyle, sessionToken: "tok+/=");
                var url = presigner.Presign(new ObjectLink
                {
                    BucketName = "hostile", Key = key, VersionId = "v+1/2=3", ExpiresSeconds = 60, SigningTime = TestSupport.DocsSigningTime,
                }).Url;

                // Plain printable ASCII: nothing a mail client, terminal or proxy could mangle.
                Assert.All(url, c => Assert.True(c > 0x20 && c < 0x7F, $"{form.Name}: U+{(int)c:X4} in the URL"));

                var afterScheme = url.IndexOf("://", StringComparison.Ordinal) + 3;
                var pathStart = url.IndexOf('/', afterScheme);
                var path = url.Substring(pathStart, url.IndexOf('?') - pathStart);
                Assert.StartsWith(form.Prefix + "/", path);
                var encodedKey = path.Substring(form.Prefix.Length + 1);
                Assert.All(encodedKey, c => Assert.True(char.IsAsciiLetterOrDigit(c) || "-._~/%".IndexOf(c) >= 0, $"{form.Name}: '{c}' left unencoded"));
                Assert.Equal(Hex(key), Hex(PercentDecodeUtf8(encodedKey)));

                var info = PresignedUrlParser.Parse(url, new PresignedUrlParseOptions { EndpointUrl = form.Endpoint == null ? null : new Uri(form.Endpoint) });
                Assert.Equal(Hex(key), Hex(info.Key ?? "<null>"));
                Assert.Equal("hostile", info.BucketName);
                Assert.Equal("v+1/2=3", info.VersionId);
            }
        }

        [Fact]
        public void SignersOnEightThreadsAgreeWithOneSigner()
        {
            var keys = Corpus.Value.Select(k => k.Key).ToArray();
            var regions = new[] { "us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2" };

            string[] Sign(int worker)
            {
                // Different regions, secrets, tokens, days and lifetimes per worker: a shared cache would show.
                var presigner = TestSupport.Presigner(regions[worker % 4], worker % 2 == 0 ? null : "http://127.0.0.1:9000", worker % 3 == 0,
                    sessionToken: worker % 2 == 0 ? null : "token" + worker, secretKey: "secret/" + (worker % 3));
                var urls = new List<string>();
                for (var round = 0; round < 20; round++)
                {
                    for (var i = 0; i < keys.Length; i++)
                    {
                        urls.Add(presigner.Presign(new ObjectLink
                        {
                            BucketName = "bucket-" + (i % 3), Key = keys[i], VersionId = i % 4 == 0 ? "v" + i : null,
                            ExpiresSeconds = 60 * (worker + 1), SigningTime = TestSupport.DocsSigningTime.AddHours(7 * worker + round),
                        }).Url);
                    }
                }
                return urls.ToArray();
            }

            var sequential = Enumerable.Range(0, 8).Select(Sign).ToArray();
            var parallel = new string[8][];
            var finished = Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, w => parallel[w] = Sign(w));
            Assert.True(finished.IsCompleted);
            for (var w = 0; w < 8; w++) Assert.Equal(sequential[w], parallel[w]);
        }

        // ---- messages stay on one line ---------------------------------------------------------------------

        [Fact]
        public void ExpiryMessagesShowControlCharactersAsQuestionMarks()
        {
            var e = Assert.Throws<ExpiryFormatException>(() => ExpiryParser.ParseSeconds("1h\r\nX\u2028"));
            AssertOneLine(e.Message);
        }

        [Fact]
        public void BucketNameReasonsNameControlCharactersByCodePoint()
        {
            var reason = S3Names.CheckBucketName("bad\nbucket");
            Assert.NotNull(reason);
            AssertOneLine(reason!);
            Assert.Contains("U+000A", reason);
            AssertOneLine(S3Names.CheckBucketName("bad\nbucket", allowLegacy: true)!);
        }

        [Fact]
        public void ParserMessagesStayOnOneLine()
        {
            var e = Assert.Throws<PresignException>(() => PresignedUrlParser.Parse("http://a\nb/x"));
            AssertOneLine(e.Message);
        }

        [Fact]
        public void InvalidBucketNameMessageStaysOnOneLine()
        {
            var e = Assert.Throws<PresignException>(() => TestSupport.Presigner().Presign(new ObjectLink
            {
                BucketName = "bad\nbucket", Key = "k", ExpiresSeconds = 60, SigningTime = TestSupport.DocsSigningTime,
            }));
            Assert.Equal("InvalidBucketName", e.ErrorId);
            AssertOneLine(e.Message);
        }

        [Fact]
        public void InvalidRegionReasonStaysOnOneLine()
        {
            AssertOneLine(RegionResolver.CheckRegionName("us-\neast-1")!);
        }

        [Fact]
        public void ProfileNotFoundMessageStaysOnOneLine()
        {
            using var folder = new TempFolder();
            var empty = folder.Write("credentials", string.Empty);
            var env = TestSupport.Env(new Dictionary<string, string?> { ["HOME"] = folder.Path, ["AWS_SHARED_CREDENTIALS_FILE"] = empty, ["AWS_CONFIG_FILE"] = empty });
            var e = Assert.Throws<CredentialConfigException>(() => new CredentialResolver(env).Resolve(new CredentialRequest { ProfileName = "a\nb" }, out _));
            Assert.Equal("ProfileNotFound", e.ErrorId);
            AssertOneLine(e.Message);
        }

        [Fact]
        public void ACredentialsFileThatIsADirectoryIsUnreadableNotMissing()
        {
            using var folder = new TempFolder();
            var e = Assert.Throws<CredentialConfigException>(() => SharedConfigFiles.ReadIni(folder.Path, mustExist: true, configStyle: false));
            Assert.Equal("CredentialsFileUnreadable", e.ErrorId);
            Assert.DoesNotContain("does not exist", e.Message);
        }

        [Fact]
        public void ACredentialsFileThatIsADirectoryIsRefusedWithOneLine()
        {
            using var folder = new TempFolder();
            var e = Assert.Throws<CredentialConfigException>(() => SharedConfigFiles.ReadIni(folder.Path, mustExist: true, configStyle: false));
            Assert.StartsWith("CredentialsFile", e.ErrorId);
            AssertOneLine(e.Message);
        }

        [Fact]
        public void VersionIdWithAnUnpairedSurrogateIsRefused()
        {
            var e = Assert.Throws<PresignException>(() => TestSupport.Presigner().Presign(new ObjectLink
            {
                BucketName = "examplebucket", Key = "k", VersionId = "v\uDC00", ExpiresSeconds = 60, SigningTime = TestSupport.DocsSigningTime,
            }));
            Assert.Equal(FailureKind.InvalidArgument, e.Kind);
        }

        // ---- helpers ---------------------------------------------------------------------------------------

        private static void AssertOneLine(string message)
        {
            Assert.False(string.IsNullOrEmpty(message));
            Assert.DoesNotContain('\n', message);
            Assert.DoesNotContain('\r', message);
            Assert.DoesNotContain('\u0085', message);
            Assert.DoesNotContain('\u2028', message);
            Assert.DoesNotContain('\u2029', message);
        }

        private static string Hex(string s) => Convert.ToHexString(Encoding.UTF8.GetBytes(s));

        private static string PercentDecodeUtf8(string encoded)
        {
            var bytes = new List<byte>();
            for (var i = 0; i < encoded.Length; i++)
            {
                if (encoded[i] == '%')
                {
                    bytes.Add(Convert.ToByte(encoded.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    bytes.Add((byte)encoded[i]);
                }
            }
            return new UTF8Encoding(false, true).GetString(bytes.ToArray());
        }
    }
}
