using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;

namespace PresignTools.Tests
{
    /// <summary>
    /// Runs the botocore oracle (tests/oracle/botocore_presign.py) once over a JSON array of cases and
    /// returns its answers by case id. Used by every differential test against botocore.
    /// </summary>
    internal static class BotocoreOracle
    {
        public static Dictionary<string, JsonElement> Run(string casesJson)
        {
            var script = Path.Combine(TestSupport.RepositoryRoot(), "tests", "oracle", "botocore_presign.py");
            if (!File.Exists(script)) throw new InvalidOperationException("The botocore oracle script is missing: " + script);

            string stdout, stderr;
            int exitCode;
            Process process;
            var psi = new ProcessStartInfo
            {
                FileName = OperatingSystem.IsWindows() ? "python" : "python3",
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardInputEncoding = new UTF8Encoding(false),
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            psi.ArgumentList.Add(script);
            psi.Environment["PYTHONIOENCODING"] = "utf-8";
            try
            {
                process = Process.Start(psi) ?? throw new InvalidOperationException("python3 did not start");
            }
            catch (Win32Exception e)
            {
                throw new InvalidOperationException(
                    $"The botocore differential tests need '{psi.FileName}' with botocore installed (pip install botocore); starting it failed: {e.Message}", e);
            }
            using (process)
            {
                var outTask = process.StandardOutput.ReadToEndAsync();
                var errTask = process.StandardError.ReadToEndAsync();
                try
                {
                    process.StandardInput.Write(casesJson);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The oracle quit before reading its input (e.g. botocore missing); stderr says why.
                }
                if (!process.WaitForExit(300_000))
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException("The botocore oracle did not finish within 5 minutes.");
                }
                stdout = outTask.GetAwaiter().GetResult();
                stderr = errTask.GetAwaiter().GetResult();
                exitCode = process.ExitCode;
            }

            if (exitCode != 0)
            {
                var hint = stderr.Contains("No module named 'botocore'") || stderr.Contains("No module named botocore")
                    ? "botocore is not installed for " + psi.FileName + " (pip install botocore). "
                    : string.Empty;
                throw new InvalidOperationException($"The botocore oracle failed (exit code {exitCode}). {hint}stderr:\n{stderr}");
            }

            var results = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            using var doc = JsonDocument.Parse(stdout);
            foreach (var r in doc.RootElement.EnumerateArray())
            {
                results[r.GetProperty("id").GetString()!] = r.Clone();
            }
            return results;
        }
    }
}
