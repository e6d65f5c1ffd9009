using System;

namespace PresignTools.Core
{
    /// <summary>What kind of failure, mapped to a PowerShell ErrorCategory by the cmdlets.</summary>
    internal enum FailureKind
    {
        InvalidArgument,
        InvalidData,
        Authentication,
        NotFound,
        PermissionDenied,
        ConnectionError,
        InvalidOperation,
    }

    /// <summary>A user-facing failure with a stable id; its message is one line and never holds a secret.</summary>
    internal sealed class PresignException : Exception
    {
        public PresignException(string errorId, FailureKind kind, string message, Exception? inner = null)
            : base(OneLine.Of(message), inner)
        {
            ErrorId = errorId;
            Kind = kind;
        }

        public string ErrorId { get; }

        public FailureKind Kind { get; }

        public static PresignException InvalidArgument(string errorId, string message) => new PresignException(errorId, FailureKind.InvalidArgument, message);

        public static PresignException InvalidData(string errorId, string message) => new PresignException(errorId, FailureKind.InvalidData, message);

        public static PresignException Credentials(string errorId, string message) => new PresignException(errorId, FailureKind.Authentication, message);

        public static PresignException NotFound(string errorId, string message) => new PresignException(errorId, FailureKind.NotFound, message);
    }
}
