BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:conn = Get-TestConnection
    $script:bucket = 'round-trip'
    $env:AWS_EC2_METADATA_DISABLED = 'true'

    function script:Send-Object([string] $Key, [byte[]] $Bytes) {
        $file = [System.IO.Path]::GetTempFileName()
        [System.IO.File]::WriteAllBytes($file, $Bytes)
        try {
            $put = Get-S3PresignedUrl -BucketName $script:bucket -Key $Key -Method PUT -Expires 5m @script:conn
            Invoke-Presigned -Url $put.Url -Method PUT -InFile $file
        }
        finally { Remove-Item $file }
    }
}

Describe 'Get-S3PresignedUrl known answers' {
    It 'reproduces the AWS documentation example URL' {
        $r = Get-S3PresignedUrl -BucketName examplebucket -Key test.txt -Region us-east-1 -EndpointUrl https://s3.amazonaws.com `
            -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' `
            -SigningTime '2013-05-24T00:00:00Z' -Expires 86400 -WarningAction SilentlyContinue
        $r.Url | Should -BeExactly ('https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
            '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z' +
            '&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404')
        $r.ExpiresAt | Should -Be ([DateTimeOffset]'2013-05-25T00:00:00Z')
        $r.SignedAt | Should -Be ([DateTimeOffset]'2013-05-24T00:00:00Z')
    }

    It 'converts to [string] and [uri] as the URL' {
        $r = Get-S3PresignedUrl s3://examplebucket/a/b.txt -Region eu-west-1 -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey secret
        [string]$r | Should -BeExactly $r.Url
        "$r" | Should -BeExactly $r.Url
        ([uri]$r).Host | Should -Be 'examplebucket.s3.eu-west-1.amazonaws.com'
        ([uri]$r).AbsolutePath | Should -Be '/a/b.txt'
        $r | Should -BeOfType ([PresignTools.PresignedUrl])
    }

    It 'keeps http for an http endpoint and signs path-style for an IP host' {
        $r = Get-S3PresignedUrl -BucketName examplebucket -Key k @script:conn
        $r.Url | Should -Match '^http://127\.0\.0\.1:\d+/examplebucket/k\?'
    }

    It 'reads an unquoted 7d as seven days, not seven seconds' {
        $r = Get-S3PresignedUrl -BucketName examplebucket -Key k -Expires 7d -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s -Region us-east-1
        ($r.RequestedExpiresAt - $r.SignedAt).TotalSeconds | Should -Be 604800
        $r.Url | Should -Match 'X-Amz-Expires=604800&'
    }

    It 'accepts every documented duration form' -TestCases @(
        @{ Value = '1h'; Seconds = 3600 }, @{ Value = '90m'; Seconds = 5400 }, @{ Value = '1d12h'; Seconds = 129600 },
        @{ Value = '45s'; Seconds = 45 }, @{ Value = 'PT1H'; Seconds = 3600 }, @{ Value = [TimeSpan]::FromMinutes(30); Seconds = 1800 },
        @{ Value = 600; Seconds = 600 }, @{ Value = '604800'; Seconds = 604800 }
    ) {
        param($Value, $Seconds)
        $r = Get-S3PresignedUrl -BucketName examplebucket -Key k -Expires $Value -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s -Region us-east-1
        $r.Url | Should -Match "X-Amz-Expires=$Seconds&"
    }
}

Describe 'Round trip against the signature-checking test S3 server' {
    BeforeAll {
        $script:awkward = @(
            'plain.txt', 'with space.txt', 'plus+sign.txt', 'percent%20literal.txt', 'tilde~file.txt', 'unicode-résumé-日本語.txt',
            'emoji-😀.bin', 'reserved=&?#.txt', 'semi;colon,comma:at@dollar$.txt', 'nested/deep/path/file.txt',
            'double//slash.txt', 'dots/../up.txt', 'dots/./here.txt', 'trailing space .txt', ' leading-space.txt'
        )
        $script:uploaded = @{}
        foreach ($k in $script:awkward) {
            $bytes = [System.Text.Encoding]::UTF8.GetBytes("content of [$k] " + [guid]::NewGuid())
            $put = Send-Object -Key $k -Bytes $bytes
            $script:uploaded[$k] = @{ Status = $put.Status; Bytes = $bytes }
        }
    }

    It 'uploads <_> through a presigned PUT' -ForEach @(
        'plain.txt', 'with space.txt', 'plus+sign.txt', 'percent%20literal.txt', 'tilde~file.txt', 'unicode-résumé-日本語.txt',
        'emoji-😀.bin', 'reserved=&?#.txt', 'semi;colon,comma:at@dollar$.txt', 'nested/deep/path/file.txt',
        'double//slash.txt', 'dots/../up.txt', 'dots/./here.txt', 'trailing space .txt', ' leading-space.txt'
    ) {
        $script:uploaded[$_].Status | Should -Be 200
    }

    It 'downloads <_> through a piped-in object, byte for byte' -ForEach @(
        'plain.txt', 'with space.txt', 'plus+sign.txt', 'percent%20literal.txt', 'tilde~file.txt', 'unicode-résumé-日本語.txt',
        'emoji-😀.bin', 'reserved=&?#.txt', 'semi;colon,comma:at@dollar$.txt', 'nested/deep/path/file.txt',
        'double//slash.txt', 'dots/../up.txt', 'dots/./here.txt', 'trailing space .txt', ' leading-space.txt'
    ) {
        $key = $_
        $link = [pscustomobject]@{ BucketName = $script:bucket; Key = $key } | Get-S3PresignedUrl -Expires 10m @script:conn
        $link.Key | Should -BeExactly $key
        $got = Invoke-Presigned -Url $link.Url
        $got.Status | Should -Be 200
        [Convert]::ToBase64String($got.Bytes) | Should -BeExactly ([Convert]::ToBase64String($script:uploaded[$key].Bytes))
    }

    It 'refuses the same link with a tampered signature' {
        $link = Get-S3PresignedUrl -BucketName $script:bucket -Key 'with space.txt' @script:conn
        (Invoke-Presigned -Url $link.Url).Status | Should -Be 200
        $bad = Invoke-Presigned -Url (Set-SignatureTampered $link.Url)
        $bad.Status | Should -Be 403
        $bad.Code | Should -Be 'SignatureDoesNotMatch'
    }

    It 'refuses a link signed with the wrong secret' {
        $c = Get-TestConnection; $c.SecretKey = 'not-the-secret'
        $link = Get-S3PresignedUrl -BucketName $script:bucket -Key 'plain.txt' @c
        $bad = Invoke-Presigned -Url $link.Url
        $bad.Status | Should -Be 403
        $bad.Code | Should -Be 'SignatureDoesNotMatch'
    }

    It 'refuses an expired link, and serves its unexpired twin' {
        $expired = Get-S3PresignedUrl -BucketName $script:bucket -Key 'plain.txt' -SigningTime ([DateTimeOffset]::UtcNow.AddMinutes(-10)) -Expires 60 @script:conn -WarningAction SilentlyContinue
        $fresh = Get-S3PresignedUrl -BucketName $script:bucket -Key 'plain.txt' -Expires 60 @script:conn
        $expired.ExpiresAt | Should -BeLessThan ([DateTimeOffset]::UtcNow)
        $bad = Invoke-Presigned -Url $expired.Url
        $bad.Status | Should -Be 403
        $bad.Code | Should -Be 'AccessDenied'
        $bad.Text | Should -Match 'Request has expired'
        (Invoke-Presigned -Url $fresh.Url).Status | Should -Be 200
    }

    It 'makes HEAD links that work, and that refuse GET' {
        $head = Get-S3PresignedUrl -BucketName $script:bucket -Key 'plain.txt' -Method HEAD @script:conn
        $head.Method | Should -Be 'HEAD'
        (Invoke-Presigned -Url $head.Url -Method HEAD).Status | Should -Be 200
        (Invoke-Presigned -Url $head.Url -Method GET).Status | Should -Be 403
    }

    It 'lists a prefix and presigns every object under it' {
        $links = @(Get-S3PresignedUrl -BucketName $script:bucket -Prefix 'nested/' -Recurse @script:conn)
        $links.Key | Should -Be @('nested/deep/path/file.txt')
        (Invoke-Presigned -Url $links[0].Url).Status | Should -Be 200
    }

    It 'signs response overrides that the server honours' {
        $link = Get-S3PresignedUrl -BucketName $script:bucket -Key 'plain.txt' -ResponseContentType 'text/x-test' -DownloadFileName 'report.txt' @script:conn
        $link.Url | Should -Match 'response-content-disposition=attachment%3B%20filename%3D%22report.txt%22'
        $headers = & curl --silent --path-as-is -D - -o /dev/null $link.Url
        ($headers -join "`n") | Should -Match '(?im)^content-type:\s*text/x-test'
        ($headers -join "`n") | Should -Match '(?im)^content-disposition:\s*attachment; filename="report.txt"'
        (Invoke-Presigned -Url (Set-SignatureTampered $link.Url)).Status | Should -Be 403
    }
}

Describe 'Credentials and effective expiry' {
    BeforeAll {
        $script:endpoint = Get-TestEndpoint
        $script:tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("pt-creds-" + [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory $script:tmp
        $script:credFile = Join-Path $script:tmp 'credentials'
        Set-Content $script:credFile -Value "[dev]`naws_access_key_id = S3RVER`naws_secret_access_key = S3RVER`n`n[wrong]`naws_access_key_id = S3RVER`naws_secret_access_key = nope`n"
        $script:upload = Send-Object -Key 'creds.txt' -Bytes ([byte[]](1, 2, 3))
    }
    AfterAll { Remove-Item -Recurse -Force $script:tmp -ErrorAction SilentlyContinue }

    It 'signs with a profile from -ProfileLocation and the link works' {
        $r = Get-S3PresignedUrl -BucketName round-trip -Key creds.txt -ProfileName dev -ProfileLocation $script:credFile -EndpointUrl $script:endpoint -Region us-east-1
        $r.CredentialSource | Should -Be 'profile:dev'
        (Invoke-Presigned -Url $r.Url).Status | Should -Be 200
        $w = Get-S3PresignedUrl -BucketName round-trip -Key creds.txt -ProfileName wrong -ProfileLocation $script:credFile -EndpointUrl $script:endpoint -Region us-east-1
        (Invoke-Presigned -Url $w.Url).Status | Should -Be 403
    }

    It 'fails clearly for an unknown profile' {
        { Get-S3PresignedUrl -BucketName round-trip -Key creds.txt -ProfileName nosuch -ProfileLocation $script:credFile -Region us-east-1 } |
            Should -Throw -ErrorId 'ProfileNotFound,PresignTools.Commands.GetS3PresignedUrlCommand'
    }

    It 'uses environment credentials, and reports when temporary ones cut the link short (one warning for many items)' {
        $expiry = [DateTimeOffset]::UtcNow.AddMinutes(20)
        $result = Invoke-ChildPwsh -Environment @{
            AWS_ACCESS_KEY_ID = 'S3RVER'; AWS_SECRET_ACCESS_KEY = 'S3RVER'; AWS_SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLE'
            AWS_CREDENTIAL_EXPIRATION = $expiry.ToString('o'); AWS_REGION = 'us-east-1'
        } -Script @"
Import-Module '$(Get-TestModulePath)'
`$r = 1..3 | ForEach-Object { "s3://round-trip/creds.txt" } | Get-S3PresignedUrl -Expires 2h -EndpointUrl '$script:endpoint' -WarningVariable w -WarningAction SilentlyContinue
`$r | Select-Object ExpiryLimitedBy, ExpiresAt, RequestedExpiresAt, CredentialSource, IsTemporaryCredential, CredentialExpiresAt | ConvertTo-Json -Compress
'WARNINGS=' + `$w.Count
`$s = 's3://round-trip/creds.txt', 's3://round-trip/creds.txt' | Get-S3PresignedUrl -Expires 2h -EndpointUrl '$script:endpoint' -Strict -ErrorVariable e -ErrorAction SilentlyContinue
'STRICT=' + @(`$s).Count + ':' + `$e.Count + ':' + `$e[0].FullyQualifiedErrorId
"@
        $result.ExitCode | Should -Be 0
        $json = ($result.StdOut -split "`n" | Where-Object { $_ -like '`[*' } | Select-Object -First 1) | ConvertFrom-Json
        $json.Count | Should -Be 3
        $json[0].ExpiryLimitedBy | Should -Be 1   # CredentialExpiry
        $json[0].CredentialSource | Should -Be 'environment'
        $json[0].IsTemporaryCredential | Should -BeTrue
        ([DateTimeOffset]$json[0].ExpiresAt - $expiry).Duration().TotalSeconds | Should -BeLessThan 1
        $result.StdOut | Should -Match 'WARNINGS=1'
        $result.StdOut | Should -Match 'STRICT=0:2:LinkOutlivesCredentials,PresignTools.Commands.GetS3PresignedUrlCommand'
        $result.StdOut + $result.StdErr | Should -Not -Match 'FwoGZXIvYXdzEXAMPLE'
    }

    It 'fails with one clear line when no credentials exist anywhere' {
        $result = Invoke-ChildPwsh -Environment @{ AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_PROFILE = $null } -Script @"
Import-Module '$(Get-TestModulePath)'
try { Get-S3PresignedUrl -BucketName round-trip -Key k -Region us-east-1 -ErrorAction Stop } catch { 'ID=' + `$_.FullyQualifiedErrorId; 'MSG=' + `$_.Exception.Message; exit 3 }
"@
        $result.ExitCode | Should -Be 3
        $result.StdOut | Should -Match 'ID=NoCredentials,PresignTools.Commands.GetS3PresignedUrlCommand'
        ($result.StdOut -split "`n" | Where-Object { $_ -like 'MSG=*' }).Count | Should -Be 1
    }
}

Describe 'Bad input gets one clear line with a stable id' {
    BeforeAll {
        $script:keys = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; Region = 'us-east-1' }
    }

    It 'refuses -Expires <Value>' -TestCases @(
        @{ Value = 0 }, @{ Value = -5 }, @{ Value = 604801 }, @{ Value = '8d' }, @{ Value = '1x' }, @{ Value = '' }, @{ Value = '0.5s' }
    ) {
        param($Value)
        $err = $null
        try { Get-S3PresignedUrl -BucketName examplebucket -Key k -Expires $Value @script:keys -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'InvalidExpires,PresignTools.Commands.GetS3PresignedUrlCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match '-Expires'
        $err.Exception.Message | Should -Not -Match "`n"
    }

    It 'refuses an -ExpiresAt in the past' {
        { Get-S3PresignedUrl -BucketName examplebucket -Key k -ExpiresAt (Get-Date).AddMinutes(-1) @script:keys } |
            Should -Throw -ErrorId 'ExpiresAtInPast,PresignTools.Commands.GetS3PresignedUrlCommand'
    }

    It 'accepts AWS.Tools-style -Expire <DateTime> and refuses one past 7 days (never SigV2)' {
        $r = Get-S3PresignedUrl -BucketName examplebucket -Key k -Expire (Get-Date).AddHours(2) @script:keys
        $r.Url | Should -Match 'X-Amz-Expires=(7199|7200)&'
        { Get-S3PresignedUrl -BucketName examplebucket -Key k -Expire (Get-Date).AddDays(8) @script:keys } |
            Should -Throw -ErrorId 'InvalidExpiresAt,PresignTools.Commands.GetS3PresignedUrlCommand'
    }

    It 'refuses bucket name <Name>' -TestCases @(
        @{ Name = 'ab' }, @{ Name = 'Upper' }, @{ Name = 'under_score' }, @{ Name = 'a..b' }, @{ Name = '192.168.5.4' },
        @{ Name = '-dash' }, @{ Name = 'xn--punycode' }, @{ Name = ('a' * 64) }
    ) {
        param($Name)
        $r = Get-S3PresignedUrl -BucketName $Name -Key k @script:keys -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'InvalidBucketName,PresignTools.Commands.GetS3PresignedUrlCommand'
        $e[0].Exception.Message | Should -Match '-BucketName'
    }

    It 'refuses an empty key (it would sign the bucket)' {
        $r = Get-S3PresignedUrl -BucketName examplebucket -Key '' @script:keys -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'EmptyKey,PresignTools.Commands.GetS3PresignedUrlCommand'
        $r2 = 's3://examplebucket/' | Get-S3PresignedUrl @script:keys -ErrorVariable e2 -ErrorAction SilentlyContinue
        $r2 | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -Be 'EmptyKey,PresignTools.Commands.GetS3PresignedUrlCommand'
    }

    It 'refuses a key over 1024 bytes and a key with a lone surrogate' {
        $null = Get-S3PresignedUrl -BucketName examplebucket -Key ('é' * 513) @script:keys -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'InvalidKey,PresignTools.Commands.GetS3PresignedUrlCommand'
        $ok = Get-S3PresignedUrl -BucketName examplebucket -Key ('é' * 512) @script:keys
        $ok.Key.Length | Should -Be 512
        $null = Get-S3PresignedUrl -BucketName examplebucket -Key ("a" + [char]0xD800 + "b") @script:keys -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'InvalidKey,PresignTools.Commands.GetS3PresignedUrlCommand'
    }

    It 'keeps going past one bad item in a pipeline' {
        $items = @(
            [pscustomobject]@{ BucketName = 'examplebucket'; Key = 'first.txt' },
            [pscustomobject]@{ BucketName = 'Bad_Bucket'; Key = 'second.txt' },
            [pscustomobject]@{ BucketName = 'examplebucket'; Key = 'third.txt' }
        )
        $r = $items | Get-S3PresignedUrl @script:keys -ErrorVariable e -ErrorAction SilentlyContinue
        $r.Key | Should -Be @('first.txt', 'third.txt')
        $e.Count | Should -Be 1
        $e[0].TargetObject | Should -Be 's3://Bad_Bucket/second.txt'
    }

    It 'exits non-zero under pwsh -c with the error on one line and no stack trace' {
        $result = Invoke-ChildPwsh -AsCommand -Script @"
Import-Module '$(Get-TestModulePath)'
Get-S3PresignedUrl -BucketName examplebucket -Key k -Expires 1x -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s -Region us-east-1
"@
        $result.ExitCode | Should -Not -Be 0
        $result.StdErr + $result.StdOut | Should -Match 'Invalid -Expires'
        $result.StdErr + $result.StdOut | Should -Not -Match '\s+at PresignTools\.'
    }
}
