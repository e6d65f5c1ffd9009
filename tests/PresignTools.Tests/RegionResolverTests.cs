using System.Collections.Generic;
using System.IO;
using PresignTools.Core.Credentials;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// RegionResolver's documented order: -Region → $StoredAWSRegion → the region of the profile the
    /// credentials came from (else AWS_PROFILE, else default) → AWS_REGION → AWS_DEFAULT_REGION → us-east-1,
    /// flagged as a fallback so that the cmdlet warns. Files are temporary; the environment is injected.
    /// </summary>
    public class RegionResolverTests
    {
        private sealed class Sandbox : System.IDisposable
        {
            private readonly TempFolder _folder = new TempFolder();

            public Sandbox(string? config = null)
            {
                Vars = new Dictionary<string, string?>
                {
                    ["HOME"] = _folder.Path,
                    ["USERPROFILE"] = _folder.Path,
                    ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_folder.Path, "credentials"),
                    ["AWS_CONFIG_FILE"] = Path.Combine(_folder.Path, "config"),
                };
                if (config != null) _folder.Write("config", config);
            }

            public Dictionary<string, string?> Vars { get; }

            public void Credentials(string text) => _folder.Write("credentials", text);

            public ResolvedRegion Resolve(string? explicitRegion = null, string? stored = null, string? credentialProfile = null)
            {
                var env = TestSupport.Env(Vars);
                return RegionResolver.Resolve(explicitRegion, stored, new SharedConfigFiles(null, env), credentialProfile, env);
            }

            public void Dispose() => _folder.Dispose();
        }

        private const string Config =
            "[default]\nregion = eu-north-1\n\n" +
            "[profile creds]\nregion = eu-west-3\n\n" +
            "[profile envprof]\nregion = ca-central-1\n\n" +
            "[profile noregion]\noutput = json\n";

        [Theory]
        [InlineData(0, "eu-west-1", "-Region")]
        [InlineData(1, "eu-west-2", "$StoredAWSRegion")]
        [InlineData(2, "eu-west-3", "profile:creds")]
        [InlineData(3, "ap-south-1", "AWS_REGION")]
        [InlineData(4, "sa-east-1", "AWS_DEFAULT_REGION")]
        [InlineData(5, "us-east-1", RegionResolver.FallbackSource)]
        public void SourcesAreTriedInTheDocumentedOrder(int removed, string expected, string source)
        {
            using var box = new Sandbox(Config);
            box.Vars["AWS_REGION"] = "ap-south-1";
            box.Vars["AWS_DEFAULT_REGION"] = "sa-east-1";
            string? explicitRegion = removed > 0 ? null : "eu-west-1";
            string? stored = removed > 1 ? null : "eu-west-2";
            string? profile = removed > 2 ? "noregion" : "creds";
            if (removed > 3) box.Vars.Remove("AWS_REGION");
            if (removed > 4) box.Vars.Remove("AWS_DEFAULT_REGION");

            var region = box.Resolve(explicitRegion, stored, profile);
            Assert.Equal(expected, region.Name);
            Assert.Equal(source, region.Source);
            Assert.Equal(removed == 5, region.IsFallback);
        }

        [Fact]
        public void NothingConfiguredIsTheFlaggedUsEast1Fallback()
        {
            using var box = new Sandbox();
            var region = box.Resolve();
            Assert.Equal("us-east-1", region.Name);
            Assert.True(region.IsFallback);
        }

        [Fact]
        public void ExplicitUsEast1IsNotAFallback()
        {
            using var box = new Sandbox();
            Assert.False(box.Resolve("us-east-1").IsFallback);
            Assert.False(box.Resolve(null, "us-east-1").IsFallback);
            box.Vars["AWS_REGION"] = "us-east-1";
            Assert.False(box.Resolve().IsFallback);
        }

        [Fact]
        public void WithoutACredentialProfileAwsProfileThenDefaultIsUsed()
        {
            using var box = new Sandbox(Config);
            box.Vars["AWS_PROFILE"] = "envprof";
            var region = box.Resolve();
            Assert.Equal("ca-central-1", region.Name);
            Assert.Equal("profile:envprof", region.Source);

            box.Vars.Remove("AWS_PROFILE");
            region = box.Resolve();
            Assert.Equal("eu-north-1", region.Name);
            Assert.Equal("profile:default", region.Source);
        }

        [Fact]
        public void TheCredentialProfileBeatsAwsProfile()
        {
            using var box = new Sandbox(Config);
            box.Vars["AWS_PROFILE"] = "envprof";
            Assert.Equal("eu-west-3", box.Resolve(credentialProfile: "creds").Name);
        }

        [Fact]
        public void ProfileRegionMayComeFromTheCredentialsFile()
        {
            using var box = new Sandbox();
            box.Credentials("[p]\nregion = me-south-1\n");
            Assert.Equal("me-south-1", box.Resolve(credentialProfile: "p").Name);
        }

        [Fact]
        public void BlankValuesAreSkippedAndValuesAreTrimmed()
        {
            using var box = new Sandbox();
            box.Vars["AWS_REGION"] = "   ";
            box.Vars["AWS_DEFAULT_REGION"] = "  us-west-2  ";
            Assert.Equal("us-west-2", box.Resolve("  ", " ").Name);
            Assert.Equal("eu-central-1", box.Resolve(" eu-central-1 ").Name);
            Assert.Equal("eu-central-2", box.Resolve(null, "\teu-central-2\t").Name);
        }

        [Fact]
        public void MissingProfileFallsThroughToTheEnvironment()
        {
            using var box = new Sandbox(Config);
            box.Vars["AWS_REGION"] = "af-south-1";
            Assert.Equal("AWS_REGION", box.Resolve(credentialProfile: "no-such-profile").Source);
        }

        [Fact]
        public void BrokenConfigIsIgnoredWhenCredentialsDidNotComeFromAProfile()
        {
            using var box = new Sandbox("[profile broken\nregion = x\n");
            box.Vars["AWS_REGION"] = "eu-south-1";
            var region = box.Resolve();
            Assert.Equal("eu-south-1", region.Name);
            Assert.Equal("AWS_REGION", region.Source);
        }

        [Fact]
        public void BrokenConfigIsAnErrorWhenCredentialsCameFromAProfile()
        {
            using var box = new Sandbox("[profile broken\nregion = x\n");
            box.Vars["AWS_REGION"] = "eu-south-1";
            var e = Assert.Throws<CredentialConfigException>(() => box.Resolve(credentialProfile: "p"));
            Assert.Equal("MalformedConfigFile", e.ErrorId);
        }

        // Region names of every partition in botocore 1.43.11's data/partitions.json.
        [Theory]
        [InlineData("us-east-1")]
        [InlineData("eu-west-2")]
        [InlineData("ap-southeast-5")]
        [InlineData("il-central-1")]
        [InlineData("mx-central-1")]
        [InlineData("me-central-1")]
        [InlineData("cn-north-1")]
        [InlineData("cn-northwest-1")]
        [InlineData("us-gov-west-1")]
        [InlineData("us-iso-east-1")]
        [InlineData("us-isob-east-1")]
        [InlineData("us-isof-south-1")]
        [InlineData("eu-isoe-west-1")]
        public void RegionNamesOfEveryPartitionAreAccepted(string region)
        {
            Assert.Null(RegionResolver.CheckRegionName(region));
        }

        [Fact]
        public void EuropeanSovereignCloudRegionIsAccepted()
        {
            Assert.Null(RegionResolver.CheckRegionName("eusc-de-east-1"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("US-EAST-1")]
        [InlineData("useast1")]
        [InlineData("us-east")]
        [InlineData("us_east_1")]
        [InlineData("us-east-1a")]
        [InlineData("us-east-1 ")]
        [InlineData("s3.us-east-1.amazonaws.com")]
        [InlineData("https://s3.amazonaws.com")]
        [InlineData("eu west 1")]
        public void NonRegionsAreRefused(string region)
        {
            var problem = RegionResolver.CheckRegionName(region);
            Assert.NotNull(problem);
            Assert.Contains("not a region name", problem);
        }
    }
}
