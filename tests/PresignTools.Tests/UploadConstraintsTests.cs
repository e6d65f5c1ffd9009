using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using PresignTools.Core;
using PresignTools.Core.Upload;
using Xunit;

namespace PresignTools.Tests
{
    public class UploadConstraintsTests
    {
        private static PresignException Refused(UploadOptions o) => Assert.Throws<PresignException>(() => UploadConstraints.Create(o));

        private static OrderedDictionary Ordered(params (string Key, object? Value)[] items)
        {
            var d = new OrderedDictionary();
            foreach (var (k, v) in items) d.Add(k, v);
            return d;
        }

        [Fact]
        public void EveryConstraintBecomesASignedHeaderWithTheValueToSend()
        {
            var c = UploadConstraints.Create(new UploadOptions
            {
                ContentType = "application/zip",
                ContentLength = "1KB",
                ChecksumSha256 = new string('a', 64),
                ContentMd5 = "1B2M2Y8AsgTpgAmY7PhCfg==",
                ServerSideEncryption = "SSE-KMS",
                KmsKeyId = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                Metadata = Ordered(("Project", "alpha"), ("x-amz-meta-Owner", 42)),
                StorageClass = "standard_ia",
                CannedAcl = "BUCKET-OWNER-FULL-CONTROL",
                Tagging = Ordered(("team", "data eng"), ("cost&centre", "a=b/c")),
            });

            var h = c.PutHeaders();
            Assert.Equal(new[]
            {
                "content-type", "content-length", "content-md5", "x-amz-checksum-sha256", "x-amz-acl", "x-amz-meta-project",
                "x-amz-meta-owner", "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id",
                "x-amz-storage-class", "x-amz-tagging",
            }, h.Select(x => x.Key).ToArray());
            var d = h.ToDictionary(x => x.Key, x => x.Value);
            Assert.Equal("application/zip", d["content-type"]);
            Assert.Equal("1024", d["content-length"]);
            Assert.Equal("1B2M2Y8AsgTpgAmY7PhCfg==", d["content-md5"]);
            Assert.Equal(Convert.ToBase64String(Enumerable.Repeat((byte)0xaa, 32).ToArray()), d["x-amz-checksum-sha256"]);
            Assert.Equal("bucket-owner-full-control", d["x-amz-acl"]);
            Assert.Equal("alpha", d["x-amz-meta-project"]);
            Assert.Equal("42", d["x-amz-meta-owner"]);
            Assert.Equal("aws:kms", d["x-amz-server-side-encryption"]);
            Assert.Equal("STANDARD_IA", d["x-amz-storage-class"]);
            Assert.Equal("team=data%20eng&cost%26centre=a%3Db%2Fc", d["x-amz-tagging"]);
        }

        [Fact]
        public void BoundFileValuesReplaceTheFixedOnes()
        {
            var c = UploadConstraints.Create(new UploadOptions { ContentType = "text/plain" });
            var h = c.PutHeaders(12, "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=");
            Assert.Equal(new[] { "content-type", "content-length", "x-amz-checksum-sha256" }, h.Select(x => x.Key).ToArray());
            Assert.Equal("12", h[1].Value);
            Assert.Empty(UploadConstraints.Create(new UploadOptions()).PutHeaders());
        }

        [Theory]
        [InlineData("AES256", "AES256")]
        [InlineData("aes256", "AES256")]
        [InlineData("SSE-S3", "AES256")]
        [InlineData("aws:kms", "aws:kms")]
        [InlineData("AWS:KMS", "aws:kms")]
        [InlineData("sse-kms", "aws:kms")]
        [InlineData("aws:kms:dsse", "aws:kms:dsse")]
        [InlineData("DSSE-KMS", "aws:kms:dsse")]
        public void ServerSideEncryptionNames(string given, string expected)
        {
            Assert.Equal(expected, UploadConstraints.NormalizeServerSideEncryption(given));
        }

        [Theory]
        [InlineData("ServerSideEncryption", "AES128", "InvalidServerSideEncryption")]
        [InlineData("ServerSideEncryption", "kms", "InvalidServerSideEncryption")]
        [InlineData("StorageClass", "COLD", "InvalidStorageClass")]
        [InlineData("CannedAcl", "public", "InvalidCannedACL")]
        [InlineData("ContentType", "text/plain\r\nX-Evil: 1", "InvalidContentType")]
        [InlineData("ContentType", " ", "InvalidContentType")]
        [InlineData("ContentLength", "10XB", "InvalidContentLength")]
        [InlineData("ContentLength", "-1", "InvalidContentLength")]
        [InlineData("ContentLength", "6GB", "InvalidContentLength")]
        [InlineData("ChecksumSha256", "abc", "InvalidChecksumSHA256")]
        [InlineData("ChecksumSha256", "1B2M2Y8AsgTpgAmY7PhCfg==", "InvalidChecksumSHA256")]
        [InlineData("ContentMd5", "d41d8cd98f00b204e9800998ecf8427", "InvalidContentMD5")]
        [InlineData("Tagging", "a=%zz", "InvalidTagging")]
        [InlineData("Tagging", "", "InvalidTagging")]
        [InlineData("Tagging", "aws:owner=me", "InvalidTagging")]
        [InlineData("Tagging", "a=1&a=2", "InvalidTagging")]
        public void BadValuesAreRefusedWithStableIds(string option, string value, string errorId)
        {
            var o = new UploadOptions();
            typeof(UploadOptions).GetProperty(option)!.SetValue(o, value);
            var e = Refused(o);
            Assert.Equal(errorId, e.ErrorId);
            Assert.Equal(FailureKind.InvalidArgument, e.Kind);
            Assert.DoesNotContain("\n", e.Message);
            Assert.DoesNotContain("\r", e.Message);
        }

        [Fact]
        public void KmsKeyIdNeedsKms()
        {
            Assert.Equal("KmsKeyIdRequiresKms", Refused(new UploadOptions { KmsKeyId = "alias/k" }).ErrorId);
            Assert.Equal("KmsKeyIdRequiresKms", Refused(new UploadOptions { KmsKeyId = "alias/k", ServerSideEncryption = "AES256" }).ErrorId);
            Assert.Equal("alias/k", UploadConstraints.Create(new UploadOptions { KmsKeyId = "alias/k", ServerSideEncryption = "aws:kms:dsse" }).KmsKeyId);
            Assert.Equal("InvalidKmsKeyId", Refused(new UploadOptions { KmsKeyId = "alias/with space", ServerSideEncryption = "aws:kms" }).ErrorId);
        }

        [Fact]
        public void DigestsAreTakenAsBase64OrHex()
        {
            // MD5 and SHA-256 of the empty string, as Get-FileHash prints them (hex) and as S3 wants them (base64).
            Assert.Equal("1B2M2Y8AsgTpgAmY7PhCfg==", UploadConstraints.NormalizeDigest("D41D8CD98F00B204E9800998ECF8427E", 16, "ContentMD5", "InvalidContentMD5", "MD5"));
            Assert.Equal("1B2M2Y8AsgTpgAmY7PhCfg==", UploadConstraints.NormalizeDigest("1B2M2Y8AsgTpgAmY7PhCfg==", 16, "ContentMD5", "InvalidContentMD5", "MD5"));
            Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
                UploadConstraints.NormalizeDigest("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 32, "ChecksumSHA256", "InvalidChecksumSHA256", "SHA-256"));
        }

        [Theory]
        [InlineData("Projekt-Größe", "InvalidMetadataName", "not ASCII")]
        [InlineData("名前", "InvalidMetadataName", "not ASCII")]
        [InlineData("has space", "InvalidMetadataName", "cannot appear in an HTTP header name")]
        [InlineData("colon:", "InvalidMetadataName", "cannot appear in an HTTP header name")]
        [InlineData("", "InvalidMetadataName", "empty")]
        [InlineData("x-amz-meta-", "InvalidMetadataName", "empty")]
        public void MetadataNamesAreAsciiHeaderTokens(string name, string errorId, string reason)
        {
            var e = Refused(new UploadOptions { Metadata = new Hashtable { [name] = "v" } });
            Assert.Equal(errorId, e.ErrorId);
            Assert.Contains(reason, e.Message);
        }

        [Fact]
        public void MetadataValuesAndSizeAreChecked()
        {
            Assert.Equal("InvalidMetadataValue", Refused(new UploadOptions { Metadata = new Hashtable { ["a"] = "line\nbreak" } }).ErrorId);
            Assert.Equal("InvalidMetadataValue", Refused(new UploadOptions { Metadata = new Hashtable { ["a"] = "café" } }).ErrorId);
            Assert.Equal("DuplicateMetadataName", Refused(new UploadOptions { Metadata = Ordered(("Owner", "a"), ("OWNER", "b")) }).ErrorId);
            Assert.Equal("MetadataTooLarge", Refused(new UploadOptions { Metadata = new Hashtable { ["big"] = new string('x', 2046) } }).ErrorId);
            var ok = UploadConstraints.Create(new UploadOptions { Metadata = new Hashtable { ["ok"] = new string('x', 2046), } });
            Assert.Single(ok.Metadata);
            var empty = UploadConstraints.Create(new UploadOptions { Metadata = new Hashtable { ["e"] = null } });
            Assert.Equal("", empty.Metadata[0].Value);
        }

        [Fact]
        public void TaggingFromAQueryStringIsDecodedAndReEncoded()
        {
            var c = UploadConstraints.Create(new UploadOptions { Tagging = "?team=data+eng&path=a%2Fb&empty=&flag" });
            Assert.Equal(new[] { ("team", "data eng"), ("path", "a/b"), ("empty", ""), ("flag", "") }, c.Tags.Select(t => (t.Key, t.Value)).ToArray());
            Assert.Equal("team=data%20eng&path=a%2Fb&empty=&flag=", UploadConstraints.TaggingQuery(c.Tags));
        }

        [Fact]
        public void TaggingLimits()
        {
            var eleven = new Hashtable();
            for (var i = 0; i < 11; i++) eleven["k" + i] = "v";
            Assert.Contains("at most 10", Refused(new UploadOptions { Tagging = eleven }).Message);
            Assert.Contains("128", Refused(new UploadOptions { Tagging = new Hashtable { [new string('k', 129)] = "v" } }).Message);
            Assert.Contains("256", Refused(new UploadOptions { Tagging = new Hashtable { ["k"] = new string('v', 257) } }).Message);
        }

        [Fact]
        public void TaggingXmlForPostForms()
        {
            var tags = new List<KeyValuePair<string, string>> { new("a<b", "x&y"), new("k", "v") };
            Assert.Equal("<Tagging><TagSet><Tag><Key>a&lt;b</Key><Value>x&amp;y</Value></Tag><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>",
                UploadConstraints.TaggingXml(tags));
        }

        [Fact]
        public void StorageClassesAndAclsAreTheDocumentedSets()
        {
            foreach (var s in new[] { "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR", "EXPRESS_ONEZONE" })
            {
                Assert.Equal(s, UploadConstraints.NormalizeStorageClass(s.ToLowerInvariant()));
            }
            foreach (var a in new[] { "private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "bucket-owner-read", "bucket-owner-full-control" })
            {
                Assert.Equal(a, UploadConstraints.NormalizeCannedAcl(a.ToUpperInvariant()));
            }
        }
    }
}
