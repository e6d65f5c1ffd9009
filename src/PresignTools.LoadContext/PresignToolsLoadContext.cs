using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PresignTools.Loading
{
    /// <summary>
    /// The module's private AssemblyLoadContext on PowerShell 7. AWSSDK.* and PresignTools.Aws load here
    /// from the module's deps folder, so another module's AWSSDK build (AWS.Tools loads its own into the
    /// default context) can load before or after ours without a version clash. See "Resolving PowerShell
    /// module assembly dependency conflicts" (PowerShell docs) for the pattern.
    /// </summary>
    public sealed class PresignToolsLoadContext : AssemblyLoadContext
    {
        private const string BridgeAssembly = "PresignTools.Aws";

        private static readonly object Gate = new object();
        private static PresignToolsLoadContext? _instance;

        private readonly string _dependencyDirectory;
        private readonly HashSet<string> _platformAssemblies;

        private PresignToolsLoadContext(string dependencyDirectory)
            : base("PresignTools", isCollectible: false)
        {
            _dependencyDirectory = dependencyDirectory;
            _platformAssemblies = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string;
            if (tpa != null)
            {
                foreach (var path in tpa.Split(Path.PathSeparator))
                {
                    _platformAssemblies.Add(Path.GetFileNameWithoutExtension(path));
                }
            }
        }

        /// <summary>The context, once initialised.</summary>
        public static PresignToolsLoadContext? Instance => _instance;

        /// <summary>
        /// Creates the context (once per process) and lets the default context find the bridge assembly
        /// through it. Safe to call again on module re-import.
        /// </summary>
        public static PresignToolsLoadContext Initialize(string dependencyDirectory)
        {
            lock (Gate)
            {
                if (_instance == null)
                {
                    _instance = new PresignToolsLoadContext(Path.GetFullPath(dependencyDirectory));
                    Default.Resolving += ResolveBridge;
                }
                return _instance;
            }
        }

        // The default context asks only for the bridge assembly (PresignTools.dll references it); every
        // AWSSDK assembly it needs then resolves inside this context through Load below.
        private static Assembly? ResolveBridge(AssemblyLoadContext context, AssemblyName name)
        {
            if (_instance == null || !string.Equals(name.Name, BridgeAssembly, StringComparison.Ordinal))
            {
                return null;
            }
            return _instance.LoadFromAssemblyName(name);
        }

        /// <inheritdoc />
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // deps/ also carries netstandard2.0 polyfills (System.Memory, System.Text.Json, …) for Windows
            // PowerShell; on PowerShell 7 the runtime's own copies serve (returning null defers to them).
            if (assemblyName.Name == null || _platformAssemblies.Contains(assemblyName.Name))
            {
                return null;
            }
            var path = Path.Combine(_dependencyDirectory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
