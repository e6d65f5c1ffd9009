using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using PresignTools.Core.Upload;
using Xunit;

namespace PresignTools.Tests
{
    public class UploadSnippetsTests
    {
        private static readonly string[] Awkward =
        {
            "plain", "with space", "it's", "''", "\"double\"", "$HOME ${filename} $(id) `id` \\n", "!bang", "semi;colon&amp|pipe",
            "glob*?[a]", "~tilde", "ünïcödé 日本", "‘typographic’ ‚quotes‛", "-leading-dash", "",
        };

        public static IEnumerable<object[]> AwkwardStrings() => Awkward.Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(AwkwardStrings))]
        public void BashQuotingPassesEveryStringThroughUnchanged(string value)
        {
            if (OperatingSystem.IsWindows()) return;
            var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("printf '%s' " + UploadSnippets.BashQuote(value));
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(value, output);
        }

        [Fact]
        public void PowerShellQuotingDoublesEverySingleQuoteKind()
        {
            Assert.Equal("'it''s'", UploadSnippets.PowerShellQuote("it's"));
            Assert.Equal("'‘‘a’’'", UploadSnippets.PowerShellQuote("‘a’"));
            Assert.Equal("'$HOME ${filename} `n \"x\"'", UploadSnippets.PowerShellQuote("$HOME ${filename} `n \"x\""));
            Assert.Equal("''", UploadSnippets.PowerShellQuote(""));
        }

        [Fact]
        public void PutCommandsSendTheSignedHeadersButLeaveTheLengthToTheTool()
        {
            var headers = new List<KeyValuePair<string, string>>
            {
                new("Content-Type", "text/plain"),
                new("Content-Length", "5"),
                new("x-amz-meta-note", "it's"),
                new("x-amz-meta-empty", ""),
            };
            var url = "https://b.s3.us-east-1.amazonaws.com/k?X-Amz-Signature=abc";
            Assert.Equal(
                "curl --fail-with-body --globoff --upload-file '/tmp/a b.txt' -H 'Content-Type: text/plain' -H 'x-amz-meta-note: it'\\''s' -H 'x-amz-meta-empty;' '" + url + "'",
                UploadSnippets.PutCurl(url, headers, "/tmp/a b.txt"));
            Assert.Equal(
                "Invoke-WebRequest -UseBasicParsing -Method Put -Uri '" + url + "' -InFile '/tmp/a b.txt' -ContentType 'text/plain' -Headers @{ 'x-amz-meta-note' = 'it''s'; 'x-amz-meta-empty' = '' }",
                UploadSnippets.PutPowerShell(url, headers, "/tmp/a b.txt"));
        }

        [Fact]
        public void PowerShellInFileEscapesWildcardsButCurlTakesThePathAsItIs()
        {
            var none = new List<KeyValuePair<string, string>>();
            Assert.Contains("-InFile '/tmp/a`[1`] `*.zip'", UploadSnippets.PutPowerShell("http://h/b/k", none, "/tmp/a[1] *.zip"));
            Assert.Contains("--upload-file '/tmp/a[1] *.zip'", UploadSnippets.PutCurl("http://h/b/k", none, "/tmp/a[1] *.zip"));
            Assert.Contains("Get-Item -LiteralPath '/tmp/a[1].zip'", UploadSnippets.PostPowerShell("http://h/b", none, "/tmp/a[1].zip"));
        }

        [Fact]
        public void PutCommandsForAKeyWithDotSegmentsAndAnUnusualContentType()
        {
            var url = "http://127.0.0.1:9000/b/a/../c?X-Amz-Signature=abc";
            Assert.StartsWith("curl --fail-with-body --globoff --path-as-is --upload-file './file' ", UploadSnippets.PutCurl(url, new List<KeyValuePair<string, string>>(), UploadSnippets.PlaceholderPath));
            var ps = UploadSnippets.PutPowerShell(url, new List<KeyValuePair<string, string>> { new("Content-Type", "not a media type") }, "./file");
            Assert.EndsWith("-ContentType 'not a media type' -SkipHeaderValidation", ps);
            Assert.DoesNotContain("SkipHeaderValidation", UploadSnippets.PutPowerShell(url, new List<KeyValuePair<string, string>> { new("Content-Type", "text/plain; charset=utf-8") }, "./file"));
        }

        [Fact]
        public void PostCommandsKeepFieldOrderAndPutTheFileLast()
        {
            var fields = new List<KeyValuePair<string, string>> { new("key", "in/${filename}"), new("policy", "eyJ9"), new("x-amz-signature", "00") };
            Assert.Equal(
                "curl --fail-with-body --form-string 'key=in/${filename}' --form-string 'policy=eyJ9' --form-string 'x-amz-signature=00' -F 'file=@\"./my \\\"file\\\";x\"' 'http://h/b'",
                UploadSnippets.PostCurl("http://h/b", fields, "./my \"file\";x"));
            Assert.Equal(
                "Invoke-WebRequest -UseBasicParsing -Method Post -Uri 'http://h/b' -Form ([ordered]@{ 'key' = 'in/${filename}'; 'policy' = 'eyJ9'; 'x-amz-signature' = '00'; 'file' = Get-Item -LiteralPath './file' })",
                UploadSnippets.PostPowerShell("http://h/b", fields, "./file"));
        }

        [Fact]
        public void HtmlFormEscapesValuesAndEndsWithTheFileInput()
        {
            var html = UploadSnippets.HtmlForm("http://h/b?x=1&y=\"2\"", new List<KeyValuePair<string, string>>
            {
                new("key", "a\"<b>&${filename}"),
                new("Content-Type", "image/"),
            }, contentTypeIsEditable: true);
            Assert.StartsWith("<form action=\"http://h/b?x=1&amp;y=&quot;2&quot;\" method=\"post\" enctype=\"multipart/form-data\">", html);
            Assert.Contains("<input type=\"hidden\" name=\"key\" value=\"a&quot;&lt;b&gt;&amp;${filename}\">", html);
            Assert.Contains("<input type=\"text\" name=\"Content-Type\" value=\"image/\">", html);
            Assert.True(html.IndexOf("name=\"file\"", StringComparison.Ordinal) > html.LastIndexOf("type=\"hidden\"", StringComparison.Ordinal));
            Assert.EndsWith("</form>", html);
        }
    }
}
