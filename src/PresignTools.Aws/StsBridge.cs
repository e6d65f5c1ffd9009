using System;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace PresignTools.Aws
{
    /// <summary>Temporary credentials from STS, in plain types.</summary>
    public sealed class TemporaryCredentials
    {
        public TemporaryCredentials(string accessKeyId, string secretAccessKey, string sessionToken, DateTime expirationUtc, string? assumedRoleArn)
        {
            AccessKeyId = accessKeyId;
            SecretAccessKey = secretAccessKey;
            SessionToken = sessionToken;
            ExpirationUtc = expirationUtc;
            AssumedRoleArn = assumedRoleArn;
        }

        public string AccessKeyId { get; }

        public string SecretAccessKey { get; }

        public string SessionToken { get; }

        /// <summary>The exact expiration STS returned, UTC.</summary>
        public DateTime ExpirationUtc { get; }

        public string? AssumedRoleArn { get; }
    }

    /// <summary>An STS failure: its error code (AccessDenied, ValidationError, …), HTTP status and message.</summary>
    public sealed class StsException : Exception
    {
        public StsException(string code, int statusCode, string message) : base(message)
        {
            Code = code;
            StatusCode = statusCode;
        }

        public string Code { get; }

        public int StatusCode { get; }
    }

    /// <summary>Where and how to reach STS.</summary>
    public sealed class StsConnection
    {
        public string Region { get; set; } = "us-east-1";

        /// <summary>An endpoint override (AWS_ENDPOINT_URL_STS), or null for the regional endpoint.</summary>
        public string? ServiceUrl { get; set; }

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    }

    /// <summary>AssumeRole and AssumeRoleWithWebIdentity through AWSSDK.SecurityToken, behind plain types.</summary>
    public static class StsBridge
    {
        public static TemporaryCredentials AssumeRole(StsConnection connection, string accessKeyId, string secretAccessKey, string? sessionToken,
            string roleArn, string sessionName, string? externalId, int? durationSeconds)
        {
            AWSCredentials source = string.IsNullOrEmpty(sessionToken)
                ? new BasicAWSCredentials(accessKeyId, secretAccessKey)
                : new SessionAWSCredentials(accessKeyId, secretAccessKey, sessionToken);
            using (var client = new AmazonSecurityTokenServiceClient(source, Config(connection)))
            {
                var request = new AssumeRoleRequest
                {
                    RoleArn = roleArn,
                    RoleSessionName = sessionName,
                    ExternalId = string.IsNullOrEmpty(externalId) ? null : externalId,
                    DurationSeconds = durationSeconds,
                };
                var response = Call(() => client.AssumeRoleAsync(request).GetAwaiter().GetResult());
                return Convert(response.Credentials, response.AssumedRoleUser?.Arn);
            }
        }

        public static TemporaryCredentials AssumeRoleWithWebIdentity(StsConnection connection, string roleArn, string sessionName, string webIdentityToken, int? durationSeconds)
        {
            using (var client = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), Config(connection)))
            {
                var request = new AssumeRoleWithWebIdentityRequest
                {
                    RoleArn = roleArn,
                    RoleSessionName = sessionName,
                    WebIdentityToken = webIdentityToken,
                    DurationSeconds = durationSeconds,
                };
                var response = Call(() => client.AssumeRoleWithWebIdentityAsync(request).GetAwaiter().GetResult());
                return Convert(response.Credentials, response.AssumedRoleUser?.Arn);
            }
        }

        private static AmazonSecurityTokenServiceConfig Config(StsConnection connection)
        {
            var config = new AmazonSecurityTokenServiceConfig
            {
                Timeout = connection.Timeout,
                MaxErrorRetry = 1,
            };
            if (!string.IsNullOrEmpty(connection.ServiceUrl))
            {
                config.ServiceURL = connection.ServiceUrl;
                config.AuthenticationRegion = connection.Region;
            }
            else
            {
                config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(connection.Region);
            }
            return config;
        }

        private static T Call<T>(Func<T> call)
        {
            try
            {
                return call();
            }
            catch (AmazonServiceException e)
            {
                throw new StsException(e.ErrorCode ?? "RequestFailed", (int)e.StatusCode, e.Message);
            }
            catch (AmazonClientException e)
            {
                throw new StsException("ClientError", 0, e.Message);
            }
        }

        private static TemporaryCredentials Convert(Credentials? c, string? arn)
        {
            if (c == null || string.IsNullOrEmpty(c.AccessKeyId) || string.IsNullOrEmpty(c.SecretAccessKey))
            {
                throw new StsException("InvalidResponse", 200, "STS returned no credentials.");
            }
            var expiration = c.Expiration.HasValue ? c.Expiration.Value.ToUniversalTime() : DateTime.UtcNow.AddHours(1);
            return new TemporaryCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken, expiration, arn);
        }
    }
}
