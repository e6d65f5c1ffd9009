using System;
using System.Text.RegularExpressions;
using PresignTools.Core;

namespace PresignTools.Core.Credentials
{
    /// <summary>A region and where it came from.</summary>
    internal sealed class ResolvedRegion
    {
        public ResolvedRegion(string name, string source)
        {
            Name = name;
            Source = source;
        }

        public string Name { get; }

        public string Source { get; }

        /// <summary>True when nothing named a region and us-east-1 was assumed.</summary>
        public bool IsFallback => Source == RegionResolver.FallbackSource;
    }

    /// <summary>
    /// Region order: -Region → AWS.Tools $StoredAWSRegion → the profile's region → AWS_REGION /
    /// AWS_DEFAULT_REGION → us-east-1 (the caller warns).
    /// </summary>
    internal static class RegionResolver
    {
        public const string FallbackSource = "default (no region configured)";

        private static readonly Regex RegionShape = new Regex("^[a-z]{2,4}(-[a-z0-9]+)+-[0-9]+$", RegexOptions.CultureInvariant);

        public static ResolvedRegion Resolve(string? explicitRegion, string? storedRegion, SharedConfigFiles files, string? credentialProfile, Func<string, string?> env)
        {
            if (!string.IsNullOrWhiteSpace(explicitRegion)) return new ResolvedRegion(explicitRegion!.Trim(), "-Region");
            if (!string.IsNullOrWhiteSpace(storedRegion)) return new ResolvedRegion(storedRegion!.Trim(), "$StoredAWSRegion");

            var profileName = credentialProfile ?? env("AWS_PROFILE");
            if (string.IsNullOrEmpty(profileName)) profileName = "default";
            try
            {
                var region = files.FindProfile(profileName!)?.Get("region");
                if (region != null) return new ResolvedRegion(region, "profile:" + profileName);
            }
            catch (CredentialConfigException) when (credentialProfile == null)
            {
                // Credentials came from elsewhere; an unreadable config file only matters for them.
            }

            var envRegion = env("AWS_REGION");
            if (!string.IsNullOrWhiteSpace(envRegion)) return new ResolvedRegion(envRegion!.Trim(), "AWS_REGION");
            envRegion = env("AWS_DEFAULT_REGION");
            if (!string.IsNullOrWhiteSpace(envRegion)) return new ResolvedRegion(envRegion!.Trim(), "AWS_DEFAULT_REGION");

            return new ResolvedRegion("us-east-1", FallbackSource);
        }

        /// <summary>Null when the name has a region's shape (e.g. eu-west-1, us-gov-west-1), else the reason.</summary>
        public static string? CheckRegionName(string region)
        {
            return RegionShape.IsMatch(region)
                ? null
                : OneLine.Of($"'{region}' is not a region name; expected a name such as us-east-1 or eu-west-2");
        }
    }
}
