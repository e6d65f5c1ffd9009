#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Runs every PresignTools benchmark and prints one table: the C# core against a hand-written SigV4
    floor and AWSSDK.S3 (BenchmarkDotNet), the cmdlet in a PowerShell pipeline against Select-Object,
    a compiled pipeline floor and an AWSSDK loop, cold start, and memory over a million items.

.DESCRIPTION
    Called by `./build.ps1 Bench` after it has staged the module. Every ratio in the table compares
    figures measured in this run on this machine. Raw results go to out/bench/.

.EXAMPLE
    dotnet pwsh ./build.ps1 Bench
#>
[CmdletBinding()]
param(
    # The staged module folder (out/PresignTools). It is copied first, so a rebuild meanwhile cannot disturb the run.
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/PresignTools'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [int] $Objects = 100000,

    [int] $MemoryItems = 1000000,

    [int] $ColdRuns = 15,

    # Exit with 1 when a target is missed.
    [switch] $FailOnMiss
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$work = Join-Path $root 'out/bench'
$null = New-Item -ItemType Directory -Force $work
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Native([string] $FilePath, [string[]] $ArgumentList) {
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' exited with $LASTEXITCODE." }
}

function Get-NuGetPackagesRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    return $line.Trim()
}

# ---- Private copy of the module ---------------------------------------------------------------------

$moduleCopy = Join-Path $work 'module/PresignTools'
Remove-Item -Recurse -Force (Join-Path $work 'module') -ErrorAction SilentlyContinue
$null = New-Item -ItemType Directory -Force (Split-Path -Parent $moduleCopy)
Copy-Item -Recurse (Resolve-Path $ModulePath).Path $moduleCopy
$manifest = Join-Path $moduleCopy 'PresignTools.psd1'

# ---- BenchmarkDotNet ---------------------------------------------------------------------------------

Write-Host '==> BenchmarkDotNet (C# core, hand-written floor, AWSSDK.S3)'
$project = Join-Path $root 'bench/PresignTools.Benchmarks/PresignTools.Benchmarks.csproj'
$benchBin = Join-Path $work 'bin'
Invoke-Native dotnet @('build', $project, '-c', $Configuration, '-o', $benchBin, '--nologo', '-v', 'q', '-clp:ErrorsOnly')
$dotnetJson = Join-Path $work 'dotnet.json'
Remove-Item $dotnetJson -ErrorAction SilentlyContinue
Push-Location $work
try {
    Invoke-Native dotnet @((Join-Path $benchBin 'PresignTools.Benchmarks.dll'), '--summary', $dotnetJson, '--artifacts', (Join-Path $work 'BenchmarkDotNet.Artifacts'))
}
finally { Pop-Location }
$dotnet = Get-Content -Raw $dotnetJson | ConvertFrom-Json

# ---- PowerShell: pipeline, memory, cold start ---------------------------------------------------------

Write-Host '==> PowerShell pipeline, memory and cold start (child pwsh)'
$pipelineJson = Join-Path $work 'pipeline.json'
Remove-Item $pipelineJson -ErrorAction SilentlyContinue
$script = Join-Path $PSScriptRoot 'Measure-Pipeline.ps1'
$childArgs = @('-NoProfile', '-NonInteractive', '-File', $script, '-ModulePath', $manifest, '-ResultPath', $pipelineJson,
    '-Count', $Objects, '-MemoryItems', $MemoryItems, '-ColdRuns', $ColdRuns, '-NuGetPackages', (Get-NuGetPackagesRoot), '-WorkPath', $work)
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
if ((Test-Path $pwshDll) -and [Environment]::ProcessPath -notmatch 'pwsh(\.exe)?$') {
    Invoke-Native ([Environment]::ProcessPath) (@($pwshDll) + $childArgs)
}
else {
    Invoke-Native (Join-Path $PSHOME 'pwsh') $childArgs
}
$ps = Get-Content -Raw $pipelineJson | ConvertFrom-Json

# ---- One table ----------------------------------------------------------------------------------------

function Get-DotnetResult([string] $Name) {
    $r = @($dotnet | Where-Object Name -EQ $Name)
    if ($r.Count -ne 1) { throw "No BenchmarkDotNet result named $Name." }
    return $r[0]
}
$floor = Get-DotnetResult 'HandWrittenFloor'
$signer = Get-DotnetResult 'PresignToolsSigner'
$core = Get-DotnetResult 'PresignToolsCore'
$sdk = Get-DotnetResult 'AwsSdkGetPreSignedUrl'
$p = $ps.Pipeline
$select = $p.SelectObject.MedianMicroseconds
$cmdletFloor = $p.PipelineFloor.MedianMicroseconds
$cmdlet = $p.GetS3PresignedUrl.MedianMicroseconds
$sdkLoop = $p.AwsSdkLoop.MedianMicroseconds
$m = $ps.Memory
$c = $ps.ColdStart

# The machine may be busy with other work: ratios are taken per round (the cases of one round run back
# to back), then the median of those, rather than as a ratio of medians taken at different moments.
function Get-Median([double[]] $Values) {
    $sorted = [double[]]($Values | Sort-Object)
    $n = $sorted.Length
    if ($n % 2) { return $sorted[($n - 1) / 2] }
    return ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}
function Get-PairedRatio($Numerator, $Denominator) {
    $a = @($Numerator); $b = @($Denominator)
    Get-Median @(for ($i = 0; $i -lt [Math]::Min($a.Count, $b.Count); $i++) { [double]$a[$i] / [double]$b[$i] })
}
function Get-PairedDelta($Minuend, $Subtrahend) {
    $a = @($Minuend); $b = @($Subtrahend)
    Get-Median @(for ($i = 0; $i -lt [Math]::Min($a.Count, $b.Count); $i++) { [double]$a[$i] - [double]$b[$i] })
}
$cmdletOverSelect = Get-PairedRatio $p.GetS3PresignedUrl.RoundsMicroseconds $p.SelectObject.RoundsMicroseconds
$sdkOverCmdlet = Get-PairedRatio $p.AwsSdkLoop.RoundsMicroseconds $p.GetS3PresignedUrl.RoundsMicroseconds
$cmdletOverFloor = Get-PairedRatio $p.GetS3PresignedUrl.RoundsMicroseconds $p.PipelineFloor.RoundsMicroseconds
$coldDelta = Get-PairedDelta $c.ModuleRunsMs $c.BaselineRunsMs

$rows = [System.Collections.Generic.List[object]]::new()
$misses = [System.Collections.Generic.List[string]]::new()
function Add-Row([string] $What, $Us, $Alloc, [string] $Ratio, [string] $Target, $Met) {
    $rows.Add([pscustomobject]@{
        What = $What
        Us = if ($null -ne $Us) { '{0:N2}' -f $Us } else { '' }
        PerSecond = if ($null -ne $Us -and $Us -gt 0) { '{0:N0}' -f (1e6 / $Us) } else { '' }
        Alloc = if ($null -ne $Alloc) { [string]$Alloc } else { '' }
        Ratio = $Ratio
        Target = $Target
        Met = if ($null -eq $Met) { '' } elseif ($Met) { 'yes' } else { 'NO' }
    })
    if ($null -ne $Met -and -not $Met) { $misses.Add("$What ($Target)") }
}
function Format-Ratio([double] $Value, [string] $Suffix) { '{0:N2}x {1}' -f $Value, $Suffix }

Add-Row 'C#  hand-written SigV4 floor (cached key)' ($floor.MedianNs / 1000) $floor.AllocatedBytes 'baseline' '' $null
Add-Row 'C#  PresignTools signer (SigV4QueryPresigner)' ($signer.MedianNs / 1000) $signer.AllocatedBytes (Format-Ratio ($signer.MedianNs / $floor.MedianNs) 'floor') '' $null
Add-Row 'C#  PresignTools core (ObjectPresigner.Presign)' ($core.MedianNs / 1000) $core.AllocatedBytes (Format-Ratio ($core.MedianNs / $floor.MedianNs) 'floor') '<= 2x floor; >= 100,000/s' (($core.MedianNs -le 2 * $floor.MedianNs) -and ($core.MedianNs -le 10000))
Add-Row 'C#  AWSSDK.S3 4.1 GetPreSignedURL (cached client)' ($sdk.MedianNs / 1000) $sdk.AllocatedBytes (Format-Ratio ($sdk.MedianNs / $core.MedianNs) 'core') '' $null
Add-Row 'PS  compiled cmdlet floor (bind by property, write)' $cmdletFloor $null 'reference' '' $null
Add-Row 'PS  $objects | Select-Object BucketName,Key' $select $null 'baseline' '' $null
Add-Row 'PS  foreach: AWSSDK GetPreSignedURL (cached client)' $sdkLoop $null (Format-Ratio $sdkOverCmdlet 'cmdlet') '' $null
Add-Row "PS  `$objects | Get-S3PresignedUrl" $cmdlet $null (Format-Ratio $cmdletOverSelect 'Select-Object') '>= 100,000/s; <= 6x Select' (($cmdlet -le 10.0) -and ($cmdletOverSelect -le 6))
Add-Row '    ... speed-up over the AWSSDK loop' $null $null (Format-Ratio $sdkOverCmdlet 'faster') '>= 8x faster' ($sdkOverCmdlet -ge 8)
Add-Row '    ... over the compiled cmdlet floor' $null $null (Format-Ratio $cmdletOverFloor 'floor') '' $null
Add-Row ("Cold start: pwsh -c 1 / import + presign (ms, {0} pairs)" -f @($c.ModuleRunsMs).Count) $null $null ('{0:N0} / {1:N0}: +{2:N0} ms' -f $c.BaselineMedianMs, $c.ModuleMedianMs, $coldDelta) '<= +300 ms' ($coldDelta -le 300)
if ($null -ne $c.ModuleCpuMedianMs) {
    Add-Row '    ... CPU time (user+sys, ms, medians)' $null $null ('{0:N0} / {1:N0}: +{2:N0} ms' -f $c.BaselineCpuMedianMs, $c.ModuleCpuMedianMs, ($c.ModuleCpuMedianMs - $c.BaselineCpuMedianMs)) '' $null
}
Add-Row '    ... AWSSDK assemblies loaded by that command' $null $null $(if ($c.AwsSdkLoaded) { $c.AwsSdkLoaded } else { 'none' }) 'none' (-not $c.AwsSdkLoaded)
$managedGrowth = ($m.ManagedAfterBytes - $m.ManagedBeforeBytes) / 1MB
$managedPeak = ($m.ManagedMaxBytes - $m.ManagedBeforeBytes) / 1MB
$wsGrowth = ($m.WorkingSetAfterBytes - $m.WorkingSetBeforeBytes) / 1MB
Add-Row ('Memory: {0:N0} items ({1:N1} s), managed heap MB' -f $m.Items, $m.Seconds) $null $null ('{0:N1} -> {1:N1} (peak +{2:N1})' -f ($m.ManagedBeforeBytes / 1MB), ($m.ManagedAfterBytes / 1MB), $managedPeak) 'flat (< +16 MB)' ($managedPeak -lt 16)
Add-Row '    ... working set MB' $null $null ('{0:N0} -> {1:N0} ({2:+0;-0} MB)' -f ($m.WorkingSetBeforeBytes / 1MB), ($m.WorkingSetAfterBytes / 1MB), $wsGrowth) '' $null

$cpu = if (Test-Path /proc/cpuinfo) { ((Select-String -Path /proc/cpuinfo -Pattern '^model name\s*:\s*(.+)$' | Select-Object -First 1).Matches.Groups[1].Value) } else { $env:PROCESSOR_IDENTIFIER }
Write-Host ''
Write-Host ('PresignTools benchmarks — {0:yyyy-MM-dd HH:mm} UTC, {1} cores ({2}), .NET {3}, PowerShell {4}, AWSSDK from {5}' -f [DateTime]::UtcNow, [Environment]::ProcessorCount, $cpu, [Environment]::Version, $ps.PowerShell, $ps.AwsSdkSource)
Write-Host ('C#: BenchmarkDotNet medians (in-process, 9 iterations); PS: medians of {0} interleaved rounds over {1:N0} objects (AWSSDK loop: {2:N0}); ratios and cold-start delta: medians of per-round pairs' -f $ps.Rounds, $ps.Objects, $p.AwsSdkLoop.Items)
$rows | Format-Table -AutoSize -Property @(
    @{ Label = 'Measurement'; Expression = { $_.What } },
    @{ Label = 'us/URL'; Expression = { $_.Us }; Alignment = 'Right' },
    @{ Label = 'URLs/s'; Expression = { $_.PerSecond }; Alignment = 'Right' },
    @{ Label = 'B/URL'; Expression = { $_.Alloc }; Alignment = 'Right' },
    @{ Label = 'Ratio'; Expression = { $_.Ratio } },
    @{ Label = 'Target'; Expression = { $_.Target } },
    @{ Label = 'Met'; Expression = { $_.Met } }
) | Out-String -Width 220 | Write-Host
if ($misses.Count -gt 0) {
    Write-Host ("Targets missed: {0}" -f ($misses -join '; '))
    if ($FailOnMiss) { exit 1 }
}
else {
    Write-Host 'All targets met.'
}
