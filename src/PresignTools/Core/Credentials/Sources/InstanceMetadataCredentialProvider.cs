using System;
using System.Collections.Generic;
using System.Net.Http;

namespace PresignTools.Core.Credentials.Sources
{
    /// <summary>
    /// EC2 instance-role credentials through IMDSv2 (a session token first, then the role's credentials).
    /// AWS_EC2_METADATA_DISABLED=true turns it off; AWS_EC2_METADATA_SERVICE_ENDPOINT points it elsewhere.
    /// </summary>
    internal static class InstanceMetadataCredentialProvider
    {
        private const string DefaultEndpoint = "http://169.254.169.254";

        public static bool IsDisabled(Func<string, string?> env) =>
            string.Equals(env("AWS_EC2_METADATA_DISABLED")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        public static ResolvedCredentials Resolve(CredentialContext context, string source)
        {
            var endpointText = context.Env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
            if (string.IsNullOrWhiteSpace(endpointText)) endpointText = DefaultEndpoint;
            if (!Uri.TryCreate(endpointText!.TrimEnd('/'), UriKind.Absolute, out var endpoint))
            {
                throw new CredentialConfigException("InvalidMetadataEndpoint", "AWS_EC2_METADATA_SERVICE_ENDPOINT is not an absolute URL.");
            }

            Func<ResolvedCredentials> fetch = null!;
            fetch = () =>
            {
                var timeout = context.MetadataTimeout;
                try
                {
                    var (tokenStatus, token) = CredentialHttp.Send(HttpMethod.Put, new Uri(endpoint, "/latest/api/token"),
                        new[] { new KeyValuePair<string, string>("X-aws-ec2-metadata-token-ttl-seconds", "21600") }, timeout);
                    if (tokenStatus != 200 || string.IsNullOrWhiteSpace(token))
                    {
                        throw new CredentialConfigException("InstanceMetadataFailed", $"{source}: the metadata service refused a session token (HTTP {tokenStatus}).");
                    }
                    var auth = new[] { new KeyValuePair<string, string>("X-aws-ec2-metadata-token", token.Trim()) };
                    var (roleStatus, roles) = CredentialHttp.Send(HttpMethod.Get, new Uri(endpoint, "/latest/meta-data/iam/security-credentials/"), auth, timeout);
                    if (roleStatus == 404)
                    {
                        throw new CredentialConfigException("InstanceMetadataFailed", $"{source}: this instance has no IAM role.");
                    }
                    if (roleStatus != 200 || string.IsNullOrWhiteSpace(roles))
                    {
                        throw new CredentialConfigException("InstanceMetadataFailed", $"{source}: the role list answered HTTP {roleStatus}.");
                    }
                    var role = roles.Trim().Split('\n')[0].Trim();
                    var (credStatus, body) = CredentialHttp.Send(HttpMethod.Get, new Uri(endpoint, "/latest/meta-data/iam/security-credentials/" + Uri.EscapeDataString(role)), auth, timeout);
                    if (credStatus != 200)
                    {
                        throw new CredentialConfigException("InstanceMetadataFailed", $"{source}: the role's credentials answered HTTP {credStatus}.");
                    }
                    return MetadataCredentials.Parse(body, $"{source} ({role})", null, fetch);
                }
                catch (Exception e) when (e is TimeoutException || e is HttpRequestException)
                {
                    throw new CredentialConfigException("InstanceMetadataUnavailable",
                        $"{source}: {endpoint.GetLeftPart(UriPartial.Authority)} did not answer ({ContainerCredentialProvider.Describe(e)}); set AWS_EC2_METADATA_DISABLED=true off EC2.");
                }
            };
            return TemporaryCredentialCache.GetOrAdd("imds|" + endpoint, fetch);
        }
    }
}
