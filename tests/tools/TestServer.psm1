# Starts and stops the signature-checking test S3 server (tests/s3server, @20minutes/s3rver 5.0.0)
# on 127.0.0.1. Shared by build.ps1 (Test, Demo) and by test suites that need a server of their own.

$script:ServerDirectory = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../s3server'))

function Initialize-TestServer {
    [CmdletBinding()]
    param()
    if (-not (Get-Command node -ErrorAction SilentlyContinue)) { throw 'Node.js (node) is required for the test S3 server.' }
    $marker = Join-Path $script:ServerDirectory 'node_modules/@20minutes/s3rver/package.json'
    if (-not (Test-Path $marker)) {
        Write-Host '    npm ci (tests/s3server)'
        Push-Location $script:ServerDirectory
        try {
            & npm ci --no-audit --no-fund --loglevel=error
            if ($LASTEXITCODE -ne 0) { throw "npm ci failed in $script:ServerDirectory ($LASTEXITCODE)." }
        }
        finally { Pop-Location }
    }
}

function Start-TestServer {
    [CmdletBinding()]
    param(
        [string[]] $Buckets = @('presign-tests'),
        [int] $TtlSeconds = 3600,
        # Start the loopback stand-in for STS, SSO, container and instance-metadata endpoints instead.
        [switch] $CredentialEndpoints
    )
    $data = Join-Path ([System.IO.Path]::GetTempPath()) ("presigntools-s3-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Force $data
    $stdout = Join-Path $data 'server.out'
    $stderr = Join-Path $data 'server.err'
    $node = (Get-Command node).Source
    $arguments = if ($CredentialEndpoints) {
        @((Join-Path $PSScriptRoot '../stand-ins/aws-credential-endpoints.js'), '--ttl-seconds', "$TtlSeconds")
    }
    else {
        @((Join-Path $script:ServerDirectory 'server.js'), '--dir', (Join-Path $data 'store'), '--buckets', ($Buckets -join ','), '--ttl-seconds', "$TtlSeconds")
    }
    $process = Start-Process -FilePath $node -ArgumentList $arguments -RedirectStandardOutput $stdout -RedirectStandardError $stderr -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    $info = $null
    while ([DateTime]::UtcNow -lt $deadline) {
        if ((Test-Path $stdout) -and (Get-Item $stdout).Length -gt 0) {
            $line = Get-Content $stdout -TotalCount 1
            if ($line) { $info = $line | ConvertFrom-Json; break }
        }
        if ($process.HasExited) { break }
        Start-Sleep -Milliseconds 100
    }
    if (-not $info) {
        $err = if (Test-Path $stderr) { Get-Content -Raw $stderr } else { '' }
        if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue }
        throw "The test S3 server did not start: $err"
    }
    [pscustomobject]@{
        Endpoint  = $info.endpoint
        Port      = $info.port
        ProcessId = $process.Id
        Directory = $data
    }
}

function Stop-TestServer {
    [CmdletBinding()]
    param([Parameter(Position = 0)] $Server)
    if (-not $Server) { return }
    $p = Get-Process -Id $Server.ProcessId -ErrorAction SilentlyContinue
    if ($p) {
        # SIGTERM first (a clean close), then a hard stop.
        if ($IsLinux -or $IsMacOS) { & kill -TERM $Server.ProcessId 2>$null } else { Stop-Process -Id $Server.ProcessId -Force }
        if (-not $p.WaitForExit(5000)) { Stop-Process -Id $Server.ProcessId -Force -ErrorAction SilentlyContinue }
    }
    Remove-Item -Recurse -Force $Server.Directory -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function Initialize-TestServer, Start-TestServer, Stop-TestServer
