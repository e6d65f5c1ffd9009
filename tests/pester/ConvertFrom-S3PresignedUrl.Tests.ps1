BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:keys = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
    $script:docsUrl = 'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z' +
        '&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404'
    $script:token = 'FwoGZXIvYXdzEXAMPLE+SESSION/TOKEN=mustNeverShow0123456789'
    $script:cmdletId = 'PresignTools.Commands.ConvertFromS3PresignedUrlCommand'
}

Describe 'ConvertFrom-S3PresignedUrl' {
    It 'reads the AWS documentation example URL' {
        $i = ConvertFrom-S3PresignedUrl $script:docsUrl
        $i | Should -BeOfType ([PresignTools.PresignedUrlInfo])
        $i.BucketName | Should -BeExactly 'examplebucket'
        $i.Key | Should -BeExactly 'test.txt'
        $i.Region | Should -Be 'us-east-1'
        $i.Service | Should -Be 's3'
        $i.AccessKeyId | Should -Be 'AKIAIOSFODNN7EXAMPLE'
        $i.SignatureVersion | Should -Be ([PresignTools.SignatureVersion]::SigV4)
        $i.EndpointStyle | Should -Be 'VirtualHosted'
        $i.SignedAt | Should -Be ([DateTimeOffset]'2013-05-24T00:00:00Z')
        $i.ExpiresAt | Should -Be ([DateTimeOffset]'2013-05-25T00:00:00Z')
        $i.ExpiresSeconds | Should -Be 86400
        $i.IsExpired | Should -BeTrue
        $i.TimeLeft | Should -Be ([TimeSpan]::Zero)
        $i.Method | Should -BeNullOrEmpty -Because 'a SigV4 query URL does not say GET or HEAD'
        $i.SignedHeaders | Should -Be @('host')
        $i.IsTemporaryCredential | Should -BeFalse
    }

    It 'reads a SigV2 link: expiry from Expires, no signing time' {
        $i = ConvertFrom-S3PresignedUrl 'https://johnsmith.s3-eu-west-1.amazonaws.com/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1141889120&Signature=vjbyPxybdZaNmGa%2ByT272YEAiv4%3D'
        $i.SignatureVersion | Should -Be 'SigV2'
        $i.BucketName | Should -Be 'johnsmith'
        $i.Key | Should -Be 'photos/puppy.jpg'
        $i.Region | Should -Be 'eu-west-1'
        $i.ExpiresAt | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds(1141889120))
        $i.SignedAt | Should -BeNullOrEmpty
        $i.ExpiresSeconds | Should -BeNullOrEmpty
    }

    It 'round-trips Get-S3PresignedUrl output for <Name>' -TestCases @(
        @{ Name = 'virtual-hosted'; Extra = @{ Region = 'eu-west-1' }; Style = 'VirtualHosted' }
        @{ Name = 'path style'; Extra = @{ Region = 'eu-west-1'; ForcePathStyle = $true }; Style = 'PathStyle' }
        @{ Name = 'dualstack'; Extra = @{ Region = 'us-west-2'; UseDualstackEndpoint = $true }; Style = 'VirtualHosted' }
        @{ Name = 'accelerate'; Extra = @{ Region = 'us-east-1'; UseAccelerateEndpoint = $true }; Style = 'Accelerate' }
        @{ Name = 'China'; Extra = @{ Region = 'cn-north-1' }; Style = 'VirtualHosted' }
        @{ Name = 'an IP endpoint'; Extra = @{ Region = 'us-east-1'; EndpointUrl = 'http://127.0.0.1:9000' }; Style = 'PathStyle' }
        @{ Name = 'a custom virtual-hosted endpoint'; Extra = @{ Region = 'us-east-1'; EndpointUrl = 'https://minio.example.com' }; Style = 'VirtualHosted' }
    ) {
        param($Name, $Extra, $Style)
        $objects = @(
            'plain.txt', 'with space.txt', 'plus+sign.txt', 'percent%20literal.txt', 'unicode-résumé-日本語.txt', 'emoji-😀.bin',
            'reserved=&?#.txt', 'dots/../up.txt', 'dots/./here.txt', 'double//slash.txt', ' leading and trailing ', 'tilde~'
        ) | ForEach-Object { [pscustomobject]@{ BucketName = 'my-bucket'; Key = $_; VersionId = if ($_ -like 'p*') { 'v+1/=' } else { $null } } }
        $links = @($objects | Get-S3PresignedUrl -Expires 2h -ResponseContentType 'text/plain' @script:keys @Extra)
        $infos = @($links | ConvertFrom-S3PresignedUrl)
        $infos.Count | Should -Be $links.Count
        for ($n = 0; $n -lt $links.Count; $n++) {
            $l = $links[$n]; $i = $infos[$n]
            $i.Url | Should -BeExactly $l.Url
            $i.BucketName | Should -BeExactly $l.BucketName
            $i.Key | Should -BeExactly $l.Key
            $i.VersionId | Should -BeExactly $l.VersionId
            $i.Region | Should -Be $l.Region
            $i.SignedAt | Should -Be $l.SignedAt
            $i.ExpiresAt | Should -Be $l.RequestedExpiresAt
            $i.Method | Should -Be 'GET' -Because 'a PresignedUrl carries its method'
            $i.EndpointStyle | Should -Be $Style
            $i.ResponseOverrides['response-content-type'] | Should -Be 'text/plain'
            $i.IsExpired | Should -BeFalse
            $i.TimeLeft.TotalMinutes | Should -BeGreaterThan 118
        }
    }

    It 'reads the key byte for byte from strings and [uri] values too (no normalisation)' {
        $keys = 'dots/../up.txt', 'a%2Fb', 'plus+sign', 'x/./y', '~tilde'
        foreach ($k in $keys) {
            $l = Get-S3PresignedUrl -BucketName my-bucket -Key $k -Region eu-west-1 @script:keys
            (ConvertFrom-S3PresignedUrl $l.Url).Key | Should -BeExactly $k
            (ConvertFrom-S3PresignedUrl ([uri]$l.Url)).Key | Should -BeExactly $k
            ([uri]$l.Url | ConvertFrom-S3PresignedUrl).Key | Should -BeExactly $k
        }
    }

    It 'binds the Url property of any object (CSV rows, hashtables)' {
        $csv = @([pscustomobject]@{ Url = $script:docsUrl; Note = 'x' }) | ConvertTo-Csv | ConvertFrom-Csv
        ($csv | ConvertFrom-S3PresignedUrl).Key | Should -Be 'test.txt'
        (ConvertFrom-S3PresignedUrl -Url @{ Url = $script:docsUrl }).BucketName | Should -Be 'examplebucket'
        (ConvertFrom-S3PresignedUrl -Url $script:docsUrl, $script:docsUrl).Count | Should -Be 2
    }

    It 'writes one error per bad item, with a stable id and the input as target, and goes on' {
        $good = Get-S3PresignedUrl -BucketName my-bucket -Key good.txt -Region eu-west-1 @script:keys
        $truncated = $good.Url.Substring(0, $good.Url.Length - 10)
        $badDate = $script:docsUrl -replace 'X-Amz-Date=\d{8}T\d{6}Z', 'X-Amz-Date=yesterday'
        $badExpires = $script:docsUrl -replace 'X-Amz-Expires=86400', 'X-Amz-Expires=1h'
        $in = @('not a url', $good, 'https://example.com/file.txt', $truncated, $script:docsUrl, $badDate, 42, $badExpires, 's3://bucket/key')
        $out = @($in | ConvertFrom-S3PresignedUrl -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Key | Should -Be @('good.txt', 'test.txt')
        @($errs).Count | Should -Be 7
        $errs.FullyQualifiedErrorId | Should -Be @(
            "InvalidUrl,$script:cmdletId", "NotPresigned,$script:cmdletId", "MalformedPresignedUrl,$script:cmdletId",
            "MalformedPresignedUrl,$script:cmdletId", "InvalidUrl,$script:cmdletId", "MalformedPresignedUrl,$script:cmdletId",
            "InvalidUrl,$script:cmdletId")
        $errs[0].TargetObject | Should -Be 'not a url'
        $errs[2].TargetObject | Should -Be $truncated
        $errs[4].TargetObject | Should -Be 42
        $errs[3].CategoryInfo.Category | Should -Be 'InvalidData'
        foreach ($e in $errs) {
            $e.Exception.Message | Should -Not -Match '[\r\n]'
            $e.Exception | Should -Not -BeOfType ([System.NullReferenceException])
        }
        $errs[3].Exception.Message | Should -Match "X-Amz-Date 'yesterday'"
        $errs[5].Exception.Message | Should -Match "X-Amz-Expires '1h'"
    }

    It 'never shows a session token: not in properties, views, errors or verbose output' {
        $link = Get-S3PresignedUrl -BucketName my-bucket -Key k.txt -Region eu-west-1 -SessionToken $script:token @script:keys -WarningAction SilentlyContinue
        $link.Url | Should -Match 'X-Amz-Security-Token='
        $i = $link | ConvertFrom-S3PresignedUrl -Verbose 4>&1
        $i.IsTemporaryCredential | Should -BeTrue
        $shown = ($i | Format-List | Out-String) + ($i | Format-Table | Out-String) +
            (($i.PSObject.Properties | Where-Object Name -ne 'Url' | ForEach-Object { "$($_.Value)" }) -join ' ')
        $shown | Should -Not -Match 'mustNeverShow'
        $broken = $link.Url -replace 'X-Amz-Date=\d{8}T\d{6}Z', 'X-Amz-Date=x'
        $null = ConvertFrom-S3PresignedUrl $broken -ErrorVariable errs -ErrorAction SilentlyContinue
        $short = 'https://b.s3.amazonaws.com/k?X-Amz-Security-Token=' + [uri]::EscapeDataString($script:token) + '&X-Amz-Date=x'
        $null = ConvertFrom-S3PresignedUrl $short -ErrorVariable +errs -ErrorAction SilentlyContinue
        @($errs).Count | Should -Be 2
        $errs[1].Exception.Message | Should -Match 'X-Amz-Security-Token=REDACTED'
        foreach ($e in $errs) {
            $e.Exception.Message | Should -Not -Match 'mustNeverShow'
            ([uri]::UnescapeDataString($e.Exception.Message)) | Should -Not -Match 'mustNeverShow'
        }
    }

    It 'shows BucketName, Key, Region, ExpiresAt, TimeLeft and IsExpired in its default table, not the URL' {
        $l = Get-S3PresignedUrl -BucketName my-bucket -Key 'reports/q1.pdf' -Region eu-west-1 -Expires 2h @script:keys
        $text = $l | ConvertFrom-S3PresignedUrl | Format-Table | Out-String -Width 140
        foreach ($h in 'BucketName', 'Key', 'Region', 'ExpiresAt', 'TimeLeft', 'IsExpired') { $text | Should -Match $h }
        $text | Should -Match 'my-bucket\s+reports/q1\.pdf\s+eu-west-1'
        $text | Should -Match '\b(1h 5\dm|2h 00m)\b'
        foreach ($l in ($l | ConvertFrom-S3PresignedUrl | Format-Table | Out-String -Width 80) -split '\r?\n') { $l.TrimEnd().Length | Should -BeLessOrEqual 80 }
        $text | Should -Not -Match 'X-Amz-Signature'
    }

    It 'finds the bucket of a custom virtual-hosted endpoint with -EndpointUrl' {
        $l = Get-S3PresignedUrl -BucketName photos -Key '2024/a.jpg' -Region us-east-1 -EndpointUrl https://storage.example.com:8443 @script:keys
        $l.Url | Should -Match '^https://photos\.storage\.example\.com:8443/2024/a\.jpg\?'
        (ConvertFrom-S3PresignedUrl $l.Url).BucketName | Should -Be '2024' -Because 'the documented rule: a custom host without an s3 label is read path style'
        $i = ConvertFrom-S3PresignedUrl $l.Url -EndpointUrl https://storage.example.com:8443
        $i.BucketName | Should -Be 'photos'
        $i.Key | Should -Be '2024/a.jpg'
        $i.IsCustomEndpoint | Should -BeTrue
        ($l | ConvertFrom-S3PresignedUrl).BucketName | Should -Be 'photos' -Because 'a PresignedUrl says which bucket'
        { ConvertFrom-S3PresignedUrl $l.Url -EndpointUrl 'not a url' } | Should -Throw -ErrorId "InvalidEndpointUrl,$script:cmdletId"
    }

    It 'says PUT for a link from Get-S3PresignedUrl -Method PUT, and for a signed upload header' {
        $put = Get-S3PresignedUrl -BucketName my-bucket -Key up.csv -Method PUT -ContentType text/csv -Region eu-west-1 @script:keys
        ($put | ConvertFrom-S3PresignedUrl).Method | Should -Be 'PUT'
        (ConvertFrom-S3PresignedUrl $put.Url).Method | Should -Be 'PUT'
        (ConvertFrom-S3PresignedUrl $put.Url).SignedHeaders | Should -Be @('content-type', 'host')
    }
}
