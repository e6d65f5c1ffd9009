BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestServer.psm1') -Force
    $script:modulePath = Get-TestModulePath
    $script:standIn = Start-TestServer -CredentialEndpoints
    $script:s3 = $script:standIn.Endpoint
    $config = @{ buckets = @{
        'eu-bucket'        = @{ status = 200; region = 'eu-west-2' }
        'forbidden-bucket' = @{ status = 403; region = 'ap-south-1' }
        'moved-bucket'     = @{ status = 301; region = 'sa-east-1' }
        'my.dotted.bucket' = @{ status = 200; region = 'eu-west-2' }
        'hang-bucket'      = @{ hang = $true }
    } }
    Invoke-RestMethod -Method Post -Uri "$script:s3/__config" -Body ($config | ConvertTo-Json -Depth 5) -ContentType 'application/json' | Out-Null

    function script:Invoke-Lookup([string] $Body) {
        Invoke-RestMethod -Method Post -Uri "$script:s3/__reset" | Out-Null
        $r = Invoke-ChildPwsh -Environment @{ PRESIGNTOOLS_REGION_LOOKUP = $script:s3; AWS_REGION = 'us-east-1'; AWS_EC2_METADATA_DISABLED = 'true' } -Script @"
Import-Module '$script:modulePath'
`$keys = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
$Body
"@
        $line = $r.StdOut -split "`n" | Where-Object { $_.Trim().StartsWith('{') } | Select-Object -Last 1
        [pscustomobject]@{ Raw = $r; Json = if ($line) { $line | ConvertFrom-Json } else { $null }; Heads = @((Invoke-RestMethod -Uri "$script:s3/__requests") | ForEach-Object { $_ } | Where-Object action -eq 'HeadBucket') }
    }
}

AfterAll { Stop-TestServer $script:standIn }

Describe 'Bucket region lookup' {
    It 'signs for the region S3 reports (<Bucket> answers <Status>), asking once per bucket' -TestCases @(
        @{ Bucket = 'eu-bucket'; Status = 200; Region = 'eu-west-2' }
        @{ Bucket = 'forbidden-bucket'; Status = 403; Region = 'ap-south-1' }
        @{ Bucket = 'moved-bucket'; Status = 301; Region = 'sa-east-1' }
    ) {
        param($Bucket, $Status, $Region)
        $res = Invoke-Lookup @"
`$r = 'a.txt', 'b.txt', 'c.txt' | ForEach-Object { [pscustomobject]@{ BucketName = '$Bucket'; Key = `$_ } } | Get-S3PresignedUrl @keys -WarningVariable w
[pscustomobject]@{ Regions = @(`$r.Region | Select-Object -Unique); Url = `$r[0].Url; Warnings = `$w.Count } | ConvertTo-Json -Compress
"@
        $res.Json.Regions | Should -Be @($Region)
        $res.Json.Url | Should -Match "^https://$Bucket\.s3\.$Region\.amazonaws\.com/a\.txt\?"
        $res.Json.Url | Should -Match "%2F$Region%2Fs3%2Faws4_request"
        $res.Json.Warnings | Should -Be 0
        $res.Heads.Count | Should -Be 1
        $res.Heads[0].bucket | Should -Be $Bucket
    }

    It 'signs dotted bucket names path-style on the regional endpoint' {
        $res = Invoke-Lookup @'
$r = Get-S3PresignedUrl -BucketName my.dotted.bucket -Key k @keys
[pscustomobject]@{ Url = $r.Url } | ConvertTo-Json -Compress
'@
        $res.Json.Url | Should -Match '^https://s3\.eu-west-2\.amazonaws\.com/my\.dotted\.bucket/k\?'
    }

    It 'falls back to the configured region with one warning when S3 never answers (bounded wait)' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $res = Invoke-Lookup @'
$r = 1..3 | ForEach-Object { "s3://hang-bucket/k$_" } | Get-S3PresignedUrl @keys -WarningVariable w -WarningAction SilentlyContinue
[pscustomobject]@{ Count = $r.Count; Regions = @($r.Region | Select-Object -Unique); Warnings = @($w | ForEach-Object { "$_" }) } | ConvertTo-Json -Compress
'@
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 20
        $res.Json.Count | Should -Be 3
        $res.Json.Regions | Should -Be @('us-east-1')
        @($res.Json.Warnings).Count | Should -Be 1
        $res.Json.Warnings[0] | Should -Match "region of bucket 'hang-bucket'"
    }

    It 'makes no lookup with -Region, -NoRegionLookup or -EndpointUrl' {
        $res = Invoke-Lookup @'
$a = Get-S3PresignedUrl -BucketName eu-bucket -Key k @keys -Region ca-central-1
$b = Get-S3PresignedUrl -BucketName eu-bucket -Key k @keys -NoRegionLookup
$c = Get-S3PresignedUrl -BucketName eu-bucket -Key k @keys -EndpointUrl http://127.0.0.1:9
[pscustomobject]@{ A = $a.Region; B = $b.Region; C = $c.Region } | ConvertTo-Json -Compress
'@
        $res.Json.A | Should -Be 'ca-central-1'
        $res.Json.B | Should -Be 'us-east-1'
        $res.Json.C | Should -Be 'us-east-1'
        $res.Heads.Count | Should -Be 0
    }
}
