using System;
using System.Management.Automation;

namespace PresignTools.Errors
{
    /// <summary>A user-facing failure with a stable id and category; its message is one line, no secrets.</summary>
    internal sealed class PresignException : Exception
    {
        public PresignException(string errorId, ErrorCategory category, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
        }

        public string ErrorId { get; }

        public ErrorCategory Category { get; }
    }

    /// <summary>Builds the module's ErrorRecords: stable PascalCase ids, real categories, the input as target.</summary>
    internal static class PresignErrors
    {
        public static ErrorRecord Record(PresignException e, object? target)
        {
            return new ErrorRecord(e, e.ErrorId, e.Category, target);
        }

        public static PresignException InvalidArgument(string errorId, string message) =>
            new PresignException(errorId, ErrorCategory.InvalidArgument, message);

        public static PresignException InvalidData(string errorId, string message) =>
            new PresignException(errorId, ErrorCategory.InvalidData, message);

        public static PresignException Credentials(string errorId, string message) =>
            new PresignException(errorId, ErrorCategory.AuthenticationError, message);

        public static PresignException NotFound(string errorId, string message) =>
            new PresignException(errorId, ErrorCategory.ObjectNotFound, message);
    }
}
