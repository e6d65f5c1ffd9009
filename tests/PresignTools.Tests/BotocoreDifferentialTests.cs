using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using PresignTools.Core;
using PresignTools.Core.Input;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// Differential test against botocore: awkward object keys, built here, crossed with regions, custom
    /// endpoints, addressing styles, session tokens, version ids, response overrides and signed headers. The
    /// oracle (tests/oracle/botocore_presign.py) runs once for every case; each PresignTools URL must equal
    /// botocore's byte for byte. PresignTools signs us-east-1 on s3.us-east-1.amazonaws.com, so the oracle is
    /// given "usEast1Regional": true, and addressing is always explicit (pathStyle true/false).
    /// </summary>
    public class BotocoreDifferentialTests
    {
        private sealed class Variation
        {
            public string Name = "";
            public string Region = "us-east-1";
            public string? Endpoint;
            public bool PathStyle;
            public string Bucket = "examplebucket";
            public string Method = "GET";
            public string? SessionToken;
            public string? VersionId;
            public bool Overrides;
            public bool Headers;
            public int Expires = 3600;
            public string SigningTime = "2013-05-24T00:00:00Z";
            public string AccessKey = TestSupport.DocsAccessKey;
            public string SecretKey = TestSupport.DocsSecretKey;
        }

        private sealed class Case
        {
            public string Id = "";
            public string KeyName = "";
            public string Key = "";
            public Variation V = null!;
            public List<KeyValuePair<string, string>>? Query;
            public List<KeyValuePair<string, string>>? Headers;
        }

        // A typical STS session token: base64 with '/', '+' and '='.
        private const string StsToken =
            "IQoJb3JpZ2luX2VjEMv//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6a+b/c=d/EXAMPLETOKEN+abc/def==";

        private static readonly Variation[] Variations =
        {
            new Variation { Name = "use1-virtual" },
            new Variation { Name = "euw1-path-token", Region = "eu-west-1", PathStyle = true, Bucket = "example-bucket", SessionToken = StsToken },
            new Variation { Name = "apse2-head-version", Region = "ap-southeast-2", Method = "HEAD", VersionId = "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nrjfkd", Expires = 1 },
            new Variation { Name = "cn-virtual-overrides", Region = "cn-north-1", Overrides = true, Expires = 604800 },
            new Variation { Name = "gov-path-put", Region = "us-gov-west-1", PathStyle = true, Method = "PUT", Headers = true, SigningTime = "2024-02-29T23:59:59Z" },
            new Variation { Name = "ip-path-delete", Region = "us-east-1", Endpoint = "http://127.0.0.1:9000", PathStyle = true, Bucket = "test-bucket", Method = "DELETE", VersionId = "null" },
            new Variation { Name = "custom-port-virtual", Region = "eu-central-1", Endpoint = "https://minio.example.com:9443", Bucket = "media", SessionToken = StsToken, AccessKey = "ASIAEXAMPLEEXAMPLE12", SecretKey = "ab/cd+ef/gh+ij/kl+mn/op+qr/st+uv/wx+yz01" },
            new Variation { Name = "base-path-everything", Region = "ca-central-1", Endpoint = "https://storage.example.com/s3/", PathStyle = true, Bucket = "bkt-1", SessionToken = StsToken, VersionId = "v+1/2=3", Overrides = true },
            new Variation { Name = "dotted-path", Region = "eu-central-1", PathStyle = true, Bucket = "my.dotted.bucket", Expires = 86400 },
            new Variation { Name = "http-dotted-virtual", Region = "us-west-2", Endpoint = "http://s3.local.test:8080", Bucket = "my.bucket", Method = "PUT", Headers = true },
            new Variation { Name = "use1-path-token-overrides", PathStyle = true, SessionToken = StsToken, Overrides = true, SigningTime = "2030-12-31T23:59:59Z" },
            new Variation { Name = "sae1-virtual-get-version-overrides", Region = "sa-east-1", VersionId = "Ex4mple.Version_Id-~", Overrides = true },
        };

        private static readonly string KeyBytes1 = new string('a', 1024);
        private static readonly string KeyBytes2 = string.Concat(Enumerable.Repeat("\u00e9", 512));
        private static readonly string KeyBytes3 = string.Concat(Enumerable.Repeat("\u20ac", 341)) + "z";
        private static readonly string KeyBytes4 = string.Concat(Enumerable.Repeat("\U0001F600", 256));

        /// <summary>(name, key) pairs; names are ASCII so that test ids stay readable.</summary>
        private static List<KeyValuePair<string, string>> Keys()
        {
            var k = new List<KeyValuePair<string, string>>();
            void Add(string name, string key) => k.Add(new KeyValuePair<string, string>(name, key));

            Add("plain", "photos/2024/puppy.jpg");
            Add("space", "my file.txt");
            Add("single-space", " ");
            Add("trailing-spaces", "name   ");
            Add("leading-space", " name");
            Add("trailing-dot", "file.");
            Add("trailing-dots", "dir.../file...");
            Add("plus", "a+b+c");
            Add("plus-spaces", "a + b");
            Add("literal-%2F", "a%2Fb");
            Add("literal-%20", "a%20b");
            Add("percent", "100%");
            Add("percent-alone", "%");
            Add("bad-percent", "%zz%G0%");
            Add("pre-encoded-utf8", "%E2%82%AC");
            Add("tilde", "~user/~file~");
            Add("sub-delims", "!*'()");
            Add("query-chars", "=&?#");
            Add("looks-like-query", "index.html?versionId=abc&X-Amz-Signature=fake#frag");
            Add("gen-delims", ":@$,;[]{}|^`\"<>");
            Add("backslash", "C:\\path\\file.txt");
            Add("double-slash", "a//b");
            Add("many-slashes", "////");
            Add("leading-slash", "/leading");
            Add("leading-double-slash", "//double-leading");
            Add("trailing-slash", "folder/");
            Add("dot-segment", "./x");
            Add("dotdot-segment", "../x");
            Add("mixed-segments", "a/./b/../c/.../d");
            Add("dot", ".");
            Add("dotdot", "..");
            Add("three-dots", "...");
            Add("traversal", "../../etc/passwd");
            Add("tab", "tab\there");
            Add("newline-cr", "line\nbreak\rcr");
            Add("controls", "c\u0001\u0002\u001b\u001f\u007f");
            Add("nul", "nul\u0000byte");
            Add("nel-ls-ps", "nel\u0085ls\u2028ps\u2029");
            Add("nfc", "caf\u00e9");
            Add("nfd", "cafe\u0301");
            Add("angstrom-nfc", "\u00c5");
            Add("angstrom-sign", "\u212b");
            Add("angstrom-nfd", "A\u030a");
            Add("stacked-marks", "e\u0301\u0302\u0323");
            Add("emoji", "\U0001F600.png");
            Add("emoji-zwj", "\U0001F469\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466");
            Add("emoji-flag-skin", "\U0001F1FA\U0001F1F3\U0001F44D\U0001F3FD");
            Add("rtl-hebrew", "\u05e9\u05dc\u05d5\u05dd/\u05e2\u05d5\u05dc\u05dd.txt");
            Add("rtl-arabic", "\u0645\u0631\u062d\u0628\u0627");
            Add("bidi-override", "\u202eexe.txt\u202c\u200f\u200e");
            Add("division-slash", "a\u2215b");
            Add("fullwidth-slash", "a\uff0fb");
            Add("fraction-slash", "a\u2044b\u29f8c");
            Add("cjk", "\u65e5\u672c\u8a9e/\u30d5\u30a1\u30a4\u30eb\u540d.txt");
            Add("hangul", "\ud55c\uad6d\uc5b4");
            Add("devanagari", "\u0928\u092e\u0938\u094d\u0924\u0947");
            Add("astral", "\U00020B9F\U0001D49C\U0001D11E");
            Add("unicode-spaces", "nbsp\u00a0em\u2003ideo\u3000zwsp\u200bbom\ufeff");
            Add("trailing-unicode-space", "x\u2003");
            Add("soft-hyphen", "soft\u00adhyphen");
            Add("ligature", "\ufb01le");
            Add("turkish-i", "\u0130stanbul \u0131");
            Add("sharp-s", "stra\u00dfe \u1e9e");
            Add("kelvin", "\u212a");
            Add("replacement-and-nonchars", "\ufffd\uffff\ufffe");
            Add("max-codepoint", "\U0010FFFF");
            Add("s3-uri-as-key", "s3://bucket/key");
            Add("url-as-key", "https://example.com/a?b=c");
            Add("dashes-underscores", "-_.~");
            Add("long-1byte-1024", KeyBytes1);
            Add("long-2byte-1024", KeyBytes2);
            Add("long-3byte-1024", KeyBytes3);
            Add("long-4byte-1024", KeyBytes4);
            Add("long-mixed-1024", string.Concat(Enumerable.Repeat("a\u00e9\u20ac\U0001F600", 102)) + "abcd");
            Add("long-reserved-1024", string.Concat(Enumerable.Repeat("%+ /", 256)));
            Add("long-1byte-1000", new string('k', 1000));
            return k;
        }

        private static List<Case>? _cases;

        private static List<Case> Cases()
        {
            if (_cases != null) return _cases;
            var cases = new List<Case>();
            var keys = Keys();
            for (var i = 0; i < keys.Count; i++)
            {
                var picks = new[] { i % Variations.Length, (i * 7 + 3) % Variations.Length }.Distinct();
                foreach (var p in picks)
                {
                    var v = Variations[p];
                    var key = keys[i].Value;
                    var c = new Case { Id = $"k{i:D3}-{keys[i].Key}@{v.Name}", KeyName = keys[i].Key, Key = key, V = v };
                    if (v.Overrides)
                    {
                        // Awkward values too: the download name is the key's last segment (RFC 6266 header), the
                        // cache-control value carries the raw key, so query-value encoding is compared as well.
                        // U+FFFE is swapped out of the file name only: ContentDisposition.Attachment throws on it
                        // (see ContentDispositionTests.NoncharacterUFFFEIsEncodedNotThrown, a known bug).
                        var leaf = key.Substring(key.LastIndexOf('/') + 1).Replace('\ufffe', '_');
                        c.Query = new List<KeyValuePair<string, string>>
                        {
                            new KeyValuePair<string, string>("response-content-disposition", ContentDisposition.Attachment(leaf.Length == 0 ? "download" : leaf)),
                            new KeyValuePair<string, string>("response-content-type", "text/plain; charset=utf-8"),
                            new KeyValuePair<string, string>("response-cache-control", Cut(key, 200)),
                        };
                    }
                    if (v.Headers)
                    {
                        c.Headers = new List<KeyValuePair<string, string>>
                        {
                            new KeyValuePair<string, string>("content-type", "application/octet-stream;  \tcharset=binary "),
                            new KeyValuePair<string, string>("x-amz-meta-origin", "differential test"),
                            new KeyValuePair<string, string>("x-amz-server-side-encryption", "AES256"),
                        };
                    }
                    cases.Add(c);
                }
            }
            _cases = cases;
            return cases;
        }

        /// <summary>At most <paramref name="max"/> UTF-16 units, never splitting a surrogate pair.</summary>
        private static string Cut(string s, int max)
        {
            if (s.Length <= max) return s;
            return s.Substring(0, char.IsHighSurrogate(s[max - 1]) ? max - 1 : max);
        }

        public static IEnumerable<object[]> CaseIds() => Cases().Select(c => new object[] { c.Id });

        // ---- the oracle, run once --------------------------------------------------------------------

        private static readonly Lazy<Dictionary<string, JsonElement>> Oracle = new Lazy<Dictionary<string, JsonElement>>(RunOracle);

        private static string CasesJson()
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartArray();
                foreach (var c in Cases())
                {
                    var v = c.V;
                    w.WriteStartObject();
                    w.WriteString("id", c.Id);
                    w.WriteString("method", v.Method);
                    w.WriteString("bucket", v.Bucket);
                    w.WriteString("key", c.Key);
                    w.WriteString("region", v.Region);
                    if (v.Endpoint != null) w.WriteString("endpoint", v.Endpoint);
                    w.WriteBoolean("pathStyle", v.PathStyle);
                    w.WriteBoolean("usEast1Regional", true);
                    w.WriteNumber("expires", v.Expires);
                    w.WriteString("signingTime", v.SigningTime);
                    w.WriteString("accessKey", v.AccessKey);
                    w.WriteString("secretKey", v.SecretKey);
                    if (v.SessionToken != null) w.WriteString("sessionToken", v.SessionToken);
                    if (v.VersionId != null) w.WriteString("versionId", v.VersionId);
                    if (c.Query != null)
                    {
                        w.WriteStartObject("responseOverrides");
                        foreach (var q in c.Query) w.WriteString(q.Key, q.Value);
                        w.WriteEndObject();
                    }
                    if (c.Headers != null)
                    {
                        w.WriteStartObject("headers");
                        foreach (var h in c.Headers) w.WriteString(h.Key, h.Value);
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static Dictionary<string, JsonElement> RunOracle() => BotocoreOracle.Run(CasesJson());

        // ---- tests -------------------------------------------------------------------------------------

        [Fact]
        public void CaseSetIsLargeAndCoversEveryVariation()
        {
            var keys = Keys();
            Assert.True(keys.Count >= 60, "awkward keys: " + keys.Count);
            Assert.Equal(keys.Count, keys.Select(k => k.Value).Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(Cases().Count, Cases().Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
            foreach (var v in Variations) Assert.Contains(Cases(), c => c.V == v);

            // The keys are valid S3 keys (PresignTools would refuse the others) and the long ones sit at the limit.
            Assert.All(keys, k => Assert.Null(Core.Validation.S3Names.CheckKey(k.Value)));
            Assert.Equal(1024, Encoding.UTF8.GetByteCount(KeyBytes1));
            Assert.Equal(1024, Encoding.UTF8.GetByteCount(KeyBytes2));
            Assert.Equal(1024, Encoding.UTF8.GetByteCount(KeyBytes3));
            Assert.Equal(1024, Encoding.UTF8.GetByteCount(KeyBytes4));
            Assert.Equal("caf\u00e9", "cafe\u0301".Normalize(NormalizationForm.FormC));
        }

        [Fact]
        public void OracleAnsweredEveryCase()
        {
            var oracle = Oracle.Value;
            var problems = Cases()
                .Where(c => !oracle.TryGetValue(c.Id, out var r) || !r.TryGetProperty("url", out _))
                .Select(c => c.Id + ": " + (oracle.TryGetValue(c.Id, out var r) && r.TryGetProperty("error", out var e) ? e.GetString() : "no result"))
                .ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Theory]
        [MemberData(nameof(CaseIds))]
        public void UrlIsByteIdenticalToBotocore(string id)
        {
            var c = Cases().Single(x => x.Id == id);
            var oracle = Oracle.Value;
            Assert.True(oracle.TryGetValue(id, out var result), "the oracle returned no result for " + id);
            if (result.TryGetProperty("error", out var error)) Assert.Fail("botocore refused " + id + ": " + error.GetString());
            var expected = result.GetProperty("url").GetString()!;

            var v = c.V;
            var presigner = TestSupport.Presigner(v.Region, v.Endpoint, v.PathStyle, sessionToken: v.SessionToken,
                accessKey: v.AccessKey, secretKey: v.SecretKey);
            var actual = presigner.Presign(new ObjectLink
            {
                Method = v.Method,
                BucketName = v.Bucket,
                Key = c.Key,
                VersionId = v.VersionId,
                ExpiresSeconds = v.Expires,
                SigningTime = DateTimeOffset.Parse(v.SigningTime, System.Globalization.CultureInfo.InvariantCulture),
                Query = c.Query == null ? null : new List<KeyValuePair<string, string>>(c.Query),
                Headers = c.Headers == null ? null : new List<KeyValuePair<string, string>>(c.Headers),
            });

            Assert.Equal(expected, actual.Url);
            Assert.Equal(c.Key, actual.Key, StringComparer.Ordinal);
        }
    }
}
