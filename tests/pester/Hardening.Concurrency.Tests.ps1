# Parallel runspaces and long pipelines (issue 8).
#
# Two child processes, started together:
#   concurrency - 8 workers under ForEach-Object -Parallel (ThrottleLimit 8), then 8 workers in a RunspacePool of 8,
#                 each presigning 5,000 items at once (a Barrier releases them together), with different regions,
#                 credentials, session tokens, signing times, methods, endpoints and both presigning cmdlets; every
#                 URL must equal the one the same worker's items give when signed sequentially, with no error, and
#                 each phase must finish within its timeout (no deadlock).
#   memory      - a 100,000-item pipeline of objects with BucketName/Key: managed heap measured with
#                 [GC]::GetTotalMemory($true) before, every 20,000 items, and after.
# Each child prints one JSON line of results; the figures are written to the test output.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    $modulePath = Get-TestModulePath

    $concurrency = @'
$ErrorActionPreference = 'Stop'
$modulePath = $env:HARDENING_MODULE
Import-Module $modulePath

# What one worker signs: 5,000 items of its own, with parameters that differ from every other worker's.
$workerText = @"
param([hashtable] `$Spec, [string] `$ModulePath, [System.Threading.Barrier] `$Barrier)
Import-Module `$ModulePath
`$w = `$Spec.Worker
`$items = [System.Collections.Generic.List[object]]::new(5000)
for (`$i = 0; `$i -lt 5000; `$i++) {
    `$key = "w`$w/`$i/`$([char]0xE9) `$([char]0x263A)+%~ #`$i"
    if (`$Spec.Versions) { `$items.Add([pscustomobject]@{ BucketName = "bucket-`$(`$i % 5)"; Key = `$key; VersionId = `$(if (`$i % 3 -eq 0) { "v`$w.`$i" }) }) }
    else { `$items.Add([pscustomobject]@{ BucketName = "bucket-`$(`$i % 5)"; Key = `$key }) }
}
`$params = `$Spec.Params
`$errors = `$null
if (`$Barrier) { `$null = `$Barrier.SignalAndWait([TimeSpan]::FromSeconds(60)) }
`$sw = [System.Diagnostics.Stopwatch]::StartNew()
`$out = @(`$items | & `$Spec.Command @params -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable errors)
[pscustomobject]@{
    Worker = `$w; Seconds = `$sw.Elapsed.TotalSeconds; Thread = [System.Threading.Thread]::CurrentThread.ManagedThreadId
    Urls = [string[]]@(`$out.Url); Keys = [string[]]@(`$out.Key)
    Errors = @(`$errors).Count; FirstError = `$(if (`$errors) { "`$(`$errors[0].FullyQualifiedErrorId): `$(`$errors[0])" })
}
"@
$worker = [scriptblock]::Create($workerText)

$regions = 'us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2'
$methods = 'GET', 'HEAD', 'PUT', 'DELETE'
$specs = foreach ($w in 0..7) {
    $p = @{
        Region = $regions[$w % 4]; AccessKey = "AKIAWORKER00000000$w"; SecretKey = "secret/$($w % 3)+key"
        SigningTime = ([DateTimeOffset]'2024-01-01T00:00:00Z').AddHours(7 * $w); Expires = 60 * ($w + 1)
    }
    if ($w % 2) { $p.SessionToken = "token+/=$w" }
    if ($w -eq 1 -or $w -eq 5) { $p.EndpointUrl = 'http://127.0.0.1:9000' }
    if ($w -lt 6) {
        $p.Method = $methods[$w % 4]
        if ($w % 2 -eq 0) { $p.ResponseContentType = "text/plain; worker=$w" }
        @{ Worker = $w; Command = 'Get-S3PresignedUrl'; Versions = $true; Params = $p }
    }
    else {
        $p.ContentType = 'application/octet-stream'
        $p.Metadata = @{ worker = "$w" }
        @{ Worker = $w; Command = 'New-S3UploadUrl'; Versions = $false; Params = $p }
    }
}

# The reference: each worker's items signed one after the other in this runspace.
$sw = [System.Diagnostics.Stopwatch]::StartNew()
$reference = @{}
foreach ($s in $specs) { $reference[$s.Worker] = & $worker $s $modulePath $null }
$sequentialSeconds = $sw.Elapsed.TotalSeconds

function Compare-Results($results) {
    $mismatches = 0; $urls = 0; $errors = 0; $first = $null
    foreach ($r in $results) {
        $ref = $reference[$r.Worker]
        $errors += $r.Errors
        $urls += $r.Urls.Count
        if ($r.Urls.Count -ne $ref.Urls.Count) { $mismatches += [Math]::Abs($ref.Urls.Count - $r.Urls.Count); if (-not $first) { $first = "worker $($r.Worker): $($r.Urls.Count) URLs, expected $($ref.Urls.Count)" } }
        for ($i = 0; $i -lt [Math]::Min($r.Urls.Count, $ref.Urls.Count); $i++) {
            if (-not [string]::Equals($r.Urls[$i], $ref.Urls[$i], [StringComparison]::Ordinal) -or -not [string]::Equals($r.Keys[$i], $ref.Keys[$i], [StringComparison]::Ordinal)) {
                $mismatches++
                if (-not $first) { $first = "worker $($r.Worker) item ${i}: $($r.Urls[$i]) <> $($ref.Urls[$i])" }
            }
        }
    }
    @{ Workers = @($results).Count; Urls = $urls; Mismatches = $mismatches; Errors = $errors; First = $first; Threads = @($results.Thread | Sort-Object -Unique).Count }
}

# ForEach-Object -Parallel, ThrottleLimit 8: all 8 at once.
$barrier = [System.Threading.Barrier]::new(8)
$sw.Restart()
$parallelErrors = $null
$parallel = @($specs | ForEach-Object -Parallel {
        & ([scriptblock]::Create($using:workerText)) $_ $using:modulePath $using:barrier
    } -ThrottleLimit 8 -TimeoutSeconds 120 -ErrorVariable parallelErrors)
$parallelSeconds = $sw.Elapsed.TotalSeconds
$p = Compare-Results $parallel

# 8 runspaces of a RunspacePool, started together, bounded by a timeout.
$pool = [runspacefactory]::CreateRunspacePool(1, 8)
$pool.Open()
$barrier = [System.Threading.Barrier]::new(8)
$sw.Restart()
$jobs = foreach ($s in $specs) {
    $ps = [powershell]::Create()
    $ps.RunspacePool = $pool
    $null = $ps.AddScript($workerText).AddArgument($s).AddArgument($modulePath).AddArgument($barrier)
    @{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
}
$completed = [System.Threading.WaitHandle]::WaitAll([System.Threading.WaitHandle[]]@($jobs | ForEach-Object { $_.Handle.AsyncWaitHandle }), [TimeSpan]::FromSeconds(120))
$poolResults = @()
$poolStreamErrors = 0
foreach ($j in $jobs) {
    if ($completed) { $poolResults += $j.PowerShell.EndInvoke($j.Handle) } else { $j.PowerShell.Stop() }
    $poolStreamErrors += $j.PowerShell.Streams.Error.Count
    $j.PowerShell.Dispose()
}
$pool.Close()
$poolSeconds = $sw.Elapsed.TotalSeconds
$q = Compare-Results $poolResults

[pscustomobject]@{
    SequentialSeconds = [Math]::Round($sequentialSeconds, 2)
    ParallelSeconds = [Math]::Round($parallelSeconds, 2); ParallelWorkers = $p.Workers; ParallelUrls = $p.Urls; ParallelMismatches = $p.Mismatches
    ParallelErrors = $p.Errors + @($parallelErrors).Count; ParallelFirst = $p.First; ParallelThreads = $p.Threads
    ParallelRunspaceErrors = "$(@($parallelErrors)[0])"
    PoolSeconds = [Math]::Round($poolSeconds, 2); PoolCompleted = $completed; PoolWorkers = $q.Workers; PoolUrls = $q.Urls; PoolMismatches = $q.Mismatches
    PoolErrors = $q.Errors + $poolStreamErrors; PoolFirst = $q.First; PoolThreads = $q.Threads
    ReferenceUrls = ($reference.Values | ForEach-Object { $_.Urls.Count } | Measure-Object -Sum).Sum
    ReferenceErrors = ($reference.Values | ForEach-Object { $_.Errors } | Measure-Object -Sum).Sum
    ReferenceFirstError = "$(($reference.Values | Where-Object FirstError | Select-Object -First 1).FirstError)"
    DistinctUrls = [System.Collections.Generic.HashSet[string]]::new([string[]]@($reference.Values | ForEach-Object { $_.Urls }), [StringComparer]::Ordinal).Count
} | ConvertTo-Json -Compress
'@

    $memory = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:HARDENING_MODULE
$conn = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; Region = 'us-east-1' }
# Warm up (module, signer, formatting) so that "before" already holds what any pipeline needs.
$null = & { foreach ($i in 1..2000) { [pscustomobject]@{ BucketName = 'reports-bucket'; Key = "warm/$i" } } } | Get-S3PresignedUrl @conn -Expires 1h
$before = [GC]::GetTotalMemory($true)
$script:count = 0
$script:samples = [System.Collections.Generic.List[long]]::new()
$script:lastUrl = $null
filter Measure-Stream { $script:count++; $script:lastUrl = $_.Url; if ($script:count % 20000 -eq 0) { $script:samples.Add([GC]::GetTotalMemory($true)) } }
$sw = [System.Diagnostics.Stopwatch]::StartNew()
& { foreach ($i in 1..100000) { [pscustomobject]@{ BucketName = 'reports-bucket'; Key = "reports/2026/$i.pdf" } } } | Get-S3PresignedUrl @conn -Expires 1h | Measure-Stream
$seconds = $sw.Elapsed.TotalSeconds
$after = [GC]::GetTotalMemory($true)
[pscustomobject]@{
    Count = $script:count; Seconds = [Math]::Round($seconds, 2); Before = $before; After = $after; Samples = @($script:samples)
    PeakWorkingSet = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64; LastUrl = $script:lastUrl
} | ConvertTo-Json -Compress
'@

    # Start both children at once; each is bounded by its own timeout.
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    $script:children = [ordered]@{}
    $running = [ordered]@{}
    $script:scriptFiles = @()
    foreach ($name in 'concurrency', 'memory') {
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ("hardening-concurrency-$name-" + [guid]::NewGuid().ToString('n') + '.ps1')
        Set-Content -LiteralPath $file -Value $(if ($name -eq 'concurrency') { $concurrency } else { $memory }) -Encoding utf8
        $script:scriptFiles += $file
        $psi = [System.Diagnostics.ProcessStartInfo]::new()
        if (Test-Path $pwshDll) { $psi.FileName = [Environment]::ProcessPath; $psi.ArgumentList.Add($pwshDll) } else { $psi.FileName = Join-Path $PSHOME 'pwsh' }
        foreach ($a in '-NoProfile', '-NonInteractive', '-File', $file) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $psi.Environment['HARDENING_MODULE'] = $modulePath
        $psi.Environment['NO_COLOR'] = '1'
        $p = [System.Diagnostics.Process]::Start($psi)
        $running[$name] = @{ Process = $p; Out = $p.StandardOutput.ReadToEndAsync(); Err = $p.StandardError.ReadToEndAsync(); Clock = [System.Diagnostics.Stopwatch]::StartNew() }
    }
    foreach ($name in $running.Keys) {
        $c = $running[$name]
        $finished = $c.Process.WaitForExit(300000)
        if (-not $finished) { $c.Process.Kill($true) }
        $c.Process.WaitForExit()
        $line = @($c.Out.Result -split "`n" | Where-Object { $_.TrimStart().StartsWith('{') }) | Select-Object -Last 1
        $script:children[$name] = [pscustomobject]@{
            Finished = $finished; ExitCode = $c.Process.ExitCode; StdErr = $c.Err.Result; Seconds = $c.Clock.Elapsed.TotalSeconds
            Result = $(if ($line) { $line | ConvertFrom-Json })
        }
    }
}

AfterAll {
    foreach ($f in $script:scriptFiles) { if ((Split-Path -Leaf $f) -like 'hardening-concurrency-*') { Remove-Item -LiteralPath $f -ErrorAction SilentlyContinue } }
}

Describe 'Presigning from parallel runspaces' {
    BeforeAll {
        $script:c = $script:children['concurrency']
        $script:r = $script:c.Result
        if ($script:r) {
            Write-Host ("    sequential reference: {0} s; ForEach-Object -Parallel: {1} s on {2} threads; RunspacePool: {3} s on {4} threads (40,000 URLs each)" -f
                $script:r.SequentialSeconds, $script:r.ParallelSeconds, $script:r.ParallelThreads, $script:r.PoolSeconds, $script:r.PoolThreads)
        }
    }

    It 'finishes (no deadlock) and reports' {
        $script:c.Finished | Should -BeTrue -Because 'the child has 5 minutes; each phase has a 120 s timeout of its own'
        $script:c.StdErr | Should -BeNullOrEmpty
        $script:c.ExitCode | Should -Be 0
        $script:r | Should -Not -BeNullOrEmpty
    }

    It 'signs 40,000 distinct URLs sequentially without an error (the reference)' {
        $script:r.ReferenceErrors | Should -Be 0 -Because $script:r.ReferenceFirstError
        $script:r.ReferenceUrls | Should -Be 40000
        $script:r.DistinctUrls | Should -Be 40000
    }

    It 'gives the same 40,000 URLs from 8 ForEach-Object -Parallel workers (ThrottleLimit 8), without an error' {
        $script:r.ParallelWorkers | Should -Be 8
        $script:r.ParallelErrors | Should -Be 0 -Because $script:r.ParallelRunspaceErrors
        $script:r.ParallelUrls | Should -Be 40000
        $script:r.ParallelMismatches | Should -Be 0 -Because $script:r.ParallelFirst
        $script:r.ParallelThreads | Should -BeGreaterThan 1
    }

    It 'gives the same 40,000 URLs from 8 runspaces of a RunspacePool, without an error, within the timeout' {
        $script:r.PoolCompleted | Should -BeTrue -Because 'all 8 runspaces must finish within 120 s'
        $script:r.PoolWorkers | Should -Be 8
        $script:r.PoolErrors | Should -Be 0
        $script:r.PoolUrls | Should -Be 40000
        $script:r.PoolMismatches | Should -Be 0 -Because $script:r.PoolFirst
        $script:r.PoolThreads | Should -BeGreaterThan 1
    }
}

Describe 'A 100,000-item pipeline keeps memory flat' {
    BeforeAll {
        $script:m = $script:children['memory']
        $script:mr = $script:m.Result
        if ($script:mr) {
            $mb = { param($b) [Math]::Round($b / 1MB, 2) }
            Write-Host ("    100,000 items in {0} s ({1:n0}/s); managed heap before {2} MB, after {3} MB, every 20,000 items: {4} MB; peak working set {5} MB" -f
                $script:mr.Seconds, (100000 / $script:mr.Seconds), (& $mb $script:mr.Before), (& $mb $script:mr.After),
                (($script:mr.Samples | ForEach-Object { & $mb $_ }) -join ' / '), (& $mb $script:mr.PeakWorkingSet))
        }
    }

    It 'streams all 100,000 links' {
        $script:m.Finished | Should -BeTrue
        $script:m.StdErr | Should -BeNullOrEmpty
        $script:m.ExitCode | Should -Be 0
        $script:mr.Count | Should -Be 100000
        $script:mr.LastUrl | Should -Match '^https://reports-bucket\.s3\.us-east-1\.amazonaws\.com/reports/2026/100000\.pdf\?X-Amz-'
    }

    It 'grows the managed heap by less than 50 MB, at the end and at every 20,000 items' {
        ($script:mr.After - $script:mr.Before) | Should -BeLessThan 50MB
        @($script:mr.Samples).Count | Should -Be 5
        foreach ($s in $script:mr.Samples) { ($s - $script:mr.Before) | Should -BeLessThan 50MB }
        # Flat, not merely small: the last sample is no more than 10 MB above the first.
        ($script:mr.Samples[-1] - $script:mr.Samples[0]) | Should -BeLessThan 10MB
    }
}
