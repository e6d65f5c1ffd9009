using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PresignTools.Core.Upload
{
    /// <summary>
    /// Ready-to-run upload commands for presigned PUT links and POST forms: curl for bash/sh (single-quoted
    /// words) and Invoke-WebRequest for PowerShell (single-quoted strings), plus a minimal HTML form. Every
    /// value is quoted so that the shell passes it through unchanged ($, `, ", ${filename} and quotes included).
    /// </summary>
    internal static class UploadSnippets
    {
        /// <summary>What the commands upload when no file was given: replace it with the real file.</summary>
        public const string PlaceholderPath = "./file";

        // A media type that Invoke-WebRequest's header validation accepts (type/subtype[; parameters]).
        private static readonly Regex PlainMediaType = new Regex(
            @"^[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*;\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+=(""[^""]*""|[!#$%&'*+.^_`|~0-9A-Za-z-]+))*\s*$",
            RegexOptions.CultureInvariant);

        // ---- quoting -------------------------------------------------------------------------------

        /// <summary>A POSIX shell word: '...' with each ' written as '\''.</summary>
        public static string BashQuote(string s) => "'" + s.Replace("'", "'\\''") + "'";

        /// <summary>
        /// A PowerShell verbatim string: '...' with each single quote doubled. PowerShell also reads the
        /// typographic quotes U+2018, U+2019, U+201A and U+201B as single quotes, so those are doubled too.
        /// </summary>
        public static string PowerShellQuote(string s)
        {
            var sb = new StringBuilder(s.Length + 2);
            sb.Append('\'');
            foreach (var c in s)
            {
                if (c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B') sb.Append(c);
                sb.Append(c);
            }
            return sb.Append('\'').ToString();
        }

        /// <summary>What WildcardPattern.Escape does: a backtick before each of * ? [ ] and `.</summary>
        public static string EscapeWildcards(string path)
        {
            var sb = new StringBuilder(path.Length + 4);
            foreach (var c in path)
            {
                if (c == '*' || c == '?' || c == '[' || c == ']' || c == '`') sb.Append('`');
                sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>An HTML attribute value (for "...").</summary>
        public static string HtmlAttribute(string s) => WebUtility.HtmlEncode(s);

        // ---- presigned PUT -------------------------------------------------------------------------

        /// <summary>
        /// curl that PUTs <paramref name="path"/> with exactly the signed headers. Content-Length is left to
        /// curl, which sends the file's own length (a signed length then only matches the right file).
        /// </summary>
        public static string PutCurl(string url, IEnumerable<KeyValuePair<string, string>> headers, string path)
        {
            // --globoff: curl would read [ ] { } in the file name (and URL) as a glob pattern.
            var sb = new StringBuilder("curl --fail-with-body --globoff");
            if (HasDotSegments(url)) sb.Append(" --path-as-is");
            sb.Append(" --upload-file ").Append(BashQuote(path));
            foreach (var h in headers)
            {
                if (IsContentLength(h.Key)) continue;
                // curl drops a header given as "Name:" (empty value); "Name;" sends it empty.
                sb.Append(" -H ").Append(BashQuote(h.Value.Length == 0 ? h.Key + ";" : h.Key + ": " + h.Value));
            }
            sb.Append(' ').Append(BashQuote(url));
            return sb.ToString();
        }

        /// <summary>Invoke-WebRequest that PUTs <paramref name="path"/> with exactly the signed headers.</summary>
        public static string PutPowerShell(string url, IEnumerable<KeyValuePair<string, string>> headers, string path)
        {
            var sb = new StringBuilder("Invoke-WebRequest -UseBasicParsing -Method Put -Uri ");
            // -InFile resolves wildcards: a file named a[1].zip must be given as a`[1`].zip.
            sb.Append(PowerShellQuote(url)).Append(" -InFile ").Append(PowerShellQuote(EscapeWildcards(path)));
            var rest = new List<KeyValuePair<string, string>>();
            string? contentType = null;
            foreach (var h in headers)
            {
                if (IsContentLength(h.Key)) continue;
                if (string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = h.Value;
                else rest.Add(h);
            }
            if (contentType != null) sb.Append(" -ContentType ").Append(PowerShellQuote(contentType));
            if (rest.Count > 0)
            {
                sb.Append(" -Headers @{ ");
                for (var i = 0; i < rest.Count; i++)
                {
                    if (i > 0) sb.Append("; ");
                    sb.Append(PowerShellQuote(rest[i].Key)).Append(" = ").Append(PowerShellQuote(rest[i].Value));
                }
                sb.Append(" }");
            }
            // PowerShell 7 checks -ContentType as a media type; S3 stores any text, so skip the check when needed.
            if (contentType != null && !PlainMediaType.IsMatch(contentType)) sb.Append(" -SkipHeaderValidation");
            return sb.ToString();
        }

        // ---- presigned POST ------------------------------------------------------------------------

        /// <summary>curl that POSTs the form: every field verbatim (--form-string), then the file.</summary>
        public static string PostCurl(string url, IEnumerable<KeyValuePair<string, string>> fields, string path)
        {
            var sb = new StringBuilder("curl --fail-with-body");
            foreach (var f in fields)
            {
                sb.Append(" --form-string ").Append(BashQuote(f.Key + "=" + f.Value));
            }
            sb.Append(" -F ").Append(BashQuote("file=@\"" + path.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""));
            sb.Append(' ').Append(BashQuote(url));
            return sb.ToString();
        }

        /// <summary>Invoke-WebRequest -Form (PowerShell 7) with the fields in order and the file last.</summary>
        public static string PostPowerShell(string url, IEnumerable<KeyValuePair<string, string>> fields, string path)
        {
            var sb = new StringBuilder("Invoke-WebRequest -UseBasicParsing -Method Post -Uri ");
            sb.Append(PowerShellQuote(url)).Append(" -Form ([ordered]@{ ");
            foreach (var f in fields)
            {
                sb.Append(PowerShellQuote(f.Key)).Append(" = ").Append(PowerShellQuote(f.Value)).Append("; ");
            }
            sb.Append("'file' = Get-Item -LiteralPath ").Append(PowerShellQuote(path)).Append(" })");
            return sb.ToString();
        }

        /// <summary>A minimal HTML form: hidden fields, a Content-Type box when only a prefix is fixed, the file input last.</summary>
        public static string HtmlForm(string url, IEnumerable<KeyValuePair<string, string>> fields, bool contentTypeIsEditable)
        {
            var sb = new StringBuilder();
            sb.Append("<form action=\"").Append(HtmlAttribute(url)).Append("\" method=\"post\" enctype=\"multipart/form-data\">\n");
            foreach (var f in fields)
            {
                if (contentTypeIsEditable && f.Key == "Content-Type")
                {
                    sb.Append("  <label>Content-Type <input type=\"text\" name=\"Content-Type\" value=\"").Append(HtmlAttribute(f.Value)).Append("\"></label>\n");
                    continue;
                }
                sb.Append("  <input type=\"hidden\" name=\"").Append(HtmlAttribute(f.Key)).Append("\" value=\"").Append(HtmlAttribute(f.Value)).Append("\">\n");
            }
            sb.Append("  <input type=\"file\" name=\"file\">\n");
            sb.Append("  <input type=\"submit\" value=\"Upload\">\n");
            sb.Append("</form>");
            return sb.ToString();
        }

        private static bool IsContentLength(string name) => string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase);

        // True when the URL's path has "." or ".." segments, which curl would otherwise resolve away.
        private static bool HasDotSegments(string url)
        {
            var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
            var pathStart = schemeEnd < 0 ? 0 : url.IndexOf('/', schemeEnd + 3);
            if (pathStart < 0) return false;
            var queryStart = url.IndexOf('?', pathStart);
            var path = queryStart < 0 ? url.Substring(pathStart) : url.Substring(pathStart, queryStart - pathStart);
            foreach (var segment in path.Split('/'))
            {
                if (segment == "." || segment == "..") return true;
            }
            return false;
        }
    }
}
