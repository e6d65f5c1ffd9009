using System;
using System.Collections.Generic;
using System.Management.Automation;
using PresignTools.Core;
using PresignTools.Core.Credentials;
using PresignTools.Core.Credentials.Sources;
using PresignTools.Core.Endpoints;
using PresignTools.Core.Expiry;
using PresignTools.Core.Validation;
using PresignTools.Errors;

namespace PresignTools.Commands
{
    /// <summary>
    /// The parameters every presigning cmdlet shares (expiry, signing time, connection, credentials) and
    /// the work done once per pipeline: parse the expiry, resolve credentials and region, build the signer.
    /// </summary>
    public abstract class PresignCmdletBase : PSCmdlet
    {
        /// <summary>S3 refuses a request dated more than 15 minutes ahead of its clock.</summary>
        private static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(15);

        private ObjectPresigner? _presigner;
        private int? _expiresSeconds;
        private DateTimeOffset? _expiresAt;
        private readonly HashSet<string> _warnedCredentials = new HashSet<string>(StringComparer.Ordinal);
        private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;
        private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
        private bool _warnedUnknownExpiry;
        private bool _warnedAlreadyExpired;
        private int? _minimumValiditySeconds;

        // ---- Expiry ----------------------------------------------------------------------------

        /// <summary>How long the link lives: 1h, 90m, 1d12h, 45s, 7d, PT1H, a [TimeSpan] or whole seconds. Default 1h.</summary>
        [Parameter]
        [Alias("ExpiresIn", "ExpiresInSeconds")]
        public object? Expires { get; set; }

        /// <summary>An absolute expiry instant instead of -Expires (alias -Expire, as AWS.Tools takes).</summary>
        [Parameter]
        [Alias("Expire")]
        public DateTimeOffset? ExpiresAt { get; set; }

        /// <summary>Sign as of this instant instead of now (reproducible URLs).</summary>
        [Parameter]
        public DateTimeOffset? SigningTime { get; set; }

        /// <summary>Refuse items whose effective life would be shorter than this.</summary>
        [Parameter]
        public object? MinimumValidity { get; set; }

        /// <summary>Make it an error (not a warning) when the credentials expire before the link.</summary>
        [Parameter]
        public SwitchParameter Strict { get; set; }

        // ---- Connection ------------------------------------------------------------------------

        [Parameter]
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
        public string? Region { get; set; }

        [Parameter]
        [Alias("ServiceUrl")]
        public string? EndpointUrl { get; set; }

        [Parameter]
        [Alias("ForcePathStyleAddressing")]
        public SwitchParameter ForcePathStyle { get; set; }

        [Parameter]
        public SwitchParameter UseAccelerateEndpoint { get; set; }

        [Parameter]
        public SwitchParameter UseDualstackEndpoint { get; set; }

        /// <summary>HTTP or HTTPS for AWS endpoints (AWS.Tools compatibility); a custom endpoint's scheme wins.</summary>
        [Parameter]
        [ValidateSet("HTTP", "HTTPS", IgnoreCase = true)]
        public string? Protocol { get; set; }

        /// <summary>
        /// Sign for the region resolved from -Region, the profile or the environment without asking S3
        /// where each bucket is (fully offline). Without it, and without an explicit -Region or
        /// -EndpointUrl, each bucket's region is looked up once (HeadBucket) and cached.
        /// </summary>
        [Parameter]
        public SwitchParameter NoRegionLookup { get; set; }

        /// <summary>Accept legacy bucket names (upper case, underscores; old us-east-1 buckets), signed path-style.</summary>
        [Parameter]
        public SwitchParameter AllowLegacyBucketName { get; set; }

        // ---- Credentials -----------------------------------------------------------------------

        [Parameter]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(Completion.ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter]
        [Alias("AK")]
        public string? AccessKey { get; set; }

        [Parameter]
        [Alias("SK")]
        public string? SecretKey { get; set; }

        [Parameter]
        [Alias("ST")]
        public string? SessionToken { get; set; }

        /// <summary>A PSCredential (user = access key id, password = secret) or an AWS credentials object.</summary>
        [Parameter]
        public object? Credential { get; set; }

        private bool _lookupRegions;
        private Uri? _lookupEndpoint;
        private bool _warnedLookup;
        // Bucket -> the region its links are signed for (null: the pipeline's own), looked up once per
        // bucket per pipeline; bounded so that a stream of distinct names cannot grow it without end.
        private readonly Dictionary<string, string?> _bucketRegions = new Dictionary<string, string?>(StringComparer.Ordinal);
        private const int MaxKnownBuckets = 1024;
        private readonly Dictionary<string, ObjectPresigner> _regionPresigners = new Dictionary<string, ObjectPresigner>(StringComparer.Ordinal);
        private static readonly TimeSpan RegionLookupTimeout = TimeSpan.FromSeconds(3);

        /// <summary>The signer for this pipeline (after BeginProcessing).</summary>
        internal ObjectPresigner Presigner => _presigner ?? throw new InvalidOperationException("BeginProcessing has not run.");

        /// <summary>Resolves everything that is the same for every item. Setup problems terminate the command.</summary>
        protected override void BeginProcessing()
        {
            if (!Platform.IsCore && Loading.DesktopAssemblyResolver.TakeConflictWarning() is string warning)
            {
                WriteWarning(warning);
            }
            try
            {
                ParseExpiry();
                _presigner = CreatePresigner();
            }
            catch (PresignException e)
            {
                ThrowTerminatingError(PresignErrors.Record(e, null));
            }
        }

        private void ParseExpiry()
        {
            if (Expires != null && ExpiresAt.HasValue)
            {
                throw PresignException.InvalidArgument("ConflictingExpiry", "Give -Expires (a duration) or -ExpiresAt (an instant), not both.");
            }

            if (SigningTime.HasValue && SigningTime.Value - DateTimeOffset.UtcNow > MaxFutureSkew)
            {
                throw PresignException.InvalidArgument("SigningTimeInFuture",
                    $"-SigningTime {SigningTime.Value.ToUniversalTime():u} is more than 15 minutes ahead of this machine's clock; S3 refuses such requests.");
            }

            if (ExpiresAt.HasValue)
            {
                _expiresAt = ExpiresAt.Value;
                // Checked now against the pipeline's first signing time; each item re-checks its own.
                ExpirySecondsAt(SigningTimeNow());
            }
            else
            {
                try
                {
                    _expiresSeconds = Expires == null ? 3600 : ExpiryParser.ParseSeconds(Expires);
                }
                catch (ExpiryFormatException e)
                {
                    throw PresignException.InvalidArgument("InvalidExpires", "Invalid -Expires: " + e.Message);
                }
            }

            if (MinimumValidity != null)
            {
                try
                {
                    _minimumValiditySeconds = ExpiryParser.ParseSeconds(MinimumValidity);
                }
                catch (ExpiryFormatException e)
                {
                    throw PresignException.InvalidArgument("InvalidMinimumValidity", "Invalid -MinimumValidity: " + e.Message);
                }
            }
        }

        /// <summary>The requested lifetime in seconds for a link signed at <paramref name="signingTime"/>.</summary>
        protected int ExpirySecondsAt(DateTimeOffset signingTime)
        {
            if (_expiresSeconds.HasValue) return _expiresSeconds.Value;
            var seconds = Math.Floor((_expiresAt!.Value - signingTime).TotalSeconds);
            if (seconds < ExpiryParser.MinSeconds)
            {
                throw PresignException.InvalidArgument("ExpiresAtInPast",
                    $"Invalid -ExpiresAt: {_expiresAt.Value.ToUniversalTime():u} is not after the signing time {signingTime.ToUniversalTime():u}.");
            }
            if (seconds > ExpiryParser.MaxSeconds)
            {
                throw PresignException.InvalidArgument("InvalidExpiresAt",
                    $"Invalid -ExpiresAt: {_expiresAt.Value.ToUniversalTime():u} is more than 7 days (604800 seconds) after the signing time; SigV4 presigned URLs live at most 7 days.");
            }
            return (int)seconds;
        }

        /// <summary>The signing instant for one item: -SigningTime, else now; whole seconds, UTC.</summary>
        protected DateTimeOffset SigningTimeNow()
        {
            var t = (SigningTime ?? DateTimeOffset.UtcNow).ToUniversalTime();
            return new DateTimeOffset(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        }

        private ObjectPresigner CreatePresigner()
        {
            Func<string, string?> env = Environment.GetEnvironmentVariable;
            ResolvedCredentials credentials;
            SharedConfigFiles files;
            try
            {
                var context = new CredentialContext(env)
                {
                    RegionHint = Region,
                    RequestedSeconds = _expiresSeconds ?? (int)Math.Max(1, Math.Min(ExpiryParser.MaxSeconds, (_expiresAt!.Value - DateTimeOffset.UtcNow).TotalSeconds)),
                    Verbose = WriteVerbose,
                };
                credentials = new CredentialResolver(env, context).Resolve(new CredentialRequest
                {
                    AccessKey = AccessKey,
                    SecretKey = SecretKey,
                    SessionToken = SessionToken,
                    Credential = Credential,
                    ProfileName = ProfileName,
                    // A relative path means relative to PowerShell's location, not the process's directory.
                    ProfileLocation = string.IsNullOrEmpty(ProfileLocation) ? ProfileLocation : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ProfileLocation),
                    StoredCredentials = ReadSessionVariable("StoredAWSCredentials"),
                }, out files);
            }
            catch (CredentialConfigException e)
            {
                throw PresignException.Credentials(e.ErrorId, e.Message);
            }
            WriteVerbose($"Credentials: {credentials.Source}, access key id {credentials.AccessKeyId}"
                + (credentials.Expiration.HasValue ? $", expiring {credentials.Expiration.Value.ToUniversalTime():u}" : credentials.IsTemporary ? ", temporary (expiry unknown)" : string.Empty) + ".");

            var region = RegionResolver.Resolve(Region, ReadSessionVariable("StoredAWSRegion") as string, files, credentials.ProfileName, env);
            Uri? endpoint = null;
            if (!string.IsNullOrEmpty(EndpointUrl))
            {
                if (!Uri.TryCreate(EndpointUrl, UriKind.Absolute, out endpoint)
                    || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)
                    || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.UserInfo))
                {
                    throw PresignException.InvalidArgument("InvalidEndpointUrl",
                        $"Invalid -EndpointUrl '{EndpointUrl}': expected an absolute http:// or https:// URL such as https://s3.example.com:9000, without query or user info.");
                }
            }
            else
            {
                var regionProblem = RegionResolver.CheckRegionName(region.Name);
                if (regionProblem != null)
                {
                    throw PresignException.InvalidArgument("InvalidRegion", $"Invalid region from {region.Source}: {regionProblem}.");
                }
            }
            // Bucket regions are looked up when nothing explicit says where to sign (-Region, -EndpointUrl),
            // unless -NoRegionLookup or PRESIGNTOOLS_REGION_LOOKUP=off says to stay offline.
            var lookupSetting = env("PRESIGNTOOLS_REGION_LOOKUP");
            _lookupRegions = string.IsNullOrEmpty(Region) && endpoint == null && !NoRegionLookup.IsPresent
                && !string.Equals(lookupSetting, "off", StringComparison.OrdinalIgnoreCase);
            if (_lookupRegions)
            {
                _lookupEndpoint = BucketRegionLocator.LookupEndpoint(region.Name,
                    lookupSetting != null && lookupSetting.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? lookupSetting : null);
            }
            if (region.IsFallback && !_lookupRegions)
            {
                WriteWarning("No region is configured (-Region, $StoredAWSRegion, profile, AWS_REGION or AWS_DEFAULT_REGION); signing for us-east-1. A bucket in another region will refuse these links.");
            }
            WriteVerbose($"Region: {region.Name} (from {region.Source}); endpoint: {(endpoint != null ? endpoint.GetLeftPart(UriPartial.Authority) : "AWS")}.");

            return new ObjectPresigner(credentials, new S3EndpointOptions
            {
                Region = region.Name,
                EndpointUrl = endpoint,
                Scheme = string.IsNullOrEmpty(Protocol) ? "https" : Protocol!.ToLowerInvariant(),
                ForcePathStyle = ForcePathStyle.IsPresent,
                UseAccelerateEndpoint = UseAccelerateEndpoint.IsPresent,
                UseDualstackEndpoint = UseDualstackEndpoint.IsPresent,
            }, AllowLegacyBucketName.IsPresent);
        }

        private object? ReadSessionVariable(string name)
        {
            var value = SessionState.PSVariable.GetValue(name);
            if (value is PSObject pso) value = pso.BaseObject;
            if (value is string s && string.IsNullOrWhiteSpace(s)) return null;
            return value;
        }

        /// <summary>
        /// Signs one link and applies the effective-expiry rules: one warning per pipeline when the
        /// credentials cut links short (an error per item with -Strict), -MinimumValidity, expired credentials.
        /// </summary>
        internal PresignedUrl PresignChecked(ObjectLink link)
        {
            var credentials = Presigner.Credentials;
            var now = DateTimeOffset.UtcNow;
            if (credentials.Refresh != null && credentials.Expiration.HasValue
                && credentials.Expiration.Value - now <= TemporaryCredentialCache.RefreshMargin && now - _lastRefresh > RefreshInterval)
            {
                credentials = RefreshCredentials(credentials, now);
            }
            if (credentials.Expiration.HasValue && credentials.Expiration.Value <= now + TimeSpan.FromMinutes(1))
            {
                throw PresignException.Credentials("CredentialsExpired",
                    $"The credentials from {credentials.Source} expired (or expire within a minute) at {credentials.Expiration.Value.ToUniversalTime():u}; refresh them and try again.");
            }

            var result = PresignerFor(link.BucketName).Presign(link);

            if (result.ExpiryLimitedBy == ExpiryLimit.CredentialExpiry)
            {
                var message = $"Links signed by {credentials.Source} die when its credentials expire at {result.ExpiresAt:u}, before the requested {result.RequestedExpiresAt:u}.";
                if (Strict.IsPresent)
                {
                    throw PresignException.Credentials("LinkOutlivesCredentials", message + " (-Strict) Use longer-lived credentials or a shorter -Expires.");
                }
                if (_warnedCredentials.Add(credentials.AccessKeyId + "|" + result.ExpiresAt.UtcTicks))
                {
                    WriteWarning(message + " ExpiresAt shows the real expiry.");
                }
            }
            else if (credentials.IsTemporary && !credentials.Expiration.HasValue && !_warnedUnknownExpiry)
            {
                _warnedUnknownExpiry = true;
                WriteWarning($"The credentials from {credentials.Source} are temporary (session token) with no known expiry: links may stop working before ExpiresAt.");
            }

            if (_minimumValiditySeconds.HasValue && (result.ExpiresAt - now).TotalSeconds < _minimumValiditySeconds.Value)
            {
                throw PresignException.InvalidData("BelowMinimumValidity",
                    $"The link for s3://{link.BucketName}/{link.Key} would stop working at {result.ExpiresAt:u} ({result.ExpiryLimitedBy}), sooner than -MinimumValidity {ExpiryParser.Format(_minimumValiditySeconds.Value)}; use longer-lived credentials or a longer -Expires.");
            }

            if (result.ExpiresAt <= now && !_warnedAlreadyExpired)
            {
                _warnedAlreadyExpired = true;
                WriteWarning($"The link expired at {result.ExpiresAt:u} (signed as of {result.SignedAt:u}); it is only useful as a reproducible test value.");
            }
            return result;
        }

        /// <summary>
        /// The signer for a bucket: the pipeline's own, or, when bucket regions are looked up, one for the
        /// bucket's region (looked up once per bucket and cached; a failed lookup falls back with one warning).
        /// </summary>
        internal ObjectPresigner PresignerFor(string bucket)
        {
            var main = Presigner;
            if (!_lookupRegions || string.IsNullOrEmpty(bucket)) return main;
            if (!_bucketRegions.TryGetValue(bucket, out var region))
            {
                region = LocateRegion(bucket, main.Region);
                if (_bucketRegions.Count >= MaxKnownBuckets) _bucketRegions.Clear();
                _bucketRegions[bucket] = region;
            }
            if (region == null || string.Equals(region, main.Region, StringComparison.Ordinal)) return main;
            if (!_regionPresigners.TryGetValue(region, out var signer))
            {
                var o = main.EndpointOptions;
                signer = new ObjectPresigner(main.Credentials, new S3EndpointOptions
                {
                    Region = region,
                    EndpointUrl = o.EndpointUrl,
                    Scheme = o.Scheme,
                    ForcePathStyle = o.ForcePathStyle,
                    UseAccelerateEndpoint = o.UseAccelerateEndpoint,
                    UseDualstackEndpoint = o.UseDualstackEndpoint,
                }, main.AllowLegacyBucketNames);
                _regionPresigners[region] = signer;
            }
            return signer;
        }

        // The bucket's region from S3, or null to sign with the pipeline's own: for a name the signer will
        // refuse anyway (asking S3 would only delay the error), and after a failed lookup (one warning).
        private string? LocateRegion(string bucket, string pipelineRegion)
        {
            if (S3Names.CheckBucketName(bucket, AllowLegacyBucketName.IsPresent) != null) return null;
            var answer = BucketRegionLocator.Locate(bucket, _lookupEndpoint!, RegionLookupTimeout);
            if (answer.Region == null)
            {
                if (!_warnedLookup)
                {
                    _warnedLookup = true;
                    WriteWarning($"Could not find the region of bucket '{bucket}' ({answer.Problem}); signing for {pipelineRegion}. Give -Region (or -NoRegionLookup) to skip the lookup.");
                }
            }
            else if (!string.Equals(answer.Region, pipelineRegion, StringComparison.Ordinal))
            {
                WriteVerbose($"Bucket '{bucket}' is in {answer.Region}; signing for that region.");
            }
            return answer.Region;
        }

        // Credentials close to expiry are refreshed from their source (role, SSO, container, instance,
        // process) before signing, at most once per interval so a source that only hands out short
        // sessions is not called for every item.
        private ResolvedCredentials RefreshCredentials(ResolvedCredentials credentials, DateTimeOffset now)
        {
            _lastRefresh = now;
            ResolvedCredentials fresh;
            try
            {
                fresh = credentials.Refresh!();
            }
            catch (CredentialConfigException e)
            {
                throw PresignException.Credentials(e.ErrorId, e.Message);
            }
            WriteVerbose($"Refreshed the credentials from {fresh.Source}: access key id {fresh.AccessKeyId}"
                + (fresh.Expiration.HasValue ? $", expiring {fresh.Expiration.Value:u}." : "."));
            _presigner = new ObjectPresigner(fresh, Presigner.EndpointOptions, Presigner.AllowLegacyBucketNames);
            _regionPresigners.Clear();
            return fresh;
        }

        /// <summary>Writes a per-item failure and lets the pipeline go on.</summary>
        internal void WriteItemError(PresignException e, object? target) => WriteError(PresignErrors.Record(e, target));

        /// <summary>The signing headers for -ContentType etc., lower-case names.</summary>
        internal static List<KeyValuePair<string, string>>? NonEmpty(List<KeyValuePair<string, string>> list) => list.Count == 0 ? null : list;
    }
}
