using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PresignTools.Core.Endpoints;

namespace PresignTools.Core.Signing
{
    /// <summary>One request to presign: where it goes and what it signs. Names are raw (not encoded).</summary>
    internal sealed class PresignRequest
    {
        public string Method { get; set; } = "GET";

        /// <summary>The request's address: scheme, host (with a non-default port) and encoded path.</summary>
        public S3Address Address { get; set; } = null!;

        public string Region { get; set; } = "us-east-1";

        public string Service { get; set; } = "s3";

        public DateTime SigningTimeUtc { get; set; }

        public int ExpiresSeconds { get; set; }

        /// <summary>Operation query parameters (versionId, response-*), raw values.</summary>
        public List<KeyValuePair<string, string>>? Query { get; set; }

        /// <summary>Headers the client must send, signed. Names in lower case; host is added by the signer.</summary>
        public List<KeyValuePair<string, string>>? Headers { get; set; }
    }

    /// <summary>
    /// AWS Signature Version 4 in the query string (the presigned-URL form of SigV4), for one credential.
    /// The canonical request follows "Authenticating Requests: Using Query Parameters (AWS Signature
    /// Version 4)" in the S3 API reference: payload UNSIGNED-PAYLOAD, host always signed.
    /// <para>
    /// Built for pipelines of many links: an instance caches the derived signing key per (date, region,
    /// service), the scope and credential strings, the X-Amz-Date text per second, the encoded and sorted
    /// forms of a repeated header or query list, and writes the canonical request, the string to sign and
    /// the URL into reused buffers. A link with no extra query parameters is signed without sorting
    /// (the authentication parameters have a fixed canonical order). Per link it allocates the URL string
    /// and the two digests the netstandard2.0 hash API returns (IncrementalHash). Not thread-safe: one instance per pipeline
    /// (or per thread).
    /// </para>
    /// </summary>
    internal sealed class SigV4QueryPresigner
    {
        public const string Algorithm = "AWS4-HMAC-SHA256";
        private const string UnsignedPayload = "UNSIGNED-PAYLOAD";
        private const string DefaultService = "s3";

        private readonly string _accessKeyId;
        private readonly string? _sessionToken;
        private readonly string? _encodedSessionToken;
        private readonly byte[] _secretSeed;
        // IncrementalHash: as fast as a reused HashAlgorithm and one digest array per call instead of two.
        private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        private readonly TextBuffer _canonical = new TextBuffer(1024);
        private readonly TextBuffer _url = new TextBuffer(1024);
        private byte[] _bytes = new byte[2048];
        private QueryPart[] _parts = new QueryPart[16];

        // Signing key and scope, per (date, region, service).
        private IncrementalHash? _signingHmac;
        private string? _keyDate;
        private string? _keyRegion;
        private string? _keyService;
        private string _scope = string.Empty;
        private string _encodedCredential = string.Empty;

        // X-Amz-Date, per whole second.
        private long _second = long.MinValue;
        private string _amzDate = string.Empty;
        private string _date = string.Empty;

        // "AWS4-HMAC-SHA256\n<amz-date>\n<scope>\n" as UTF-8, followed by room for the hex digest.
        private byte[] _stringToSign = new byte[256];
        private int _stringToSignPrefix;
        private string? _stringToSignDate;
        private string? _stringToSignScope;

        private int _expires = int.MinValue;
        private string _expiresText = string.Empty;

        // The authentication parameters as one string, canonical order and URL order (they differ only
        // where the session token goes), rebuilt when the date, scope, lifetime or signed headers change.
        private string? _authDate;
        private string? _authCredential;
        private string? _authExpires;
        private string? _authSignedHeaders;
        private string _authCanonical = string.Empty;
        private string _authUrl = string.Empty;

        private HeaderSet? _headerSet;
        private QuerySet? _querySet;
        private string? _lastVersionId;
        private string? _lastEncodedVersionId;

        public SigV4QueryPresigner(string accessKeyId, string secretAccessKey, string? sessionToken)
        {
            if (string.IsNullOrEmpty(accessKeyId)) throw new ArgumentException("An access key id is required.", nameof(accessKeyId));
            if (string.IsNullOrEmpty(secretAccessKey)) throw new ArgumentException("A secret access key is required.", nameof(secretAccessKey));
            _accessKeyId = accessKeyId;
            _sessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
            _encodedSessionToken = _sessionToken == null ? null : AwsUriEncoding.Encode(_sessionToken, false);
            _secretSeed = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        }

        public string AccessKeyId => _accessKeyId;

        public bool HasSessionToken => _sessionToken != null;

        /// <summary>Returns the presigned URL.</summary>
        public string Presign(PresignRequest request)
        {
            var address = request.Address;
            return Presign(request.Method, address.Scheme, address.Host, address.Path, null, request.Region, request.Service,
                request.SigningTimeUtc, request.ExpiresSeconds, null, request.Query, request.Headers);
        }

        /// <summary>
        /// Returns the presigned URL of <paramref name="scheme"/>://<paramref name="host"/><paramref name="encodedPath"/>,
        /// followed by "/" and <paramref name="rawKey"/> encoded (slashes kept) when a key is given.
        /// <paramref name="versionId"/> (raw) leads the operation parameters, then <paramref name="query"/>
        /// in the order given, then the authentication parameters, as botocore writes them.
        /// </summary>
        public string Presign(string method, string scheme, string host, string encodedPath, string? rawKey, string region, string? service,
            DateTime signingTimeUtc, int expiresSeconds, string? versionId,
            List<KeyValuePair<string, string>>? query, List<KeyValuePair<string, string>>? headers)
        {
            PrepareTime(signingTimeUtc);
            var hmac = PrepareScope(_date, region, service ?? DefaultService);
            PrepareStringToSign();
            var expiresText = ExpiresText(expiresSeconds);
            var headerSet = Headers(headers);
            PrepareAuthParameters(expiresText, headerSet);
            var querySet = Query(query);
            var encodedVersionId = versionId == null ? null : EncodeVersionId(versionId);

            // Canonical request.
            var c = _canonical;
            c.Clear();
            c.Append(method);
            c.Append('\n');
            var pathStart = c.Length;
            c.Append(encodedPath);
            if (rawKey != null)
            {
                c.Append('/');
                c.AppendEncoded(rawKey, keepSlash: true);
            }
            var pathLength = c.Length - pathStart;
            c.Append('\n');
            if (querySet == null && encodedVersionId == null)
            {
                // Only the authentication parameters, whose canonical order is fixed.
                c.Append(_authCanonical);
            }
            else
            {
                AppendSortedQuery(c, querySet, encodedVersionId, expiresText, headerSet);
            }
            c.Append('\n');
            var names = headerSet.Names;
            var values = headerSet.Values;
            for (var i = 0; i < names.Length; i++)
            {
                c.Append(names[i]);
                c.Append(':');
                c.AppendTrimmedHeaderValue(values[i] ?? host);
                c.Append('\n');
            }
            c.Append('\n');
            c.Append(headerSet.SignedHeaders);
            c.Append('\n');
            c.Append(UnsignedPayload);

            // Hash it; the string to sign is the cached prefix plus the digest in hex; sign that.
            var maxBytes = c.Length * 3;
            if (_bytes.Length < maxBytes) _bytes = new byte[Math.Max(maxBytes, _bytes.Length * 2)];
            var byteCount = Encoding.UTF8.GetBytes(c.Chars, 0, c.Length, _bytes, 0);
            _sha256.AppendData(_bytes, 0, byteCount);
            var canonicalHash = _sha256.GetHashAndReset();
            var stsLength = AwsUriEncoding.WriteHexLower(canonicalHash, _stringToSign, _stringToSignPrefix);
            hmac.AppendData(_stringToSign, 0, stsLength);
            var signature = hmac.GetHashAndReset();

            // The URL: operation parameters in the order given, then authentication, then the signature.
            var u = _url;
            u.Clear();
            u.Append(scheme);
            u.Append("://");
            u.Append(host);
            u.Append(c.Chars, pathStart, pathLength);
            u.Append('?');
            if (encodedVersionId != null)
            {
                u.Append("versionId=");
                u.Append(encodedVersionId);
                u.Append('&');
            }
            if (querySet != null)
            {
                for (var i = 0; i < querySet.Names.Length; i++)
                {
                    u.Append(querySet.Names[i]);
                    u.Append('=');
                    u.Append(querySet.Values[i]);
                    u.Append('&');
                }
            }
            u.Append(_authUrl);
            u.Append("&X-Amz-Signature=");
            u.AppendHexLower(signature);
            return u.ToString();
        }

        // ---- Per-link pieces that repeat across a pipeline ---------------------------------------

        private void PrepareTime(DateTime time)
        {
            var second = time.Ticks / TimeSpan.TicksPerSecond;
            if (second == _second) return;
            _amzDate = time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var date = _amzDate.Substring(0, 8);
            // Keep the same date instance while the day does not change, so that reference checks hold.
            if (!string.Equals(date, _date, StringComparison.Ordinal)) _date = date;
            _second = second;
        }

        private IncrementalHash PrepareScope(string date, string region, string service)
        {
            if (_signingHmac != null
                && string.Equals(_keyDate, date, StringComparison.Ordinal)
                && string.Equals(_keyRegion, region, StringComparison.Ordinal)
                && string.Equals(_keyService, service, StringComparison.Ordinal))
            {
                return _signingHmac;
            }

            // kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
            byte[] key;
            using (var h = new HMACSHA256(_secretSeed)) key = h.ComputeHash(Encoding.UTF8.GetBytes(date));
            using (var h = new HMACSHA256(key)) key = h.ComputeHash(Encoding.UTF8.GetBytes(region));
            using (var h = new HMACSHA256(key)) key = h.ComputeHash(Encoding.UTF8.GetBytes(service));
            using (var h = new HMACSHA256(key)) key = h.ComputeHash(Encoding.UTF8.GetBytes("aws4_request"));
            _signingHmac?.Dispose();
            _signingHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            _keyDate = date;
            _keyRegion = region;
            _keyService = service;
            _scope = date + "/" + region + "/" + service + "/aws4_request";
            _encodedCredential = AwsUriEncoding.Encode(_accessKeyId + "/" + _scope, false);
            return _signingHmac;
        }

        private void PrepareStringToSign()
        {
            if (ReferenceEquals(_stringToSignDate, _amzDate) && ReferenceEquals(_stringToSignScope, _scope)) return;
            var prefix = Encoding.UTF8.GetBytes(Algorithm + "\n" + _amzDate + "\n" + _scope + "\n");
            if (_stringToSign.Length < prefix.Length + 64) _stringToSign = new byte[prefix.Length + 64];
            Buffer.BlockCopy(prefix, 0, _stringToSign, 0, prefix.Length);
            _stringToSignPrefix = prefix.Length;
            _stringToSignDate = _amzDate;
            _stringToSignScope = _scope;
        }

        private string ExpiresText(int seconds)
        {
            if (seconds != _expires)
            {
                _expiresText = seconds.ToString(CultureInfo.InvariantCulture);
                _expires = seconds;
            }
            return _expiresText;
        }

        private void PrepareAuthParameters(string expiresText, HeaderSet headerSet)
        {
            if (ReferenceEquals(_authDate, _amzDate) && ReferenceEquals(_authCredential, _encodedCredential)
                && ReferenceEquals(_authExpires, expiresText) && ReferenceEquals(_authSignedHeaders, headerSet.EncodedSignedHeaders))
            {
                return;
            }

            var common = "X-Amz-Algorithm=" + Algorithm + "&X-Amz-Credential=" + _encodedCredential
                + "&X-Amz-Date=" + _amzDate + "&X-Amz-Expires=" + expiresText;
            if (_encodedSessionToken == null)
            {
                _authCanonical = _authUrl = common + "&X-Amz-SignedHeaders=" + headerSet.EncodedSignedHeaders;
            }
            else
            {
                // Canonical order sorts X-Amz-Security-Token before X-Amz-SignedHeaders; botocore's URL has it last.
                _authCanonical = common + "&X-Amz-Security-Token=" + _encodedSessionToken + "&X-Amz-SignedHeaders=" + headerSet.EncodedSignedHeaders;
                _authUrl = common + "&X-Amz-SignedHeaders=" + headerSet.EncodedSignedHeaders + "&X-Amz-Security-Token=" + _encodedSessionToken;
            }
            _authDate = _amzDate;
            _authCredential = _encodedCredential;
            _authExpires = expiresText;
            _authSignedHeaders = headerSet.EncodedSignedHeaders;
        }

        private string EncodeVersionId(string versionId)
        {
            if (!string.Equals(versionId, _lastVersionId, StringComparison.Ordinal))
            {
                _lastEncodedVersionId = AwsUriEncoding.Encode(versionId, false);
                _lastVersionId = versionId;
            }
            return _lastEncodedVersionId!;
        }

        private HeaderSet Headers(List<KeyValuePair<string, string>>? headers)
        {
            if (headers == null || headers.Count == 0) return HeaderSet.HostOnly;
            var cached = _headerSet;
            if (cached != null && SameEntries(cached.Source, headers)) return cached;
            return _headerSet = new HeaderSet(headers);
        }

        private QuerySet? Query(List<KeyValuePair<string, string>>? query)
        {
            if (query == null || query.Count == 0) return null;
            var cached = _querySet;
            if (cached != null && SameEntries(cached.Source, query)) return cached;
            return _querySet = new QuerySet(query);
        }

        /// <summary>True when <paramref name="list"/> holds the same names and values as <paramref name="source"/>, in order.</summary>
        private static bool SameEntries(KeyValuePair<string, string>[] source, List<KeyValuePair<string, string>> list)
        {
            if (source.Length != list.Count) return false;
            for (var i = 0; i < source.Length; i++)
            {
                var item = list[i];
                if (!string.Equals(source[i].Key, item.Key, StringComparison.Ordinal)
                    || !string.Equals(source[i].Value, item.Value, StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }

        // The canonical query when there are operation parameters: every parameter, sorted by encoded name,
        // then encoded value. The authentication parameters come first (already in order, and 'X' sorts
        // before lower-case names), then the operation parameters pre-sorted, so the insertion sort does
        // little work.
        private void AppendSortedQuery(TextBuffer c, QuerySet? querySet, string? encodedVersionId, string expiresText, HeaderSet headerSet)
        {
            var needed = 7 + (querySet?.Names.Length ?? 0);
            if (_parts.Length < needed) _parts = new QueryPart[Math.Max(needed, _parts.Length * 2)];
            var parts = _parts;
            var n = 0;
            parts[n++] = new QueryPart("X-Amz-Algorithm", Algorithm);
            parts[n++] = new QueryPart("X-Amz-Credential", _encodedCredential);
            parts[n++] = new QueryPart("X-Amz-Date", _amzDate);
            parts[n++] = new QueryPart("X-Amz-Expires", expiresText);
            if (_encodedSessionToken != null) parts[n++] = new QueryPart("X-Amz-Security-Token", _encodedSessionToken);
            parts[n++] = new QueryPart("X-Amz-SignedHeaders", headerSet.EncodedSignedHeaders);
            if (querySet != null)
            {
                for (var i = 0; i < querySet.SortedNames.Length; i++) parts[n++] = new QueryPart(querySet.SortedNames[i], querySet.SortedValues[i]);
            }
            if (encodedVersionId != null) parts[n++] = new QueryPart("versionId", encodedVersionId);

            for (var i = 1; i < n; i++)
            {
                var item = parts[i];
                var j = i - 1;
                while (j >= 0 && Compare(parts[j], item) > 0)
                {
                    parts[j + 1] = parts[j];
                    j--;
                }
                parts[j + 1] = item;
            }

            for (var i = 0; i < n; i++)
            {
                if (i > 0) c.Append('&');
                c.Append(parts[i].Name);
                c.Append('=');
                c.Append(parts[i].Value);
            }
        }

        private static int Compare(QueryPart a, QueryPart b)
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        }

        private static bool IsHeaderSpace(char c) => c == ' ' || c == '\t';

        private struct QueryPart
        {
            public QueryPart(string name, string value)
            {
                Name = name;
                Value = value;
            }

            public readonly string Name;
            public readonly string Value;
        }

        /// <summary>Signed headers in canonical order: lower-case names sorted ordinally, host included.</summary>
        private sealed class HeaderSet
        {
            public static readonly HeaderSet HostOnly = new HeaderSet();

            private HeaderSet()
            {
                Source = new KeyValuePair<string, string>[0];
                Names = new[] { "host" };
                Values = new string?[] { null };
                SignedHeaders = EncodedSignedHeaders = "host";
            }

            public HeaderSet(List<KeyValuePair<string, string>> headers)
            {
                Source = headers.ToArray();
                // host first, then the caller's headers in order; a stable sort by name (as List.Sort is for
                // lists this small, which the canonical form used to be built with).
                var names = new string[headers.Count + 1];
                var values = new string?[headers.Count + 1];
                names[0] = "host";
                values[0] = null;
                for (var i = 0; i < headers.Count; i++)
                {
                    names[i + 1] = headers[i].Key.ToLowerInvariant();
                    values[i + 1] = headers[i].Value ?? string.Empty;
                }
                for (var i = 1; i < names.Length; i++)
                {
                    var name = names[i];
                    var value = values[i];
                    var j = i - 1;
                    while (j >= 0 && string.CompareOrdinal(names[j], name) > 0)
                    {
                        names[j + 1] = names[j];
                        values[j + 1] = values[j];
                        j--;
                    }
                    names[j + 1] = name;
                    values[j + 1] = value;
                }
                Names = names;
                Values = values;
                SignedHeaders = string.Join(";", names);
                EncodedSignedHeaders = AwsUriEncoding.Encode(SignedHeaders, false);
            }

            public KeyValuePair<string, string>[] Source { get; }

            public string[] Names { get; }

            /// <summary>Values aligned with Names; null where the host goes.</summary>
            public string?[] Values { get; }

            public string SignedHeaders { get; }

            public string EncodedSignedHeaders { get; }
        }

        /// <summary>Operation query parameters, encoded: in the order given (URL) and sorted (canonical).</summary>
        private sealed class QuerySet
        {
            public QuerySet(List<KeyValuePair<string, string>> query)
            {
                Source = query.ToArray();
                var count = query.Count;
                Names = new string[count];
                Values = new string[count];
                for (var i = 0; i < count; i++)
                {
                    Names[i] = AwsUriEncoding.Encode(query[i].Key, false);
                    Values[i] = AwsUriEncoding.Encode(query[i].Value ?? string.Empty, false);
                }
                var order = new QueryPart[count];
                for (var i = 0; i < count; i++) order[i] = new QueryPart(Names[i], Values[i]);
                Array.Sort(order, (a, b) => Compare(a, b));
                SortedNames = new string[count];
                SortedValues = new string[count];
                for (var i = 0; i < count; i++)
                {
                    SortedNames[i] = order[i].Name;
                    SortedValues[i] = order[i].Value;
                }
            }

            public KeyValuePair<string, string>[] Source { get; }

            public string[] Names { get; }

            public string[] Values { get; }

            public string[] SortedNames { get; }

            public string[] SortedValues { get; }
        }

        /// <summary>A reusable character buffer (netstandard2.0 has no span-based string building).</summary>
        private sealed class TextBuffer
        {
            public TextBuffer(int capacity)
            {
                Chars = new char[capacity];
            }

            public char[] Chars { get; private set; }

            public int Length { get; private set; }

            public void Clear() => Length = 0;

            public void Append(char c)
            {
                if (Length == Chars.Length) Grow(1);
                Chars[Length++] = c;
            }

            public void Append(string s)
            {
                var n = s.Length;
                if (Length + n > Chars.Length) Grow(n);
                s.CopyTo(0, Chars, Length, n);
                Length += n;
            }

            public void Append(char[] source, int index, int count)
            {
                if (Length + count > Chars.Length) Grow(count);
                Array.Copy(source, index, Chars, Length, count);
                Length += count;
            }

            public void AppendEncoded(string value, bool keepSlash)
            {
                var max = value.Length * AwsUriEncoding.MaxEncodedCharsPerChar;
                if (Length + max > Chars.Length) Grow(max);
                Length = AwsUriEncoding.Write(value, keepSlash, Chars, Length);
            }

            public void AppendHexLower(byte[] bytes)
            {
                if (Length + bytes.Length * 2 > Chars.Length) Grow(bytes.Length * 2);
                Length = AwsUriEncoding.WriteHexLower(bytes, Chars, Length);
            }

            // SigV4 canonical header values: leading/trailing white space removed, inner runs collapsed to one space.
            public void AppendTrimmedHeaderValue(string value)
            {
                if (Length + value.Length > Chars.Length) Grow(value.Length);
                var start = 0;
                var end = value.Length - 1;
                while (start <= end && IsHeaderSpace(value[start])) start++;
                while (end >= start && IsHeaderSpace(value[end])) end--;
                var chars = Chars;
                var pos = Length;
                var lastWasSpace = false;
                for (var i = start; i <= end; i++)
                {
                    var c = value[i];
                    if (IsHeaderSpace(c))
                    {
                        if (!lastWasSpace) chars[pos++] = ' ';
                        lastWasSpace = true;
                    }
                    else
                    {
                        chars[pos++] = c;
                        lastWasSpace = false;
                    }
                }
                Length = pos;
            }

            public override string ToString() => new string(Chars, 0, Length);

            private void Grow(int extra)
            {
                var size = Math.Max(Chars.Length * 2, Length + extra);
                var grown = new char[size];
                Array.Copy(Chars, grown, Length);
                Chars = grown;
            }
        }
    }
}
