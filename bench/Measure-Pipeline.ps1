#!/usr/bin/env pwsh
<#
.SYNOPSIS
    PowerShell-level benchmarks of Get-S3PresignedUrl, with their baselines measured in the same process.

.DESCRIPTION
    - Pipeline: $objects | Get-S3PresignedUrl over pre-built PSCustomObjects (BucketName, Key), against
      $objects | Select-Object BucketName,Key, a compiled do-nothing cmdlet that binds the same properties
      (the pipeline floor), and a foreach loop calling AWSSDK.S3's GetPreSignedURL with one client and one
      reused request (AWSSDK loaded from the NuGet cache, else from the module's bin/deps, into the default
      load context: the module's own copy lives in its private context and is not touched).
      Rounds are interleaved; each result is the median of the rounds.
    - Memory: 1,000,000 items through Get-S3PresignedUrl (the same objects streamed ten times), managed
      heap after a full collection and working set sampled every 100,000 items.
    - Cold start: `pwsh -c 1` against `pwsh -c 'Import-Module ...; Get-S3PresignedUrl ...'`, fresh processes,
      interleaved, medians; and whether any AWSSDK assembly was loaded by the second.
    Writes the measurements as JSON to -ResultPath; bench/Invoke-Benchmarks.ps1 prints them.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [Parameter(Mandatory)]
    [string] $ResultPath,

    [int] $Count = 100000,

    [int] $Rounds = 7,

    # Items per round of the AWSSDK loop (about 100 µs each; the per-URL figure is what is compared).
    [int] $SdkCount = 20000,

    [int] $MemoryItems = 1000000,

    [int] $ColdRuns = 15,

    [string] $NuGetPackages = $env:NUGET_PACKAGES,

    [string] $WorkPath = [System.IO.Path]::GetTempPath()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$AccessKey = 'AKIAIOSFODNN7EXAMPLE'
$SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
$Region = 'us-east-1'
$Bucket = 'examplebucket'
$presignArgs = @{ AccessKey = $AccessKey; SecretKey = $SecretKey; Region = $Region; Expires = 3600 }

function Get-Median([double[]] $Values) {
    $sorted = [double[]]($Values | Sort-Object)
    $n = $sorted.Length
    if ($n % 2) { return $sorted[($n - 1) / 2] }
    return ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

function Measure-Milliseconds([scriptblock] $Script) {
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    & $Script
    $sw.Stop()
    return $sw.Elapsed.TotalMilliseconds
}

function Write-Step([string] $Text) { Write-Host "    $Text" }

# ---- Pipeline ---------------------------------------------------------------------------------------

Write-Step "building $Count objects"
$objects = [object[]]::new($Count)
for ($i = 0; $i -lt $Count; $i++) {
    $objects[$i] = [pscustomobject]@{ BucketName = $Bucket; Key = "photos/2024/$($i % 1000)/image-$i.jpg" }
}
$sdkObjects = [object[]]($objects[0..($SdkCount - 1)])

Import-Module $ModulePath -Force

# The physical limit of a binary cmdlet in a pipeline: bind BucketName and Key by property name, write an object.
Write-Step 'compiling the pipeline-floor cmdlet'
Add-Type -TypeDefinition @'
using System.Management.Automation;
namespace PresignBench
{
    public sealed class FloorResult
    {
        public FloorResult(string bucketName, string key) { BucketName = bucketName; Key = key; }
        public string BucketName { get; }
        public string Key { get; }
    }

    [Cmdlet(VerbsDiagnostic.Test, "PipelineFloor")]
    public sealed class TestPipelineFloorCommand : PSCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)] public string BucketName { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string Key { get; set; }
        protected override void ProcessRecord() => WriteObject(new FloorResult(BucketName, Key));
    }
}
'@ -PassThru | Select-Object -First 1 | ForEach-Object { Import-Module -Assembly $_.Assembly }

Write-Step 'loading AWSSDK.S3 for the SDK loop'
function Get-LibraryFolder([string] $Package, [string] $Version) {
    if (-not $NuGetPackages) { return $null }
    foreach ($tfm in 'net10.0', 'net8.0', 'netstandard2.0') {
        $dir = [System.IO.Path]::Combine($NuGetPackages, $Package, $Version, 'lib', $tfm)
        if (Test-Path $dir) { return $dir }
    }
    return $null
}
$sdkSource = $null
$sdkFolder = Join-Path $WorkPath 'awssdk'
$packages = @(
    @{ Id = 'awssdk.core'; Version = '4.1.0'; Dll = 'AWSSDK.Core.dll' },
    @{ Id = 'awssdk.s3'; Version = '4.1.0'; Dll = 'AWSSDK.S3.dll' },
    @{ Id = 'awssdk.extensions.numerics'; Version = '4.1.0'; Dll = 'AWSSDK.Extensions.Numerics.dll' },
    @{ Id = 'system.io.hashing'; Version = '11.0.0'; Dll = 'System.IO.Hashing.dll' }
)
$folders = foreach ($p in $packages) { Get-LibraryFolder $p.Id $p.Version }
if (@($folders).Count -eq $packages.Count) {
    # One folder, so that the SDK's dependencies resolve next to it.
    $null = New-Item -ItemType Directory -Force $sdkFolder
    for ($i = 0; $i -lt $packages.Count; $i++) {
        Copy-Item ([System.IO.Path]::Combine(@($folders)[$i], $packages[$i].Dll)) $sdkFolder -Force
    }
    $sdkSource = "NuGet cache ($(Split-Path -Leaf @($folders)[1]))"
}
else {
    $sdkFolder = [System.IO.Path]::Combine((Split-Path -Parent (Get-Module PresignTools).Path), 'bin', 'deps')
    $sdkSource = 'module bin/deps (netstandard2.0)'
}
$null = [System.Reflection.Assembly]::LoadFrom((Join-Path $sdkFolder 'AWSSDK.Core.dll'))
$null = [System.Reflection.Assembly]::LoadFrom((Join-Path $sdkFolder 'AWSSDK.S3.dll'))
$client = [Amazon.S3.AmazonS3Client]::new([Amazon.Runtime.BasicAWSCredentials]::new($AccessKey, $SecretKey),
    [Amazon.S3.AmazonS3Config]@{ RegionEndpoint = [Amazon.RegionEndpoint]::GetBySystemName($Region) })
$request = [Amazon.S3.Model.GetPreSignedUrlRequest]::new()
$request.Verb = [Amazon.S3.HttpVerb]::GET
$request.Expires = [DateTime]::UtcNow.AddHours(2)

# Output goes to the null stream: `$null = <pipeline>` would collect every result first.
$cases = [ordered]@{
    SelectObject = { $objects | Select-Object BucketName, Key > $null }
    PipelineFloor = { $objects | Test-PipelineFloor > $null }
    GetS3PresignedUrl = { $objects | Get-S3PresignedUrl @presignArgs > $null }
    AwsSdkLoop = {
        foreach ($o in $sdkObjects) {
            $request.BucketName = $o.BucketName
            $request.Key = $o.Key
            $null = $client.GetPreSignedURL($request)
        }
    }
}
$items = @{ SelectObject = $Count; PipelineFloor = $Count; GetS3PresignedUrl = $Count; AwsSdkLoop = $SdkCount }

# Same URL both ways (sanity), and warm-up (JIT, caches) on a slice.
$check = $objects[0] | Get-S3PresignedUrl @presignArgs
$request.BucketName = $objects[0].BucketName; $request.Key = $objects[0].Key
$sdkUrl = $client.GetPreSignedURL($request)
if (-not $sdkUrl.Contains($objects[0].Key) -or -not $check.Url.Contains($objects[0].Key)) { throw "Unexpected URLs: $($check.Url) / $sdkUrl" }
$warm = [object[]]($objects[0..4999])
$warm | Select-Object BucketName, Key > $null
$warm | Test-PipelineFloor > $null
$warm | Get-S3PresignedUrl @presignArgs > $null
foreach ($o in $warm) { $request.BucketName = $o.BucketName; $request.Key = $o.Key; $null = $client.GetPreSignedURL($request) }

$times = @{}
foreach ($name in $cases.Keys) { $times[$name] = [System.Collections.Generic.List[double]]::new() }
for ($r = 1; $r -le $Rounds; $r++) {
    Write-Step "pipeline round $r of $Rounds"
    foreach ($name in $cases.Keys) {
        $ms = Measure-Milliseconds $cases[$name]
        $times[$name].Add($ms * 1000.0 / $items[$name])
    }
}
$pipeline = [ordered]@{}
foreach ($name in $cases.Keys) {
    $pipeline[$name] = [ordered]@{
        Items = $items[$name]
        MedianMicroseconds = Get-Median $times[$name].ToArray()
        RoundsMicroseconds = $times[$name].ToArray()
    }
}

# ---- Memory over a long pipeline ---------------------------------------------------------------------

$repeats = [int][Math]::Ceiling($MemoryItems / $Count)
Write-Step "memory: $($repeats * $Count) items"
$samples = [System.Collections.Generic.List[object]]::new()
function Get-MemorySample([long] $ItemsDone) {
    [pscustomobject]@{
        Items = $ItemsDone
        ManagedBytes = [GC]::GetTotalMemory($true)
        WorkingSetBytes = [System.Diagnostics.Process]::GetCurrentProcess().WorkingSet64
    }
}
$samples.Add((Get-MemorySample 0))
$sw = [System.Diagnostics.Stopwatch]::StartNew()
& {
    for ($r = 1; $r -le $repeats; $r++) {
        foreach ($o in $objects) { $o }
        # Upstream of the cmdlet, between items: what the pipeline holds at this point.
        $samples.Add((Get-MemorySample ($r * $Count)))
    }
} | Get-S3PresignedUrl @presignArgs > $null
$sw.Stop()
$samples.Add((Get-MemorySample ($repeats * $Count)))
$memory = [ordered]@{
    Items = $repeats * $Count
    Seconds = $sw.Elapsed.TotalSeconds
    ManagedBeforeBytes = $samples[0].ManagedBytes
    ManagedAfterBytes = $samples[$samples.Count - 1].ManagedBytes
    ManagedMaxBytes = ($samples | Measure-Object ManagedBytes -Maximum).Maximum
    WorkingSetBeforeBytes = $samples[0].WorkingSetBytes
    WorkingSetAfterBytes = $samples[$samples.Count - 1].WorkingSetBytes
    WorkingSetMaxBytes = ($samples | Measure-Object WorkingSetBytes -Maximum).Maximum
    Samples = $samples.ToArray()
}

# ---- Cold start --------------------------------------------------------------------------------------

$pwshDll = Join-Path $PSHOME 'pwsh.dll'
if ((Test-Path $pwshDll) -and [Environment]::ProcessPath -notmatch 'pwsh(\.exe)?$') {
    $exe = [Environment]::ProcessPath; $prefix = @($pwshDll)
}
else {
    $exe = Join-Path $PSHOME 'pwsh'; $prefix = @()
}
$modulePathLiteral = $ModulePath -replace "'", "''"
$coldCommand = "Import-Module '$modulePathLiteral'; Get-S3PresignedUrl -BucketName $Bucket -Key k -AccessKey $AccessKey -SecretKey '$SecretKey' -Region $Region"
# GNU time, where there is one, also reports the child's CPU time (user + system), which a busy machine
# inflates far less than wall-clock time.
$gnuTime = if (Test-Path /usr/bin/time) { '/usr/bin/time' } else { $null }
function Invoke-Child([string] $Command) {
    if ($gnuTime) {
        $psi = [System.Diagnostics.ProcessStartInfo]::new($gnuTime)
        foreach ($a in @('-f', 'cpu-seconds=%U+%S', $exe)) { $psi.ArgumentList.Add($a) }
    }
    else {
        $psi = [System.Diagnostics.ProcessStartInfo]::new($exe)
    }
    foreach ($a in $prefix + @('-NoProfile', '-NonInteractive', '-Command', $Command)) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $psi.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
    $psi.Environment['POWERSHELL_UPDATECHECK'] = 'Off'
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $p = [System.Diagnostics.Process]::Start($psi)
    $out = $p.StandardOutput.ReadToEndAsync()
    $err = $p.StandardError.ReadToEndAsync()
    $p.WaitForExit()
    $sw.Stop()
    if ($p.ExitCode -ne 0) { throw "Child pwsh exited with $($p.ExitCode): $($err.Result)$($out.Result)" }
    $cpu = [regex]::Match($err.Result, 'cpu-seconds=([0-9.]+)\+([0-9.]+)')
    return [pscustomobject]@{
        Milliseconds = $sw.Elapsed.TotalMilliseconds
        CpuMilliseconds = if ($cpu.Success) { 1000 * ([double]$cpu.Groups[1].Value + [double]$cpu.Groups[2].Value) } else { $null }
        Output = $out.Result
    }
}

Write-Step "cold start: $ColdRuns runs each"
$null = Invoke-Child '1'
$null = Invoke-Child $coldCommand
$base = [System.Collections.Generic.List[double]]::new()
$cold = [System.Collections.Generic.List[double]]::new()
$baseCpu = [System.Collections.Generic.List[double]]::new()
$coldCpu = [System.Collections.Generic.List[double]]::new()
for ($r = 1; $r -le $ColdRuns; $r++) {
    $b = Invoke-Child '1'
    $m = Invoke-Child $coldCommand
    $base.Add($b.Milliseconds); $cold.Add($m.Milliseconds)
    if ($null -ne $b.CpuMilliseconds -and $null -ne $m.CpuMilliseconds) { $baseCpu.Add($b.CpuMilliseconds); $coldCpu.Add($m.CpuMilliseconds) }
}
$probe = Invoke-Child ("`$null = & { $coldCommand }; " + '([System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { $_.Assemblies } | ForEach-Object { $_.GetName().Name } | Where-Object { $_ -like ''AWSSDK*'' }) -join '',''')
$coldStart = [ordered]@{
    Command = $coldCommand -replace [regex]::Escape($SecretKey), '…'
    BaselineMedianMs = Get-Median $base.ToArray()
    ModuleMedianMs = Get-Median $cold.ToArray()
    BaselineRunsMs = $base.ToArray()
    ModuleRunsMs = $cold.ToArray()
    BaselineCpuMedianMs = if ($baseCpu.Count) { Get-Median $baseCpu.ToArray() } else { $null }
    ModuleCpuMedianMs = if ($coldCpu.Count) { Get-Median $coldCpu.ToArray() } else { $null }
    AwsSdkLoaded = $probe.Output.Trim()
}

[ordered]@{
    Objects = $Count
    Rounds = $Rounds
    AwsSdkSource = $sdkSource
    PowerShell = $PSVersionTable.PSVersion.ToString()
    Pipeline = $pipeline
    Memory = $memory
    ColdStart = $coldStart
} | ConvertTo-Json -Depth 6 | Set-Content -Path $ResultPath -Encoding utf8
