using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PresignTools.Core.Signing;
using PresignTools.Core.Validation;

namespace PresignTools.Core.Endpoints
{
    /// <summary>Where one object's request goes: scheme, host (with a non-default port) and the encoded path.</summary>
    internal sealed class S3Address
    {
        public S3Address(string scheme, string host, string path, bool pathStyle)
        {
            Scheme = scheme;
            Host = host;
            Path = path;
            PathStyle = pathStyle;
        }

        public string Scheme { get; }

        /// <summary>The Host header value: host name, plus ":port" when the port is not the scheme's default.</summary>
        public string Host { get; }

        /// <summary>The encoded path, which is also the SigV4 canonical URI (S3 encodes once, never normalises).</summary>
        public string Path { get; }

        public bool PathStyle { get; }
    }

    /// <summary>Where every object of one bucket goes: scheme, host and the encoded path prefix (no trailing '/').</summary>
    internal sealed class S3BucketAddress
    {
        public S3BucketAddress(string scheme, string host, string pathPrefix, bool pathStyle)
        {
            Scheme = scheme;
            Host = host;
            PathPrefix = pathPrefix;
            PathStyle = pathStyle;
        }

        public string Scheme { get; }

        /// <summary>The Host header value, as in <see cref="S3Address.Host"/>.</summary>
        public string Host { get; }

        /// <summary>The encoded path before "/" and the encoded key: empty, a base path, and/or "/bucket".</summary>
        public string PathPrefix { get; }

        public bool PathStyle { get; }
    }

    /// <summary>How to reach S3: a region's AWS endpoint or a custom one, and the addressing options.</summary>
    internal sealed class S3EndpointOptions
    {
        public string Region { get; set; } = "us-east-1";

        /// <summary>A custom endpoint (S3-compatible server, VPC endpoint); null for AWS's own.</summary>
        public Uri? EndpointUrl { get; set; }

        /// <summary>"https" (default) or "http", for AWS endpoints; a custom endpoint's own scheme wins.</summary>
        public string Scheme { get; set; } = "https";

        public bool ForcePathStyle { get; set; }

        public bool UseAccelerateEndpoint { get; set; }

        public bool UseDualstackEndpoint { get; set; }
    }

    /// <summary>
    /// Builds S3 request addresses the way the AWS SDKs' S3 endpoint rules do for general purpose buckets:
    /// virtual-hosted style when the bucket name is a DNS label usable in the host (no dots over HTTPS,
    /// where the wildcard certificate would not match), path style otherwise, for IP-address endpoints
    /// and when forced. One instance serves one (region, endpoint, options) and caches the last bucket.
    /// </summary>
    internal sealed class S3EndpointResolver
    {
        private readonly S3EndpointOptions _options;
        private readonly string _scheme;
        private readonly string _host;
        private readonly string _basePath;
        private readonly bool _hostIsIp;

        // Bucket addresses, computed once per bucket: the last one, and a bounded map for pipelines that
        // alternate between buckets.
        private const int MaxCachedBuckets = 1024;
        private readonly Dictionary<string, S3BucketAddress> _buckets = new Dictionary<string, S3BucketAddress>(StringComparer.Ordinal);
        private string? _lastBucket;
        private S3BucketAddress? _lastAddress;

        public S3EndpointResolver(S3EndpointOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.EndpointUrl != null)
            {
                var uri = options.EndpointUrl;
                _scheme = uri.Scheme.ToLowerInvariant();
                _host = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
                if (uri.HostNameType == UriHostNameType.IPv6 && !_host.StartsWith("[", StringComparison.Ordinal))
                {
                    _host = "[" + uri.Host + "]" + (uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(CultureInfo.InvariantCulture));
                }
                _basePath = uri.AbsolutePath.TrimEnd('/');
                _hostIsIp = uri.HostNameType == UriHostNameType.IPv4 || uri.HostNameType == UriHostNameType.IPv6;
            }
            else
            {
                _scheme = string.IsNullOrEmpty(options.Scheme) ? "https" : options.Scheme.ToLowerInvariant();
                _host = AwsHost(options.Region, options.UseDualstackEndpoint);
                _basePath = string.Empty;
                _hostIsIp = false;
            }
        }

        public S3EndpointOptions Options => _options;

        /// <summary>The DNS suffix of the AWS partition a region belongs to.</summary>
        public static string PartitionDnsSuffix(string region)
        {
            if (region.StartsWith("cn-", StringComparison.Ordinal)) return "amazonaws.com.cn";
            if (region.StartsWith("us-isob-", StringComparison.Ordinal)) return "sc2s.sgov.gov";
            if (region.StartsWith("us-iso-", StringComparison.Ordinal)) return "c2s.ic.gov";
            if (region.StartsWith("eu-isoe-", StringComparison.Ordinal)) return "cloud.adc-e.uk";
            if (region.StartsWith("us-isof-", StringComparison.Ordinal)) return "csp.hci.ic.gov";
            if (region.StartsWith("eusc-", StringComparison.Ordinal)) return "amazonaws.eu";
            return "amazonaws.com";
        }

        private static string AwsHost(string region, bool dualstack)
        {
            var suffix = PartitionDnsSuffix(region);
            return dualstack
                ? "s3.dualstack." + region + "." + suffix
                : "s3." + region + "." + suffix;
        }

        /// <summary>True when the bucket can be the first label of the host name.</summary>
        public bool UsesVirtualHost(string bucket)
        {
            if (_options.ForcePathStyle || _hostIsIp) return false;
            if (!S3Names.IsDnsCompatibleBucketName(bucket)) return false;
            if (bucket.IndexOf('.') >= 0 && _scheme == "https") return false;
            return true;
        }

        /// <summary>The address of <paramref name="key"/> in <paramref name="bucket"/>.</summary>
        /// <exception cref="ArgumentException">Accelerate was asked for a bucket that cannot use it.</exception>
        public S3Address Resolve(string bucket, string key)
        {
            var b = ResolveBucket(bucket);
            var sb = new StringBuilder(b.PathPrefix.Length + key.Length + 16);
            sb.Append(b.PathPrefix).Append('/');
            AwsUriEncoding.Append(sb, key, keepSlash: true);
            return new S3Address(b.Scheme, b.Host, sb.ToString(), b.PathStyle);
        }

        /// <summary>The address shared by every object in <paramref name="bucket"/> (cached per bucket).</summary>
        /// <exception cref="ArgumentException">Accelerate was asked for a bucket that cannot use it.</exception>
        public S3BucketAddress ResolveBucket(string bucket)
        {
            if (_lastAddress != null && string.Equals(bucket, _lastBucket, StringComparison.Ordinal))
            {
                return _lastAddress;
            }
            if (!_buckets.TryGetValue(bucket, out var address))
            {
                address = PrepareBucket(bucket);
                if (_buckets.Count >= MaxCachedBuckets) _buckets.Clear();
                _buckets[bucket] = address;
            }
            _lastBucket = bucket;
            _lastAddress = address;
            return address;
        }

        private S3BucketAddress PrepareBucket(string bucket)
        {
            var virtualHost = UsesVirtualHost(bucket);
            string host;
            if (_options.UseAccelerateEndpoint)
            {
                if (_options.EndpointUrl != null)
                {
                    throw new ArgumentException("Transfer Acceleration cannot be combined with a custom -EndpointUrl.");
                }
                if (PartitionDnsSuffix(_options.Region) != "amazonaws.com" || _options.Region.StartsWith("us-gov-", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Transfer Acceleration is not available in {_options.Region}.");
                }
                if (!virtualHost)
                {
                    throw new ArgumentException(
                        $"Transfer Acceleration needs a virtual-hosted bucket name without dots; '{bucket}' cannot use it (or -ForcePathStyle was given).");
                }
                host = bucket + (_options.UseDualstackEndpoint ? ".s3-accelerate.dualstack." : ".s3-accelerate.") + PartitionDnsSuffix(_options.Region);
            }
            else
            {
                host = virtualHost ? bucket + "." + _host : _host;
            }

            string prefix;
            if (virtualHost)
            {
                prefix = _basePath;
            }
            else
            {
                var sb = new StringBuilder(_basePath.Length + bucket.Length + 1);
                sb.Append(_basePath).Append('/');
                AwsUriEncoding.Append(sb, bucket, keepSlash: false);
                prefix = sb.ToString();
            }

            return new S3BucketAddress(_scheme, host, prefix, !virtualHost);
        }

        /// <summary>True when <paramref name="host"/> is a literal IPv4 or IPv6 address.</summary>
        public static bool IsIpAddress(string host)
        {
            return IPAddress.TryParse(host.Trim('[', ']'), out var ip)
                && (ip.AddressFamily == AddressFamily.InterNetwork || ip.AddressFamily == AddressFamily.InterNetworkV6);
        }
    }
}
