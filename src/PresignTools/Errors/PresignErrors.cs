using System.Management.Automation;
using PresignTools.Core;

namespace PresignTools.Errors
{
    /// <summary>Builds the module's ErrorRecords: stable PascalCase ids, real categories, the input as target.</summary>
    internal static class PresignErrors
    {
        public static ErrorRecord Record(PresignException e, object? target)
        {
            return new ErrorRecord(e, e.ErrorId, Category(e.Kind), target);
        }

        public static ErrorCategory Category(FailureKind kind)
        {
            switch (kind)
            {
                case FailureKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case FailureKind.InvalidData: return ErrorCategory.InvalidData;
                case FailureKind.Authentication: return ErrorCategory.AuthenticationError;
                case FailureKind.NotFound: return ErrorCategory.ObjectNotFound;
                case FailureKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case FailureKind.ConnectionError: return ErrorCategory.ConnectionError;
                default: return ErrorCategory.InvalidOperation;
            }
        }
    }
}
