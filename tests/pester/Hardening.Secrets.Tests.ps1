# Nothing secret leaks (issue 8).
#
# One child pwsh signs with a distinctive secret access key and session token, from every credential source
# (parameters, environment, profile, -Credential, $StoredAWSCredentials, assume-role through the loopback STS
# stand-in), runs every cmdlet, and walks the failure paths (bad key, bad expiry, unknown profile, STS refusal,
# expired credentials, -Strict, incomplete and malformed credentials, malformed URLs). It captures every stream
# (*>&1 with Verbose, Debug via $DebugPreference = 'Continue' - not -Debug, which turns warnings into prompts
# under -NonInteractive -, Information and Warning), $Error, a transcript, Format-List *, ConvertTo-Json
# -Depth 5 and Export-Csv of every result. The secret key must appear nowhere; the session token nowhere but
# inside a Url property's value (an S3 POST form must carry the token as a field, so the -Post scenario signs
# with a session token of its own and is checked for the secret key only).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestServer.psm1') -Force
    $modulePath = Get-TestModulePath
    $s3 = Get-TestEndpoint

    # Distinctive values. The alphanumeric runs survive URL-, JSON- and CSV-encoding unchanged.
    $script:secret = 'HardeningSecretKEY0123456789/abcdef+GHIJ'
    $script:secretCore = 'HardeningSecretKEY0123456789'
    $script:token = 'HardeningSessionTOKEN0123456789//abc+def=='
    $script:tokenCore = 'HardeningSessionTOKEN0123456789'
    $script:accessKey = 'AKIAHARDENEXAMPLE001'

    $script:standIn = Start-TestServer -CredentialEndpoints
    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) ('hardening-secrets-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Force $script:work, (Join-Path $script:work 'csv'), (Join-Path $script:work 'csv-post')
    Invoke-RestMethod -Method Post -Uri "$($script:standIn.Endpoint)/__reset" | Out-Null

    $credentials = Join-Path $script:work 'credentials'
    $config = Join-Path $script:work 'config'
    Set-Content -LiteralPath $credentials -Value @"
[base]
aws_access_key_id = AKIASOURCEEXAMPLE001
aws_secret_access_key = $($script:secret)

[session]
aws_access_key_id = $($script:accessKey)
aws_secret_access_key = $($script:secret)
aws_session_token = $($script:token)
x_security_token_expires = $([DateTimeOffset]::UtcNow.AddHours(3).ToString('yyyy-MM-ddTHH:mm:ssZ'))

[only-secret]
aws_secret_access_key = $($script:secret)
"@
    Set-Content -LiteralPath $config -Value @"
[profile reader]
role_arn = arn:aws:iam::123456789012:role/HardeningReader
source_profile = base
region = us-east-1

[profile refused]
role_arn = arn:aws:iam::123456789012:role/HardeningRefused
source_profile = base
region = us-east-1

[profile badprocess]
credential_process = sh "$(Join-Path $script:work 'process.sh')"
"@
    # A credential_process whose output holds the secret but has the wrong Version: refused, without echoing it.
    Set-Content -LiteralPath (Join-Path $script:work 'process.sh') -Value "echo '{""Version"": 2, ""AccessKeyId"": ""AKIAPROCESS"", ""SecretAccessKey"": ""$($script:secret)""}'"
    Set-Content -LiteralPath (Join-Path $script:work 'malformed-credentials') -Value "[dev]`naws_access_key_id = $($script:accessKey)`naws_secret_access_key $($script:secret)`n"

    $probe = @'
$ErrorActionPreference = 'Continue'
$VerbosePreference = 'Continue'
$DebugPreference = 'Continue'       # not -Debug: that turns warnings into prompts, which fail under -NonInteractive
$InformationPreference = 'Continue'
$WarningPreference = 'Continue'
$work = $env:HARDENING_WORK
$secret = $env:HARDENING_SECRET
$token = $env:HARDENING_TOKEN
$accessKey = $env:HARDENING_ACCESS_KEY
$s3 = $env:HARDENING_S3
$standIn = $env:HARDENING_STANDIN
Import-Module $env:HARDENING_MODULE
$null = Start-Transcript -LiteralPath (Join-Path $work 'transcript.txt')

$text = [System.Text.StringBuilder]::new()      # everything, checked for the secret and for the token
$postText = [System.Text.StringBuilder]::new()  # the POST form scenario, checked for the secret only
$urls = [System.Collections.Generic.List[string]]::new()
$summary = [ordered]@{}
$n = 0

function Invoke-Scenario([string] $Name, [scriptblock] $Body, [switch] $Post) {
    $script:n++
    $sb = if ($Post) { $postText } else { $text }
    $records = @()
    try { $records = @(& $Body *>&1) } catch { $records += $_ }
    $results = @($records | Where-Object { $_ -and $_.PSObject.Properties['Url'] -and $_ -isnot [System.Management.Automation.ErrorRecord] })
    $errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { "$_" })
    foreach ($r in $records) {
        $null = $sb.AppendLine("[$Name] $($r.GetType().FullName): $r")
    }
    # What a user sees on the console (the transcript records it), and every other way a result is written out.
    $records | Out-Host
    foreach ($r in $results) {
        if (-not $Post) { $urls.Add($r.Url) }
        $listing = $r | Format-List * | Out-String -Width 8192
        $null = $sb.AppendLine($listing)
        $listing | Out-Host
        $null = $sb.AppendLine(($r | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue))
        $null = $sb.AppendLine(($r | Format-Table * -AutoSize | Out-String -Width 8192))
        $null = $sb.AppendLine([string]$r)
        $r | Export-Csv -LiteralPath (Join-Path $work ("{0}/{1:d2}-{2}.csv" -f $(if ($Post) { 'csv-post' } else { 'csv' }), $script:n, ($Name -replace '[^A-Za-z0-9]', '-'))) -NoTypeInformation
    }
    foreach ($e in $errors) {
        $null = $sb.AppendLine(($e | Format-List * -Force | Out-String -Width 8192))
        $null = $sb.AppendLine(($e.Exception | Format-List * -Force | Out-String -Width 8192))
        $null = $sb.AppendLine(([pscustomobject]@{ Id = $e.FullyQualifiedErrorId; Category = "$($e.CategoryInfo)"; Target = "$($e.TargetObject)"; Message = $e.Exception.Message; Inner = "$($e.Exception.InnerException)"; Details = "$($e.ErrorDetails)" } | ConvertTo-Json -Depth 5))
    }
    $summary[$Name] = [ordered]@{
        Results = $results.Count
        ErrorIds = @($errors | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*' })
        Messages = @($errors | ForEach-Object { $_.Exception.Message })
        Verbose = $verbose
        Source = @($results | ForEach-Object { $_.PSObject.Properties['CredentialSource']?.Value })
        Url = @($results | ForEach-Object Url)
    }
}

function Set-Env([hashtable] $Values) { foreach ($k in $Values.Keys) { [Environment]::SetEnvironmentVariable($k, $Values[$k]) } }
$envCreds = @{ AWS_ACCESS_KEY_ID = $accessKey; AWS_SECRET_ACCESS_KEY = $secret; AWS_SESSION_TOKEN = $token; AWS_CREDENTIAL_EXPIRATION = [DateTimeOffset]::UtcNow.AddHours(3).ToString('o') }
$noEnvCreds = @{ AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_SESSION_TOKEN = $null; AWS_CREDENTIAL_EXPIRATION = $null }
$conn = @{ EndpointUrl = $s3; Region = 'us-east-1' }

# ---- every credential source, every cmdlet: success paths --------------------------------------------------
Invoke-Scenario 'parameters' { Get-S3PresignedUrl -BucketName presign-tests -Key 'a b.txt' -AccessKey $accessKey -SecretKey $secret -SessionToken $token @conn }
Invoke-Scenario 'parameters-put-overrides' { Get-S3PresignedUrl s3://presign-tests/x -Method PUT -ContentType text/plain -DownloadFileName 'r.txt' -VersionId v1 -AccessKey $accessKey -SecretKey $secret -SessionToken $token @conn }
Set-Env $envCreds
Invoke-Scenario 'environment' { 's3://presign-tests/e1', 's3://presign-tests/e2' | Get-S3PresignedUrl -Expires 1h @conn }
Invoke-Scenario 'environment-cut-short' { Get-S3PresignedUrl -BucketName presign-tests -Key k -Expires 7d @conn }
Invoke-Scenario 'upload-put' { New-S3UploadUrl -BucketName presign-tests -Key up.txt -ContentType text/plain -Metadata @{ owner = 'me' } -ServerSideEncryption AES256 @conn }
Invoke-Scenario 'convert' { Get-S3PresignedUrl -BucketName presign-tests -Key c.txt @conn | ConvertFrom-S3PresignedUrl }
Invoke-Scenario 'test-offline' { Get-S3PresignedUrl -BucketName presign-tests -Key c.txt @conn | Test-S3PresignedUrl -Detailed }
Invoke-Scenario 'test-online' { Get-S3PresignedUrl -BucketName presign-tests -Key missing.txt @conn | Test-S3PresignedUrl -Online -Detailed -TimeoutSec 10 }
Set-Env $envCreds
Set-Env @{ AWS_SESSION_TOKEN = 'PostFormOwnTOKEN0123456789' }
Invoke-Scenario 'upload-post' -Post { New-S3UploadUrl -Post -BucketName presign-tests -KeyPrefix 'in/' -MaxSize 1MB @conn }
Set-Env $noEnvCreds
Invoke-Scenario 'profile-session' { Get-S3PresignedUrl -BucketName presign-tests -Key p.txt -ProfileName session -ProfileLocation (Join-Path $work 'credentials') @conn }
Invoke-Scenario 'credential-object' { Get-S3PresignedUrl -BucketName presign-tests -Key o.txt -Credential ([pscredential]::new($accessKey, (ConvertTo-SecureString $secret -AsPlainText -Force))) @conn }
# AWS.Tools keeps its session default in the global scope.
$global:StoredAWSCredentials = @{ AccessKey = $accessKey; SecretKey = $secret; Token = $token }
Invoke-Scenario 'stored-credentials' { Get-S3PresignedUrl -BucketName presign-tests -Key s.txt @conn }
Remove-Variable StoredAWSCredentials -Scope Global
Invoke-Scenario 'assume-role' { Get-S3PresignedUrl -BucketName presign-tests -Key r.txt -ProfileName reader @conn }

# ---- failure paths ------------------------------------------------------------------------------------------
Set-Env $envCreds
Invoke-Scenario 'bad-key' { Get-S3PresignedUrl -BucketName presign-tests -Key "a$([char]0xD800)" @conn }
Invoke-Scenario 'bad-bucket' { Get-S3PresignedUrl -BucketName Bad_Bucket -Key k @conn }
Invoke-Scenario 'bad-expiry' { Get-S3PresignedUrl -BucketName presign-tests -Key k -Expires 1x @conn }
Invoke-Scenario 'bad-region' { Get-S3PresignedUrl -BucketName presign-tests -Key k -Region 'nowhere' }
Invoke-Scenario 'bad-upload-option' { New-S3UploadUrl -BucketName presign-tests -Key k -ServerSideEncryption nope @conn }
Invoke-Scenario 'unknown-profile' { Get-S3PresignedUrl -BucketName presign-tests -Key k -ProfileName nosuch @conn }
Invoke-Scenario 'strict' { Get-S3PresignedUrl -BucketName presign-tests -Key k -Expires 7d -Strict @conn }
Set-Env @{ AWS_CREDENTIAL_EXPIRATION = [DateTimeOffset]::UtcNow.AddMinutes(-5).ToString('o') }
Invoke-Scenario 'expired' { Get-S3PresignedUrl -BucketName presign-tests -Key k @conn }
Set-Env $noEnvCreds
Invoke-Scenario 'secret-without-key' { Get-S3PresignedUrl -BucketName presign-tests -Key k -SecretKey $secret @conn }
Invoke-Scenario 'credential-hashtable-without-key' { Get-S3PresignedUrl -BucketName presign-tests -Key k -Credential @{ SecretKey = $secret } @conn }
Invoke-Scenario 'malformed-credentials' { Get-S3PresignedUrl -BucketName presign-tests -Key k -ProfileName dev -ProfileLocation (Join-Path $work 'malformed-credentials') @conn }
Invoke-Scenario 'profile-only-secret' { Get-S3PresignedUrl -BucketName presign-tests -Key k -ProfileName only-secret -ProfileLocation (Join-Path $work 'credentials') @conn }
Invoke-Scenario 'credential-process-bad-version' { Get-S3PresignedUrl -BucketName presign-tests -Key k -ProfileName badprocess @conn }
Invoke-RestMethod -Method Post -Uri "$standIn/__config" -ContentType 'application/json' -Body '{"stsError":"AccessDenied"}' | Out-Null
Invoke-Scenario 'sts-refusal' { Get-S3PresignedUrl -BucketName presign-tests -Key k -ProfileName refused @conn }
Invoke-RestMethod -Method Post -Uri "$standIn/__config" -ContentType 'application/json' -Body '{"stsError":null}' | Out-Null
# Damaged copies of a link that carries the token. They are URL values the caller holds, and an error names its
# input as TargetObject, so they join the Url values; the messages must not repeat the token.
$tokenUrl = $urls[0]
$duplicated = $tokenUrl + '&X-Amz-Security-Token=' + [uri]::EscapeDataString($token)
$badDate = $tokenUrl -replace 'X-Amz-Date=[^&]+', 'X-Amz-Date=yesterday'
$truncated = $tokenUrl -replace '&X-Amz-Signature=.*$', ''
$short = 'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Security-Token=' + [uri]::EscapeDataString($token)
foreach ($u in $duplicated, $badDate, $truncated, $short) { $urls.Add($u) }
Invoke-Scenario 'malformed-url-with-token' { $duplicated | ConvertFrom-S3PresignedUrl }
Invoke-Scenario 'malformed-url-with-token-tested' { $badDate | Test-S3PresignedUrl -Detailed }
Invoke-Scenario 'truncated-url-with-token' { $truncated | ConvertFrom-S3PresignedUrl }
Invoke-Scenario 'short-malformed-url-with-token' { $short | ConvertFrom-S3PresignedUrl }

$null = $text.AppendLine(($Error | Format-List * -Force | Out-String -Width 8192))
$null = $text.AppendLine(($Error | ForEach-Object { "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)|$($_.Exception.InnerException)" }) -join "`n")
Stop-Transcript | Out-Null
# Lenient UTF-8: the texts hold the bad-key scenario's unpaired surrogate.
$utf8 = [System.Text.UTF8Encoding]::new($false, $false)
[System.IO.File]::WriteAllText((Join-Path $work 'captured.txt'), $text.ToString(), $utf8)
[System.IO.File]::WriteAllText((Join-Path $work 'captured-post.txt'), $postText.ToString(), $utf8)
[System.IO.File]::WriteAllText((Join-Path $work 'urls.json'), (ConvertTo-Json -InputObject @($urls) -Compress), $utf8)
[System.IO.File]::WriteAllText((Join-Path $work 'summary.json'), ($summary | ConvertTo-Json -Depth 5 -Compress), $utf8)
'PROBE-DONE'
'@
    $script:child = Invoke-ChildPwsh -Script $probe -Environment @{
        HARDENING_WORK = $script:work; HARDENING_SECRET = $script:secret; HARDENING_TOKEN = $script:token; HARDENING_ACCESS_KEY = $script:accessKey
        HARDENING_S3 = $s3; HARDENING_STANDIN = $script:standIn.Endpoint; HARDENING_MODULE = $modulePath
        AWS_CONFIG_FILE = $config; AWS_SHARED_CREDENTIALS_FILE = $credentials
        AWS_ENDPOINT_URL_STS = $script:standIn.Endpoint; AWS_EC2_METADATA_DISABLED = 'true'; AWS_PROFILE = $null; AWS_REGION = $null; AWS_DEFAULT_REGION = $null
        AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_SESSION_TOKEN = $null; AWS_CREDENTIAL_EXPIRATION = $null; NO_COLOR = '1'
    }

    function script:Read-Work([string] $Name) {
        $path = Join-Path $script:work $Name
        if (Test-Path -LiteralPath $path) { [System.IO.File]::ReadAllText($path) } else { '' }
    }
    $script:summary = (Read-Work 'summary.json') | ConvertFrom-Json -AsHashtable
    $script:urls = @((Read-Work 'urls.json') | ConvertFrom-Json)
    $script:csv = (Get-ChildItem -LiteralPath (Join-Path $script:work 'csv') -Filter '*.csv' | ForEach-Object { [System.IO.File]::ReadAllText($_.FullName) }) -join "`n"
    # Every place a secret could show up, by name.
    $script:places = [ordered]@{
        'stdout'                              = $script:child.StdOut
        'stderr'                              = $script:child.StdErr
        'transcript'                          = Read-Work 'transcript.txt'
        'streams, Format-List, JSON, $Error'  = Read-Work 'captured.txt'
        'Export-Csv'                          = $script:csv
    }
    $script:postPlace = (Read-Work 'captured-post.txt') + "`n" + ((Get-ChildItem -LiteralPath (Join-Path $script:work 'csv-post') -Filter '*.csv' | ForEach-Object { [System.IO.File]::ReadAllText($_.FullName) }) -join "`n")

    # The token of the assume-role session comes from the stand-in: read it from that scenario's URL.
    $roleUrl = @($script:summary['assume-role'].Url)[0]
    $script:roleToken = if ($roleUrl -match 'X-Amz-Security-Token=([^&]+)') { [uri]::UnescapeDataString($Matches[1]) }

    function script:Get-SecretForms {
        $utf8 = [System.Text.Encoding]::UTF8
        @($script:secret, $script:secretCore, [uri]::EscapeDataString($script:secret), [Convert]::ToBase64String($utf8.GetBytes($script:secret)),
            [Convert]::ToHexString($utf8.GetBytes($script:secret)))
    }
    # Text with every Url property value taken out: what is left must not hold a session token.
    function script:Remove-Urls([string] $Text) {
        foreach ($u in ($script:urls | Sort-Object Length -Descending)) { if ($u) { $Text = $Text.Replace($u, '<URL>') } }
        $Text
    }
}

AfterAll {
    Stop-TestServer $script:standIn
    if ($script:work -and (Split-Path -Leaf $script:work) -like 'hardening-secrets-*') { Remove-Item -Recurse -Force -LiteralPath $script:work -ErrorAction SilentlyContinue }
}

Describe 'Secrets stay secret' {
    It 'ran every scenario (the probe finished and captured something everywhere)' {
        $script:child.StdOut | Should -Match 'PROBE-DONE' -Because $script:child.StdErr
        foreach ($place in $script:places.Keys) {
            if ($place -eq 'stderr') { continue }
            $script:places[$place].Length | Should -BeGreaterThan 100 -Because "$place must hold what the probe wrote"
        }
        $script:postPlace.Length | Should -BeGreaterThan 100
        $script:summary.Count | Should -Be 31
    }

    It 'signed with the distinctive credentials from every source (the URL carries the token, never the secret)' -ForEach @(
        @{ Scenario = 'parameters'; Source = 'parameters'; Count = 1; Token = $true }
        @{ Scenario = 'parameters-put-overrides'; Source = 'parameters'; Count = 1; Token = $true }
        @{ Scenario = 'environment'; Source = 'environment'; Count = 2; Token = $true }
        @{ Scenario = 'environment-cut-short'; Source = 'environment'; Count = 1; Token = $true }
        @{ Scenario = 'upload-put'; Source = 'environment'; Count = 1; Token = $true }
        @{ Scenario = 'profile-session'; Source = 'profile:session'; Count = 1; Token = $true }
        @{ Scenario = 'credential-object'; Source = 'credential object'; Count = 1; Token = $false }
        @{ Scenario = 'stored-credentials'; Source = 'AWS.Tools session default'; Count = 1; Token = $true }
        @{ Scenario = 'assume-role'; Source = 'profile:reader (assume-role arn:aws:iam::123456789012:role/HardeningReader)'; Count = 1; Token = $false }
    ) {
        $s = $script:summary[$Scenario]
        $s.Results | Should -Be $Count
        $s.ErrorIds | Should -BeNullOrEmpty
        @($s.Source)[0] | Should -Be $Source
        foreach ($u in $s.Url) {
            if ($Token) { $u | Should -Match ([regex]::Escape([uri]::EscapeDataString($script:token))) }
            foreach ($form in Get-SecretForms) { $u.Contains($form) | Should -BeFalse }
        }
    }

    It 'took the failure paths: <Scenario> -> <Id>' -ForEach @(
        @{ Scenario = 'bad-key'; Id = 'InvalidKey' }
        @{ Scenario = 'bad-bucket'; Id = 'InvalidBucketName' }
        @{ Scenario = 'bad-expiry'; Id = 'InvalidExpires' }
        @{ Scenario = 'bad-region'; Id = 'InvalidRegion' }
        @{ Scenario = 'bad-upload-option'; Id = 'InvalidServerSideEncryption' }
        @{ Scenario = 'unknown-profile'; Id = 'ProfileNotFound' }
        @{ Scenario = 'strict'; Id = 'LinkOutlivesCredentials' }
        @{ Scenario = 'expired'; Id = 'CredentialsExpired' }
        @{ Scenario = 'secret-without-key'; Id = 'IncompleteCredentials' }
        @{ Scenario = 'credential-hashtable-without-key'; Id = 'InvalidCredentialObject' }
        @{ Scenario = 'malformed-credentials'; Id = 'MalformedConfigFile' }
        @{ Scenario = 'profile-only-secret'; Id = 'IncompleteProfile' }
        @{ Scenario = 'credential-process-bad-version'; Id = 'CredentialProcessInvalidOutput' }
        @{ Scenario = 'sts-refusal'; Id = 'AssumeRoleFailed' }
        @{ Scenario = 'malformed-url-with-token'; Id = 'MalformedPresignedUrl' }
        @{ Scenario = 'truncated-url-with-token'; Id = 'MalformedPresignedUrl' }
        @{ Scenario = 'short-malformed-url-with-token'; Id = 'MalformedPresignedUrl' }
    ) {
        $s = $script:summary[$Scenario]
        $s.Results | Should -Be 0
        @($s.ErrorIds) | Should -Contain $Id
    }

    It 'never shows the secret access key, in any form, in <_>' -ForEach @('stdout', 'stderr', 'transcript', 'streams, Format-List, JSON, $Error', 'Export-Csv') {
        $text = $script:places[$_]
        foreach ($form in Get-SecretForms) { $text.Contains($form) | Should -BeFalse -Because "'$form' is a form of the secret" }
    }

    It 'never shows the secret access key in the POST form scenario' {
        foreach ($form in Get-SecretForms) { $script:postPlace.Contains($form) | Should -BeFalse }
    }

    It 'shows the session token only inside Url values, in <_>' -ForEach @('stdout', 'stderr', 'transcript', 'streams, Format-List, JSON, $Error', 'Export-Csv') {
        $rest = Remove-Urls $script:places[$_]
        $rest.Contains($script:tokenCore) | Should -BeFalse -Because 'the session token may appear only inside a Url property value'
        if ($script:roleToken) { $rest.Contains($script:roleToken) | Should -BeFalse -Because 'the assumed role session token may appear only inside a Url property value' }
    }

    It 'had the token where it belongs: the Url values carry it (so the check above is not vacuous)' {
        ($script:urls -join "`n").Contains([uri]::EscapeDataString($script:token)) | Should -BeTrue
        $script:roleToken | Should -Match '^STANDIN'
        ($script:urls -join "`n").Contains([uri]::EscapeDataString($script:roleToken)) | Should -BeTrue
        # The formatted views do show the Url (and so the token), which is why it is taken out before the check.
        $script:places['streams, Format-List, JSON, $Error'].Contains($script:tokenCore) | Should -BeTrue
    }

    It 'redacts the token from messages about a malformed URL that carries it' {
        $m = @($script:summary['short-malformed-url-with-token'].Messages)
        $m.Count | Should -Be 1
        $m[0] | Should -Match 'X-Amz-Security-Token=REDACTED'
        foreach ($scenario in 'malformed-url-with-token', 'truncated-url-with-token', 'short-malformed-url-with-token') {
            foreach ($message in $script:summary[$scenario].Messages) { $message.Contains($script:tokenCore) | Should -BeFalse }
        }
        $tested = $script:summary['malformed-url-with-token-tested']
        $tested.Results | Should -Be 1
    }

    It 'says in Verbose where the credentials came from and the access key id, and nothing more' -ForEach @(
        @{ Scenario = 'parameters'; Pattern = '^Credentials: parameters, access key id AKIAHARDENEXAMPLE001, temporary \(expiry unknown\)\.$' }
        @{ Scenario = 'environment'; Pattern = '^Credentials: environment, access key id AKIAHARDENEXAMPLE001, expiring \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\.$' }
        @{ Scenario = 'profile-session'; Pattern = '^Credentials: profile:session, access key id AKIAHARDENEXAMPLE001, expiring \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\.$' }
        @{ Scenario = 'credential-object'; Pattern = '^Credentials: credential object, access key id AKIAHARDENEXAMPLE001\.$' }
        @{ Scenario = 'assume-role'; Pattern = '^Credentials: profile:reader \(assume-role arn:aws:iam::123456789012:role/HardeningReader\), access key id S3RVER, expiring .+Z\.$' }
    ) {
        $lines = @($script:summary[$Scenario].Verbose | Where-Object { $_ -match '^Credentials:' })
        $lines.Count | Should -Be 1
        $lines[0] | Should -Match $Pattern
        foreach ($v in $script:summary[$Scenario].Verbose) {
            foreach ($form in Get-SecretForms) { $v.Contains($form) | Should -BeFalse }
            $v.Contains($script:tokenCore) | Should -BeFalse
        }
    }
}
