#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, packages, demonstrates and benchmarks PresignTools.

.DESCRIPTION
    Tasks:
      Build    (default) stage a loadable module at out/PresignTools
      Test     Build, start the test S3 server, run xunit and Pester, print "N passed, N failed"
      Demo     Build, start the test S3 server, upload samples, list, presign, download, tamper
      Package  Build, then write out/PresignTools.<version>.nupkg
      Bench    Build, run the benchmarks

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Package', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'PresignTools'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:NO_COLOR = '1'

Import-Module (Join-Path $Root 'tests/tools/TestServer.psm1') -Force

function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' exited with $LASTEXITCODE." }
}

function Invoke-Build {
    # -Portable: IL only (what Package ships). Otherwise PresignTools.dll is also compiled ahead of time
    # (ReadyToRun) for this machine's platform, which takes a good part of the JIT out of a cold start.
    param([switch] $Portable)
    Write-Host "==> Build ($Configuration)"
    $stage = Join-Path $Out 'stage'
    Remove-Item -Recurse -Force $ModuleOut, $stage -ErrorAction SilentlyContinue
    $bin = Join-Path $ModuleOut 'bin'
    $deps = Join-Path $bin 'deps'
    $null = New-Item -ItemType Directory -Force $deps

    Invoke-Native dotnet @('build', (Join-Path $Root 'src/PresignTools/PresignTools.csproj'), '-c', $Configuration, '-o', (Join-Path $stage 'main'), '--nologo', '-v', 'q', '-clp:ErrorsOnly')
    Invoke-Native dotnet @('build', (Join-Path $Root 'src/PresignTools.LoadContext/PresignTools.LoadContext.csproj'), '-c', $Configuration, '-o', (Join-Path $stage 'alc'), '--nologo', '-v', 'q', '-clp:ErrorsOnly')
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/PresignTools.Aws/PresignTools.Aws.csproj'), '-c', $Configuration, '-o', (Join-Path $stage 'aws'), '--nologo', '-v', 'q', '-clp:ErrorsOnly')

    # bin/ holds what loads in the default context; bin/deps/ what loads in the private one.
    Copy-Item (Join-Path $stage 'main/PresignTools.dll') $bin
    if (-not $Portable) { Invoke-ReadyToRun -Assembly (Join-Path $bin 'PresignTools.dll') -References (Join-Path $stage 'aws/PresignTools.Aws.dll') }
    Copy-Item (Join-Path $stage 'alc/PresignTools.LoadContext.dll') $bin
    Get-ChildItem (Join-Path $stage 'aws') -Filter '*.dll' | Copy-Item -Destination $deps

    Copy-Item (Join-Path $Root 'PresignTools.psd1') $ModuleOut
    Get-ChildItem (Join-Path $Root 'src/module') -Filter '*.ps1xml' | Copy-Item -Destination $ModuleOut
    $helpBuilder = Join-Path $Root 'tests/tools/HelpBuilder.ps1'
    if (Test-Path $helpBuilder) {
        & $helpBuilder -DocsPath (Join-Path $Root 'docs') -OutputPath (Join-Path $ModuleOut 'en-US')
    }
    Remove-Item -Recurse -Force $stage
    Write-Host "    staged $ModuleOut"
}

function Invoke-ReadyToRun {
    # Compiles one assembly ahead of time for the running platform with crossgen2 (the compiler behind
    # PublishReadyToRun, which a netstandard2.0 library cannot use). The image keeps its IL, so it still
    # loads anywhere .NET does; other platforms just JIT it. Skipped, with a note, where the compiler
    # cannot be restored.
    param([string] $Assembly, [string] $References)
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    if ($PSEdition -ne 'Core' -or $rid -notmatch '^(?<os>linux|linux-musl|osx|win)-(?<arch>x64|arm64)$') {
        Write-Host "    ReadyToRun: skipped (no crossgen2 for '$rid')"
        return
    }
    $os = if ($Matches.os -eq 'linux-musl') { 'linux' } else { $Matches.os }
    $arch = $Matches.arch
    $version = [Environment]::Version.ToString(3)
    & dotnet restore (Join-Path $Root 'tools/ReadyToRun/ReadyToRun.csproj') --nologo -v q "-p:Crossgen2Rid=$rid" "-p:Crossgen2Version=$version" 2>&1 | Out-Null
    $tools = Join-Path (Get-NuGetPackagesRoot) "microsoft.netcore.app.crossgen2.$rid/$version/tools"
    $compiler = @('crossgen2', 'crossgen2.exe') | ForEach-Object { Join-Path $tools $_ } | Where-Object { Test-Path $_ } | Select-Object -First 1
    if ($LASTEXITCODE -ne 0 -or -not $compiler) {
        Write-Host "    ReadyToRun: skipped (could not restore crossgen2 $version for $rid)"
        return
    }
    $runtime = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    $compiled = "$Assembly.r2r"
    $arguments = @($Assembly, '-o', $compiled, '-O', "--targetos:$os", "--targetarch:$arch",
        '-r', (Join-Path $runtime '*.dll'), '-r', (Join-Path $PSHOME '*.dll'), '-r', $References)
    $output = & $compiler @arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "crossgen2 failed ($LASTEXITCODE): $($output -join [Environment]::NewLine)" }
    Move-Item -LiteralPath $compiled -Destination $Assembly -Force
    Write-Host "    ReadyToRun: PresignTools.dll compiled for $rid (.NET $version)"
}

function Get-NuGetPackagesRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    return $line.Trim()
}

function Initialize-TestTools {
    Write-Host '==> Restoring test tools (Pester, a second AWSSDK build, the test S3 server)'
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/tools/TestTools.csproj'), '--nologo', '-v', 'q')
    Initialize-TestServer
}

function Invoke-Test {
    Invoke-Build
    Initialize-TestTools
    $results = Join-Path $Out 'test-results'
    Remove-Item -Recurse -Force $results -ErrorAction SilentlyContinue
    $null = New-Item -ItemType Directory -Force $results

    # Tests never read the developer's own AWS files, and never reach instance metadata.
    $isolation = Join-Path $results 'aws-empty'
    $null = New-Item -ItemType Directory -Force $isolation
    $emptyFile = Join-Path $isolation 'empty'
    Set-Content -Path $emptyFile -Value ''
    $env:AWS_CONFIG_FILE = $emptyFile
    $env:AWS_SHARED_CREDENTIALS_FILE = $emptyFile
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    # Bucket-region lookups would ask real S3; the suites that test them use a loopback stand-in.
    $env:PRESIGNTOOLS_REGION_LOOKUP = 'off'
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_CREDENTIAL_EXPIRATION') {
        Remove-Item "env:$name" -ErrorAction SilentlyContinue
    }

    $server = Start-TestServer -Buckets @('presign-tests', 'round-trip', 'listing', 'demo', 'uploads')
    $passed = 0; $failed = 0; $skipped = 0
    try {
        $env:PRESIGNTOOLS_TEST_ENDPOINT = $server.Endpoint
        $env:PRESIGNTOOLS_MODULE = Join-Path $ModuleOut 'PresignTools.psd1'
        $env:PRESIGNTOOLS_NUGET_PACKAGES = Get-NuGetPackagesRoot

        Write-Host '==> xunit'
        $trx = Join-Path $results 'xunit.trx'
        & dotnet test (Join-Path $Root 'tests/PresignTools.Tests/PresignTools.Tests.csproj') -c $Configuration --nologo `
            --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' --results-directory $results
        $xunitExit = $LASTEXITCODE
        if (Test-Path $trx) {
            [xml] $doc = Get-Content -Raw $trx
            $c = $doc.TestRun.ResultSummary.Counters
            # Skipped tests are counted in total but not in executed (notExecuted stays 0 for them).
            $xunitSkipped = [int]$c.total - [int]$c.executed
            $passed += [int]$c.passed; $failed += [int]$c.failed + [int]$c.error + [int]$c.timeout; $skipped += $xunitSkipped
            Write-Host "    xunit: $($c.passed) passed, $([int]$c.failed + [int]$c.error) failed, $xunitSkipped skipped"
        }
        elseif ($xunitExit -ne 0) {
            Write-Host '    xunit did not run (build failure?)'
            $failed += 1
        }

        Write-Host '==> Pester (child pwsh, against the built module)'
        $pesterJson = Join-Path $results 'pester.json'
        $pwshDll = Join-Path $PSHOME 'pwsh.dll'
        $runner = Join-Path $Root 'tests/tools/Invoke-PesterSuite.ps1'
        if (Test-Path $pwshDll) {
            & ([Environment]::ProcessPath) $pwshDll -NoProfile -NonInteractive -File $runner -ResultPath $pesterJson
        }
        else {
            & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File $runner -ResultPath $pesterJson
        }
        if (Test-Path $pesterJson) {
            $p = Get-Content -Raw $pesterJson | ConvertFrom-Json
            $passed += $p.Passed; $failed += $p.Failed; $skipped += $p.Skipped
            Write-Host "    Pester: $($p.Passed) passed, $($p.Failed) failed, $($p.Skipped) skipped"
        }
        else {
            Write-Host '    Pester produced no result file'
            $failed += 1
        }
    }
    finally {
        Stop-TestServer $server
    }

    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Initialize-TestServer
    & (Join-Path $Root 'tests/demo/Demo.ps1') -ModulePath (Join-Path $ModuleOut 'PresignTools.psd1')
}

function Invoke-Package {
    # out/PresignTools.<version>.nupkg: the staged module plus LICENSE, in the layout Install-PSResource and
    # Install-Module take from any NuGet feed or plain folder. Made offline: Compress-PSResource
    # (PSResourceGet 1.1+, PowerShell 7.5+) needs no repository; older PSResourceGet publishes to a
    # throwaway file repository instead. The module is what Build stages, portable (IL only).
    Invoke-Build -Portable
    $manifest = Import-PowerShellDataFile (Join-Path $ModuleOut 'PresignTools.psd1')
    $version = $manifest.ModuleVersion
    $psData = $manifest.PrivateData.PSData
    if ($psData.ContainsKey('Prerelease') -and $psData['Prerelease']) { $version += '-' + $psData['Prerelease'] }
    Write-Host "==> Package $version"
    $work = Join-Path $Out 'package'
    $stage = Join-Path $work 'PresignTools'
    $feed = Join-Path $work 'feed'
    $package = Join-Path $Out "PresignTools.$version.nupkg"
    Remove-Item -Recurse -Force $work, $package -ErrorAction SilentlyContinue
    $null = New-Item -ItemType Directory -Force $stage, $feed
    Copy-Item -Path (Join-Path $ModuleOut '*') -Destination $stage -Recurse
    Copy-Item -Path (Join-Path $Root 'LICENSE') -Destination $stage
    $null = Test-ModuleManifest -Path (Join-Path $stage 'PresignTools.psd1') -ErrorAction Stop

    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    # PSResourceGet's NuGet layer can write NuGet/NuGet.Config into the process's current directory when
    # the user has no ~/.config: run it from the scratch folder, which is deleted below.
    $savedDirectory = [Environment]::CurrentDirectory
    [Environment]::CurrentDirectory = $work
    try {
        if (Get-Command Compress-PSResource -ErrorAction SilentlyContinue) {
            Compress-PSResource -Path $stage -DestinationPath $feed
        }
        else {
            $repository = 'PresignToolsBuild-' + [guid]::NewGuid().ToString('n')
            Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
            try { Publish-PSResource -Path $stage -Repository $repository }
            finally { Unregister-PSResourceRepository -Name $repository }
        }
    }
    finally { [Environment]::CurrentDirectory = $savedDirectory }
    $built = @(Get-ChildItem -Path $feed -Filter '*.nupkg')
    if ($built.Count -ne 1) { throw "Packaging wrote $($built.Count) .nupkg files to $feed; expected one." }
    Move-Item -LiteralPath $built[0].FullName -Destination $package
    Remove-Item -Recurse -Force $work
    Write-Host "    wrote $package"
}

function Invoke-Bench {
    # BenchmarkDotNet (core vs a hand-written SigV4 floor vs AWSSDK.S3), the pipeline over 100,000 objects
    # vs Select-Object and an AWSSDK loop, cold start and memory; one table. Raw results in out/bench/.
    Invoke-Build
    & (Join-Path $Root 'bench/Invoke-Benchmarks.ps1') -ModulePath $ModuleOut -Configuration $Configuration
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
    'Bench' { Invoke-Bench }
}
