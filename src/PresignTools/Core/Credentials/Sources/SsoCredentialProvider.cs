using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace PresignTools.Core.Credentials.Sources
{
    /// <summary>
    /// IAM Identity Center (SSO) profiles: the cached token that `aws sso login` wrote
    /// (~/.aws/sso/cache/&lt;sha1&gt;.json) is exchanged for role credentials (GetRoleCredentials).
    /// Never opens a browser or prompts; an expired token is an error that says to log in again.
    /// </summary>
    internal static class SsoCredentialProvider
    {
        public static ResolvedCredentials Resolve(SharedConfigFiles files, AwsProfile profile, CredentialContext context)
        {
            var name = profile.Name;
            var sessionName = profile.Get("sso_session");
            string? startUrl;
            string? ssoRegion;
            string cacheKey;
            string loginHint;
            if (sessionName != null)
            {
                var session = files.FindConfigSection("sso-session " + sessionName)
                    ?? throw new CredentialConfigException("SsoSessionNotFound", $"profile '{name}': the [sso-session {sessionName}] section was not found in '{files.ConfigFile}'.");
                session.TryGetValue("sso_start_url", out startUrl);
                session.TryGetValue("sso_region", out ssoRegion);
                cacheKey = sessionName;
                loginHint = $"aws sso login --sso-session {sessionName}";
            }
            else
            {
                startUrl = profile.Get("sso_start_url");
                ssoRegion = profile.Get("sso_region");
                cacheKey = startUrl ?? string.Empty;
                loginHint = $"aws sso login --profile {name}";
            }

            var accountId = profile.Get("sso_account_id");
            var roleName = profile.Get("sso_role_name");
            if (string.IsNullOrEmpty(ssoRegion) || string.IsNullOrEmpty(accountId) || string.IsNullOrEmpty(roleName) || string.IsNullOrEmpty(cacheKey))
            {
                throw new CredentialConfigException("IncompleteSsoProfile",
                    $"profile '{name}': an SSO profile needs sso_account_id, sso_role_name, and sso_region with sso_start_url (or an sso_session that has them).");
            }

            var source = $"profile:{name} (sso {accountId}/{roleName})";
            var tokenFile = Path.Combine(files.HomeDirectory(), ".aws", "sso", "cache", Sha1Hex(cacheKey) + ".json");
            var endpoint = context.EndpointOverride("SSO") ?? $"https://portal.sso.{ssoRegion}.amazonaws.com";

            Func<ResolvedCredentials> fetch = null!;
            fetch = () =>
            {
                var token = ReadToken(tokenFile, source, loginHint);
                var uri = new Uri(endpoint.TrimEnd('/') + "/federation/credentials?account_id=" + Uri.EscapeDataString(accountId!) + "&role_name=" + Uri.EscapeDataString(roleName!));
                int status;
                string body;
                try
                {
                    (status, body) = CredentialHttp.Send(HttpMethod.Get, uri, new[] { new KeyValuePair<string, string>("x-amz-sso_bearer_token", token) }, context.HttpTimeout);
                }
                catch (Exception e) when (e is TimeoutException || e is HttpRequestException)
                {
                    throw new CredentialConfigException("SsoRequestFailed", $"{source}: the SSO portal did not answer ({ContainerCredentialProvider.Describe(e)}).");
                }
                if (status == 401 || status == 403)
                {
                    throw new CredentialConfigException("SsoTokenRejected", $"{source}: the SSO token was refused (HTTP {status}); run '{loginHint}'.");
                }
                if (status != 200)
                {
                    throw new CredentialConfigException("SsoRequestFailed", $"{source}: GetRoleCredentials answered HTTP {status}.");
                }
                try
                {
                    var json = JsonDocumentReader.ParseObject(body);
                    var role = JsonDocumentReader.GetObject(json, "roleCredentials") ?? throw new FormatException("no roleCredentials");
                    var key = JsonDocumentReader.Get(role, "accessKeyId");
                    var secret = JsonDocumentReader.Get(role, "secretAccessKey");
                    if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret)) throw new FormatException("no accessKeyId/secretAccessKey");
                    var expiration = JsonDocumentReader.ParseTime(JsonDocumentReader.Get(role, "expiration"));
                    context.Say($"{source}: got role credentials, access key id {key}, expiring {expiration:u}.");
                    return new ResolvedCredentials(key!, secret!, JsonDocumentReader.Get(role, "sessionToken"), expiration, source, name, fetch);
                }
                catch (FormatException e)
                {
                    throw new CredentialConfigException("SsoRequestFailed", $"{source}: unexpected GetRoleCredentials response ({e.Message}).");
                }
            };
            return TemporaryCredentialCache.GetOrAdd("sso|" + cacheKey + "|" + accountId + "|" + roleName + "|" + endpoint, fetch);
        }

        private static string ReadToken(string file, string source, string loginHint)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CredentialConfigException("SsoTokenMissing", $"{source}: no cached SSO token ({(e is FileNotFoundException || e is DirectoryNotFoundException ? "not logged in" : e.Message)}); run '{loginHint}'.");
            }
            try
            {
                var json = JsonDocumentReader.ParseObject(text);
                var token = JsonDocumentReader.Get(json, "accessToken");
                var expiresAt = JsonDocumentReader.ParseTime(JsonDocumentReader.Get(json, "expiresAt"));
                if (string.IsNullOrEmpty(token) || !expiresAt.HasValue) throw new FormatException("no accessToken/expiresAt");
                if (expiresAt.Value <= DateTimeOffset.UtcNow.AddMinutes(1))
                {
                    throw new CredentialConfigException("SsoTokenExpired", $"{source}: the SSO token expired at {expiresAt.Value:u}; run '{loginHint}'.");
                }
                return token!;
            }
            catch (FormatException e)
            {
                throw new CredentialConfigException("SsoTokenMissing", $"{source}: the cached SSO token is unreadable ({e.Message}); run '{loginHint}'.");
            }
        }

        private static string Sha1Hex(string value)
        {
            using (var sha1 = SHA1.Create())
            {
                var hash = sha1.ComputeHash(Encoding.UTF8.GetBytes(value));
                var sb = new StringBuilder(40);
                foreach (var b in hash) sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                return sb.ToString();
            }
        }
    }
}
