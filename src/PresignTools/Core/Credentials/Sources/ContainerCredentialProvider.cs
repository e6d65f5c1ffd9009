using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;

namespace PresignTools.Core.Credentials.Sources
{
    /// <summary>
    /// ECS/EKS Pod Identity/Lambda container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on
    /// 169.254.170.2) or _FULL_URI (https, or http on loopback and the container hosts only), with the
    /// AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE) header. Returns null when not configured.
    /// </summary>
    internal static class ContainerCredentialProvider
    {
        public static bool IsConfigured(Func<string, string?> env) =>
            !string.IsNullOrWhiteSpace(env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) || !string.IsNullOrWhiteSpace(env("AWS_CONTAINER_CREDENTIALS_FULL_URI"));

        public static ResolvedCredentials Resolve(CredentialContext context, string source)
        {
            var env = context.Env;
            Uri uri;
            var relative = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
            if (!string.IsNullOrWhiteSpace(relative))
            {
                uri = new Uri("http://169.254.170.2" + (relative!.StartsWith("/", StringComparison.Ordinal) ? relative : "/" + relative));
            }
            else
            {
                var full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
                if (!Uri.TryCreate(full, UriKind.Absolute, out uri!) || !(uri.Scheme == "https" || (uri.Scheme == "http" && IsAllowedHttpHost(uri))))
                {
                    throw new CredentialConfigException("InvalidContainerCredentialsUri",
                        "AWS_CONTAINER_CREDENTIALS_FULL_URI must be an https:// URL, or http:// on a loopback or container-credentials address.");
                }
            }

            Func<ResolvedCredentials> fetch = null!;
            fetch = () =>
            {
                var headers = new List<KeyValuePair<string, string>>();
                var tokenFile = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
                var token = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
                if (!string.IsNullOrWhiteSpace(tokenFile))
                {
                    try { token = File.ReadAllText(tokenFile!).Trim(); }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        throw new CredentialConfigException("ContainerCredentialsFailed", $"{source}: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: {e.Message}");
                    }
                }
                if (!string.IsNullOrEmpty(token)) headers.Add(new KeyValuePair<string, string>("Authorization", token!));

                int status;
                string body;
                try
                {
                    (status, body) = CredentialHttp.Send(HttpMethod.Get, uri, headers, context.HttpTimeout);
                }
                catch (Exception e) when (e is TimeoutException || e is HttpRequestException)
                {
                    throw new CredentialConfigException("ContainerCredentialsFailed", $"{source}: {uri.GetLeftPart(UriPartial.Authority)} did not answer ({Describe(e)}).");
                }
                if (status != 200)
                {
                    throw new CredentialConfigException("ContainerCredentialsFailed", $"{source}: the endpoint answered HTTP {status}.");
                }
                return MetadataCredentials.Parse(body, source, null, fetch);
            };
            return TemporaryCredentialCache.GetOrAdd("container|" + uri, fetch);
        }

        internal static string Describe(Exception e)
        {
            var inner = e;
            while (inner.InnerException != null) inner = inner.InnerException;
            return inner.Message.Split('\n')[0].Trim();
        }

        private static bool IsAllowedHttpHost(Uri uri)
        {
            if (uri.IsLoopback) return true;
            if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
            {
                var text = ip.ToString();
                return text == "169.254.170.2" || text == "169.254.170.23" || text == "fd00:ec2::23";
            }
            return false;
        }
    }

    /// <summary>The JSON shape container and instance-metadata endpoints share.</summary>
    internal static class MetadataCredentials
    {
        public static ResolvedCredentials Parse(string body, string source, string? profileName, Func<ResolvedCredentials> refresh)
        {
            System.Xml.Linq.XElement json;
            try
            {
                json = JsonDocumentReader.ParseObject(body);
            }
            catch (FormatException e)
            {
                throw new CredentialConfigException("InvalidCredentialResponse", $"{source}: {e.Message}.");
            }
            var code = JsonDocumentReader.Get(json, "Code");
            if (code != null && code != "Success")
            {
                throw new CredentialConfigException("InvalidCredentialResponse", $"{source}: the endpoint reported '{code}'.");
            }
            var key = JsonDocumentReader.Get(json, "AccessKeyId");
            var secret = JsonDocumentReader.Get(json, "SecretAccessKey");
            if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
            {
                throw new CredentialConfigException("InvalidCredentialResponse", $"{source}: the response has no AccessKeyId/SecretAccessKey.");
            }
            DateTimeOffset? expiration;
            try
            {
                expiration = JsonDocumentReader.ParseTime(JsonDocumentReader.Get(json, "Expiration"));
            }
            catch (FormatException)
            {
                throw new CredentialConfigException("InvalidCredentialResponse", $"{source}: the response's Expiration is not a time.");
            }
            return new ResolvedCredentials(key!, secret!, JsonDocumentReader.Get(json, "Token") ?? JsonDocumentReader.Get(json, "SessionToken"),
                expiration, source, profileName, refresh);
        }
    }
}
