using System;
using System.IO;
using System.Reflection;

namespace PresignTools.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 has no AssemblyLoadContext: there the module's dependencies resolve from its
    /// deps folder through AppDomain.AssemblyResolve, and the loader warns when another AWSSDK.Core build
    /// is already loaded (one AppDomain holds one version).
    /// </summary>
    public static class DesktopAssemblyResolver
    {
        private static readonly object Gate = new object();
        private static string? _directory;

        public static void Register(string dependencyDirectory)
        {
            lock (Gate)
            {
                if (_directory != null) return;
                _directory = Path.GetFullPath(dependencyDirectory);
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            }
        }

        private static int _conflictChecked;

        /// <summary>
        /// Once per process: the warning to show when another AWSSDK.Core build is already loaded (one
        /// AppDomain holds one version), or null.
        /// </summary>
        public static string? TakeConflictWarning()
        {
            if (System.Threading.Interlocked.Exchange(ref _conflictChecked, 1) != 0) return null;
            var loaded = LoadedAwsSdkCoreVersion();
            if (loaded == null || loaded == "4.0.0.0") return null;
            return "AWSSDK.Core " + loaded + " is already loaded in this session; Windows PowerShell cannot isolate PresignTools' AWSSDK 4. Features that call AWS (listing, role credentials) may fail; presigning with keys and profiles works.";
        }

        /// <summary>The version of an AWSSDK.Core already loaded in this AppDomain, if any.</summary>
        public static string? LoadedAwsSdkCoreVersion()
        {
            foreach (var a in AppDomain.CurrentDomain.GetAssemblies())
            {
                var n = a.GetName();
                if (n.Name == "AWSSDK.Core") return n.Version?.ToString();
            }
            return null;
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (_directory == null || name == null) return null;
            var path = Path.Combine(_directory, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
