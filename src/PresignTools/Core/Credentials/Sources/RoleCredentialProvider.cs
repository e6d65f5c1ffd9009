using System;
using System.Globalization;
using System.IO;
using PresignTools.Aws;

namespace PresignTools.Core.Credentials.Sources
{
    /// <summary>
    /// STS role credentials: AssumeRole (role_arn with source_profile or credential_source, chains,
    /// external_id, duration_seconds, role_session_name) and AssumeRoleWithWebIdentity
    /// (web_identity_token_file, AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE), through AWSSDK in the
    /// private load context. Sessions are cached per role and source, and refreshed near expiry.
    /// </summary>
    internal static class RoleCredentialProvider
    {
        /// <summary>STS's own limit for a role session (the role's MaxSessionDuration may be lower).</summary>
        private const int MaxSessionSeconds = 43200;

        /// <summary>STS's default session length, and the cap for role chaining.</summary>
        private const int DefaultSessionSeconds = 3600;

        public static ResolvedCredentials AssumeRole(AwsProfile profile, ResolvedCredentials sourceCredentials, bool chained, CredentialContext context)
        {
            var name = profile.Name;
            var roleArn = profile.Get("role_arn")!;
            var source = $"profile:{name} (assume-role {roleArn})";
            if (profile.Get("mfa_serial") != null)
            {
                throw new CredentialConfigException("MfaRequired",
                    $"{source}: the profile needs an MFA code (mfa_serial), and PresignTools never prompts; get session credentials first (e.g. 'aws configure export-credentials --profile {name}') and pass them in the environment.");
            }

            var configured = ParseDuration(profile.Get("duration_seconds"), name);
            int? ask = configured;
            var longerSession = false;
            if (configured == null && context.RequestedSeconds > DefaultSessionSeconds && !chained)
            {
                ask = Math.Min(MaxSessionSeconds, context.RequestedSeconds + 300);
                longerSession = true;
            }

            var externalId = profile.Get("external_id");
            var sessionName = profile.Get("role_session_name");
            var connection = Connection(profile.Get("region"), context);
            var key = $"role|{roleArn}|{externalId}|{sessionName}|{ask}|{sourceCredentials.AccessKeyId}|{connection.ServiceUrl}|{connection.Region}";

            Func<ResolvedCredentials> fetch = null!;
            fetch = () =>
            {
                var current = sourceCredentials;
                if (current.Refresh != null && !TemporaryCredentialCache.IsFresh(current)) current = current.Refresh();
                var session = sessionName ?? "presigntools-" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                TemporaryCredentials result;
                try
                {
                    result = StsBridge.AssumeRole(connection, current.AccessKeyId, current.SecretAccessKey, current.SessionToken, roleArn, session, externalId, ask);
                    if (longerSession) context.Say($"{source}: asked STS for a {ask} s session so that links can live as long as requested.");
                }
                catch (StsException e) when (longerSession && e.Code == "ValidationError")
                {
                    context.Say($"{source}: STS refused a {ask} s session (the role's MaxSessionDuration is lower); using the role's default session length.");
                    result = Call(() => StsBridge.AssumeRole(connection, current.AccessKeyId, current.SecretAccessKey, current.SessionToken, roleArn, session, externalId, null), source, "AssumeRole");
                }
                catch (StsException e)
                {
                    throw Failure(e, source, "AssumeRole");
                }
                var expiration = new DateTimeOffset(DateTime.SpecifyKind(result.ExpirationUtc, DateTimeKind.Utc));
                context.Say($"{source}: assumed the role with {current.Source}; access key id {result.AccessKeyId}, expiring {expiration:u}.");
                return new ResolvedCredentials(result.AccessKeyId, result.SecretAccessKey, result.SessionToken, expiration, source, name, fetch);
            };
            return TemporaryCredentialCache.GetOrAdd(key, fetch);
        }

        public static ResolvedCredentials WebIdentity(string roleArn, string tokenFile, string? sessionName, string? profileName, string? profileRegion, string? durationText, CredentialContext context)
        {
            var source = profileName != null
                ? $"profile:{profileName} (web identity {roleArn})"
                : $"web identity (AWS_ROLE_ARN {roleArn})";
            var duration = ParseDuration(durationText, profileName ?? "environment");
            var connection = Connection(profileRegion, context);
            var key = $"webid|{roleArn}|{tokenFile}|{sessionName}|{duration}|{connection.ServiceUrl}|{connection.Region}";

            Func<ResolvedCredentials> fetch = null!;
            fetch = () =>
            {
                string token;
                try
                {
                    token = File.ReadAllText(tokenFile).Trim();
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException)
                {
                    throw new CredentialConfigException("WebIdentityTokenUnreadable", $"{source}: cannot read the web identity token file '{tokenFile}': {e.Message}");
                }
                var session = sessionName ?? "presigntools-" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                var result = Call(() => StsBridge.AssumeRoleWithWebIdentity(connection, roleArn, session, token, duration), source, "AssumeRoleWithWebIdentity");
                var expiration = new DateTimeOffset(DateTime.SpecifyKind(result.ExpirationUtc, DateTimeKind.Utc));
                context.Say($"{source}: access key id {result.AccessKeyId}, expiring {expiration:u}.");
                return new ResolvedCredentials(result.AccessKeyId, result.SecretAccessKey, result.SessionToken, expiration, source, profileName, fetch);
            };
            return TemporaryCredentialCache.GetOrAdd(key, fetch);
        }

        private static StsConnection Connection(string? profileRegion, CredentialContext context) => new StsConnection
        {
            Region = context.DefaultRegion(profileRegion),
            ServiceUrl = context.EndpointOverride("STS"),
            Timeout = context.HttpTimeout + context.HttpTimeout,
        };

        private static TemporaryCredentials Call(Func<TemporaryCredentials> call, string source, string action)
        {
            try
            {
                return call();
            }
            catch (StsException e)
            {
                throw Failure(e, source, action);
            }
        }

        private static CredentialConfigException Failure(StsException e, string source, string action)
        {
            var message = (e.Message ?? string.Empty).Split('\n')[0].Trim();
            return new CredentialConfigException(action + "Failed", $"{source}: STS {action} failed: {e.Code}{(message.Length > 0 ? ": " + message : string.Empty)}");
        }

        private static int? ParseDuration(string? text, string profileName)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 900 && seconds <= MaxSessionSeconds)
            {
                return seconds;
            }
            throw new CredentialConfigException("InvalidDurationSeconds", $"profile '{profileName}': duration_seconds must be a whole number from 900 to 43200.");
        }
    }
}
