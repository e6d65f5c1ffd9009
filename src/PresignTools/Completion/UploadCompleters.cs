using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using PresignTools.Core.Upload;

namespace PresignTools.Completion
{
    /// <summary>Completes a parameter from a fixed list (case-insensitive prefix match).</summary>
    public abstract class FixedValueCompleter : IArgumentCompleter
    {
        private readonly string[] _values;

        protected FixedValueCompleter(string[] values)
        {
            _values = values;
        }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (var v in _values)
            {
                if (v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(v, v, CompletionResultType.ParameterValue, v);
                }
            }
        }
    }

    /// <summary>Completes -ServerSideEncryption: AES256, aws:kms, aws:kms:dsse.</summary>
    public sealed class ServerSideEncryptionCompleter : FixedValueCompleter
    {
        public ServerSideEncryptionCompleter() : base(UploadConstraints.ServerSideEncryptionValues) { }
    }

    /// <summary>Completes -StorageClass with the S3 storage classes.</summary>
    public sealed class StorageClassCompleter : FixedValueCompleter
    {
        public StorageClassCompleter() : base(UploadConstraints.StorageClassValues) { }
    }

    /// <summary>Completes -CannedACL with the S3 canned ACLs.</summary>
    public sealed class CannedAclCompleter : FixedValueCompleter
    {
        public CannedAclCompleter() : base(UploadConstraints.CannedAclValues) { }
    }
}
