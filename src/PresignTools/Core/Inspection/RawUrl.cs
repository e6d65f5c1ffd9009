using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PresignTools.Core.Inspection
{
    /// <summary>
    /// An http(s) URL split the way S3 reads it, without System.Uri's normalisation: the path and query
    /// stay exactly as written ('.' and '..' segments, '//', '%7E' and '+' untouched), so that keys and
    /// signatures can be read byte for byte and the request can be sent exactly as signed.
    /// </summary>
    internal sealed class RawUrl
    {
        private RawUrl(string scheme, string host, int? port, string path, string? query)
        {
            Scheme = scheme;
            Host = host;
            Port = port;
            Path = path;
            Query = query;
        }

        /// <summary>"http" or "https".</summary>
        public string Scheme { get; }

        /// <summary>The host name in lower case (an IPv6 address in brackets), without a trailing dot.</summary>
        public string Host { get; }

        /// <summary>The explicit port when it is not the scheme's default.</summary>
        public int? Port { get; }

        /// <summary>The Host header: host plus ":port" when the port is not the default.</summary>
        public string Authority => Port.HasValue ? Host + ":" + Port.Value.ToString(CultureInfo.InvariantCulture) : Host;

        /// <summary>The raw path, starting with '/' ("/" when the URL has none).</summary>
        public string Path { get; }

        /// <summary>The raw query without '?', or null when there is none.</summary>
        public string? Query { get; }

        /// <summary>True when the host is a literal IPv4 or IPv6 address.</summary>
        public bool HostIsIpAddress => Host.StartsWith("[", StringComparison.Ordinal) || IsIpv4(Host);

        /// <summary>The request target as sent on the wire: path and query, with characters HTTP does not allow raw (spaces, non-ASCII, ...) percent-encoded as UTF-8.</summary>
        public string RequestTarget()
        {
            var sb = new StringBuilder(Path.Length + (Query?.Length ?? 0) + 16);
            AppendWireSafe(sb, Path);
            if (Query != null)
            {
                sb.Append('?');
                AppendWireSafe(sb, Query);
            }
            return sb.ToString();
        }

        /// <summary>Splits <paramref name="text"/>; returns null and the reason when it is not an absolute http(s) URL.</summary>
        public static RawUrl? TryParse(string text, out string? problem)
        {
            problem = null;
            var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd <= 0)
            {
                problem = "expected an absolute http:// or https:// URL";
                return null;
            }
            var scheme = text.Substring(0, schemeEnd).ToLowerInvariant();
            if (scheme != "http" && scheme != "https")
            {
                problem = scheme == "s3"
                    ? "an s3:// URI is not a presigned URL (expected an http:// or https:// URL; Get-S3PresignedUrl turns s3:// URIs into links)"
                    : $"the scheme is '{Shorten(scheme, 20)}'; expected http:// or https://";
                return null;
            }

            var authorityStart = schemeEnd + 3;
            var authorityEnd = text.Length;
            for (var i = authorityStart; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '/' || c == '?' || c == '#' || c == '\\')
                {
                    authorityEnd = i;
                    break;
                }
            }
            if (authorityEnd < text.Length && text[authorityEnd] == '\\')
            {
                problem = "a '\\' follows the host; URLs use '/'";
                return null;
            }
            var authority = text.Substring(authorityStart, authorityEnd - authorityStart);
            if (authority.IndexOf('@') >= 0)
            {
                problem = "the URL has user information before the host ('user@host'), which presigned URLs never have";
                return null;
            }

            string host;
            string? portText = null;
            if (authority.StartsWith("[", StringComparison.Ordinal))
            {
                var close = authority.IndexOf(']');
                if (close < 0)
                {
                    problem = "the IPv6 host has no closing ']'";
                    return null;
                }
                host = authority.Substring(0, close + 1);
                var rest = authority.Substring(close + 1);
                if (rest.Length > 0)
                {
                    if (rest[0] != ':')
                    {
                        problem = "unexpected text after the IPv6 host";
                        return null;
                    }
                    portText = rest.Substring(1);
                }
                if (Uri.CheckHostName(host.Substring(1, host.Length - 2)) != UriHostNameType.IPv6)
                {
                    problem = $"'{Shorten(host, 60)}' is not an IPv6 address";
                    return null;
                }
            }
            else
            {
                var colon = authority.LastIndexOf(':');
                if (colon >= 0)
                {
                    host = authority.Substring(0, colon);
                    portText = authority.Substring(colon + 1);
                }
                else
                {
                    host = authority;
                }
                if (host.EndsWith(".", StringComparison.Ordinal)) host = host.Substring(0, host.Length - 1);
                var hostProblem = CheckHostName(host);
                if (hostProblem != null)
                {
                    problem = hostProblem;
                    return null;
                }
            }

            int? port = null;
            if (portText != null)
            {
                if (portText.Length == 0 || portText.Length > 5 || !AllDigits(portText)
                    || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p < 1 || p > 65535)
                {
                    problem = $"the port '{Shorten(portText, 20)}' is not a number from 1 to 65535";
                    return null;
                }
                var defaultPort = scheme == "https" ? 443 : 80;
                if (p != defaultPort) port = p;
            }

            // Path and query; a fragment is not sent, so it is dropped.
            var remainder = text.Substring(authorityEnd);
            var hash = remainder.IndexOf('#');
            if (hash >= 0) remainder = remainder.Substring(0, hash);
            string path;
            string? query = null;
            var question = remainder.IndexOf('?');
            if (question >= 0)
            {
                path = remainder.Substring(0, question);
                query = remainder.Substring(question + 1);
            }
            else
            {
                path = remainder;
            }
            if (path.Length == 0) path = "/";

            return new RawUrl(scheme, host.ToLowerInvariant(), port, path, query);
        }

        private static string? CheckHostName(string host)
        {
            if (host.Length == 0) return "the URL has no host";
            if (host.Length > 253) return "the host name is longer than 253 characters";
            var labelLength = 0;
            foreach (var c in host)
            {
                if (c == '.')
                {
                    if (labelLength == 0) return $"the host '{Shorten(host, 60)}' has an empty label";
                    labelLength = 0;
                    continue;
                }
                var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || (c > 0x7F && !char.IsWhiteSpace(c) && !char.IsControl(c));
                if (!ok) return $"the host '{Shorten(host, 60)}' contains {Describe(c)}, which no host name has";
                labelLength++;
            }
            if (labelLength == 0) return $"the host '{Shorten(host, 60)}' has an empty label";
            return null;
        }

        private static bool IsIpv4(string host)
        {
            var parts = host.Split('.');
            if (parts.Length != 4) return false;
            foreach (var p in parts)
            {
                if (p.Length == 0 || p.Length > 3 || !AllDigits(p)) return false;
                if (int.Parse(p, CultureInfo.InvariantCulture) > 255) return false;
            }
            return true;
        }

        internal static bool AllDigits(string s)
        {
            if (s.Length == 0) return false;
            foreach (var c in s) if (c < '0' || c > '9') return false;
            return true;
        }

        private static readonly bool[] WireUnsafe = BuildWireUnsafe();

        private static bool[] BuildWireUnsafe()
        {
            var table = new bool[128];
            for (var c = 0; c < 0x21; c++) table[c] = true;
            table[0x7F] = true;
            foreach (var c in "\"<>\\^`{|}") table[c] = true;
            return table;
        }

        private static void AppendWireSafe(StringBuilder sb, string s)
        {
            const string hex = "0123456789ABCDEF";
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (c < 0x80)
                {
                    if (WireUnsafe[c]) sb.Append('%').Append(hex[c >> 4]).Append(hex[c & 0xF]);
                    else sb.Append(c);
                    continue;
                }
                var start = i;
                while (i + 1 < s.Length && s[i + 1] >= 0x80) i++;
                byte[] bytes;
                try
                {
                    bytes = StrictUtf8.GetBytes(s.Substring(start, i - start + 1));
                }
                catch (EncoderFallbackException)
                {
                    bytes = Encoding.UTF8.GetBytes(s.Substring(start, i - start + 1));
                }
                foreach (var b in bytes) sb.Append('%').Append(hex[b >> 4]).Append(hex[b & 0xF]);
            }
        }

        internal static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>
        /// Percent-decodes <paramref name="s"/> byte for byte as UTF-8: "%XX" is one byte, '+' is '+', other
        /// characters stand for their own UTF-8 bytes. Returns null when an escape is broken or the bytes are not UTF-8.
        /// </summary>
        public static string? PercentDecode(string s)
        {
            if (s.IndexOf('%') < 0)
            {
                foreach (var ch in s) if (char.IsSurrogate(ch)) return ValidUtf16(s) ? s : null;
                return s;
            }
            var bytes = new List<byte>(s.Length);
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (c == '%')
                {
                    if (i + 2 >= s.Length) return null;
                    var hi = HexValue(s[i + 1]);
                    var lo = HexValue(s[i + 2]);
                    if (hi < 0 || lo < 0) return null;
                    bytes.Add((byte)((hi << 4) | lo));
                    i += 2;
                }
                else if (c < 0x80)
                {
                    bytes.Add((byte)c);
                }
                else
                {
                    var start = i;
                    while (i + 1 < s.Length && s[i + 1] >= 0x80 && s[i + 1] != '%') i++;
                    try
                    {
                        bytes.AddRange(StrictUtf8.GetBytes(s.Substring(start, i - start + 1)));
                    }
                    catch (EncoderFallbackException)
                    {
                        return null;
                    }
                }
            }
            try
            {
                return StrictUtf8.GetString(bytes.ToArray());
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }

        private static bool ValidUtf16(string s)
        {
            for (var i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]))
                {
                    if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false;
                    i++;
                }
                else if (char.IsLowSurrogate(s[i]))
                {
                    return false;
                }
            }
            return true;
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        private static string Describe(char c)
        {
            if (c < 0x20 || c == 0x7F || char.IsWhiteSpace(c)) return $"U+{(int)c:X4}";
            return "'" + c + "'";
        }

        internal static string Shorten(string s, int max)
        {
            var sb = new StringBuilder(Math.Min(s.Length, max) + 3);
            foreach (var c in s)
            {
                if (sb.Length >= max)
                {
                    sb.Append("...");
                    break;
                }
                sb.Append(c < 0x20 || c == 0x7F ? ' ' : c);
            }
            return sb.ToString();
        }
    }
}
