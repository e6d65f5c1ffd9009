# Shared fixtures for the Pester suites: the built module's path, the test S3 server's endpoint, a
# child-pwsh runner, and HTTP helpers that send a presigned URL exactly as written.

function Get-TestModulePath {
    if ($env:PRESIGNTOOLS_MODULE) { return $env:PRESIGNTOOLS_MODULE }
    return [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../out/PresignTools/PresignTools.psd1'))
}

function Get-TestEndpoint {
    if (-not $env:PRESIGNTOOLS_TEST_ENDPOINT) { throw 'PRESIGNTOOLS_TEST_ENDPOINT is not set: run the suites through ./build.ps1 Test.' }
    return $env:PRESIGNTOOLS_TEST_ENDPOINT
}

function Get-TestConnection {
    @{ EndpointUrl = (Get-TestEndpoint); Region = 'us-east-1'; AccessKey = 'S3RVER'; SecretKey = 'S3RVER' }
}

function Get-NuGetPackagesRoot {
    if ($env:PRESIGNTOOLS_NUGET_PACKAGES) { return $env:PRESIGNTOOLS_NUGET_PACKAGES }
    return (Join-Path $HOME '.nuget/packages')
}

# Runs a script in a fresh pwsh (no profile) and returns its exit code and output streams.
function Invoke-ChildPwsh {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        # Run as pwsh -Command (its exit code reflects the last command's success) instead of -File.
        [switch] $AsCommand
    )
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("presigntools-child-" + [guid]::NewGuid().ToString('n') + '.ps1')
    Set-Content -Path $file -Value $Script -Encoding utf8
    $saved = @{}
    foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
    try {
        $pwshDll = Join-Path $PSHOME 'pwsh.dll'
        $psi = [System.Diagnostics.ProcessStartInfo]::new()
        if (Test-Path $pwshDll) { $psi.FileName = [Environment]::ProcessPath; $psi.ArgumentList.Add($pwshDll) }
        else { $psi.FileName = Join-Path $PSHOME 'pwsh' }
        $mode = if ($AsCommand) { @('-Command', $Script) } else { @('-File', $file) }
        foreach ($a in @('-NoProfile', '-NonInteractive') + $mode) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($psi)
        $stdoutTask = $p.StandardOutput.ReadToEndAsync()
        $stderrTask = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit(120000)) { $p.Kill($true); throw 'The child pwsh did not finish within 120 s.' }
        [pscustomobject]@{ ExitCode = $p.ExitCode; StdOut = $stdoutTask.Result; StdErr = $stderrTask.Result }
    }
    finally {
        foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        Remove-Item $file -ErrorAction SilentlyContinue
    }
}

# Sends a request with curl, path as written (no dot-segment removal), and returns status, S3 error code and body.
function Assert-ChildOutput {
    # A child pwsh run (Invoke-ChildPwsh) that wrote nothing to stderr and printed every pattern.
    param([Parameter(Mandatory)] $Result, [Parameter(Mandatory)] [string[]] $Pattern)
    $Result.StdErr | Should -BeNullOrEmpty
    foreach ($p in $Pattern) { $Result.StdOut | Should -Match $p }
}

function Invoke-Presigned {
    param(
        [Parameter(Mandatory)] [string] $Url,
        [string] $Method = 'GET',
        [string] $InFile,
        [hashtable] $Headers = @{}
    )
    $bodyFile = [System.IO.Path]::GetTempFileName()
    try {
        $curlArgs = @('--silent', '--show-error', '--path-as-is', '--globoff', '-X', $Method, '-o', $bodyFile, '-w', '%{http_code}')
        if ($Method -eq 'HEAD') { $curlArgs = @('--silent', '--show-error', '--path-as-is', '--globoff', '--head', '-o', $bodyFile, '-w', '%{http_code}') }
        foreach ($h in $Headers.Keys) { $curlArgs += @('-H', "${h}: $($Headers[$h])") }
        if ($InFile) { $curlArgs += @('--data-binary', "@$InFile") }
        $status = & curl @curlArgs $Url
        $bytes = [System.IO.File]::ReadAllBytes($bodyFile)
        $text = [System.Text.Encoding]::UTF8.GetString($bytes)
        $code = if ($text -match '<Code>([^<]+)</Code>') { $Matches[1] } else { $null }
        [pscustomobject]@{ Status = [int]$status; Code = $code; Bytes = $bytes; Text = $text }
    }
    finally { Remove-Item $bodyFile -ErrorAction SilentlyContinue }
}

function Set-SignatureTampered {
    param([Parameter(Mandatory)] [string] $Url)
    $last = $Url[-1]
    return $Url.Substring(0, $Url.Length - 1) + $(if ($last -eq '0') { '1' } else { '0' })
}

Export-ModuleMember -Function *
