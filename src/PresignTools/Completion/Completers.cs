using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using PresignTools.Core.Credentials;

namespace PresignTools.Completion
{
    /// <summary>Completes -Region with the public AWS regions.</summary>
    public sealed class RegionCompleter : IArgumentCompleter
    {
        // Every region of the aws, aws-cn, aws-us-gov and aws-eusc partitions that the bundled AWSSDK
        // knows (RegionEndpoint.EnumerableAllRegions, minus the isolated ISO partitions and the
        // us-east-1-regional pseudo-region). A static list: completion must not load AWSSDK.
        // tests/pester/Completion.Tests.ps1 fails when the SDK learns a region this list lacks.
        internal static readonly string[] Regions =
        {
            "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "cn-north-1",
            "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
            "eu-west-1", "eu-west-2", "eu-west-3", "eusc-de-east-1", "il-central-1", "me-central-1", "me-south-1",
            "me-west-1", "mx-central-1", "sa-east-1", "sa-west-1", "us-east-1", "us-east-2", "us-gov-east-1",
            "us-gov-west-1", "us-west-1", "us-west-2",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (var r in Regions)
            {
                if (r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(r, r, CompletionResultType.ParameterValue, r);
                }
            }
        }
    }

    /// <summary>Completes -ProfileName from the AWS config and credentials files (honouring -ProfileLocation and the env overrides).</summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            string? location = null;
            if (fakeBoundParameters != null && fakeBoundParameters.Contains("ProfileLocation"))
            {
                location = fakeBoundParameters["ProfileLocation"]?.ToString();
            }

            IReadOnlyCollection<string> names;
            try
            {
                names = new SharedConfigFiles(location, Environment.GetEnvironmentVariable).ProfileNames();
            }
            catch (CredentialConfigException)
            {
                yield break;
            }

            foreach (var name in names)
            {
                if (name.StartsWith("#", StringComparison.Ordinal)) continue;
                if (!name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
                var text = name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ';', '#', '(', ')', '{', '}', ',' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
                yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
            }
        }
    }
}
