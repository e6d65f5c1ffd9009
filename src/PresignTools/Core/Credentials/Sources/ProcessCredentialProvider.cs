using System;
using System.Diagnostics;
using System.Text;

namespace PresignTools.Core.Credentials.Sources
{
    /// <summary>
    /// credential_process: runs the configured command and reads its JSON (Version 1: AccessKeyId,
    /// SecretAccessKey, SessionToken, Expiration), as the AWS CLI does. Its output is never echoed.
    /// </summary>
    internal static class ProcessCredentialProvider
    {
        public static ResolvedCredentials Resolve(string profileName, string commandLine, CredentialContext context)
        {
            var source = $"profile:{profileName} (credential_process)";
            Func<ResolvedCredentials> fetch = null!;
            fetch = () =>
            {
                var (exitCode, stdout, stderr) = Run(commandLine, context.ProcessTimeout, source);
                if (exitCode != 0)
                {
                    throw new CredentialConfigException("CredentialProcessFailed",
                        $"{source}: the command exited with code {exitCode}{FirstLine(stderr)}.");
                }
                System.Xml.Linq.XElement json;
                try
                {
                    json = JsonDocumentReader.ParseObject(stdout);
                }
                catch (FormatException e)
                {
                    throw new CredentialConfigException("CredentialProcessInvalidOutput", $"{source}: {e.Message}.");
                }
                var version = JsonDocumentReader.Get(json, "Version");
                if (version != "1")
                {
                    throw new CredentialConfigException("CredentialProcessInvalidOutput", $"{source}: the output's Version is '{version}', expected 1.");
                }
                var key = JsonDocumentReader.Get(json, "AccessKeyId");
                var secret = JsonDocumentReader.Get(json, "SecretAccessKey");
                if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
                {
                    throw new CredentialConfigException("CredentialProcessInvalidOutput", $"{source}: the output has no AccessKeyId/SecretAccessKey.");
                }
                DateTimeOffset? expiration;
                try
                {
                    expiration = JsonDocumentReader.ParseTime(JsonDocumentReader.Get(json, "Expiration"));
                }
                catch (FormatException)
                {
                    throw new CredentialConfigException("CredentialProcessInvalidOutput", $"{source}: the output's Expiration is not an ISO 8601 time.");
                }
                context.Say($"{source}: got credentials for access key id {key}" + (expiration.HasValue ? $", expiring {expiration.Value:u}." : "."));
                return new ResolvedCredentials(key!, secret!, JsonDocumentReader.Get(json, "SessionToken"), expiration, source, profileName,
                    expiration.HasValue ? fetch : null);
            };
            return TemporaryCredentialCache.GetOrAdd("process|" + profileName + "|" + commandLine, fetch);
        }

        private static string FirstLine(string text)
        {
            var line = (text ?? string.Empty).Trim();
            var nl = line.IndexOfAny(new[] { '\r', '\n' });
            if (nl >= 0) line = line.Substring(0, nl);
            if (line.Length > 200) line = line.Substring(0, 200) + "…";
            return line.Length == 0 ? string.Empty : ": " + line;
        }

        private static (int, string, string) Run(string commandLine, TimeSpan timeout, string source)
        {
            var isWindows = Environment.OSVersion.Platform == PlatformID.Win32NT;
            var psi = new ProcessStartInfo
            {
                FileName = isWindows ? "cmd.exe" : "/bin/sh",
                // The command line goes to the platform shell as one argument, quoted by the rules .NET
                // uses to split Arguments (those of CommandLineToArgvW, on every platform).
                Arguments = isWindows ? "/d /s /c \"" + commandLine + "\"" : "-c " + QuoteArgument(commandLine),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                CreateNoWindow = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            Process process;
            try
            {
                process = Process.Start(psi) ?? throw new InvalidOperationException("no process");
            }
            catch (Exception e) when (!(e is CredentialConfigException))
            {
                throw new CredentialConfigException("CredentialProcessFailed", $"{source}: the command could not be started: {e.Message}");
            }
            using (process)
            {
                process.StandardInput.Close();
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit((int)timeout.TotalMilliseconds))
                {
                    try { process.Kill(); } catch (InvalidOperationException) { }
                    throw new CredentialConfigException("CredentialProcessTimeout", $"{source}: the command did not finish within {timeout.TotalSeconds:0} s.");
                }
                process.WaitForExit();
                return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
            }
        }

        internal static string QuoteArgument(string s)
        {
            var sb = new StringBuilder("\"");
            var backslashes = 0;
            foreach (var c in s)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }
                if (c == '"')
                {
                    sb.Append('\\', backslashes * 2 + 1);
                }
                else
                {
                    sb.Append('\\', backslashes);
                }
                backslashes = 0;
                sb.Append(c);
            }
            sb.Append('\\', backslashes * 2);
            return sb.Append('"').ToString();
        }
    }
}
