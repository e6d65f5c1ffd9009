using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PresignTools.Core.Upload;
using Xunit;

namespace PresignTools.Tests
{
    public class UploadPostPolicyTests
    {
        // "Example: Browser-Based Upload using HTTP POST (Using AWS Signature Version 4)" in the S3 API
        // reference: the policy (CRLF line ends), its base64 form and the signature, with the documentation's
        // example keys and x-amz-date 20151229T000000Z in us-east-1.
        private const string DocsPolicy =
            "{ \"expiration\": \"2015-12-30T12:00:00.000Z\",\r\n" +
            "  \"conditions\": [\r\n" +
            "    {\"bucket\": \"sigv4examplebucket\"},\r\n" +
            "    [\"starts-with\", \"$key\", \"user/user1/\"],\r\n" +
            "    {\"acl\": \"public-read\"},\r\n" +
            "    {\"success_action_redirect\": \"http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html\"},\r\n" +
            "    [\"starts-with\", \"$Content-Type\", \"image/\"],\r\n" +
            "    {\"x-amz-meta-uuid\": \"14365123651274\"},\r\n" +
            "    {\"x-amz-server-side-encryption\": \"AES256\"},\r\n" +
            "    [\"starts-with\", \"$x-amz-meta-tag\", \"\"],\r\n" +
            "\r\n" +
            "    {\"x-amz-credential\": \"AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request\"},\r\n" +
            "    {\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"},\r\n" +
            "    {\"x-amz-date\": \"20151229T000000Z\" }\r\n" +
            "  ]\r\n" +
            "}";

        private const string DocsPolicyBase64 =
            "eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9";

        private const string DocsSignature = "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e";

        [Fact]
        public void AwsDocumentationExampleSignatureIsReproduced()
        {
            Assert.Equal(DocsPolicyBase64, Convert.ToBase64String(Encoding.UTF8.GetBytes(DocsPolicy)));
            Assert.Equal(DocsSignature, PostPolicy.Sign(DocsPolicyBase64, TestSupport.DocsSecretKey, "20151229", "us-east-1"));
            Assert.NotEqual(DocsSignature, PostPolicy.Sign(DocsPolicyBase64, TestSupport.DocsSecretKey, "20151230", "us-east-1"));
            Assert.NotEqual(DocsSignature, PostPolicy.Sign(DocsPolicyBase64, TestSupport.DocsSecretKey, "20151229", "eu-west-1"));
        }

        [Fact]
        public void BuilderReproducesTheDocumentationExampleFieldsAndSignsItsOwnPolicy()
        {
            var constraints = UploadConstraints.Create(new UploadOptions
            {
                CannedAcl = "public-read",
                ServerSideEncryption = "AES256",
                Metadata = new Hashtable { ["uuid"] = "14365123651274" },
            });
            var signed = PostPolicy.Build(new PostPolicyRequest
            {
                BucketName = "sigv4examplebucket",
                KeyPrefix = "user/user1/",
                ContentTypePrefix = "image/",
                SuccessActionRedirect = "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html",
                Constraints = constraints,
                Region = "us-east-1",
                SigningTime = new DateTimeOffset(2015, 12, 29, 0, 0, 0, TimeSpan.Zero),
                ExpiresSeconds = 36 * 3600,
                AccessKeyId = TestSupport.DocsAccessKey,
                SecretAccessKey = TestSupport.DocsSecretKey,
            });

            Assert.Equal(new[]
            {
                "{\"bucket\": \"sigv4examplebucket\"}",
                "[\"starts-with\", \"$key\", \"user/user1/\"]",
                "{\"acl\": \"public-read\"}",
                "[\"starts-with\", \"$Content-Type\", \"image/\"]",
                "{\"success_action_redirect\": \"http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html\"}",
                "{\"x-amz-meta-uuid\": \"14365123651274\"}",
                "{\"x-amz-server-side-encryption\": \"AES256\"}",
                "{\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"}",
                "{\"x-amz-credential\": \"AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request\"}",
                "{\"x-amz-date\": \"20151229T000000Z\"}",
            }, signed.Conditions);

            var fields = signed.Fields.ToDictionary(f => f.Key, f => f.Value);
            Assert.Equal("user/user1/${filename}", fields["key"]);
            Assert.Equal("image/", fields["Content-Type"]);
            Assert.Equal("AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request", fields["x-amz-credential"]);
            Assert.Equal("20151229T000000Z", fields["x-amz-date"]);
            Assert.Equal(new[] { "policy", "x-amz-signature" }, signed.Fields.Skip(signed.Fields.Count - 2).Select(f => f.Key));
            Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(signed.Policy)), fields["policy"]);
            Assert.Equal(PostPolicy.Sign(fields["policy"], TestSupport.DocsSecretKey, "20151229", "us-east-1"), fields["x-amz-signature"]);
            Assert.Equal("2015-12-30T12:00:00.000Z", JsonDocument.Parse(signed.Policy).RootElement.GetProperty("expiration").GetString());
            Assert.Equal(new DateTimeOffset(2015, 12, 30, 12, 0, 0, TimeSpan.Zero), signed.Expiration);
        }

        [Fact]
        public void ExactKeyTypeSizeStatusSessionTokenAndEveryOptionHaveConditions()
        {
            var constraints = UploadConstraints.Create(new UploadOptions
            {
                ServerSideEncryption = "aws:kms",
                KmsKeyId = "alias/uploads",
                StorageClass = "GLACIER_IR",
                CannedAcl = "private",
                Metadata = new Hashtable { ["Owner"] = "ops" },
                Tagging = "team=data&tier=gold",
            });
            var signed = PostPolicy.Build(new PostPolicyRequest
            {
                BucketName = "b-1",
                Key = "exact/key name.bin",
                ContentType = "application/octet-stream",
                MinSize = 1,
                MaxSize = 10 * 1024 * 1024,
                SuccessActionStatus = 201,
                Constraints = constraints,
                Region = "eu-central-1",
                SigningTime = new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.Zero),
                ExpiresSeconds = 1,
                AccessKeyId = "ASIAEXAMPLE",
                SecretAccessKey = "secret",
                SessionToken = "token/with+chars==",
            });

            var policy = JsonDocument.Parse(signed.Policy).RootElement;
            Assert.Equal("2024-03-01T00:00:00.000Z", policy.GetProperty("expiration").GetString());
            var conditions = policy.GetProperty("conditions").EnumerateArray().Select(c => c.GetRawText()).ToArray();
            Assert.Equal(signed.Conditions.Select(c => JsonDocument.Parse(c).RootElement.GetRawText()), conditions);
            Assert.Contains("[\"content-length-range\", 1, 10485760]", signed.Conditions);
            Assert.Contains("{\"key\": \"exact/key name.bin\"}", signed.Conditions);
            Assert.Contains("{\"Content-Type\": \"application/octet-stream\"}", signed.Conditions);
            Assert.Contains("{\"success_action_status\": \"201\"}", signed.Conditions);
            Assert.Contains("{\"x-amz-security-token\": \"token/with+chars==\"}", signed.Conditions);
            Assert.Contains("{\"tagging\": \"<Tagging><TagSet><Tag><Key>team</Key><Value>data</Value></Tag><Tag><Key>tier</Key><Value>gold</Value></Tag></TagSet></Tagging>\"}", signed.Conditions);

            // S3 refuses a form field that no condition names (except policy, x-amz-signature, file, x-ignore-*).
            var conditionFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var c in signed.Conditions)
            {
                var e = JsonDocument.Parse(c).RootElement;
                if (e.ValueKind == JsonValueKind.Object) foreach (var p in e.EnumerateObject()) conditionFields.Add(p.Name);
                else if (e[0].GetString() != "content-length-range") conditionFields.Add(e[1].GetString()!.TrimStart('$'));
            }
            foreach (var f in signed.Fields.Where(f => f.Key != "policy" && f.Key != "x-amz-signature"))
            {
                Assert.Contains(f.Key, conditionFields);
            }
            Assert.Equal("token/with+chars==", signed.Fields.Single(f => f.Key == "x-amz-security-token").Value);
            Assert.Equal("exact/key name.bin", signed.Fields[0].Value);
        }

        [Fact]
        public void OnlyMaxOrMinSizeStillGivesARange()
        {
            string Range(long? min, long? max) => PostPolicy.Build(new PostPolicyRequest
            {
                BucketName = "b-1", KeyPrefix = "", MinSize = min, MaxSize = max, AccessKeyId = "AK", SecretAccessKey = "SK",
                SigningTime = TestSupport.DocsSigningTime, ExpiresSeconds = 60,
            }).Conditions.Single(c => c.Contains("content-length-range"));
            Assert.Equal("[\"content-length-range\", 0, 512]", Range(null, 512));
            Assert.Equal("[\"content-length-range\", 100, 5368709120]", Range(100, null));
            Assert.DoesNotContain(PostPolicy.Build(new PostPolicyRequest { BucketName = "b-1", KeyPrefix = "", AccessKeyId = "AK", SecretAccessKey = "SK", ExpiresSeconds = 60 }).Conditions,
                c => c.Contains("content-length-range"));
        }

        [Theory]
        [InlineData("plain")]
        [InlineData("quote\" backslash\\ slash/")]
        [InlineData("tab\t newline\n cr\r nul\u0000 bell\u0007 del\u007f")]
        [InlineData("ümlaut 日本語 😀 \u2028\u2029")]
        [InlineData("${filename} $key <script>")]
        public void JsonStringsRoundTrip(string value)
        {
            var json = PostPolicy.Json(value);
            Assert.Equal(value, JsonDocument.Parse(json).RootElement.GetString());
            Assert.DoesNotContain("\n", json);
        }

        [Fact]
        public void SignatureIsHmacOfTheBase64PolicyWithTheDerivedKey()
        {
            static byte[] H(byte[] k, string m) { using var h = new HMACSHA256(k); return h.ComputeHash(Encoding.UTF8.GetBytes(m)); }
            var key = H(H(H(H(Encoding.UTF8.GetBytes("AWS4secret"), "20240101"), "ap-south-1"), "s3"), "aws4_request");
            var expected = Convert.ToHexString(H(key, "cG9saWN5")).ToLowerInvariant();
            Assert.Equal(expected, PostPolicy.Sign("cG9saWN5", "secret", "20240101", "ap-south-1"));
        }
    }
}
