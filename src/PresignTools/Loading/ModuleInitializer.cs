using System;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using PresignTools.Commands;

namespace PresignTools.Loading
{
    /// <summary>
    /// Runs when PowerShell imports or removes the module (PresignTools.dll is the root module, so there is
    /// no script module to parse and run on import).
    /// <list type="bullet">
    /// <item>PowerShell 7: AWSSDK.* and PresignTools.Aws load in a private AssemblyLoadContext (bin/deps),
    /// so the module works whatever AWSSDK build another module (AWS.Tools) loads before or after it.</item>
    /// <item>Windows PowerShell 5.1: no AssemblyLoadContext; dependencies resolve from bin/deps, and the
    /// first command warns when another AWSSDK.Core is already loaded.</item>
    /// <item>AWS.Tools.S3 exports Get-S3PreSignedURL, the same name to PowerShell. A global alias beats
    /// cmdlets in command precedence, so ours answers in either import order while
    /// AWS.Tools.S3\Get-S3PreSignedURL stays reachable by its qualified name.</item>
    /// <item>Get-Help forwards an alias to its target's bare name, which is the alias again, and then lists
    /// the alias and the cmdlet instead of showing the help page. A command-lookup hook answers a lookup of
    /// that name with our cmdlet itself (the command the alias runs anyway), so help finds the page.</item>
    /// </list>
    /// Both are removed with the module.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal const string AliasName = "Get-S3PresignedUrl";
        internal const string AliasTarget = "PresignTools\\Get-S3PresignedUrl";

        private static readonly object Gate = new object();
        private static bool _dependenciesReady;

        /// <inheritdoc />
        public void OnImport()
        {
            PrepareDependencies();
            var engine = CurrentEngine();
            if (engine == null)
            {
                return;
            }
            SetAlias(engine);
            var commands = engine.InvokeCommand;
            commands.PostCommandLookupAction -= OnPostCommandLookup;
            commands.PostCommandLookupAction += OnPostCommandLookup;
        }

        /// <inheritdoc />
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            var engine = CurrentEngine();
            if (engine == null)
            {
                return;
            }
            engine.InvokeCommand.PostCommandLookupAction -= OnPostCommandLookup;
            try
            {
                if (engine.InvokeCommand.GetCommand(AliasName, CommandTypes.Alias) is AliasInfo alias
                    && string.Equals(alias.Definition, AliasTarget, StringComparison.OrdinalIgnoreCase))
                {
                    engine.InvokeProvider.Item.Remove("Alias:\\" + AliasName, false);
                }
            }
            catch (RuntimeException)
            {
                // Already gone (removed by the user): nothing to undo.
            }
        }

        /// <summary>Sets up where AWSSDK.* and PresignTools.Aws load from (once per process).</summary>
        internal static void PrepareDependencies()
        {
            lock (Gate)
            {
                if (_dependenciesReady)
                {
                    return;
                }
                var bin = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";
                var deps = Path.Combine(bin, "deps");
                if (Core.Platform.IsCore)
                {
                    // The context lives in a net8.0 assembly (this one is netstandard2.0 for Windows PowerShell).
                    var loader = Assembly.LoadFrom(Path.Combine(bin, "PresignTools.LoadContext.dll"));
                    var type = loader.GetType("PresignTools.Loading.PresignToolsLoadContext", throwOnError: true)!;
                    type.GetMethod("Initialize", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { deps });
                }
                else
                {
                    DesktopAssemblyResolver.Register(deps);
                }
                _dependenciesReady = true;
            }
        }

        // A lookup of the alias's name that resolved to our alias returns the cmdlet the alias points to. The
        // name is compared first, so every other command lookup in the session costs one string comparison.
        private static void OnPostCommandLookup(object? sender, CommandLookupEventArgs e)
        {
            if (e.Command is AliasInfo alias
                && string.Equals(e.CommandName, AliasName, StringComparison.OrdinalIgnoreCase)
                && string.Equals(alias.Definition, AliasTarget, StringComparison.OrdinalIgnoreCase)
                && alias.ResolvedCommand is CmdletInfo cmdlet
                && cmdlet.ImplementingType == typeof(GetS3PresignedUrlCommand))
            {
                e.Command = cmdlet;
            }
        }

        // $ExecutionContext of the runspace importing the module: the alias and the hook go there. Its
        // runspace holds it in a non-public property; where that is not there (another PowerShell
        // version), a one-line script asks for it. Both are the same object. Cold start is why: the script
        // costs a fresh process some 15 ms of JIT, the property lookup a tenth of a millisecond.
        private static EngineIntrinsics? CurrentEngine()
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace == null)
            {
                return null;
            }
            try
            {
                const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Instance;
                var type = runspace.GetType();
                // "ExecutionContext" on PowerShell 7, "GetExecutionContext" on Windows PowerShell 5.1.
                var property = type.GetProperty("ExecutionContext", Internal) ?? type.GetProperty("GetExecutionContext", Internal);
                var context = property?.GetValue(runspace);
                if (context?.GetType().GetProperty("EngineIntrinsics", Internal)?.GetValue(context) is EngineIntrinsics fast)
                {
                    return fast;
                }
            }
            catch (Exception e) when (e is TargetInvocationException || e is AmbiguousMatchException || e is MemberAccessException)
            {
                // Fall back to asking PowerShell.
            }
            var result = ScriptBlock.Create("$ExecutionContext").Invoke();
            return result.Count == 1 ? result[0]?.BaseObject as EngineIntrinsics : null;
        }

        // The alias goes in the global scope. When the module is imported there (at the prompt, from a
        // profile, by pwsh -c; the usual case), the Alias: drive creates it directly; elsewhere (from a
        // function, a script or another module) Set-Alias -Scope Global does, run through its CmdletInfo
        // where the type can be found so that Microsoft.PowerShell.Utility is not auto-imported for it.
        private static void SetAlias(EngineIntrinsics engine)
        {
            var variables = engine.SessionState.PSVariable;
            var atGlobalScope = variables.Get("local:Error") is PSVariable local && ReferenceEquals(local, variables.Get("global:Error"));
            if (atGlobalScope)
            {
                engine.InvokeProvider.Item.New(new[] { "Alias:\\" }, AliasName, null, AliasTarget, true);
                return;
            }
            var type = Type.GetType("Microsoft.PowerShell.Commands.SetAliasCommand, Microsoft.PowerShell.Commands.Utility", throwOnError: false);
            var setAlias = type != null ? new CmdletInfo("Set-Alias", type) : (object)"Microsoft.PowerShell.Utility\\Set-Alias";
            ScriptBlock.Create("param($setAlias, $name, $target) & $setAlias -Name $name -Value $target -Scope Global -Force")
                .Invoke(setAlias, AliasName, AliasTarget);
        }
    }
}
