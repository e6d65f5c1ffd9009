using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using PresignTools.Core;
using PresignTools.Core.Upload;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// Presigned PUT links with New-S3UploadUrl's signed constraints, compared byte for byte with botocore's
    /// PutObject presigning (tests/oracle/botocore_presign.py): the header names, the values as built by
    /// <see cref="UploadConstraints"/>, and the signature over them.
    /// </summary>
    public class UploadBotocoreTests
    {
        private sealed class Case
        {
            public string Id = "";
            public string Key = "";
            public string Region = "us-east-1";
            public string? Endpoint;
            public bool PathStyle;
            public string? SessionToken;
            public UploadOptions Options = new UploadOptions();
        }

        private static OrderedDictionary Ordered(params (string Key, object? Value)[] items)
        {
            var d = new OrderedDictionary();
            foreach (var (k, v) in items) d.Add(k, v);
            return d;
        }

        private static readonly Case[] Cases =
        {
            new Case { Id = "type-only", Key = "a.txt", Options = new UploadOptions { ContentType = "text/plain; charset=utf-8" } },
            new Case { Id = "length-checksum", Key = "dir/file name.zip", Options = new UploadOptions { ContentLength = "1.5KB", ChecksumSha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" } },
            new Case { Id = "md5-acl", Key = "x", Region = "eu-west-1", PathStyle = true, Options = new UploadOptions { ContentMd5 = "1B2M2Y8AsgTpgAmY7PhCfg==", CannedAcl = "bucket-owner-full-control" } },
            new Case { Id = "kms-meta", Key = "ünï/cödé.bin", Region = "ap-southeast-2", SessionToken = "IQoJb3JpZ2luX2VjEMv//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6a+b/c=d", Options = new UploadOptions
                {
                    ServerSideEncryption = "aws:kms", KmsKeyId = "arn:aws:kms:ap-southeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    Metadata = Ordered(("Project", "alpha beta"), ("owner", "it's  spaced\tout"), ("empty", "")),
                } },
            new Case { Id = "dsse-class-tags", Key = "k", Endpoint = "http://127.0.0.1:9000", PathStyle = true, Options = new UploadOptions
                {
                    ServerSideEncryption = "DSSE-KMS", StorageClass = "glacier_ir", Tagging = Ordered(("team", "data eng"), ("cost&centre", "a=b/c+d")),
                } },
            new Case { Id = "everything", Key = "all/the/things.bin", Region = "us-west-2", Options = new UploadOptions
                {
                    ContentType = "application/zip", ContentLength = 10485760, ContentMd5 = "d41d8cd98f00b204e9800998ecf8427e", ChecksumSha256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
                    ServerSideEncryption = "AES256", CannedAcl = "private", StorageClass = "STANDARD_IA", Metadata = new Hashtable { ["a"] = "1" }, Tagging = "k=v",
                } },
        };

        public static IEnumerable<object[]> CaseIds() => Cases.Select(c => new object[] { c.Id });

        private static readonly Lazy<Dictionary<string, JsonElement>> Oracle = new Lazy<Dictionary<string, JsonElement>>(RunOracle);

        private static List<KeyValuePair<string, string>> Headers(Case c) => UploadConstraints.Create(c.Options).PutHeaders();

        private static Dictionary<string, JsonElement> RunOracle()
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartArray();
                foreach (var c in Cases)
                {
                    w.WriteStartObject();
                    w.WriteString("id", c.Id);
                    w.WriteString("method", "PUT");
                    w.WriteString("bucket", "upload-bucket");
                    w.WriteString("key", c.Key);
                    w.WriteString("region", c.Region);
                    if (c.Endpoint != null) w.WriteString("endpoint", c.Endpoint);
                    w.WriteBoolean("pathStyle", c.PathStyle);
                    w.WriteBoolean("usEast1Regional", true);
                    w.WriteNumber("expires", 900);
                    w.WriteString("signingTime", "2024-06-01T12:00:00Z");
                    w.WriteString("accessKey", TestSupport.DocsAccessKey);
                    w.WriteString("secretKey", TestSupport.DocsSecretKey);
                    if (c.SessionToken != null) w.WriteString("sessionToken", c.SessionToken);
                    w.WriteStartObject("headers");
                    foreach (var h in Headers(c)) w.WriteString(h.Key, h.Value);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }

            return BotocoreOracle.Run(Encoding.UTF8.GetString(stream.ToArray()));
        }

        [Theory]
        [MemberData(nameof(CaseIds))]
        public void PutLinkWithConstraintsIsByteIdenticalToBotocore(string id)
        {
            var c = Cases.Single(x => x.Id == id);
            Assert.True(Oracle.Value.TryGetValue(id, out var result), "no oracle result for " + id);
            if (result.TryGetProperty("error", out var error)) Assert.Fail("botocore refused " + id + ": " + error.GetString());

            var presigner = TestSupport.Presigner(c.Region, c.Endpoint, c.PathStyle, sessionToken: c.SessionToken);
            var headers = Headers(c);
            var actual = presigner.Presign(new ObjectLink
            {
                Method = "PUT",
                BucketName = "upload-bucket",
                Key = c.Key,
                ExpiresSeconds = 900,
                SigningTime = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero),
                Headers = headers,
            });
            Assert.Equal(result.GetProperty("url").GetString(), actual.Url);

            // What the result tells the uploader to send is exactly what was signed.
            Assert.Equal(headers.Count, actual.Headers.Count);
            foreach (var h in headers) Assert.Equal(h.Value, actual.Headers[h.Key]);
        }
    }
}
