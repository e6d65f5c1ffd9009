using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;

namespace PresignTools.Core.Inspection
{
    /// <summary>What the caller knows about a URL besides its text.</summary>
    internal sealed class PresignedUrlParseOptions
    {
        /// <summary>
        /// The custom endpoint the link was made for (as given to -EndpointUrl when signing). A URL on this
        /// host is path style (after the endpoint's base path); on a subdomain of it, virtual-hosted.
        /// </summary>
        public Uri? EndpointUrl { get; set; }

        /// <summary>The bucket the link is known to be for (a PresignedUrl input); settles custom hosts.</summary>
        public string? BucketHint { get; set; }

        /// <summary>The method the link is known to be signed for (a PresignedUrl input).</summary>
        public string? MethodHint { get; set; }
    }

    /// <summary>
    /// Reads presigned S3 URLs (SigV4, SigV4a and SigV2 query authentication) into PresignedUrlInfo,
    /// offline and without System.Uri's normalisation. Every failure is a PresignException with one of the
    /// stable ids InvalidUrl (not an absolute http(s) URL), NotPresigned (no presigning parameters) or
    /// MalformedPresignedUrl (presigning parameters missing, repeated or unreadable); messages are one
    /// line and show the URL with any session token replaced by "REDACTED".
    ///
    /// Where the bucket is:
    ///  - AWS hosts (amazonaws.com, amazonaws.com.cn and the other partitions): s3[.dualstack].region,
    ///    s3-region (legacy), s3-external-1, s3-fips[.dualstack].region, s3-accelerate[.dualstack],
    ///    s3-accesspoint, and PrivateLink (vpce) hosts; labels before the S3 label are the bucket
    ///    (virtual-hosted), else the first path segment is (path style).
    ///  - With PresignedUrlParseOptions.EndpointUrl: that host is path style (after its base path), a
    ///    subdomain of it virtual-hosted.
    ///  - Other hosts: when a label after the first is exactly "s3" (bucket.s3.example.com), the labels
    ///    before it are the bucket; otherwise, and always for IP addresses, path style. A custom
    ///    virtual-hosted name without an "s3" label cannot be told apart from path style from the URL
    ///    alone: give EndpointUrl.
    /// </summary>
    internal static class PresignedUrlParser
    {
        public const string InvalidUrl = "InvalidUrl";
        public const string NotPresigned = "NotPresigned";
        public const string Malformed = "MalformedPresignedUrl";

        private const int MaxExpiresSeconds = 604800;

        private static readonly string[] PartitionSuffixes =
        {
            "amazonaws.com", "amazonaws.com.cn", "c2s.ic.gov", "sc2s.sgov.gov", "cloud.adc-e.uk", "csp.hci.ic.gov", "amazonaws.eu",
        };

        private static readonly string[] UploadOnlyHeaders =
        {
            "content-type", "content-md5", "content-length", "content-encoding", "expect", "x-amz-acl", "x-amz-storage-class", "x-amz-tagging",
            "x-amz-website-redirect-location", "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id",
            "x-amz-server-side-encryption-context", "x-amz-server-side-encryption-bucket-key-enabled", "x-amz-sdk-checksum-algorithm",
            "x-amz-decoded-content-length", "x-amz-copy-source", "x-amz-object-lock-mode", "x-amz-object-lock-retain-until-date",
            "x-amz-object-lock-legal-hold", "x-amz-grant-read", "x-amz-grant-full-control", "x-amz-grant-read-acp", "x-amz-grant-write-acp",
            "if-none-match",
        };

        /// <summary>Reads <paramref name="url"/>.</summary>
        /// <exception cref="PresignException">InvalidUrl, NotPresigned or MalformedPresignedUrl.</exception>
        public static PresignedUrlInfo Parse(string? url, PresignedUrlParseOptions? options = null)
        {
            options ??= new PresignedUrlParseOptions();
            if (url == null || url.Trim().Length == 0)
            {
                throw Fail(InvalidUrl, "Invalid URL: the value is empty.");
            }
            var text = url.Trim();
            var raw = RawUrl.TryParse(text, out var problem);
            if (raw == null)
            {
                throw Fail(InvalidUrl, $"Invalid URL '{Show(text)}': {problem}.");
            }

            var query = ReadQuery(raw.Query, text);
            var auth = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var authCount = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in query)
            {
                if (IsAuthParameter(p.Name))
                {
                    authCount.TryGetValue(p.Name, out var n);
                    authCount[p.Name] = n + 1;
                    auth[p.Name] = p.Value;
                }
            }

            var hasV4 = Has(auth, "X-Amz-Algorithm") || Has(auth, "X-Amz-Credential") || Has(auth, "X-Amz-Signature")
                || Has(auth, "X-Amz-SignedHeaders") || Has(auth, "X-Amz-Expires") || Has(auth, "X-Amz-Date");
            var hasV2 = Has(auth, "AWSAccessKeyId") || Has(auth, "Signature");
            if (!hasV4 && !hasV2)
            {
                throw Fail(NotPresigned,
                    $"'{Show(text)}' is not a presigned S3 URL: it has neither SigV4 (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, ...) nor SigV2 (AWSAccessKeyId, Expires, Signature) query parameters.");
            }
            if (hasV4 && hasV2)
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': it mixes SigV4 (X-Amz-*) and SigV2 (AWSAccessKeyId, Signature) parameters.");
            }
            foreach (var c in authCount)
            {
                if (c.Value > 1)
                {
                    throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': the parameter {c.Key} appears {c.Value} times.");
                }
            }

            var info = new PresignedUrlInfo
            {
                Url = url,
                Scheme = raw.Scheme,
                Host = raw.Authority,
                RequestTarget = raw.RequestTarget(),
            };

            if (hasV4) ReadSigV4(info, auth, text);
            else ReadSigV2(info, auth, text);

            ReadAddress(info, raw, options, text);
            ReadOperationParameters(info, query, text);
            InferMethod(info, options.MethodHint);
            return info;
        }

        // ---- Query -------------------------------------------------------------------------------

        private struct QueryParameter
        {
            public string Name;
            public string Value;
        }

        private static List<QueryParameter> ReadQuery(string? rawQuery, string text)
        {
            var list = new List<QueryParameter>();
            if (string.IsNullOrEmpty(rawQuery)) return list;
            foreach (var piece in rawQuery!.Split('&'))
            {
                if (piece.Length == 0) continue;
                var eq = piece.IndexOf('=');
                var rawName = eq < 0 ? piece : piece.Substring(0, eq);
                var rawValue = eq < 0 ? string.Empty : piece.Substring(eq + 1);
                var name = RawUrl.PercentDecode(rawName);
                var value = RawUrl.PercentDecode(rawValue);
                if (name == null || value == null)
                {
                    var shown = IsSecretParameter(name ?? rawName) ? rawName + "=REDACTED" : RawUrl.Shorten(piece, 60);
                    throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': the query parameter '{shown}' is not valid percent-encoded UTF-8.");
                }
                list.Add(new QueryParameter { Name = name, Value = value });
            }
            return list;
        }

        private static bool IsAuthParameter(string name) =>
            name.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase) && !IsOperationAmzParameter(name)
            || string.Equals(name, "AWSAccessKeyId", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "Signature", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "Expires", StringComparison.OrdinalIgnoreCase);

        // x-id (SDK operation name) and x-amz-* request headers hoisted into the query are not authentication parameters.
        private static bool IsOperationAmzParameter(string name)
        {
            switch (name.ToLowerInvariant())
            {
                case "x-amz-algorithm":
                case "x-amz-credential":
                case "x-amz-date":
                case "x-amz-expires":
                case "x-amz-signedheaders":
                case "x-amz-signature":
                case "x-amz-security-token":
                case "x-amz-region-set":
                    return false;
                default:
                    return true;
            }
        }

        private static bool IsSecretParameter(string name) => string.Equals(name, "X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase);

        private static bool Has(Dictionary<string, string> d, string name) => d.ContainsKey(name);

        // ---- SigV4 / SigV4a ------------------------------------------------------------------------

        private static void ReadSigV4(PresignedUrlInfo info, Dictionary<string, string> auth, string text)
        {
            var missing = new List<string>();
            foreach (var name in new[] { "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature" })
            {
                if (!auth.TryGetValue(name, out var v) || v.Length == 0) missing.Add(name);
            }
            if (missing.Count > 0)
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing or empty (a truncated link?).");
            }

            var algorithm = auth["X-Amz-Algorithm"];
            bool v4a;
            if (algorithm == "AWS4-HMAC-SHA256") v4a = false;
            else if (algorithm == "AWS4-ECDSA-P256-SHA256") v4a = true;
            else throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': X-Amz-Algorithm '{RawUrl.Shorten(algorithm, 40)}' is not AWS4-HMAC-SHA256 (SigV4) or AWS4-ECDSA-P256-SHA256 (SigV4a).");
            info.SignatureVersion = v4a ? SignatureVersion.SigV4a : SignatureVersion.SigV4;

            // Credential: <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request (SigV4a has no region).
            var credential = auth["X-Amz-Credential"];
            var scope = credential.Split('/');
            var expectedParts = v4a ? 4 : 5;
            if (scope.Length != expectedParts || scope[scope.Length - 1] != "aws4_request")
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': X-Amz-Credential '{RawUrl.Shorten(credential, 80)}' is not "
                    + (v4a ? "<access key id>/<date>/<service>/aws4_request." : "<access key id>/<date>/<region>/<service>/aws4_request."));
            }
            foreach (var part in scope)
            {
                if (part.Length == 0 || HasWhiteSpaceOrControl(part))
                {
                    throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': X-Amz-Credential '{RawUrl.Shorten(credential, 80)}' has an empty or blank part.");
                }
            }
            info.AccessKeyId = scope[0];
            var scopeDate = scope[1];
            if (!TryParseExact(scopeDate, "yyyyMMdd", out _))
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': the date '{RawUrl.Shorten(scopeDate, 20)}' in X-Amz-Credential is not yyyyMMdd.");
            }
            info.Service = scope[expectedParts - 2];
            if (v4a)
            {
                if (!auth.TryGetValue("X-Amz-Region-Set", out var regionSet) || regionSet.Trim().Length == 0)
                {
                    throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': a SigV4a link needs X-Amz-Region-Set.");
                }
                info.Region = regionSet;
            }
            else
            {
                info.Region = scope[2];
            }

            var amzDate = auth["X-Amz-Date"];
            if (amzDate.Length != 16 || !TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", out var signedAt))
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': X-Amz-Date '{RawUrl.Shorten(amzDate, 30)}' is not a yyyyMMddTHHmmssZ time.");
            }
            if (!amzDate.StartsWith(scopeDate, StringComparison.Ordinal))
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': X-Amz-Date {amzDate} is not on the day of the credential scope ({scopeDate}).");
            }
            info.SignedAt = signedAt;

            var expires = auth["X-Amz-Expires"];
            if (!RawUrl.AllDigits(expires) || expires.Length > 9)
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': X-Amz-Expires '{RawUrl.Shorten(expires, 30)}' is not a whole number of seconds.");
            }
            var seconds = int.Parse(expires, NumberStyles.None, CultureInfo.InvariantCulture);
            if (seconds < 1 || seconds > MaxExpiresSeconds)
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': X-Amz-Expires {seconds} is outside 1 to {MaxExpiresSeconds} seconds (7 days); S3 refuses such links.");
            }
            info.ExpiresSeconds = seconds;
            info.ExpiresAt = signedAt.AddSeconds(seconds);

            var signedHeaders = auth["X-Amz-SignedHeaders"];
            var headers = signedHeaders.Split(';');
            foreach (var h in headers)
            {
                if (!IsHeaderName(h))
                {
                    throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': X-Amz-SignedHeaders '{RawUrl.Shorten(signedHeaders, 80)}' is not a ';'-separated list of header names.");
                }
            }
            info.SignedHeaders = headers;

            var signature = auth["X-Amz-Signature"];
            var signatureOk = v4a
                ? signature.Length >= 16 && signature.Length % 2 == 0 && IsLowerHex(signature)
                : signature.Length == 64 && IsLowerHex(signature);
            if (!signatureOk)
            {
                var expected = v4a ? "an even number of lower-case hex digits" : "64 lower-case hex digits";
                var detail = IsLowerHex(signature) || (!v4a && signature.Length != 64)
                    ? $"it has {signature.Length} characters; a truncated link?"
                    : "it has characters other than 0-9 and a-f";
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': X-Amz-Signature is not {expected} ({detail}).");
            }

            ReadSessionToken(info, auth, "X-Amz-Security-Token", text);
        }

        // ---- SigV2 -------------------------------------------------------------------------------

        private static void ReadSigV2(PresignedUrlInfo info, Dictionary<string, string> auth, string text)
        {
            var missing = new List<string>();
            foreach (var name in new[] { "AWSAccessKeyId", "Expires", "Signature" })
            {
                if (!auth.TryGetValue(name, out var v) || v.Length == 0) missing.Add(name);
            }
            if (missing.Count > 0)
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': SigV2 parameter{(missing.Count == 1 ? " " : "s ")}{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing or empty (a truncated link?).");
            }
            info.SignatureVersion = SignatureVersion.SigV2;
            info.Service = "s3";

            var accessKeyId = auth["AWSAccessKeyId"];
            if (HasWhiteSpaceOrControl(accessKeyId) || accessKeyId.IndexOf('/') >= 0)
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': AWSAccessKeyId '{RawUrl.Shorten(accessKeyId, 40)}' is not an access key id.");
            }
            info.AccessKeyId = accessKeyId;

            var expires = auth["Expires"];
            if (!RawUrl.AllDigits(expires) || expires.Length > 12 || long.Parse(expires, NumberStyles.None, CultureInfo.InvariantCulture) > 253402300799L)
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': Expires '{RawUrl.Shorten(expires, 30)}' is not a Unix time in seconds.");
            }
            info.ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(expires, NumberStyles.None, CultureInfo.InvariantCulture));

            var signature = auth["Signature"];
            if (!IsBase64Sha1(signature))
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': Signature is not a base64 HMAC-SHA1 value (it has {signature.Length} characters; a truncated link?).");
            }

            ReadSessionToken(info, auth, "X-Amz-Security-Token", text);
        }

        private static void ReadSessionToken(PresignedUrlInfo info, Dictionary<string, string> auth, string name, string text)
        {
            if (auth.TryGetValue(name, out var token))
            {
                if (token.Trim().Length == 0)
                {
                    throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': {name} is empty.");
                }
                info.IsTemporaryCredential = true;
            }
        }

        // ---- Bucket, key, region from the address ---------------------------------------------------

        private static void ReadAddress(PresignedUrlInfo info, RawUrl raw, PresignedUrlParseOptions options, string text)
        {
            string? hostBucket = null;
            string basePath = string.Empty;
            var decided = false;

            if (options.EndpointUrl != null && options.EndpointUrl.IsAbsoluteUri)
            {
                var e = options.EndpointUrl;
                var endpointHost = e.HostNameType == UriHostNameType.IPv6 ? "[" + e.Host.Trim('[', ']') + "]" : e.Host;
                endpointHost = endpointHost.ToLowerInvariant().TrimEnd('.');
                var endpointAuthority = e.IsDefaultPort ? endpointHost : endpointHost + ":" + e.Port.ToString(CultureInfo.InvariantCulture);
                if (string.Equals(raw.Authority, endpointAuthority, StringComparison.Ordinal))
                {
                    basePath = e.AbsolutePath.TrimEnd('/');
                    decided = true;
                }
                else if (raw.Host.EndsWith("." + endpointHost, StringComparison.Ordinal) && raw.Port == (e.IsDefaultPort ? (int?)null : e.Port))
                {
                    hostBucket = raw.Host.Substring(0, raw.Host.Length - endpointHost.Length - 1);
                    basePath = e.AbsolutePath.TrimEnd('/');
                    info.EndpointStyle = EndpointStyle.VirtualHosted;
                    decided = true;
                }
                info.IsCustomEndpoint = true;
            }

            if (!decided && ClassifyAwsHost(raw.Host, out var aws))
            {
                decided = true;
                hostBucket = aws.Bucket;
                info.EndpointStyle = aws.Style;
                info.IsDualstack = aws.Dualstack;
                info.IsFips = aws.Fips;
                info.IsCustomEndpoint = false;
                if (info.SignatureVersion == SignatureVersion.SigV2 && info.Region == null) info.Region = aws.Region;
            }

            if (!decided)
            {
                info.IsCustomEndpoint = true;
                if (!string.IsNullOrEmpty(options.BucketHint))
                {
                    var hint = options.BucketHint!;
                    if (!raw.HostIsIpAddress && raw.Host.StartsWith(hint.ToLowerInvariant() + ".", StringComparison.Ordinal))
                    {
                        hostBucket = raw.Host.Substring(0, hint.Length);
                        info.EndpointStyle = EndpointStyle.VirtualHosted;
                        decided = true;
                    }
                    else
                    {
                        var found = FindBucketSegment(raw.Path, hint);
                        if (found >= 0)
                        {
                            basePath = raw.Path.Substring(0, found);
                            decided = true;
                        }
                    }
                }
                if (!decided && !raw.HostIsIpAddress)
                {
                    var labels = raw.Host.Split('.');
                    for (var i = 1; i < labels.Length - 1; i++)
                    {
                        if (labels[i] == "s3")
                        {
                            hostBucket = string.Join(".", labels, 0, i);
                            info.EndpointStyle = EndpointStyle.VirtualHosted;
                            break;
                        }
                    }
                }
            }

            var path = raw.Path;
            if (basePath.Length > 0 && (path == basePath || path.StartsWith(basePath + "/", StringComparison.Ordinal)))
            {
                path = path.Substring(basePath.Length);
                if (path.Length == 0) path = "/";
            }
            if (!path.StartsWith("/", StringComparison.Ordinal)) path = "/" + path;

            string? rawKey;
            if (hostBucket != null)
            {
                info.BucketName = hostBucket;
                rawKey = path.Substring(1);
            }
            else
            {
                info.EndpointStyle = EndpointStyle.PathStyle;
                var rest = path.Substring(1);
                var slash = rest.IndexOf('/');
                var rawBucket = slash < 0 ? rest : rest.Substring(0, slash);
                rawKey = slash < 0 ? string.Empty : rest.Substring(slash + 1);
                if (rawBucket.Length > 0)
                {
                    info.BucketName = RawUrl.PercentDecode(rawBucket)
                        ?? throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': the bucket in the path is not valid percent-encoded UTF-8.");
                }
                else if (rawKey.Length > 0)
                {
                    throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': the path begins with '//', so it names no bucket.");
                }
            }

            if (rawKey.Length > 0)
            {
                info.Key = RawUrl.PercentDecode(rawKey)
                    ?? throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': the key in the path is not valid percent-encoded UTF-8.");
            }
        }

        private static int FindBucketSegment(string path, string bucket)
        {
            var start = 0;
            while (start < path.Length && path[start] == '/')
            {
                var end = path.IndexOf('/', start + 1);
                var segment = end < 0 ? path.Substring(start + 1) : path.Substring(start + 1, end - start - 1);
                if (string.Equals(RawUrl.PercentDecode(segment), bucket, StringComparison.Ordinal)) return start;
                if (end < 0) break;
                start = end;
            }
            return -1;
        }

        private struct AwsHost
        {
            public string? Bucket;
            public EndpointStyle Style;
            public string? Region;
            public bool Dualstack;
            public bool Fips;
        }

        private static bool ClassifyAwsHost(string host, out AwsHost result)
        {
            result = default;
            string? suffix = null;
            foreach (var s in PartitionSuffixes)
            {
                if (host.EndsWith("." + s, StringComparison.Ordinal) && (suffix == null || s.Length > suffix.Length)) suffix = s;
            }
            if (suffix == null) return false;
            var labels = new List<string>(host.Substring(0, host.Length - suffix.Length - 1).Split('.'));
            var i = labels.Count - 1;
            string? region = null;

            // PrivateLink: [bucket.]vpce-xxxx.s3.<region>.vpce.amazonaws.com
            if (labels[i] == "vpce")
            {
                if (i < 3 || !IsRegionName(labels[i - 1]) || labels[i - 2] != "s3" || !labels[i - 3].StartsWith("vpce-", StringComparison.Ordinal)) return false;
                result.Region = labels[i - 1];
                var bucketLabels = i - 3;
                result.Bucket = bucketLabels > 0 ? string.Join(".", labels.GetRange(0, bucketLabels)) : null;
                result.Style = result.Bucket != null ? EndpointStyle.VirtualHosted : EndpointStyle.PathStyle;
                return true;
            }

            if (i >= 0 && IsRegionName(labels[i]))
            {
                region = labels[i];
                i--;
            }
            if (i >= 0 && labels[i] == "dualstack")
            {
                result.Dualstack = true;
                i--;
            }
            if (i < 0) return false;
            var service = labels[i];
            var style = EndpointStyle.VirtualHosted;
            if (service == "s3")
            {
            }
            else if (service == "s3-fips")
            {
                result.Fips = true;
            }
            else if (service == "s3-accelerate")
            {
                if (region != null) return false;
                style = EndpointStyle.Accelerate;
            }
            else if (service == "s3-accesspoint" || service == "s3-accesspoint-fips")
            {
                result.Fips = service.EndsWith("-fips", StringComparison.Ordinal);
                style = EndpointStyle.AccessPoint;
            }
            else if (service == "s3-external-1")
            {
                region ??= "us-east-1";
            }
            else if (service.StartsWith("s3-", StringComparison.Ordinal) && region == null && IsRegionName(service.Substring(3)))
            {
                region = service.Substring(3);
            }
            else
            {
                return false;
            }
            i--;
            result.Region = region;
            if (i >= 0)
            {
                result.Bucket = string.Join(".", labels.GetRange(0, i + 1));
                result.Style = style;
            }
            else
            {
                result.Style = EndpointStyle.PathStyle;
            }
            return true;
        }

        /// <summary>us-east-1, us-gov-west-1, cn-north-1, eu-isoe-west-1, eusc-de-east-1, ...</summary>
        private static bool IsRegionName(string label)
        {
            var parts = label.Split('-');
            if (parts.Length < 3) return false;
            if (parts[0].Length < 2 || parts[0].Length > 4 || !AllLower(parts[0])) return false;
            for (var i = 1; i < parts.Length - 1; i++)
            {
                if (parts[i].Length == 0 || !AllLower(parts[i])) return false;
            }
            var last = parts[parts.Length - 1];
            return last.Length >= 1 && last.Length <= 2 && RawUrl.AllDigits(last);
        }

        private static bool AllLower(string s)
        {
            foreach (var c in s) if (c < 'a' || c > 'z') return false;
            return true;
        }

        // ---- Operation parameters and method ---------------------------------------------------------

        private static void ReadOperationParameters(PresignedUrlInfo info, List<QueryParameter> query, string text)
        {
            var overrides = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            var others = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            var versionIds = 0;
            foreach (var p in query)
            {
                if (IsAuthParameter(p.Name)) continue;
                if (p.Name == "versionId")
                {
                    versionIds++;
                    info.VersionId = p.Value.Length == 0 ? null : p.Value;
                }
                else if (p.Name.StartsWith("response-", StringComparison.OrdinalIgnoreCase))
                {
                    if (overrides.Contains(p.Name))
                    {
                        throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': the parameter {RawUrl.Shorten(p.Name, 40)} appears more than once.");
                    }
                    overrides.Add(p.Name, p.Value);
                }
                else if (!others.Contains(p.Name))
                {
                    others.Add(p.Name, p.Value);
                }
            }
            if (versionIds > 1)
            {
                throw Fail(Malformed, $"Malformed presigned URL '{Show(text)}': the parameter versionId appears {versionIds} times.");
            }
            info.ResponseOverrides = overrides;
            info.OtherParameters = others;
        }

        private static void InferMethod(PresignedUrlInfo info, string? hint)
        {
            if (!string.IsNullOrEmpty(hint))
            {
                info.Method = hint!.ToUpperInvariant();
                info.MethodReason = "given with the link";
                return;
            }

            if (info.OtherParameters["x-id"] is string operation)
            {
                string? method = null;
                switch (operation)
                {
                    case "GetObject": method = "GET"; break;
                    case "HeadObject": method = "HEAD"; break;
                    case "PutObject":
                    case "UploadPart":
                    case "CopyObject":
                    case "UploadPartCopy": method = "PUT"; break;
                    case "DeleteObject": method = "DELETE"; break;
                    case "CreateMultipartUpload":
                    case "CompleteMultipartUpload": method = "POST"; break;
                }
                if (method != null)
                {
                    info.Method = method;
                    info.MethodReason = "x-id=" + operation;
                    return;
                }
            }

            if (info.OtherParameters.Contains("uploadId") && info.OtherParameters.Contains("partNumber"))
            {
                info.Method = "PUT";
                info.MethodReason = "uploadId and partNumber (UploadPart)";
                return;
            }
            if (info.OtherParameters.Contains("uploads"))
            {
                info.Method = "POST";
                info.MethodReason = "the uploads parameter (CreateMultipartUpload)";
                return;
            }

            foreach (var h in info.SignedHeaders)
            {
                if (Array.IndexOf(UploadOnlyHeaders, h) >= 0 || h.StartsWith("x-amz-meta-", StringComparison.Ordinal)
                    || (h.StartsWith("x-amz-checksum-", StringComparison.Ordinal) && h != "x-amz-checksum-mode"))
                {
                    info.Method = "PUT";
                    info.MethodReason = $"the signed upload header {h}";
                    return;
                }
            }
        }

        // ---- Helpers -------------------------------------------------------------------------------

        private static bool TryParseExact(string s, string format, out DateTimeOffset value) =>
            DateTimeOffset.TryParseExact(s, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

        private static bool IsHeaderName(string h)
        {
            if (h.Length == 0) return false;
            foreach (var c in h)
            {
                var ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                if (!ok) return false;
            }
            return true;
        }

        private static bool IsLowerHex(string s)
        {
            foreach (var c in s) if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
            return true;
        }

        private static bool IsBase64Sha1(string s)
        {
            if (s.Length != 28 || !s.EndsWith("=", StringComparison.Ordinal)) return false;
            for (var i = 0; i < 27; i++)
            {
                var c = s[i];
                var ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
                if (!ok) return false;
            }
            try
            {
                return Convert.FromBase64String(s).Length == 20;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        private static bool HasWhiteSpaceOrControl(string s)
        {
            foreach (var c in s) if (char.IsWhiteSpace(c) || char.IsControl(c)) return true;
            return false;
        }

        private static PresignException Fail(string id, string message) => PresignException.InvalidData(id, message);

        /// <summary>
        /// The URL for messages: one line, session token values replaced by REDACTED; a long URL is shown up to
        /// its path ("...?..."), since the message itself says which parameter is wrong.
        /// </summary>
        internal static string Show(string url)
        {
            var redacted = Redact(url);
            if (redacted.Length <= 160) return RawUrl.Shorten(redacted, 160);
            var question = redacted.IndexOf('?');
            return question < 0 ? RawUrl.Shorten(redacted, 157) : RawUrl.Shorten(redacted.Substring(0, question), 140) + "?...";
        }

        /// <summary>Replaces the value of every X-Amz-Security-Token parameter with "REDACTED".</summary>
        internal static string Redact(string url)
        {
            var question = url.IndexOf('?');
            if (question < 0) return url;
            var sb = new StringBuilder(url.Length);
            sb.Append(url, 0, question + 1);
            var pieces = url.Substring(question + 1).Split('&');
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0) sb.Append('&');
                var piece = pieces[i];
                var eq = piece.IndexOf('=');
                var name = eq < 0 ? piece : piece.Substring(0, eq);
                var decoded = RawUrl.PercentDecode(name) ?? name;
                if (eq >= 0 && IsSecretParameter(decoded.Trim()))
                {
                    sb.Append(name).Append("=REDACTED");
                }
                else
                {
                    sb.Append(piece);
                }
            }
            return sb.ToString();
        }
    }
}
