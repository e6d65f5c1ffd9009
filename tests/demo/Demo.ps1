<#
.SYNOPSIS
    The PresignTools demo: a local signature-checking S3 server, a few files, download links for all of
    them, every file fetched through its link, and a tampered link refused. No AWS account needed.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath
)
$ErrorActionPreference = 'Stop'
$env:AWS_EC2_METADATA_DISABLED = 'true'
Import-Module (Join-Path $PSScriptRoot '../tools/TestServer.psm1') -Force
Import-Module $ModulePath -Force

function Get-S3ErrorCode($ErrorRecord) {
    $body = $ErrorRecord.ErrorDetails.Message
    if ($body -match '<Code>([^<]+)</Code>') { return $Matches[1] }
    return $ErrorRecord.Exception.Message
}

Write-Host 'Starting the test S3 server (loopback, checks SigV4 signatures and expiry)...'
$server = Start-TestServer -Buckets @('demo')
try {
    # The test server's fixed credentials. With real AWS, leave these out: profiles, environment
    # variables and AWS.Tools defaults are used as the AWS CLI would.
    $connection = @{ EndpointUrl = $server.Endpoint; Region = 'us-east-1'; AccessKey = 'S3RVER'; SecretKey = 'S3RVER' }

    $samples = [ordered]@{
        'reports/2026/q1 summary.csv'     = "region,revenue`neu-west-1,1200`nus-east-1,3400`n"
        'reports/2026/résumé (final).txt' = 'Unicode, spaces and parentheses in the key.'
        'reports/2026/a+b=c;d.txt'        = 'Reserved characters in the key.'
        'reports/2025/archive.json'       = '{"year":2025,"items":[1,2,3]}'
        'images/logo.svg'                 = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    }

    Write-Host "`n1. Upload $($samples.Count) sample files through presigned PUT links"
    foreach ($key in $samples.Keys) {
        $put = Get-S3PresignedUrl -BucketName demo -Key $key -Method PUT -Expires 5m @connection
        $null = Invoke-WebRequest -Method Put -Uri $put -Body ([System.Text.Encoding]::UTF8.GetBytes($samples[$key]))
        Write-Host "   uploaded s3://demo/$key"
    }

    Write-Host "`n2. List reports/ and presign a download link for every object (one command)"
    Write-Host '   Get-S3PresignedUrl -BucketName demo -Prefix reports/ -Recurse -Expires 1h'
    $links = @(Get-S3PresignedUrl -BucketName demo -Prefix reports/ -Recurse -Expires 1h @connection)
    $links | Format-Table | Out-String -Width 160 | Out-Host

    Write-Host "3. Objects from any source (here: a listing piped as objects with BucketName and Key)"
    $listing = $links | Select-Object BucketName, Key
    $again = $listing | Get-S3PresignedUrl -Expires 90m -DownloadFileName 'report.txt' @connection
    $again | Select-Object Key, ExpiresAt, ExpiryLimitedBy | Format-Table | Out-Host

    Write-Host '4. Download every file through its link and compare the bytes'
    $results = foreach ($link in $links) {
        $response = Invoke-WebRequest -Uri $link
        $got = if ($response.Content -is [byte[]]) { [System.Text.Encoding]::UTF8.GetString($response.Content) } else { $response.Content }
        [pscustomobject]@{ Key = $link.Key; Status = [int]$response.StatusCode; Bytes = $got.Length; Matches = ($got -eq $samples[$link.Key]) }
    }
    $results | Format-Table | Out-Host
    if ($results.Matches -contains $false) { throw 'A download did not match its upload.' }

    Write-Host '5. A tampered link is refused'
    $good = $links[0].Url
    $last = $good[-1]
    $tampered = $good.Substring(0, $good.Length - 1) + $(if ($last -eq '0') { '1' } else { '0' })
    try {
        $null = Invoke-WebRequest -Uri $tampered
        throw 'The tampered link was accepted.'
    }
    catch [Microsoft.PowerShell.Commands.HttpResponseException] {
        Write-Host "   refused: HTTP $([int]$_.Exception.Response.StatusCode) $(Get-S3ErrorCode $_)"
    }

    Write-Host "`nDone: $($results.Count) links made, used and checked; the tampered one was refused."
}
finally {
    Stop-TestServer $server
}
