using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PresignTools.Core.Credentials;
using Xunit;

namespace PresignTools.Tests
{
    /// <summary>
    /// CredentialResolver, always against temporary credentials/config files and an injected environment
    /// (HOME, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE point into a temp folder): never the real
    /// ~/.aws or the process environment. File semantics follow the AWS CLI's shared files
    /// (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html).
    /// </summary>
    public class CredentialResolverTests
    {
        // Every secret any test writes; no exception message may ever contain one.
        private static readonly string[] Secrets =
        {
            ParamSecret, ObjectSecret, StoredSecret, NamedSecret, EnvSecret, EnvProfileSecret, DefaultSecret, ConfigSecret, OnlySecret,
        };

        private const string ParamSecret = "paramSekr3tX/k7MDENG+bPxRfiCY0001";
        private const string ObjectSecret = "objectSekr3tX/k7MDENG+bPxRfiCY0002";
        private const string StoredSecret = "storedSekr3tX/k7MDENG+bPxRfiCY0003";
        private const string NamedSecret = "namedSekr3tX/k7MDENG+bPxRfiCY0004";
        private const string EnvSecret = "envSekr3tX/k7MDENG+bPxRfiCY0005";
        private const string EnvProfileSecret = "envprofSekr3tX/k7MDENG+bPxRfiCY0006";
        private const string DefaultSecret = "defaultSekr3tX/k7MDENG+bPxRfiCY0007";
        private const string ConfigSecret = "configSekr3tX/k7MDENG+bPxRfiCY0008";
        private const string OnlySecret = "onlySekr3tX/k7MDENG+bPxRfiCY0009";

        /// <summary>A temp folder posing as HOME, with the two shared files and an environment that names them.</summary>
        private sealed class Sandbox : IDisposable
        {
            private readonly TempFolder _folder = new TempFolder();

            public Sandbox()
            {
                CredentialsPath = Path.Combine(_folder.Path, "credentials");
                ConfigPath = Path.Combine(_folder.Path, "config");
                Vars = new Dictionary<string, string?>
                {
                    ["HOME"] = _folder.Path,
                    ["USERPROFILE"] = _folder.Path,
                    ["AWS_SHARED_CREDENTIALS_FILE"] = CredentialsPath,
                    ["AWS_CONFIG_FILE"] = ConfigPath,
                };
            }

            public Dictionary<string, string?> Vars { get; }

            public string Folder => _folder.Path;

            public string CredentialsPath { get; }

            public string ConfigPath { get; }

            public Sandbox Credentials(string text) { _folder.Write("credentials", text); return this; }

            public Sandbox Config(string text) { _folder.Write("config", text); return this; }

            public string Write(string name, string text) => _folder.Write(name, text);

            public ResolvedCredentials Resolve(CredentialRequest? request = null) =>
                new CredentialResolver(TestSupport.Env(Vars)).Resolve(request ?? new CredentialRequest(), out _);

            public ResolvedCredentials Resolve(CredentialRequest request, out SharedConfigFiles files) =>
                new CredentialResolver(TestSupport.Env(Vars)).Resolve(request, out files);

            public CredentialConfigException Fails(CredentialRequest? request = null)
            {
                var e = Assert.Throws<CredentialConfigException>(() => Resolve(request ?? new CredentialRequest()));
                AssertNoSecret(e);
                return e;
            }

            public void Dispose() => _folder.Dispose();
        }

        private static void AssertNoSecret(Exception e)
        {
            for (var x = e; x != null; x = x.InnerException)
            {
                foreach (var s in Secrets)
                {
                    Assert.DoesNotContain(s, x.Message);
                }
                Assert.DoesNotContain("Sekr3tX", x.Message);
            }
        }

        // ---- duck-typed credential objects ---------------------------------------------------------

        /// <summary>Shaped like AWSSDK's ImmutableCredentials.</summary>
        public sealed class FakeImmutableCredentials
        {
            public string AccessKey { get; set; } = "";
            public string SecretKey { get; set; } = "";
            public string? Token { get; set; }
        }

        /// <summary>Shaped like AWSSDK's AWSCredentials: GetCredentials() returns the immutable set.</summary>
        public sealed class FakeAwsCredentials
        {
            private readonly FakeImmutableCredentials _inner;

            public FakeAwsCredentials(string access, string secret, string? token = null) =>
                _inner = new FakeImmutableCredentials { AccessKey = access, SecretKey = secret, Token = token };

            public FakeImmutableCredentials GetCredentials() => _inner;
        }

        /// <summary>Shaped like AWS.Tools' AWSPSCredentials: wraps the AWSCredentials in 'Credentials'.</summary>
        public sealed class FakeAwsPsCredentials
        {
            public FakeAwsPsCredentials(object credentials) => Credentials = credentials;

            public object Credentials { get; }
        }

        public sealed class FakeSessionCredentials
        {
            public string AccessKeyId { get; set; } = "";
            public string SecretAccessKey { get; set; } = "";
            public string? SessionToken { get; set; }
            public DateTime Expiration { get; set; }
        }

        public sealed class ThrowingCredentials
        {
            public FakeImmutableCredentials GetCredentials() => throw new InvalidOperationException("token refresh failed");
        }

        public sealed class NotCredentials
        {
            public string Name { get; set; } = "n";
        }

        // ---- order ---------------------------------------------------------------------------------

        private static Sandbox FullHouse()
        {
            var box = new Sandbox()
                .Credentials(
                    "[named]\naws_access_key_id = AKIANAMED\naws_secret_access_key = " + NamedSecret + "\n\n" +
                    "[envprof]\naws_access_key_id = AKIAENVPROF\naws_secret_access_key = " + EnvProfileSecret + "\n\n" +
                    "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = " + DefaultSecret + "\n")
                .Config("[default]\nregion = eu-west-1\n");
            box.Vars["AWS_ACCESS_KEY_ID"] = "AKIAENV";
            box.Vars["AWS_SECRET_ACCESS_KEY"] = EnvSecret;
            box.Vars["AWS_PROFILE"] = "envprof";
            return box;
        }

        private static CredentialRequest FullRequest() => new CredentialRequest
        {
            AccessKey = "AKIAPARAM",
            SecretKey = ParamSecret,
            Credential = new Hashtable { ["AccessKey"] = "AKIAOBJECT", ["SecretKey"] = ObjectSecret },
            ProfileName = "named",
            StoredCredentials = new FakeAwsCredentials("AKIASTORED", StoredSecret),
        };

        // Each level removes the winner of the level before: the next source in the documented order must win.
        [Theory]
        [InlineData(0, "AKIAPARAM", "parameters")]
        [InlineData(1, "AKIAOBJECT", "credential object")]
        [InlineData(2, "AKIANAMED", "profile:named")]
        [InlineData(3, "AKIASTORED", "AWS.Tools session default")]
        [InlineData(4, "AKIAENV", "environment")]
        [InlineData(5, "AKIAENVPROF", "profile:envprof")]
        [InlineData(6, "AKIADEFAULT", "profile:default")]
        public void SourcesAreTriedInTheDocumentedOrder(int removed, string expectedKey, string expectedSource)
        {
            using var box = FullHouse();
            var request = FullRequest();
            if (removed > 0) { request.AccessKey = null; request.SecretKey = null; }
            if (removed > 1) request.Credential = null;
            if (removed > 2) request.ProfileName = null;
            if (removed > 3) request.StoredCredentials = null;
            if (removed > 4) { box.Vars.Remove("AWS_ACCESS_KEY_ID"); box.Vars.Remove("AWS_SECRET_ACCESS_KEY"); }
            if (removed > 5) box.Vars.Remove("AWS_PROFILE");

            var c = box.Resolve(request);
            Assert.Equal(expectedKey, c.AccessKeyId);
            Assert.Equal(expectedSource, c.Source);
            Assert.DoesNotContain("Sekr3tX", c.ToString());
            Assert.DoesNotContain("Sekr3tX", c.Source);
        }

        [Fact]
        public void NothingAnywhereIsNoCredentialsNamingTheFiles()
        {
            using var box = new Sandbox();
            var e = box.Fails();
            Assert.Equal("NoCredentials", e.ErrorId);
            Assert.Contains(box.CredentialsPath, e.Message);
            Assert.Contains(box.ConfigPath, e.Message);
        }

        [Fact]
        public void DefaultFilesAreUnderTheInjectedHome()
        {
            using var box = new Sandbox();
            box.Vars.Remove("AWS_SHARED_CREDENTIALS_FILE");
            box.Vars.Remove("AWS_CONFIG_FILE");
            Directory.CreateDirectory(Path.Combine(box.Folder, ".aws"));
            box.Write(Path.Combine(".aws", "credentials"), "[default]\naws_access_key_id = AKIAHOME\naws_secret_access_key = " + DefaultSecret + "\n");
            var c = box.Resolve(new CredentialRequest(), out var files);
            Assert.Equal("AKIAHOME", c.AccessKeyId);
            Assert.Equal(Path.Combine(box.Folder, ".aws", "credentials"), files.CredentialsFile);
            Assert.Equal(Path.Combine(box.Folder, ".aws", "config"), files.ConfigFile);
        }

        [Fact]
        public void ExplicitKeysCarryTheSessionToken()
        {
            using var box = new Sandbox();
            var c = box.Resolve(new CredentialRequest { AccessKey = "AKIAPARAM", SecretKey = ParamSecret, SessionToken = "tok/en+==" });
            Assert.Equal("AKIAPARAM", c.AccessKeyId);
            Assert.Equal(ParamSecret, c.SecretAccessKey);
            Assert.Equal("tok/en+==", c.SessionToken);
            Assert.True(c.IsTemporary);
            Assert.Null(c.Expiration);
            Assert.Null(c.ProfileName);
        }

        [Theory]
        [InlineData("AKIAONLY", null)]
        [InlineData(null, ParamSecret)]
        [InlineData("AKIAONLY", "")]
        [InlineData("", ParamSecret)]
        public void IncompleteExplicitKeysAreAnError(string? access, string? secret)
        {
            using var box = FullHouse();
            var e = box.Fails(new CredentialRequest { AccessKey = access, SecretKey = secret, ProfileName = "named" });
            Assert.Equal("IncompleteCredentials", e.ErrorId);
        }

        [Fact]
        public void EnvironmentKeysCarryTokenAndExpiration()
        {
            using var box = new Sandbox();
            box.Vars["AWS_ACCESS_KEY_ID"] = "AKIAENV";
            box.Vars["AWS_SECRET_ACCESS_KEY"] = EnvSecret;
            box.Vars["AWS_SESSION_TOKEN"] = "envtoken";
            box.Vars["AWS_CREDENTIAL_EXPIRATION"] = "2030-05-06T07:08:09Z";
            var c = box.Resolve();
            Assert.Equal("environment", c.Source);
            Assert.Equal("envtoken", c.SessionToken);
            Assert.Equal(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero), c.Expiration);
            Assert.Equal(TimeSpan.Zero, c.Expiration!.Value.Offset);
        }

        [Fact]
        public void EmptyEnvironmentValuesCountAsUnset()
        {
            using var box = FullHouse();
            box.Vars["AWS_ACCESS_KEY_ID"] = "";
            box.Vars["AWS_SECRET_ACCESS_KEY"] = "";
            box.Vars["AWS_PROFILE"] = "";
            Assert.Equal("profile:default", box.Resolve().Source);
        }

        // botocore's EnvProvider raises PartialCredentialsError when only one of the two variables is set
        // (botocore/credentials.py, EnvProvider._create_credentials_fetcher); the AWS CLI stops there.
        [Theory]
        [InlineData("AWS_ACCESS_KEY_ID")]
        [InlineData("AWS_SECRET_ACCESS_KEY")]
        public void HalfSetEnvironmentKeysAreAnErrorNotAFallback(string missing)
        {
            using var box = FullHouse();
            box.Vars.Remove("AWS_PROFILE");
            box.Vars.Remove(missing);
            box.Fails();
        }

        // ---- profiles ------------------------------------------------------------------------------

        [Fact]
        public void MissingNamedProfileIsAnErrorNamingBothFiles()
        {
            using var box = FullHouse();
            var e = box.Fails(new CredentialRequest { ProfileName = "nope" });
            Assert.Equal("ProfileNotFound", e.ErrorId);
            Assert.Contains("'nope'", e.Message);
            Assert.Contains(box.CredentialsPath, e.Message);
            Assert.Contains(box.ConfigPath, e.Message);
        }

        [Fact]
        public void MissingAwsProfileIsAnErrorNotAFallbackToDefault()
        {
            using var box = FullHouse();
            box.Vars.Remove("AWS_ACCESS_KEY_ID");
            box.Vars.Remove("AWS_SECRET_ACCESS_KEY");
            box.Vars["AWS_PROFILE"] = "typo";
            var e = box.Fails();
            Assert.Equal("ProfileNotFound", e.ErrorId);
            Assert.Contains("AWS_PROFILE", e.Message);
            Assert.Contains(box.CredentialsPath, e.Message);
            Assert.Contains(box.ConfigPath, e.Message);
        }

        [Fact]
        public void ProfileCredentialsCarryTokenAndProfileName()
        {
            using var box = new Sandbox().Credentials("[p]\naws_access_key_id = AKIAP\naws_secret_access_key = " + NamedSecret + "\naws_session_token = sess/token==\n");
            var c = box.Resolve(new CredentialRequest { ProfileName = "p" });
            Assert.Equal("AKIAP", c.AccessKeyId);
            Assert.Equal(NamedSecret, c.SecretAccessKey);
            Assert.Equal("sess/token==", c.SessionToken);
            Assert.Equal("p", c.ProfileName);
            Assert.Equal("profile:p", c.Source);
        }

        [Fact]
        public void IniSyntaxCommentsBlankLinesAndSpacing()
        {
            using var box = new Sandbox().Credentials(
                "# comment\n; another comment\n\n  [ spaced ]  \n\taws_access_key_id=AKIASPACED\n" +
                "aws_secret_access_key   =   " + NamedSecret + "   \n" +
                "\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = " + DefaultSecret + "\n");
            var c = box.Resolve(new CredentialRequest { ProfileName = "spaced" });
            Assert.Equal("AKIASPACED", c.AccessKeyId);
            Assert.Equal(NamedSecret, c.SecretAccessKey);
            Assert.Equal("AKIAOTHER", box.Resolve(new CredentialRequest { ProfileName = "other" }).AccessKeyId);
        }

        [Fact]
        public void WindowsLineEndingsAreRead()
        {
            using var box = new Sandbox().Credentials("[p]\r\naws_access_key_id = AKIACRLF\r\naws_secret_access_key = " + NamedSecret + "\r\n");
            var c = box.Resolve(new CredentialRequest { ProfileName = "p" });
            Assert.Equal("AKIACRLF", c.AccessKeyId);
            Assert.Equal(NamedSecret, c.SecretAccessKey);
        }

        [Fact]
        public void ProfileNamesAreCaseSensitive()
        {
            using var box = new Sandbox().Credentials("[Dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = " + NamedSecret + "\n");
            Assert.Equal("AKIADEV", box.Resolve(new CredentialRequest { ProfileName = "Dev" }).AccessKeyId);
            Assert.Equal("ProfileNotFound", box.Fails(new CredentialRequest { ProfileName = "dev" }).ErrorId);
        }

        [Fact]
        public void ConfigFileUsesProfilePrefixedSections()
        {
            using var box = new Sandbox().Config(
                "[profile cfg]\naws_access_key_id = AKIACFG\naws_secret_access_key = " + ConfigSecret + "\n" +
                "[profile  two  spaces]\naws_access_key_id = AKIATWO\naws_secret_access_key = " + ConfigSecret + "\n");
            Assert.Equal("AKIACFG", box.Resolve(new CredentialRequest { ProfileName = "cfg" }).AccessKeyId);
        }

        [Fact]
        public void ConfigFileSectionWithoutProfilePrefixIsNotAProfile()
        {
            // The AWS CLI only reads "[profile x]" (and "[default]") from the config file.
            using var box = new Sandbox().Config("[bare]\naws_access_key_id = AKIABARE\naws_secret_access_key = " + ConfigSecret + "\n");
            var e = box.Fails(new CredentialRequest { ProfileName = "bare" });
            Assert.Equal("ProfileNotFound", e.ErrorId);
        }

        [Fact]
        public void CredentialsFileSectionsAreNotProfilePrefixed()
        {
            // In the credentials file "[profile x]" names a profile literally called "profile x".
            using var box = new Sandbox().Credentials("[profile x]\naws_access_key_id = AKIAX\naws_secret_access_key = " + NamedSecret + "\n");
            Assert.Equal("ProfileNotFound", box.Fails(new CredentialRequest { ProfileName = "x" }).ErrorId);
            Assert.Equal("AKIAX", box.Resolve(new CredentialRequest { ProfileName = "profile x" }).AccessKeyId);
        }

        [Fact]
        public void ConfigFileDefaultSectionIsTheDefaultProfile()
        {
            using var box = new Sandbox().Config("[default]\naws_access_key_id = AKIACFGDEFAULT\naws_secret_access_key = " + ConfigSecret + "\n");
            var c = box.Resolve();
            Assert.Equal("AKIACFGDEFAULT", c.AccessKeyId);
            Assert.Equal("profile:default", c.Source);
        }

        [Fact]
        public void CredentialsFileWinsOverConfigFileAndSettingsMerge()
        {
            using var box = new Sandbox()
                .Credentials("[both]\naws_access_key_id = AKIACREDFILE\naws_secret_access_key = " + NamedSecret + "\n")
                .Config("[profile both]\naws_access_key_id = AKIACONFIGFILE\naws_secret_access_key = " + ConfigSecret + "\naws_session_token = cfgtoken\nregion = ap-south-1\n");
            var c = box.Resolve(new CredentialRequest { ProfileName = "both" }, out var files);
            Assert.Equal("AKIACREDFILE", c.AccessKeyId);
            Assert.Equal(NamedSecret, c.SecretAccessKey);
            // Settings only the config file has still apply to the profile.
            Assert.Equal("ap-south-1", files.FindProfile("both")!.Get("region"));
        }

        // botocore reads a profile's keys as one set from one file: with keys in the credentials file, the
        // SharedCredentialProvider returns token None even if the config file's profile has aws_session_token
        // (checked with botocore 1.43.11: Session(profile='both').get_credentials().token is None).
        [Fact]
        public void SessionTokenIsNotTakenFromTheOtherFile()
        {
            using var box = new Sandbox()
                .Credentials("[both]\naws_access_key_id = AKIACREDFILE\naws_secret_access_key = " + NamedSecret + "\n")
                .Config("[profile both]\naws_access_key_id = AKIACONFIGFILE\naws_secret_access_key = " + ConfigSecret + "\naws_session_token = cfgtoken\n");
            var c = box.Resolve(new CredentialRequest { ProfileName = "both" });
            Assert.Equal("AKIACREDFILE", c.AccessKeyId);
            Assert.Null(c.SessionToken);
        }

        [Fact]
        public void ProfileLocationOverridesTheEnvironmentAndExpandsTilde()
        {
            using var box = FullHouse();
            box.Write("alt-credentials", "[named]\naws_access_key_id = AKIAALT\naws_secret_access_key = " + NamedSecret + "\n");
            Assert.Equal("AKIAALT", box.Resolve(new CredentialRequest { ProfileName = "named", ProfileLocation = Path.Combine(box.Folder, "alt-credentials") }).AccessKeyId);
            Assert.Equal("AKIAALT", box.Resolve(new CredentialRequest { ProfileName = "named", ProfileLocation = "~/alt-credentials" }).AccessKeyId);
        }

        [Fact]
        public void MissingExplicitProfileLocationIsAnError()
        {
            using var box = FullHouse();
            var e = box.Fails(new CredentialRequest { ProfileName = "named", ProfileLocation = Path.Combine(box.Folder, "no-such-file") });
            Assert.Equal("CredentialsFileNotFound", e.ErrorId);
            Assert.Contains("no-such-file", e.Message);
        }

        [Fact]
        public void MissingDefaultFilesAreNotAnError()
        {
            using var box = new Sandbox();   // neither file exists
            box.Vars["AWS_ACCESS_KEY_ID"] = "AKIAENV";
            box.Vars["AWS_SECRET_ACCESS_KEY"] = EnvSecret;
            Assert.Equal("environment", box.Resolve().Source);
        }

        [Theory]
        [InlineData("[p]\naws_access_key_id = AKIAP\n", "IncompleteProfile")]
        [InlineData("[p]\naws_secret_access_key = " + OnlySecret + "\n", "IncompleteProfile")]
        [InlineData("[p]\nregion = eu-west-1\n", "ProfileHasNoCredentials")]
        [InlineData("[p]\n", "ProfileHasNoCredentials")]
        [InlineData("[p]\naws_access_key_id =\naws_secret_access_key = " + OnlySecret + "\n", "IncompleteProfile")]
        public void IncompleteProfilesHaveTheirOwnErrorIds(string credentials, string errorId)
        {
            using var box = new Sandbox().Credentials(credentials);
            var e = box.Fails(new CredentialRequest { ProfileName = "p" });
            Assert.Equal(errorId, e.ErrorId);
            Assert.Contains("'p'", e.Message);
            Assert.Contains(box.CredentialsPath, e.Message);
        }

        // Profile kinds that call out (STS, SSO, a process) are exercised end to end by the Pester
        // suite against loopback stand-ins; here, every way they fail before any call is made.
        [Theory]
        [InlineData("role_arn = arn:aws:iam::123456789012:role/r\ncredential_source = Environment\n", "CredentialSourceEmpty")]
        [InlineData("role_arn = arn:aws:iam::123456789012:role/r\ncredential_source = Nowhere\n", "InvalidRoleProfile")]
        [InlineData("role_arn = arn:aws:iam::123456789012:role/r\n", "InvalidRoleProfile")]
        [InlineData("role_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\ncredential_source = Environment\n", "InvalidRoleProfile")]
        [InlineData("role_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n", "MfaRequired")]
        [InlineData("role_arn = arn:aws:iam::123456789012:role/r\nsource_profile = missing\n", "ProfileNotFound")]
        [InlineData("role_arn = arn:aws:iam::123456789012:role/r\nsource_profile = r\n", "ProfileChainLoop")]
        [InlineData("role_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\nduration_seconds = 12\n", "InvalidDurationSeconds")]
        [InlineData("sso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = Admin\n", "SsoSessionNotFound")]
        [InlineData("sso_start_url = https://my-sso-portal.awsapps.com/start\nsso_region = us-east-1\n", "IncompleteSsoProfile")]
        [InlineData("sso_start_url = https://my-sso-portal.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n", "SsoTokenMissing")]
        [InlineData("credential_process = /nonexistent/presigntools-creds --profile x\n", "CredentialProcessFailed")]
        [InlineData("web_identity_token_file = /nonexistent/token\nrole_arn = arn:aws:iam::123456789012:role/r\n", "WebIdentityTokenUnreadable")]
        [InlineData("web_identity_token_file = /var/run/token\n", "InvalidRoleProfile")]
        public void ProfilesThatCannotResolveSayWhy(string settings, string errorId)
        {
            using var box = new Sandbox()
                .Credentials("[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = " + DefaultSecret + "\n")
                .Config("[profile r]\n" + settings);
            var e = box.Fails(new CredentialRequest { ProfileName = "r" });
            Assert.Equal(errorId, e.ErrorId);
            Assert.DoesNotContain(DefaultSecret, e.Message);
        }

        [Fact]
        public void RoleProfileViaAwsProfileNamesItsMissingSource()
        {
            using var box = new Sandbox().Config("[profile r]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = default\n");
            box.Vars["AWS_PROFILE"] = "r";
            var e = box.Fails();
            Assert.Equal("ProfileNotFound", e.ErrorId);
            Assert.Contains("'default'", e.Message);
        }

        [Theory]
        [InlineData("[default]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n", "ProfileNotFound")]
        [InlineData("[default]\naws_secret_access_key = " + OnlySecret + "\n", "IncompleteProfile")]
        public void DefaultProfileThatCannotSignSaysWhy(string config, string errorId)
        {
            using var box = new Sandbox().Config(config);
            Assert.Equal(errorId, box.Fails().ErrorId);
        }

        // ---- malformed files -----------------------------------------------------------------------

        [Theory]
        [InlineData("[p\naws_access_key_id = A\n")]                                        // no closing ']'
        [InlineData("aws_access_key_id = A\n[p]\n")]                                       // a setting before any section
        [InlineData("[p]\naws_access_key_id = A\naws_secret_access_key " + OnlySecret + "\n")]   // no '='
        [InlineData("[p]\n= " + OnlySecret + "\n")]                                        // no name
        [InlineData("[p]\njust some words\n")]
        public void MalformedCredentialsFileIsAnErrorWithoutValues(string text)
        {
            using var box = new Sandbox().Credentials(text);
            var e = box.Fails(new CredentialRequest { ProfileName = "p" });
            Assert.Equal("MalformedConfigFile", e.ErrorId);
            Assert.Contains(box.CredentialsPath, e.Message);
            Assert.Contains("line", e.Message);
        }

        [Fact]
        public void MalformedConfigFileIsAnErrorToo()
        {
            using var box = new Sandbox()
                .Credentials("[p]\naws_access_key_id = AKIAP\naws_secret_access_key = " + NamedSecret + "\n")
                .Config("[profile p\nregion = eu-west-1\n");
            var e = box.Fails(new CredentialRequest { ProfileName = "p" });
            Assert.Equal("MalformedConfigFile", e.ErrorId);
            Assert.Contains(box.ConfigPath, e.Message);
            Assert.Contains("line 1", e.Message);
        }

        [Fact]
        public void MalformedLineNumberIsReported()
        {
            using var box = new Sandbox().Credentials("[p]\naws_access_key_id = A\n\n# c\nbroken line\n");
            var e = box.Fails(new CredentialRequest { ProfileName = "p" });
            Assert.Contains("line 5", e.Message);
        }

        // Python's configparser (which botocore's raw_config_parse uses) accepts ':' as well as '=' between
        // name and value, so the AWS CLI reads "aws_access_key_id: AKIA..." lines.
        [Fact]
        public void ColonSeparatedSettingsAreReadAsTheAwsCliReadsThem()
        {
            using var box = new Sandbox().Credentials("[p]\naws_access_key_id: AKIACOLON\naws_secret_access_key: " + NamedSecret + "\n");
            var c = box.Resolve(new CredentialRequest { ProfileName = "p" });
            Assert.Equal("AKIACOLON", c.AccessKeyId);
            Assert.Equal(NamedSecret, c.SecretAccessKey);
        }

        // ---- expirations ---------------------------------------------------------------------------

        public static IEnumerable<object[]> Expirations() => new[]
        {
            new object[] { "2030-05-06T07:08:09Z", new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero) },
            new object[] { "2030-05-06T07:08:09", new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero) },          // no zone: UTC
            new object[] { "2030-05-06 07:08:09", new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero) },
            new object[] { "2030-05-06T09:08:09+02:00", new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero) },
            new object[] { "2030-05-06T02:08:09-05:00", new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero) },
            new object[] { "2030-05-06T07:08:09.250Z", new DateTimeOffset(2030, 5, 6, 7, 8, 9, 250, TimeSpan.Zero) },
            new object[] { "2030-05-06T07:08:09.250", new DateTimeOffset(2030, 5, 6, 7, 8, 9, 250, TimeSpan.Zero) },
        };

        [Theory]
        [MemberData(nameof(Expirations))]
        public void ProfileExpirationIsReadAsUtc(string text, DateTimeOffset expected)
        {
            foreach (var name in new[] { "x_security_token_expires", "aws_expiration" })
            {
                using var box = new Sandbox().Credentials("[p]\naws_access_key_id = AKIAP\naws_secret_access_key = " + NamedSecret + "\naws_session_token = t\n" + name + " = " + text + "\n");
                var c = box.Resolve(new CredentialRequest { ProfileName = "p" });
                Assert.Equal(expected, c.Expiration);
                Assert.Equal(expected.UtcTicks, c.Expiration!.Value.UtcTicks);
                Assert.Equal(TimeSpan.Zero, c.Expiration.Value.Offset);
                Assert.True(c.IsTemporary);
            }
        }

        [Theory]
        [MemberData(nameof(Expirations))]
        public void EnvironmentExpirationIsReadAsUtc(string text, DateTimeOffset expected)
        {
            using var box = new Sandbox();
            box.Vars["AWS_ACCESS_KEY_ID"] = "AKIAENV";
            box.Vars["AWS_SECRET_ACCESS_KEY"] = EnvSecret;
            box.Vars["AWS_CREDENTIAL_EXPIRATION"] = text;
            var c = box.Resolve();
            Assert.Equal(expected.UtcTicks, c.Expiration!.Value.UtcTicks);
            Assert.Equal(TimeSpan.Zero, c.Expiration.Value.Offset);
        }

        [Fact]
        public void ZoneLessExpirationIsUtcWhateverTheLocalZone()
        {
            // Independent of the machine's zone: the parsed instant equals the same wall time read as UTC.
            var parsed = CredentialResolver.ParseExpiration("2031-01-15T12:00:00", "test");
            Assert.Equal(new DateTime(2031, 1, 15, 12, 0, 0, DateTimeKind.Utc), parsed!.Value.UtcDateTime);
        }

        [Theory]
        [InlineData("soon")]
        [InlineData("2030-13-45T99:00:00Z")]
        [InlineData("tomorrow at noon")]
        public void BadExpirationIsAnError(string text)
        {
            using var box = new Sandbox().Credentials("[p]\naws_access_key_id = AKIAP\naws_secret_access_key = " + NamedSecret + "\naws_expiration = " + text + "\n");
            Assert.Equal("InvalidCredentialExpiration", box.Fails(new CredentialRequest { ProfileName = "p" }).ErrorId);

            using var env = new Sandbox();
            env.Vars["AWS_ACCESS_KEY_ID"] = "AKIAENV";
            env.Vars["AWS_SECRET_ACCESS_KEY"] = EnvSecret;
            env.Vars["AWS_CREDENTIAL_EXPIRATION"] = text;
            var e = env.Fails();
            Assert.Equal("InvalidCredentialExpiration", e.ErrorId);
            Assert.Contains("AWS_CREDENTIAL_EXPIRATION", e.Message);
        }

        [Fact]
        public void NoExpirationMeansNone()
        {
            Assert.Null(CredentialResolver.ParseExpiration(null, "x"));
            Assert.Null(CredentialResolver.ParseExpiration("", "x"));
            Assert.Null(CredentialResolver.ParseExpiration("   ", "x"));
        }

        // ---- credential objects --------------------------------------------------------------------

        [Theory]
        [InlineData("2030-01-02T03:04:05Z")]
        [InlineData("2030-01-02T04:04:05+01:00")]
        public void HashtableCredentialsCarryTheirExpiration(string expiration)
        {
            using var box = new Sandbox();
            var c = box.Resolve(new CredentialRequest
            {
                Credential = new Hashtable { ["AccessKey"] = "AKIAHASH", ["SecretKey"] = ObjectSecret, ["SessionToken"] = "t", ["Expiration"] = expiration },
            });
            Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), c.Expiration);
            var d = box.Resolve(new CredentialRequest
            {
                Credential = new Hashtable { ["AccessKey"] = "AKIAHASH", ["SecretKey"] = ObjectSecret, ["Expiration"] = DateTimeOffset.Parse(expiration) },
            });
            Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), d.Expiration);
        }

        [Fact]
        public void AwsCredentialsShapedObjectIsRead()
        {
            using var box = new Sandbox();
            var c = box.Resolve(new CredentialRequest { Credential = new FakeAwsCredentials("AKIAOBJ", ObjectSecret, "objtoken") });
            Assert.Equal("AKIAOBJ", c.AccessKeyId);
            Assert.Equal(ObjectSecret, c.SecretAccessKey);
            Assert.Equal("objtoken", c.SessionToken);
            Assert.Equal("credential object", c.Source);
        }

        [Fact]
        public void AwsPsCredentialsWrapperIsUnwrapped()
        {
            using var box = new Sandbox();
            var c = box.Resolve(new CredentialRequest { StoredCredentials = new FakeAwsPsCredentials(new FakeAwsCredentials("AKIAWRAP", StoredSecret)) });
            Assert.Equal("AKIAWRAP", c.AccessKeyId);
            Assert.Equal(StoredSecret, c.SecretAccessKey);
            Assert.Null(c.SessionToken);
        }

        [Fact]
        public void HashtableIsRead()
        {
            using var box = new Sandbox();
            var c = box.Resolve(new CredentialRequest { Credential = new Hashtable { ["AccessKey"] = "AKIAHASH", ["SecretKey"] = ObjectSecret, ["SessionToken"] = "hashtoken" } });
            Assert.Equal("AKIAHASH", c.AccessKeyId);
            Assert.Equal(ObjectSecret, c.SecretAccessKey);
            Assert.Equal("hashtoken", c.SessionToken);

            // PowerShell hashtables are case-insensitive; a plain .NET one with other casing still reads.
            c = box.Resolve(new CredentialRequest { Credential = new Hashtable { ["accesskeyid"] = "AKIALOWER", ["SECRETACCESSKEY"] = ObjectSecret } });
            Assert.Equal("AKIALOWER", c.AccessKeyId);
            Assert.Equal(ObjectSecret, c.SecretAccessKey);

            c = box.Resolve(new CredentialRequest { Credential = new Dictionary<string, string> { ["AccessKey"] = "AKIADICT", ["SecretKey"] = ObjectSecret } });
            Assert.Equal("AKIADICT", c.AccessKeyId);
        }

        [Fact]
        public void SessionCredentialsShapeWithExpirationIsRead()
        {
            using var box = new Sandbox();
            var when = new DateTime(2030, 5, 6, 7, 8, 9, DateTimeKind.Utc);
            var c = box.Resolve(new CredentialRequest { Credential = new FakeSessionCredentials { AccessKeyId = "ASIASESS", SecretAccessKey = ObjectSecret, SessionToken = "st", Expiration = when } });
            Assert.Equal("ASIASESS", c.AccessKeyId);
            Assert.Equal("st", c.SessionToken);
            Assert.Equal(new DateTimeOffset(when), c.Expiration);
        }

        [Fact]
        public void ResolvedCredentialsObjectIsAcceptedAsCredentials()
        {
            using var box = new Sandbox();
            var original = new ResolvedCredentials("AKIARES", ObjectSecret, "tok", null, "x");
            var c = box.Resolve(new CredentialRequest { Credential = original });
            Assert.Equal("AKIARES", c.AccessKeyId);
            Assert.Equal(ObjectSecret, c.SecretAccessKey);
            Assert.Equal("tok", c.SessionToken);
        }

        public static IEnumerable<object[]> NotCredentialObjects() => new[]
        {
            new object[] { "AKIA:" + OnlySecret },
            new object[] { 42 },
            new object[] { new NotCredentials() },
            new object[] { new Hashtable { ["SecretKey"] = OnlySecret } },
            new object[] { new Hashtable { ["AccessKey"] = "AKIANOSECRET" } },
            new object[] { new Hashtable { ["AccessKey"] = "", ["SecretKey"] = OnlySecret } },
            new object[] { new FakeAwsCredentials("", OnlySecret) },
        };

        [Theory]
        [MemberData(nameof(NotCredentialObjects))]
        public void ObjectsWithoutCredentialsAreRefusedWithoutShowingTheSecret(object value)
        {
            using var box = new Sandbox();
            var e = box.Fails(new CredentialRequest { Credential = value });
            Assert.Equal("InvalidCredentialObject", e.ErrorId);
            Assert.Contains("-Credential", e.Message);
        }

        [Fact]
        public void ObjectWhoseGetCredentialsThrowsIsReported()
        {
            using var box = new Sandbox();
            var e = box.Fails(new CredentialRequest { StoredCredentials = new ThrowingCredentials() });
            Assert.Equal("CredentialObjectFailed", e.ErrorId);
            Assert.Contains("token refresh failed", e.Message);
        }

        [Fact]
        public void ResolvedCredentialsNeverPrintTheSecret()
        {
            var c = new ResolvedCredentials("AKIAPRINT", ParamSecret, "tok", null, "parameters");
            Assert.DoesNotContain(ParamSecret, c.ToString());
            Assert.Contains("AKIAPRINT", c.ToString());
        }

        [Fact]
        public void NoErrorPathLeaksASecret()
        {
            // Every failure above already checks; this sweeps a few more combinations where secrets are present.
            var texts = new[]
            {
                "[p]\naws_secret_access_key = " + OnlySecret + "\n",
                "[p]\naws_secret_access_key " + OnlySecret + "\n",
                "[" + OnlySecret + "\n",
                OnlySecret + "\n",
                "[p]\naws_access_key_id = A\naws_secret_access_key = " + OnlySecret + "\naws_expiration = " + OnlySecret + "\n",
                "[p]\naws_secret_access_key = " + OnlySecret + "\nrole_arn = arn:aws:iam::1:role/" + OnlySecret + "\n",
            };
            foreach (var text in texts)
            {
                using var box = new Sandbox().Credentials(text);
                box.Fails(new CredentialRequest { ProfileName = "p" });
                box.Fails(new CredentialRequest { ProfileName = "missing" });
            }
        }
    }
}
