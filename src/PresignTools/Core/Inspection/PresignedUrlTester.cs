using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace PresignTools.Core.Inspection
{
    /// <summary>
    /// Decides whether presigned URLs work: offline (well-formed and not expired) or by asking the server
    /// without downloading the object: GET links as GET with "Range: bytes=0-0" (a success body is never
    /// read; an error body is read up to 64 KiB for its S3 error code), HEAD links as HEAD. It never sends
    /// PUT, POST or DELETE. One HttpClient for the process; no redirects followed, no cookies.
    /// </summary>
    internal static class PresignedUrlTester
    {
        private const int MaxErrorBodyBytes = 64 * 1024;

        /// <summary>S3 refuses a request dated more than 15 minutes ahead of its clock.</summary>
        private static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(15);

        private static readonly Lazy<HttpClient> Client = new Lazy<HttpClient>(CreateClient, LazyThreadSafetyMode.ExecutionAndPublication);

        private static readonly Regex CodePattern = new Regex("<Code>([^<]{1,200})</Code>", RegexOptions.CultureInvariant);
        private static readonly Regex MessagePattern = new Regex("<Message>([^<]{0,2000})</Message>", RegexOptions.CultureInvariant);

        /// <summary>
        /// The offline verdict for <paramref name="url"/>: read (info) or not (error). <paramref name="effectiveExpiresAt"/>
        /// is when the link really dies if that is known to be earlier than the URL says (a PresignedUrl whose credentials expire first).
        /// </summary>
        public static PresignedUrlTestResult Offline(string url, PresignedUrlInfo? info, PresignException? error, DateTimeOffset now, DateTimeOffset? effectiveExpiresAt = null)
        {
            var result = new PresignedUrlTestResult { Url = url, CheckedAt = now };
            if (info == null)
            {
                result.IsValid = false;
                result.ErrorCode = error?.ErrorId ?? PresignedUrlParser.InvalidUrl;
                result.ErrorMessage = error?.Message;
                return result;
            }
            var expiresAt = ExpiresAt(info, effectiveExpiresAt);
            result.ExpiresAt = expiresAt;
            result.IsExpired = now >= expiresAt;
            if (result.IsExpired)
            {
                result.ErrorCode = "Expired";
                result.ErrorMessage = expiresAt < info.ExpiresAt
                    ? $"The link died at {expiresAt:u}, when the credentials that signed it expired (the URL says {info.ExpiresAt:u})."
                    : $"The link expired at {expiresAt:u}.";
            }
            else if (info.SignedAt.HasValue && info.SignedAt.Value - now > MaxFutureSkew)
            {
                result.ErrorCode = "NotYetValid";
                result.ErrorMessage = $"The link is dated {info.SignedAt.Value:u}, more than 15 minutes ahead of this machine's clock; S3 refuses it until then.";
            }
            else
            {
                result.IsValid = true;
            }
            return result;
        }

        /// <summary>Which method -Online sends for <paramref name="info"/>: GET, HEAD, or null for "GET, then HEAD if GET is refused by signature".</summary>
        /// <exception cref="PresignException">OnlineCheckRefused: the link is for PUT, POST or DELETE.</exception>
        public static string? OnlineMethod(PresignedUrlInfo info, string? method)
        {
            if (!string.IsNullOrEmpty(method)) return method!.ToUpperInvariant();
            var m = info.Method;
            if (m == null || m == "GET" || m == "HEAD") return m;
            throw new PresignException("OnlineCheckRefused", FailureKind.InvalidOperation,
                $"The link for {Describe(info)} is signed for {m} ({info.MethodReason}); -Online sends only GET and HEAD and never uploads or deletes. If it is a download link, give -Method GET or -Method HEAD.");
        }

        /// <summary>Asks the server. <paramref name="method"/> from OnlineMethod.</summary>
        /// <exception cref="PresignException">Timeout, ConnectionFailed, PathNotPreserved.</exception>
        public static PresignedUrlTestResult Online(PresignedUrlInfo info, string? method, TimeSpan timeout, CancellationToken cancel, Action<string>? log, DateTimeOffset? effectiveExpiresAt = null)
        {
            var expiresAt = ExpiresAt(info, effectiveExpiresAt);
            var checkedAt = DateTimeOffset.UtcNow;
            var answer = Send(info, method ?? "GET", timeout, cancel, log);
            if (method == null && answer.StatusCode == 403 && answer.ErrorCode == "SignatureDoesNotMatch")
            {
                // The URL does not say GET or HEAD; a HEAD link refuses GET by signature.
                var head = Send(info, "HEAD", timeout, cancel, log);
                if (head.IsSuccess) answer = head;
            }

            var result = new PresignedUrlTestResult
            {
                Url = info.Url,
                Online = true,
                Method = answer.Method,
                StatusCode = answer.StatusCode,
                IsValid = answer.IsSuccess,
                ExpiresAt = expiresAt,
                CheckedAt = checkedAt,
            };
            if (!answer.IsSuccess)
            {
                result.ErrorCode = answer.ErrorCode;
                result.ErrorMessage = answer.ErrorMessage;
            }
            result.IsExpired = checkedAt >= expiresAt
                || answer.ErrorCode == "ExpiredToken"
                || (answer.ErrorCode == "AccessDenied" && answer.ErrorMessage != null && answer.ErrorMessage.IndexOf("expired", StringComparison.OrdinalIgnoreCase) >= 0);
            return result;
        }

        private static DateTimeOffset ExpiresAt(PresignedUrlInfo info, DateTimeOffset? effective) =>
            effective.HasValue && effective.Value < info.ExpiresAt ? effective.Value : info.ExpiresAt;

        private sealed class Answer
        {
            public string Method = "GET";
            public int StatusCode;
            public string? ErrorCode;
            public string? ErrorMessage;

            public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;
        }

        private static Answer Send(PresignedUrlInfo info, string method, TimeSpan timeout, CancellationToken cancel, Action<string>? log)
        {
            var origin = info.Scheme + "://" + info.Host;
            var uri = ExactUri.Create(origin + info.RequestTarget, info.RequestTarget);
            var shown = origin + RawUrl.Shorten(StripQuery(info.RequestTarget), 120);

            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            using (var request = new HttpRequestMessage(method == "HEAD" ? HttpMethod.Head : HttpMethod.Get, uri))
            {
                if (method != "HEAD") request.Headers.Range = new RangeHeaderValue(0, 0);
                cts.CancelAfter(timeout);
                log?.Invoke(method == "HEAD" ? $"HEAD {shown}" : $"GET {shown} (Range: bytes=0-0)");
                try
                {
                    using (var response = Client.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).GetAwaiter().GetResult())
                    {
                        var answer = new Answer { Method = method, StatusCode = (int)response.StatusCode };
                        if (!answer.IsSuccess)
                        {
                            var body = method == "HEAD" ? string.Empty : ReadLimited(response, cts.Token);
                            var code = CodePattern.Match(body);
                            var message = MessagePattern.Match(body);
                            answer.ErrorCode = code.Success ? WebUtility.HtmlDecode(code.Groups[1].Value).Trim() : Header(response, "x-amz-error-code");
                            answer.ErrorMessage = message.Success ? OneLine(WebUtility.HtmlDecode(message.Groups[1].Value)) : Header(response, "x-amz-error-message") ?? response.ReasonPhrase;
                        }
                        log?.Invoke($"{method} {shown}: {answer.StatusCode} {response.ReasonPhrase}{(answer.ErrorCode != null ? " (" + answer.ErrorCode + ")" : string.Empty)}");
                        return answer;
                    }
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    throw new PresignException("Timeout", FailureKind.ConnectionError,
                        $"{origin} did not answer the {method} request within {timeout.TotalSeconds:0.###} s (-TimeoutSec); the link was not checked.");
                }
                catch (HttpRequestException e)
                {
                    throw new PresignException("ConnectionFailed", FailureKind.ConnectionError, $"Could not reach {origin}: {Reason(e)}; the link was not checked.");
                }
                catch (IOException e)
                {
                    throw new PresignException("ConnectionFailed", FailureKind.ConnectionError, $"The connection to {origin} failed: {Reason(e)}; the link was not checked.");
                }
            }
        }

        private static string ReadLimited(HttpResponseMessage response, CancellationToken cancel)
        {
            if (response.Content == null) return string.Empty;
            using (var stream = response.Content.ReadAsStreamAsync().GetAwaiter().GetResult())
            {
                var buffer = new byte[MaxErrorBodyBytes];
                var total = 0;
                while (total < buffer.Length)
                {
                    var n = stream.ReadAsync(buffer, total, buffer.Length - total, cancel).GetAwaiter().GetResult();
                    if (n <= 0) break;
                    total += n;
                }
                return Encoding.UTF8.GetString(buffer, 0, total);
            }
        }

        private static string? Header(HttpResponseMessage response, string name)
        {
            return response.Headers.TryGetValues(name, out var values) ? OneLine(string.Join(", ", values)) : null;
        }

        private static HttpClient CreateClient()
        {
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
            };
            var client = new HttpClient(handler, true) { Timeout = Timeout.InfiniteTimeSpan };
            client.DefaultRequestHeaders.UserAgent.ParseAdd("PresignTools/" + typeof(PresignedUrlTester).Assembly.GetName().Version?.ToString(3) + " (Test-S3PresignedUrl)");
            return client;
        }

        private static string Describe(PresignedUrlInfo info) =>
            info.BucketName == null ? info.Host : "s3://" + info.BucketName + "/" + RawUrl.Shorten(info.Key ?? string.Empty, 80);

        private static string StripQuery(string target)
        {
            var q = target.IndexOf('?');
            return q < 0 ? target : target.Substring(0, q);
        }

        private static string Reason(Exception e)
        {
            var messages = new StringBuilder();
            for (var x = e; x != null; x = x.InnerException)
            {
                if (messages.Length > 0) messages.Append(": ");
                messages.Append(OneLine(x.Message).TrimEnd('.'));
                if (messages.Length > 300) break;
            }
            return messages.ToString();
        }

        private static string OneLine(string s) => Regex.Replace(s, @"\s+", " ").Trim();
    }
}
