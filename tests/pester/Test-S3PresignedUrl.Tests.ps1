BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:conn = Get-TestConnection
    $script:bucket = 'presign-tests'
    $script:cmdletId = 'PresignTools.Commands.TestS3PresignedUrlCommand'
    $script:keys = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; Region = 'eu-west-1' }

    $script:content = @{}
    foreach ($k in 'check/plain.txt', 'check/dots/../up.txt', 'check/a b+c~.txt') {
        $bytes = [System.Text.Encoding]::UTF8.GetBytes("content of $k " + [guid]::NewGuid())
        $file = [System.IO.Path]::GetTempFileName()
        [System.IO.File]::WriteAllBytes($file, $bytes)
        try {
            $put = Get-S3PresignedUrl -BucketName $script:bucket -Key $k -Method PUT -Expires 5m @script:conn
            (Invoke-Presigned -Url $put.Url -Method PUT -InFile $file).Status | Should -Be 200
        }
        finally { Remove-Item $file }
        $script:content[$k] = $bytes
    }

    # A one-shot HTTP server on 127.0.0.1 that records the request it gets (request line and headers) and
    # answers 206 with one byte: proves what -Online sends.
    function script:Start-RecordingServer {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $job = Start-ThreadJob -ArgumentList $listener -ScriptBlock {
            param($listener)
            try {
                $client = $listener.AcceptTcpClient()
                $stream = $client.GetStream()
                $reader = [System.IO.StreamReader]::new($stream, [System.Text.Encoding]::ASCII)
                $lines = @()
                while ($true) { $line = $reader.ReadLine(); if (-not $line) { break }; $lines += $line }
                $answer = [System.Text.Encoding]::ASCII.GetBytes("HTTP/1.1 206 Partial Content`r`nContent-Range: bytes 0-0/1000000`r`nContent-Length: 1`r`nConnection: close`r`n`r`nx")
                $stream.Write($answer, 0, $answer.Length)
                $stream.Flush()
                $client.Close()
                $lines
            }
            finally { $listener.Stop() }
        }
        [pscustomobject]@{ Endpoint = "http://127.0.0.1:$($listener.LocalEndpoint.Port)"; Job = $job; Listener = $listener }
    }
}

Describe 'Test-S3PresignedUrl offline' {
    It 'says True for a fresh link and False for an expired one, without a network call' {
        $fresh = Get-S3PresignedUrl -BucketName my-bucket -Key k -Expires 10m @script:keys
        $old = Get-S3PresignedUrl -BucketName my-bucket -Key k -SigningTime ([DateTimeOffset]::UtcNow.AddHours(-2)) -Expires 1h @script:keys -WarningAction SilentlyContinue
        Test-S3PresignedUrl $fresh | Should -BeExactly $true
        Test-S3PresignedUrl $old.Url | Should -BeExactly $false
        $r = @($fresh, $old | Test-S3PresignedUrl)
        $r | Should -Be @($true, $false)
        $r[0] | Should -BeOfType ([bool])
    }

    It 'says False (one result per item, no error) for garbage in a pipeline of good links' {
        $fresh = Get-S3PresignedUrl -BucketName my-bucket -Key k -Expires 10m @script:keys
        $r = @('garbage', $fresh, 'https://example.com/x', $null, $fresh.Url.Substring(0, 80), [uri]$fresh.Url | Test-S3PresignedUrl -ErrorVariable errs)
        $r | Should -Be @($false, $true, $false, $false, $false, $true)
        @($errs).Count | Should -Be 0
    }

    It 'explains with -Detailed' {
        $fresh = Get-S3PresignedUrl -BucketName my-bucket -Key k -Expires 10m @script:keys
        $old = Get-S3PresignedUrl -BucketName my-bucket -Key k -SigningTime ([DateTimeOffset]::UtcNow.AddHours(-2)) -Expires 1h @script:keys -WarningAction SilentlyContinue
        $r = @($fresh, $old, 'garbage', ($fresh.Url -replace 'X-Amz-Expires=600', 'X-Amz-Expires=ten') | Test-S3PresignedUrl -Detailed)
        $r[0] | Should -BeOfType ([PresignTools.PresignedUrlTestResult])
        $r[0].IsValid | Should -BeTrue
        $r[0].Online | Should -BeFalse
        $r[0].StatusCode | Should -BeNullOrEmpty
        $r[0].ErrorCode | Should -BeNullOrEmpty
        $r[0].Url | Should -BeExactly $fresh.Url
        $r[0].ExpiresAt | Should -Be $fresh.ExpiresAt
        $r[1].IsValid | Should -BeFalse
        $r[1].IsExpired | Should -BeTrue
        $r[1].ErrorCode | Should -Be 'Expired'
        $r[2].ErrorCode | Should -Be 'InvalidUrl'
        $r[3].ErrorCode | Should -Be 'MalformedPresignedUrl'
        $r[3].ErrorMessage | Should -Match "X-Amz-Expires 'ten'"
        foreach ($x in $r) { ($x.CheckedAt - [DateTimeOffset]::UtcNow).Duration().TotalMinutes | Should -BeLessThan 1 }
    }
}

Describe 'Test-S3PresignedUrl -Online against the test S3 server' {
    It 'says True for a valid link (206 or 200) and did not need the whole object' {
        $link = Get-S3PresignedUrl -BucketName $script:bucket -Key 'check/plain.txt' @script:conn
        Test-S3PresignedUrl $link -Online | Should -BeExactly $true
        $r = $link | Test-S3PresignedUrl -Online -Detailed
        $r.IsValid | Should -BeTrue
        $r.Online | Should -BeTrue
        $r.Method | Should -Be 'GET'
        $r.StatusCode | Should -BeIn @(200, 206)
        $r.ErrorCode | Should -BeNullOrEmpty
        $r.IsExpired | Should -BeFalse
    }

    It 'sends keys with <_> exactly as signed' -ForEach @('check/dots/../up.txt', 'check/a b+c~.txt') {
        $link = Get-S3PresignedUrl -BucketName $script:bucket -Key $_ @script:conn
        $r = $link.Url | Test-S3PresignedUrl -Online -Detailed
        $r.StatusCode | Should -BeIn @(200, 206)
        $r.IsValid | Should -BeTrue
    }

    It 'reports SignatureDoesNotMatch for a tampered link' {
        $link = Get-S3PresignedUrl -BucketName $script:bucket -Key 'check/plain.txt' @script:conn
        $bad = Set-SignatureTampered $link.Url
        Test-S3PresignedUrl $bad | Should -BeTrue -Because 'offline, a tampered signature still looks well-formed'
        $r = Test-S3PresignedUrl $bad -Online -Detailed -Method GET
        $r.IsValid | Should -BeFalse
        $r.StatusCode | Should -Be 403
        $r.ErrorCode | Should -Be 'SignatureDoesNotMatch'
        $r.ErrorMessage | Should -Not -BeNullOrEmpty
        $r.IsExpired | Should -BeFalse
        Test-S3PresignedUrl $bad -Online | Should -BeExactly $false
    }

    It 'reports AccessDenied "Request has expired" for an expired link' {
        $expired = Get-S3PresignedUrl -BucketName $script:bucket -Key 'check/plain.txt' -SigningTime ([DateTimeOffset]::UtcNow.AddMinutes(-10)) -Expires 60 @script:conn -WarningAction SilentlyContinue
        $r = $expired | Test-S3PresignedUrl -Online -Detailed
        $r.IsValid | Should -BeFalse
        $r.StatusCode | Should -Be 403
        $r.ErrorCode | Should -Be 'AccessDenied'
        $r.ErrorMessage | Should -Match 'Request has expired'
        $r.IsExpired | Should -BeTrue
    }

    It 'reports NoSuchKey for a link to a missing object' {
        $missing = Get-S3PresignedUrl -BucketName $script:bucket -Key 'check/no-such-object.txt' @script:conn
        $r = $missing | Test-S3PresignedUrl -Online -Detailed
        $r.IsValid | Should -BeFalse
        $r.StatusCode | Should -Be 404
        $r.ErrorCode | Should -Be 'NoSuchKey'
    }

    It 'checks HEAD links with HEAD, also when only the URL is known' {
        $head = Get-S3PresignedUrl -BucketName $script:bucket -Key 'check/plain.txt' -Method HEAD @script:conn
        $r = $head | Test-S3PresignedUrl -Online -Detailed
        $r.Method | Should -Be 'HEAD'
        $r.StatusCode | Should -Be 200
        $fromText = $head.Url | Test-S3PresignedUrl -Online -Detailed
        $fromText.IsValid | Should -BeTrue -Because 'GET is refused by signature, so HEAD is tried'
        $fromText.Method | Should -Be 'HEAD'
        (Test-S3PresignedUrl $head.Url -Online -Method GET -Detailed).ErrorCode | Should -Be 'SignatureDoesNotMatch'
    }

    It 'refuses to check PUT links online, and never uploads' {
        $put = Get-S3PresignedUrl -BucketName $script:bucket -Key 'check/plain.txt' -Method PUT -ContentType 'text/plain' @script:conn
        $fresh = Get-S3PresignedUrl -BucketName $script:bucket -Key 'check/plain.txt' @script:conn
        $out = @($put, $put.Url, $fresh | Test-S3PresignedUrl -Online -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out | Should -Be @($true)
        @($errs).Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -Be "OnlineCheckRefused,$script:cmdletId"
        $errs[0].TargetObject | Should -Be $put
        $errs[0].Exception.Message | Should -Match 'signed for PUT'
        $errs[1].TargetObject | Should -BeExactly $put.Url
        $got = Invoke-Presigned -Url $fresh.Url
        [Convert]::ToBase64String($got.Bytes) | Should -BeExactly ([Convert]::ToBase64String($script:content['check/plain.txt']))
    }

    It 'sends GET with Range: bytes=0-0 and the path exactly as written' {
        $server = Start-RecordingServer
        try {
            $link = Get-S3PresignedUrl -BucketName bkt -Key 'x/../y/./%7E z' -EndpointUrl $server.Endpoint -Region us-east-1 -AccessKey S3RVER -SecretKey S3RVER
            $r = $link | Test-S3PresignedUrl -Online -Detailed -TimeoutSec 20
            $r.StatusCode | Should -Be 206
            $r.IsValid | Should -BeTrue
            $request = @($server.Job | Wait-Job -Timeout 20 | Receive-Job)
            $request[0] | Should -BeExactly ('GET ' + $link.Url.Substring($server.Endpoint.Length) + ' HTTP/1.1')
            $request[0] | Should -Match '^GET /bkt/x/\.\./y/\./%257E%20z\?'
            ($request | Where-Object { $_ -match '^Range:' }) | Should -Be 'Range: bytes=0-0'
        }
        finally { $server.Listener.Stop(); $server.Job | Remove-Job -Force }
    }

    It 'gives up after -TimeoutSec with a Timeout error, and ConnectionFailed when nothing listens' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()   # accepts connections (backlog) but never answers
        try {
            $endpoint = "http://127.0.0.1:$($listener.LocalEndpoint.Port)"
            $link = Get-S3PresignedUrl -BucketName bkt -Key k -EndpointUrl $endpoint -Region us-east-1 -AccessKey S3RVER -SecretKey S3RVER
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $out = @($link | Test-S3PresignedUrl -Online -TimeoutSec 1 -ErrorVariable errs -ErrorAction SilentlyContinue)
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 8
            $out.Count | Should -Be 0 -Because 'a link that could not be checked is neither valid nor invalid'
            $errs[0].FullyQualifiedErrorId | Should -Be "Timeout,$script:cmdletId"
            $errs[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        }
        finally { $listener.Stop() }

        $closed = Get-S3PresignedUrl -BucketName bkt -Key k -EndpointUrl $endpoint -Region us-east-1 -AccessKey S3RVER -SecretKey S3RVER
        $null = $closed | Test-S3PresignedUrl -Online -TimeoutSec 5 -ErrorVariable errs2 -ErrorAction SilentlyContinue
        $errs2[0].FullyQualifiedErrorId | Should -Be "ConnectionFailed,$script:cmdletId"
        $errs2[0].Exception.Message | Should -Not -Match 'X-Amz-Signature'
    }

    It 'never shows a session token in verbose output or errors' {
        $token = 'FwoGZXIvYXdzEXAMPLE+SESSION/TOKEN=mustNeverShow0123456789'
        $link = Get-S3PresignedUrl -BucketName $script:bucket -Key 'check/plain.txt' -EndpointUrl (Get-TestEndpoint) -Region us-east-1 -AccessKey S3RVER -SecretKey S3RVER -SessionToken $token -WarningAction SilentlyContinue
        $all = $link | Test-S3PresignedUrl -Online -Detailed -Verbose 4>&1 2>&1
        $text = ($all | Where-Object { $_ -isnot [PresignTools.PresignedUrlTestResult] } | Out-String) + (($all | Where-Object { $_ -is [PresignTools.PresignedUrlTestResult] }).ErrorMessage)
        $text | Should -Match 'GET http://127\.0\.0\.1:\d+/presign-tests/check/plain\.txt'
        $text | Should -Not -Match 'mustNeverShow'
        $text | Should -Not -Match 'X-Amz-Security-Token'
    }
}
