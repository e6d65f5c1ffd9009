using System;
using System.Runtime.InteropServices;

namespace PresignTools.Core
{
    /// <summary>Which .NET the module runs on.</summary>
    internal static class Platform
    {
        /// <summary>True on .NET (PowerShell 7), false on .NET Framework (Windows PowerShell 5.1).</summary>
        public static bool IsCore { get; } =
            !RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);
    }
}
