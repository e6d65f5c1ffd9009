using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace PresignTools.Core.Credentials.Sources
{
    /// <summary>One HTTP client for credential endpoints (container, instance metadata, SSO), with per-call timeouts.</summary>
    internal static class CredentialHttp
    {
        private static readonly HttpClient Client = new HttpClient(new HttpClientHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

        /// <summary>Sends a request; returns the status and the response headers (body discarded).</summary>
        public static (int Status, List<KeyValuePair<string, string>> Headers) SendWithHeaders(HttpMethod method, Uri uri, IEnumerable<KeyValuePair<string, string>>? headers, TimeSpan timeout)
        {
            using (var cts = new CancellationTokenSource(timeout))
            using (var request = new HttpRequestMessage(method, uri))
            {
                if (headers != null)
                {
                    foreach (var h in headers) request.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }
                try
                {
                    using (var response = Task.Run(() => Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token)).GetAwaiter().GetResult())
                    {
                        var list = new List<KeyValuePair<string, string>>();
                        foreach (var h in response.Headers) list.Add(new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value)));
                        foreach (var h in response.Content.Headers) list.Add(new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value)));
                        return ((int)response.StatusCode, list);
                    }
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"no answer from {uri.GetLeftPart(UriPartial.Authority)} within {timeout.TotalSeconds:0.#} s");
                }
            }
        }

        /// <summary>Sends a request; returns the status and body. Throws <see cref="TimeoutException"/> or <see cref="HttpRequestException"/> when unreachable.</summary>
        public static (int Status, string Body) Send(HttpMethod method, Uri uri, IEnumerable<KeyValuePair<string, string>>? headers, TimeSpan timeout)
        {
            using (var cts = new CancellationTokenSource(timeout))
            using (var request = new HttpRequestMessage(method, uri))
            {
                if (headers != null)
                {
                    foreach (var h in headers) request.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }
                try
                {
                    using (var response = Task.Run(() => Client.SendAsync(request, cts.Token)).GetAwaiter().GetResult())
                    {
                        var body = Task.Run(() => response.Content.ReadAsStringAsync()).GetAwaiter().GetResult();
                        return ((int)response.StatusCode, body);
                    }
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"no answer from {uri.GetLeftPart(UriPartial.Authority)} within {timeout.TotalSeconds:0.#} s");
                }
            }
        }
    }
}
