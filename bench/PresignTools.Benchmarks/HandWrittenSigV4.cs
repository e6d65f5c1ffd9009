using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PresignTools.Benchmarks
{
    /// <summary>
    /// The floor: the smallest honest SigV4 query presigner one would write by hand for a GET link with
    /// long-term keys and virtual-hosted addressing. The signing key is cached per day; everything else is
    /// string concatenation and the .NET one-shot hash APIs (SHA256.HashData, HMACSHA256.HashData,
    /// Convert.ToHexStringLower). It produces the same URL as PresignTools for such links (checked at setup).
    /// </summary>
    public sealed class HandWrittenSigV4
    {
        private readonly string _accessKey;
        private readonly string _secretKey;
        private readonly string _region;
        private byte[]? _signingKey;
        private string? _signingKeyDate;

        public HandWrittenSigV4(string accessKey, string secretKey, string region)
        {
            _accessKey = accessKey;
            _secretKey = secretKey;
            _region = region;
        }

        public string Presign(string bucket, string key, DateTime signingTimeUtc, int expiresSeconds)
        {
            var amzDate = signingTimeUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var date = amzDate.Substring(0, 8);
            if (date != _signingKeyDate)
            {
                var k = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + _secretKey), Encoding.UTF8.GetBytes(date));
                k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(_region));
                k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes("s3"));
                _signingKey = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes("aws4_request"));
                _signingKeyDate = date;
            }

            var scope = date + "/" + _region + "/s3/aws4_request";
            var host = bucket + ".s3." + _region + ".amazonaws.com";
            var path = "/" + UriEncode(key, keepSlash: true);
            var query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + UriEncode(_accessKey + "/" + scope, keepSlash: false)
                + "&X-Amz-Date=" + amzDate + "&X-Amz-Expires=" + expiresSeconds.ToString(CultureInfo.InvariantCulture)
                + "&X-Amz-SignedHeaders=host";
            var canonicalRequest = "GET\n" + path + "\n" + query + "\nhost:" + host + "\n\nhost\nUNSIGNED-PAYLOAD";
            var stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(_signingKey!, Encoding.UTF8.GetBytes(stringToSign)));
            return "https://" + host + path + "?" + query + "&X-Amz-Signature=" + signature;
        }

        private static string UriEncode(string value, bool keepSlash)
        {
            var sb = new StringBuilder(value.Length * 3);
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                var c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/'))
                {
                    sb.Append(c);
                }
                else
                {
                    sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            return sb.ToString();
        }
    }
}
