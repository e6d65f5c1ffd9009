using System;

namespace PresignTools.Core.Credentials.Sources
{
    /// <summary>What credential sources need besides the profile: the environment, hints and limits.</summary>
    internal sealed class CredentialContext
    {
        public CredentialContext(Func<string, string?> env)
        {
            Env = env ?? throw new ArgumentNullException(nameof(env));
        }

        public Func<string, string?> Env { get; }

        /// <summary>-Region when given: the region STS calls are signed for when the profile names none.</summary>
        public string? RegionHint { get; set; }

        /// <summary>The requested link lifetime; role sessions are asked to last that long when the profile does not say.</summary>
        public int RequestedSeconds { get; set; } = 3600;

        /// <summary>Where sources say what they did (never a secret).</summary>
        public Action<string>? Verbose { get; set; }

        /// <summary>Container credentials, SSO and STS calls.</summary>
        public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Instance metadata: short, as the service is either there at once or not at all.</summary>
        public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan ProcessTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The region for STS and SSO calls when the profile names none.</summary>
        public string DefaultRegion(string? profileRegion)
        {
            if (!string.IsNullOrWhiteSpace(profileRegion)) return profileRegion!.Trim();
            if (!string.IsNullOrWhiteSpace(RegionHint)) return RegionHint!.Trim();
            var env = Env("AWS_REGION");
            if (string.IsNullOrWhiteSpace(env)) env = Env("AWS_DEFAULT_REGION");
            return string.IsNullOrWhiteSpace(env) ? "us-east-1" : env!.Trim();
        }

        /// <summary>An endpoint override for a service (AWS_ENDPOINT_URL_&lt;SERVICE&gt;, then AWS_ENDPOINT_URL), as the SDKs honour them.</summary>
        public string? EndpointOverride(string serviceEnvSuffix)
        {
            if (string.Equals(Env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase)) return null;
            var specific = Env("AWS_ENDPOINT_URL_" + serviceEnvSuffix);
            if (!string.IsNullOrWhiteSpace(specific)) return specific!.Trim();
            var general = Env("AWS_ENDPOINT_URL");
            return string.IsNullOrWhiteSpace(general) ? null : general!.Trim();
        }

        public void Say(string message) => Verbose?.Invoke(message);
    }
}
