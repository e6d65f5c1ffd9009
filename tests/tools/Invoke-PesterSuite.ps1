<#
.SYNOPSIS
    Runs the Pester suites (tests/pester) with Pester 5.7.1 from the NuGet packages folder and writes
    the counts to -ResultPath as JSON. Called by build.ps1 Test in a child pwsh.
#>
param(
    [Parameter(Mandatory)] [string] $ResultPath,
    [string[]] $Path = @(Join-Path $PSScriptRoot '../pester'),
    [string] $FullNameFilter
)
$ErrorActionPreference = 'Stop'
$packages = $env:PRESIGNTOOLS_NUGET_PACKAGES
if (-not $packages) { $packages = Join-Path $HOME '.nuget/packages' }
Import-Module (Join-Path $packages 'pester/5.7.1/tools/Pester.psd1') -Force

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
if ($FullNameFilter) { $config.Filter.FullName = $FullNameFilter }
$result = Invoke-Pester -Configuration $config

$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $failed
    Skipped = $result.SkippedCount + $result.NotRunCount
} | ConvertTo-Json | Set-Content -Path $ResultPath
