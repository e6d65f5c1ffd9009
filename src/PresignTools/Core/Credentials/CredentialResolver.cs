using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using PresignTools.Core.Credentials.Sources;

namespace PresignTools.Core.Credentials
{
    /// <summary>
    /// Credentials that sign, and where they came from. The secret stays inside: ToString and the
    /// description never show it.
    /// </summary>
    internal sealed class ResolvedCredentials
    {
        public ResolvedCredentials(string accessKeyId, string secretAccessKey, string? sessionToken, DateTimeOffset? expiration, string source, string? profileName = null,
            Func<ResolvedCredentials>? refresh = null)
        {
            AccessKeyId = accessKeyId;
            SecretAccessKey = secretAccessKey;
            SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
            Expiration = expiration;
            Source = source;
            ProfileName = profileName;
            Refresh = refresh;
        }

        /// <summary>Fetches fresh credentials from the same source (assume-role, SSO, container, instance role, process); null when the source cannot refresh.</summary>
        public Func<ResolvedCredentials>? Refresh { get; }

        /// <summary>A copy with another source description and profile (e.g. the profile that chose these credentials).</summary>
        public ResolvedCredentials WithSource(string source, string? profileName) =>
            new ResolvedCredentials(AccessKeyId, SecretAccessKey, SessionToken, Expiration, source, profileName, Refresh);

        public string AccessKeyId { get; }

        public string SecretAccessKey { get; }

        public string? SessionToken { get; }

        /// <summary>When the credentials stop working; null for long-term keys or when it cannot be known.</summary>
        public DateTimeOffset? Expiration { get; }

        /// <summary>Which source signed, e.g. "profile:dev", "environment"; never a secret.</summary>
        public string Source { get; }

        /// <summary>The profile the credentials came from, if any (its region is used).</summary>
        public string? ProfileName { get; }

        /// <summary>Session credentials (STS, SSO, roles) carry a token and expire.</summary>
        public bool IsTemporary => SessionToken != null || Expiration != null;

        public override string ToString() => $"{Source} ({AccessKeyId})";
    }

    /// <summary>What the caller gave to choose credentials.</summary>
    internal sealed class CredentialRequest
    {
        public string? AccessKey { get; set; }

        public string? SecretKey { get; set; }

        public string? SessionToken { get; set; }

        /// <summary>-Credential: a PSCredential (user = access key id, password = secret) or any credentials object.</summary>
        public object? Credential { get; set; }

        public string? ProfileName { get; set; }

        public string? ProfileLocation { get; set; }

        /// <summary>AWS.Tools' session default ($StoredAWSCredentials), if set.</summary>
        public object? StoredCredentials { get; set; }
    }

    /// <summary>
    /// Resolves credentials in the documented order: -AccessKey/-SecretKey or -Credential, -ProfileName,
    /// AWS.Tools session defaults, environment variables (keys, then AWS_PROFILE), the default profile,
    /// web identity (AWS_ROLE_ARN), container credentials, the instance role.
    /// A named profile that does not exist is an error, never a silent fallback.
    /// </summary>
    internal sealed class CredentialResolver
    {
        private readonly Func<string, string?> _env;

        public CredentialResolver(Func<string, string?> getEnvironmentVariable, CredentialContext? context = null)
        {
            _env = getEnvironmentVariable ?? throw new ArgumentNullException(nameof(getEnvironmentVariable));
            Context = context ?? new CredentialContext(getEnvironmentVariable);
        }

        /// <summary>Hints and limits for sources that call out (STS, SSO, container, instance metadata, processes).</summary>
        public CredentialContext Context { get; }

        /// <exception cref="CredentialConfigException">Nothing usable was found, or a source is broken.</exception>
        public ResolvedCredentials Resolve(CredentialRequest request, out SharedConfigFiles files)
        {
            files = new SharedConfigFiles(request.ProfileLocation, _env);

            if (!string.IsNullOrEmpty(request.AccessKey) || !string.IsNullOrEmpty(request.SecretKey))
            {
                if (string.IsNullOrEmpty(request.AccessKey) || string.IsNullOrEmpty(request.SecretKey))
                {
                    throw new CredentialConfigException("IncompleteCredentials",
                        "-AccessKey and -SecretKey go together: give both, or neither to use a profile or the environment.");
                }
                return new ResolvedCredentials(request.AccessKey!, request.SecretKey!, request.SessionToken, null, "parameters");
            }

            if (request.Credential != null)
            {
                return FromObject(request.Credential, "-Credential");
            }

            if (!string.IsNullOrEmpty(request.ProfileName))
            {
                return FromProfile(files, request.ProfileName!, "-ProfileName");
            }

            if (request.StoredCredentials != null)
            {
                return FromObject(request.StoredCredentials, "$StoredAWSCredentials");
            }

            var envKey = _env("AWS_ACCESS_KEY_ID");
            var envSecret = _env("AWS_SECRET_ACCESS_KEY");
            if (string.IsNullOrEmpty(envKey) != string.IsNullOrEmpty(envSecret))
            {
                throw new CredentialConfigException("IncompleteEnvironmentCredentials",
                    "Only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set; set both, or neither to use a profile.");
            }
            if (!string.IsNullOrEmpty(envKey) && !string.IsNullOrEmpty(envSecret))
            {
                var expiration = ParseExpiration(_env("AWS_CREDENTIAL_EXPIRATION"), "AWS_CREDENTIAL_EXPIRATION");
                return new ResolvedCredentials(envKey!, envSecret!, _env("AWS_SESSION_TOKEN"), expiration, "environment");
            }

            var envProfile = _env("AWS_PROFILE");
            if (!string.IsNullOrEmpty(envProfile))
            {
                return FromProfile(files, envProfile!, "AWS_PROFILE");
            }

            var fallback = files.FindProfile("default");
            if (fallback != null && HasCredentialSettings(fallback))
            {
                return FromProfile(files, "default", "the default profile");
            }

            var webIdentityRole = _env("AWS_ROLE_ARN");
            var webIdentityToken = _env("AWS_WEB_IDENTITY_TOKEN_FILE");
            if (!string.IsNullOrWhiteSpace(webIdentityRole) && !string.IsNullOrWhiteSpace(webIdentityToken))
            {
                return RoleCredentialProvider.WebIdentity(webIdentityRole!, webIdentityToken!, _env("AWS_ROLE_SESSION_NAME"), null, null, null, Context);
            }

            if (ContainerCredentialProvider.IsConfigured(_env))
            {
                return ContainerCredentialProvider.Resolve(Context, "container credentials");
            }

            var tried = "-AccessKey/-SecretKey, -Credential, -ProfileName, $StoredAWSCredentials, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, "
                + $"the default profile in '{files.CredentialsFile}' and '{files.ConfigFile}', AWS_ROLE_ARN/AWS_WEB_IDENTITY_TOKEN_FILE, container credentials";
            if (InstanceMetadataCredentialProvider.IsDisabled(_env))
            {
                throw new CredentialConfigException("NoCredentials", $"No AWS credentials were found. Tried: {tried} (instance metadata is disabled).");
            }
            try
            {
                return InstanceMetadataCredentialProvider.Resolve(Context, "instance role");
            }
            catch (CredentialConfigException e) when (e.ErrorId == "InstanceMetadataUnavailable")
            {
                throw new CredentialConfigException("NoCredentials", $"No AWS credentials were found. Tried: {tried}, and instance metadata (no answer).");
            }
        }

        private static readonly string[] CredentialSettings =
        {
            "aws_access_key_id", "aws_secret_access_key", "role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file",
        };

        private static bool HasCredentialSettings(AwsProfile profile)
        {
            foreach (var s in CredentialSettings) if (profile.Get(s) != null) return true;
            return false;
        }

        private ResolvedCredentials FromProfile(SharedConfigFiles files, string name, string how) =>
            FromProfile(files, name, how, new List<string>());

        // Profile kinds in the AWS CLI's order: a role (web identity, source_profile, credential_source)
        // before SSO, credential_process and static keys.
        private ResolvedCredentials FromProfile(SharedConfigFiles files, string name, string how, List<string> chain)
        {
            var profile = files.FindProfile(name);
            if (profile == null)
            {
                throw new CredentialConfigException("ProfileNotFound",
                    chain.Count == 0
                        ? $"The profile '{name}' ({how}) was not found in '{files.CredentialsFile}' or '{files.ConfigFile}'."
                        : $"The profile '{name}' (source_profile of '{chain[chain.Count - 1]}') was not found in '{files.CredentialsFile}' or '{files.ConfigFile}'.");
            }

            var roleArn = profile.Get("role_arn");
            if (roleArn != null)
            {
                var tokenFile = profile.Get("web_identity_token_file");
                if (tokenFile != null)
                {
                    return RoleCredentialProvider.WebIdentity(roleArn, tokenFile, profile.Get("role_session_name"), name, profile.Get("region"), profile.Get("duration_seconds"), Context);
                }

                ResolvedCredentials source;
                var chained = false;
                var sourceProfile = profile.Get("source_profile");
                var credentialSource = profile.Get("credential_source");
                if (sourceProfile != null && credentialSource != null)
                {
                    throw new CredentialConfigException("InvalidRoleProfile", $"The profile '{name}' sets both source_profile and credential_source; keep one.");
                }
                if (sourceProfile != null)
                {
                    if (sourceProfile == name)
                    {
                        // A profile may be its own source when it also holds static keys.
                        source = StaticKeys(profile) ?? throw new CredentialConfigException("ProfileChainLoop", $"The profile '{name}' names itself as source_profile but holds no keys.");
                    }
                    else
                    {
                        if (chain.Contains(sourceProfile) || chain.Contains(name))
                        {
                            throw new CredentialConfigException("ProfileChainLoop", $"The profiles loop: {string.Join(" → ", chain)} → {name} → {sourceProfile}.");
                        }
                        chain.Add(name);
                        source = FromProfile(files, sourceProfile, how, chain);
                        chained = files.FindProfile(sourceProfile)?.Get("role_arn") != null;
                    }
                }
                else if (credentialSource != null)
                {
                    source = FromCredentialSource(credentialSource, name);
                }
                else
                {
                    throw new CredentialConfigException("InvalidRoleProfile", $"The profile '{name}' sets role_arn without source_profile, credential_source or web_identity_token_file.");
                }
                return RoleCredentialProvider.AssumeRole(profile, source, chained, Context);
            }

            if (profile.Get("sso_session") != null || profile.Get("sso_start_url") != null || profile.Get("sso_account_id") != null)
            {
                return SsoCredentialProvider.Resolve(files, profile, Context);
            }

            var process = profile.Get("credential_process");
            if (process != null)
            {
                return ProcessCredentialProvider.Resolve(name, process, Context);
            }

            var keys = StaticKeys(profile);
            if (keys != null) return keys;

            if (profile.Get("web_identity_token_file") != null)
            {
                throw new CredentialConfigException("InvalidRoleProfile", $"The profile '{name}' sets web_identity_token_file without role_arn.");
            }
            var anyKey = profile.Get("aws_access_key_id") ?? profile.Get("aws_secret_access_key");
            if (anyKey != null)
            {
                throw new CredentialConfigException("IncompleteProfile",
                    $"The profile '{name}' in {profile.Origin} has only one of aws_access_key_id and aws_secret_access_key.");
            }
            throw new CredentialConfigException("ProfileHasNoCredentials",
                $"The profile '{name}' in {profile.Origin} holds no credentials (no keys, role_arn, sso_session, or credential_process).");
        }

        private static ResolvedCredentials? StaticKeys(AwsProfile profile)
        {
            var name = profile.Name;
            // Keys, token and expiry come together from one file (the credentials file first), never mixed.
            var keySource = profile.CredentialsSection != null && Value(profile.CredentialsSection, "aws_access_key_id") != null
                ? profile.CredentialsSection
                : profile.ConfigSection ?? profile.CredentialsSection;
            var key = keySource == null ? null : Value(keySource, "aws_access_key_id");
            var secret = keySource == null ? null : Value(keySource, "aws_secret_access_key");
            if (key == null || secret == null) return null;
            var expires = Value(keySource!, "x_security_token_expires") ?? Value(keySource!, "aws_expiration");
            var expiration = ParseExpiration(expires, $"profile '{name}' expiration");
            return new ResolvedCredentials(key, secret, Value(keySource!, "aws_session_token"), expiration, "profile:" + name, name);
        }

        private ResolvedCredentials FromCredentialSource(string credentialSource, string profileName)
        {
            switch (credentialSource)
            {
                case "Environment":
                    var key = _env("AWS_ACCESS_KEY_ID");
                    var secret = _env("AWS_SECRET_ACCESS_KEY");
                    if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
                    {
                        throw new CredentialConfigException("CredentialSourceEmpty", $"The profile '{profileName}' has credential_source = Environment, but AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set.");
                    }
                    return new ResolvedCredentials(key!, secret!, _env("AWS_SESSION_TOKEN"), ParseExpiration(_env("AWS_CREDENTIAL_EXPIRATION"), "AWS_CREDENTIAL_EXPIRATION"), "environment");
                case "Ec2InstanceMetadata":
                    return InstanceMetadataCredentialProvider.Resolve(Context, "instance role");
                case "EcsContainer":
                    return ContainerCredentialProvider.Resolve(Context, "container credentials");
                default:
                    throw new CredentialConfigException("InvalidRoleProfile",
                        $"The profile '{profileName}' has credential_source = '{credentialSource}'; expected Environment, Ec2InstanceMetadata or EcsContainer.");
            }
        }

        private static string? Value(IDictionary<string, string> section, string key) =>
            section.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

        /// <summary>
        /// Reads credentials from an object by shape, not type: a PSCredential (user name = access key id,
        /// password = secret), an AWSSDK AWSCredentials of any build (GetCredentials() → AccessKey,
        /// SecretKey, Token), or anything with AccessKey/SecretKey properties.
        /// </summary>
        internal static ResolvedCredentials FromObject(object value, string how)
        {
            value = Unwrap(value);
            var type = value.GetType();

            // PSCredential: UserName + GetNetworkCredential().Password
            if (type.FullName == "System.Management.Automation.PSCredential")
            {
                var user = type.GetProperty("UserName")?.GetValue(value) as string;
                var network = type.GetMethod("GetNetworkCredential", Type.EmptyTypes)?.Invoke(value, null);
                var password = network?.GetType().GetProperty("Password")?.GetValue(network) as string;
                if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
                {
                    throw new CredentialConfigException("InvalidCredentialObject", $"{how}: the PSCredential needs the access key id as user name and the secret access key as password.");
                }
                return new ResolvedCredentials(user!, password!, null, null, how == "-Credential" ? "credential object" : "AWS.Tools session default");
            }

            // AWS.Tools' AWSPSCredentials wraps AWSCredentials in a 'Credentials' property.
            // AWS.Tools keeps that property internal, hence NonPublic.
            var inner = type.GetProperty("Credentials", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
            if (inner != null && type.GetMethod("GetCredentials", Type.EmptyTypes) == null)
            {
                var wrapped = inner.GetValue(value);
                if (wrapped != null) return FromObject(wrapped, how);
            }

            object immutable = value;
            var getCredentials = type.GetMethod("GetCredentials", Type.EmptyTypes);
            if (getCredentials != null)
            {
                try
                {
                    immutable = getCredentials.Invoke(value, null) ?? value;
                }
                catch (TargetInvocationException e)
                {
                    throw new CredentialConfigException("CredentialObjectFailed", $"{how}: the credentials object could not produce credentials: {e.InnerException?.Message}");
                }
            }

            var access = ReadString(immutable, "AccessKey") ?? ReadString(immutable, "AccessKeyId");
            var secret = ReadString(immutable, "SecretKey") ?? ReadString(immutable, "SecretAccessKey");
            var token = ReadString(immutable, "Token") ?? ReadString(immutable, "SessionToken");
            if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(secret))
            {
                throw new CredentialConfigException("InvalidCredentialObject",
                    $"{how}: a {type.Name} is not a credentials object; give a PSCredential (user = access key id, password = secret) or AWS credentials.");
            }

            DateTimeOffset? expiration = null;
            object? exp;
            if (immutable is System.Collections.IDictionary table)
            {
                exp = null;
                foreach (System.Collections.DictionaryEntry e in table)
                {
                    if (string.Equals(e.Key as string, "Expiration", StringComparison.OrdinalIgnoreCase)) exp = e.Value;
                }
                if (exp != null && exp.GetType().FullName == "System.Management.Automation.PSObject") exp = Unwrap(exp);
            }
            else
            {
                exp = immutable.GetType().GetProperty("Expiration")?.GetValue(immutable) ?? type.GetProperty("Expiration")?.GetValue(value);
            }
            if (exp is string text) expiration = ParseExpiration(text, how + " Expiration");
            else if (exp is DateTime dt) expiration = new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime());
            else if (exp is DateTimeOffset dto) expiration = dto;

            return new ResolvedCredentials(access!, secret!, token, expiration, how == "-Credential" ? "credential object" : "AWS.Tools session default");
        }

        private static object Unwrap(object value)
        {
            if (value.GetType().FullName == "System.Management.Automation.PSObject")
            {
                return value.GetType().GetProperty("BaseObject")?.GetValue(value) ?? value;
            }
            return value;
        }

        private static string? ReadString(object o, string name)
        {
            if (o is System.Collections.IDictionary dict)
            {
                foreach (System.Collections.DictionaryEntry e in dict)
                {
                    if (string.Equals(e.Key as string, name, StringComparison.OrdinalIgnoreCase)) return e.Value?.ToString();
                }
                return null;
            }
            return o.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(o) as string;
        }

        /// <summary>Reads an ISO 8601 expiration; a time without a zone is UTC (as the AWS CLI reads it).</summary>
        internal static DateTimeOffset? ParseExpiration(string? text, string what)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
            {
                return value;
            }
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch) && epoch > 0 && epoch < 253402300799)
            {
                return DateTimeOffset.FromUnixTimeSeconds(epoch);
            }
            throw new CredentialConfigException("InvalidCredentialExpiration", $"{what} is not an ISO 8601 time.");
        }
    }
}
