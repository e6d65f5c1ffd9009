# PresignTools loader.
# PowerShell 7: AWSSDK.* and PresignTools.Aws load in a private AssemblyLoadContext (bin/deps), so the
# module works whatever AWSSDK build another module (AWS.Tools) loads before or after it.
# Windows PowerShell 5.1: no AssemblyLoadContext; dependencies resolve from bin/deps, with a warning
# when an AWSSDK.Core is already loaded.

$binDirectory = [System.IO.Path]::Combine($PSScriptRoot, 'bin')
$dependencyDirectory = [System.IO.Path]::Combine($binDirectory, 'deps')

if ($PSEdition -eq 'Core') {
    if (-not ('PresignTools.Loading.PresignToolsLoadContext' -as [type])) {
        # Not Add-Type: the first Microsoft.PowerShell.Utility cmdlet in a session imports that module (slow).
        $null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($binDirectory, 'PresignTools.LoadContext.dll'))
    }
    $null = [PresignTools.Loading.PresignToolsLoadContext]::Initialize($dependencyDirectory)
}

$innerModule = Import-Module -Name ([System.IO.Path]::Combine($binDirectory, 'PresignTools.dll')) -PassThru -ErrorAction Stop

if ($PSEdition -ne 'Core') {
    [PresignTools.Loading.DesktopAssemblyResolver]::Register($dependencyDirectory)
    $loadedSdk = [PresignTools.Loading.DesktopAssemblyResolver]::LoadedAwsSdkCoreVersion()
    if ($loadedSdk -and $loadedSdk -ne '4.0.0.0') {
        Write-Warning "AWSSDK.Core $loadedSdk is already loaded in this session; Windows PowerShell cannot isolate PresignTools' AWSSDK 4. Features that call AWS (listing, role credentials) may fail; presigning with keys and profiles works."
    }
}

# AWS.Tools.S3 exports Get-S3PreSignedURL, the same name to PowerShell. A global alias beats cmdlets in
# command precedence, so ours answers in either import order while AWS.Tools.S3\Get-S3PreSignedURL
# stays reachable by its qualified name. It is removed with the module.
# On PowerShell 7, Set-Alias is run through its CmdletInfo: the same cmdlet, without auto-importing the whole
# Microsoft.PowerShell.Utility module (a large part of a cold start's time).
$setAlias = 'Set-Alias'
if ($PSEdition -eq 'Core') {
    $setAliasType = [System.Reflection.Assembly]::Load('Microsoft.PowerShell.Commands.Utility').GetType('Microsoft.PowerShell.Commands.SetAliasCommand')
    if ($setAliasType) { $setAlias = [System.Management.Automation.CmdletInfo]::new('Set-Alias', $setAliasType) }
}
& $setAlias -Name Get-S3PresignedUrl -Value PresignTools\Get-S3PresignedUrl -Scope Global -Force

$ExecutionContext.SessionState.Module.OnRemove = {
    $alias = Get-Alias -Name Get-S3PresignedUrl -Scope Global -ErrorAction SilentlyContinue
    if ($alias -and $alias.Definition -eq 'PresignTools\Get-S3PresignedUrl') {
        Remove-Item -LiteralPath 'Alias:\Get-S3PresignedUrl' -Force -ErrorAction SilentlyContinue
    }
}

# The cast matters: parameter binding treats a Dictionary KeyCollection (not an IList) as ONE value, the
# names joined by spaces, which matches no cmdlet as soon as there are two.
Export-ModuleMember -Cmdlet ([string[]] $innerModule.ExportedCmdlets.Keys)
