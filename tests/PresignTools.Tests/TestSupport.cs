using System;
using System.Collections.Generic;
using System.IO;
using PresignTools.Core;
using PresignTools.Core.Credentials;
using PresignTools.Core.Endpoints;

namespace PresignTools.Tests
{
    internal static class TestSupport
    {
        public const string DocsAccessKey = "AKIAIOSFODNN7EXAMPLE";
        public const string DocsSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        public static readonly DateTimeOffset DocsSigningTime = new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

        public static ObjectPresigner Presigner(string region = "us-east-1", string? endpoint = null, bool pathStyle = false,
            bool accelerate = false, bool dualstack = false, string? sessionToken = null, bool legacyNames = false,
            string accessKey = DocsAccessKey, string secretKey = DocsSecretKey, DateTimeOffset? credentialExpiry = null)
        {
            var credentials = new ResolvedCredentials(accessKey, secretKey, sessionToken, credentialExpiry, "test");
            return new ObjectPresigner(credentials, new S3EndpointOptions
            {
                Region = region,
                EndpointUrl = endpoint == null ? null : new Uri(endpoint),
                ForcePathStyle = pathStyle,
                UseAccelerateEndpoint = accelerate,
                UseDualstackEndpoint = dualstack,
            }, legacyNames);
        }

        /// <summary>The repository root (holds PresignTools.sln).</summary>
        public static string RepositoryRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PresignTools.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
        }

        /// <summary>An injected environment; instance metadata stays disabled unless a test sets it.</summary>
        public static Func<string, string?> Env(Dictionary<string, string?> values) =>
            name => values.TryGetValue(name, out var v) ? v : name == "AWS_EC2_METADATA_DISABLED" ? "true" : null;
    }

    /// <summary>A temporary folder removed on dispose.</summary>
    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "presigntools-" + Guid.NewGuid().ToString("n"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string name, string content)
        {
            var file = System.IO.Path.Combine(Path, name);
            File.WriteAllText(file, content);
            return file;
        }

        public void Dispose()
        {
            try { Directory.Delete(Path, true); } catch (IOException) { }
        }
    }
}
