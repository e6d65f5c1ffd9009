BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestServer.psm1') -Force
    $script:modulePath = Get-TestModulePath
    Import-Module $script:modulePath -Force
    $script:s3 = Get-TestEndpoint
    $script:standIn = Start-TestServer -CredentialEndpoints
    $script:aws = $script:standIn.Endpoint
    $script:fakeHome = Join-Path ([System.IO.Path]::GetTempPath()) ("pt-home-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Force (Join-Path $script:fakeHome '.aws/sso/cache')
    $script:sourceSecret = 'SourceSecretMustNeverBeShown0123456789abc'

    Set-Content (Join-Path $script:fakeHome '.aws/credentials') -Value @"
[base]
aws_access_key_id = AKIASOURCEEXAMPLE0001
aws_secret_access_key = $script:sourceSecret
"@
    Set-Content (Join-Path $script:fakeHome '.aws/config') -Value @"
[profile reader]
role_arn = arn:aws:iam::123456789012:role/Reader
source_profile = base
region = us-east-1

[profile tagged]
role_arn = arn:aws:iam::123456789012:role/Tagged
source_profile = base
external_id = ext-42
role_session_name = nightly-report
duration_seconds = 7200
region = us-east-1

[profile chained]
role_arn = arn:aws:iam::123456789012:role/Second
source_profile = reader
region = us-east-1

[profile mfa]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/me

[profile sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = ReadOnly
region = us-east-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile process]
credential_process = "$((Join-Path $script:fakeHome 'creds.sh'))"
region = us-east-1

[profile badprocess]
credential_process = sh -c "echo 'cannot reach the vault' >&2; exit 3"

[profile badjson]
credential_process = echo not-json

[profile imds]
role_arn = arn:aws:iam::123456789012:role/FromInstance
credential_source = Ec2InstanceMetadata
region = us-east-1
"@
    $processExpiry = [DateTimeOffset]::UtcNow.AddMinutes(30).ToString('yyyy-MM-ddTHH:mm:ssZ')
    Set-Content (Join-Path $script:fakeHome 'creds.sh') -Value "#!/bin/sh`necho '{""Version"": 1, ""AccessKeyId"": ""S3RVER"", ""SecretAccessKey"": ""S3RVER"", ""SessionToken"": ""PROCESSTOKEN"", ""Expiration"": ""$processExpiry""}'"
    & chmod +x (Join-Path $script:fakeHome 'creds.sh')

    $script:baseEnv = @{
        HOME = $script:fakeHome; AWS_CONFIG_FILE = (Join-Path $script:fakeHome '.aws/config'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $script:fakeHome '.aws/credentials')
        AWS_ENDPOINT_URL_STS = $script:aws; AWS_ENDPOINT_URL_SSO = $script:aws; AWS_EC2_METADATA_DISABLED = 'true'
        AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_SESSION_TOKEN = $null; AWS_PROFILE = $null; AWS_REGION = 'us-east-1'
    }

    function script:Set-StandIn([hashtable] $Config) {
        Invoke-RestMethod -Method Post -Uri "$script:aws/__reset" | Out-Null
        $full = @{ expiresSeconds = $null; stsError = $null; stsMaxDuration = 43200; containerToken = $null; ssoToken = $null }
        foreach ($k in $Config.Keys) { $full[$k] = $Config[$k] }
        Invoke-RestMethod -Method Post -Uri "$script:aws/__config" -Body ($full | ConvertTo-Json) -ContentType 'application/json' | Out-Null
    }
    function script:Get-StandInRequests { @((Invoke-RestMethod -Uri "$script:aws/__requests") | ForEach-Object { $_ }) }

    # Runs PresignTools in a fresh process; the script's last output line is JSON.
    function script:Invoke-Presign([string] $Body, [hashtable] $Environment = @{}) {
        $envAll = @{} + $script:baseEnv
        foreach ($k in $Environment.Keys) { $envAll[$k] = $Environment[$k] }
        $r = Invoke-ChildPwsh -Environment $envAll -Script @"
`$ErrorActionPreference = 'Continue'
Import-Module '$script:modulePath'
`$s3 = '$script:s3'
$Body
"@
        $jsonLine = ($r.StdOut -split "`n" | Where-Object { $_.Trim().StartsWith('{') -or $_.Trim().StartsWith('[') } | Select-Object -Last 1)
        [pscustomobject]@{ Raw = $r; Json = if ($jsonLine) { $jsonLine | ConvertFrom-Json } else { $null } }
    }

    $connection = Get-TestConnection
    $script:upload = Invoke-Presigned -Url (Get-S3PresignedUrl -BucketName presign-tests -Key 'cred-check.txt' -Method PUT @connection).Url -Method PUT -InFile $PSCommandPath
    # Everything a run printed, for the secret checks: streams 2-6 are merged into stdout with *>&1.
    $script:probe = @'
$DebugPreference = 'Continue'  # -Debug would turn warnings into prompts (PowerShell rule), which fail in -NonInteractive
$out = Get-S3PresignedUrl -BucketName presign-tests -Key cred-check.txt -EndpointUrl $s3 -Verbose *>&1
$r = @($out | Where-Object { $_ -is [PresignTools.PresignedUrl] })
$other = ($out | Where-Object { $_ -isnot [PresignTools.PresignedUrl] } | ForEach-Object { "$_" }) -join "`n"
# Everything but the URL itself, which carries the session token by design.
$listing = ($r | Select-Object * -ExcludeProperty Url | Format-List * | Out-String -Width 400)
$first = if ($r.Count) { $r[0] } else { $null }
[pscustomobject]@{
    Count = $r.Count; Url = $first.Url; Source = $first.CredentialSource; Limited = "$($first.ExpiryLimitedBy)"; Temporary = $first.IsTemporaryCredential
    ExpiresAt = $(if ($first) { $first.ExpiresAt.ToString('o') }); CredentialExpiresAt = $(if ($first.CredentialExpiresAt) { $first.CredentialExpiresAt.ToString('o') }); Streams = $other; Listing = $listing
    Errors = ($Error | ForEach-Object { "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" }) -join "`n"
} | ConvertTo-Json -Compress
'@
}

AfterAll {
    Stop-TestServer $script:standIn
    # Only ever the temporary folder this suite made.
    if ($script:fakeHome -and $script:fakeHome.StartsWith([System.IO.Path]::GetTempPath()) -and (Split-Path -Leaf $script:fakeHome) -like 'pt-home-*') {
        Remove-Item -Recurse -Force $script:fakeHome -ErrorAction SilentlyContinue
    }
}

Describe 'Assume-role profiles (STS stand-in)' {
    It 'signs with the assumed role: the link works, source and expiry are exact, no secret anywhere' {
        Set-StandIn @{}
        $res = Invoke-Presign ($script:probe -replace 'Get-S3PresignedUrl ', 'Get-S3PresignedUrl -ProfileName reader ')
        $j = $res.Json
        $j.Count | Should -Be 1
        $j.Source | Should -Be 'profile:reader (assume-role arn:aws:iam::123456789012:role/Reader)'
        $j.Temporary | Should -BeTrue
        (Invoke-Presigned -Url $j.Url).Status | Should -Be 200
        (Invoke-Presigned -Url (Set-SignatureTampered $j.Url)).Status | Should -Be 403
        $calls = Get-StandInRequests | Where-Object action -eq 'AssumeRole'
        $calls.Count | Should -Be 1
        $calls[0].roleArn | Should -Be 'arn:aws:iam::123456789012:role/Reader'
        $token = ([uri]$j.Url).Query -replace '.*X-Amz-Security-Token=([^&]+).*', '$1'
        $token | Should -Match '^STANDIN'
        foreach ($text in $j.Streams, $j.Listing, $j.Errors, $res.Raw.StdErr) {
            $text | Should -Not -Match $script:sourceSecret
            $text | Should -Not -Match ([regex]::Escape($token))
        }
        $j.Streams | Should -Match 'AKIASOURCEEXAMPLE0001|assume-role'
    }

    It 'reports when the role session cuts the link short (15 min session, 1 h link): ExpiresAt, one warning, -Strict errors' {
        Set-StandIn @{ expiresSeconds = 900 }
        $res = Invoke-Presign @'
$items = 1..5000 | ForEach-Object { [pscustomobject]@{ BucketName = 'presign-tests'; Key = "k$_" } }
$r = $items | Get-S3PresignedUrl -ProfileName reader -Expires 1h -EndpointUrl $s3 -WarningVariable w -WarningAction SilentlyContinue
$strict = @('s3://presign-tests/a', 's3://presign-tests/b' | Get-S3PresignedUrl -ProfileName reader -Expires 1h -EndpointUrl $s3 -Strict -ErrorVariable e -ErrorAction SilentlyContinue)
[pscustomobject]@{ Count = $r.Count; Limited = "$($r[0].ExpiryLimitedBy)"; ExpiresAt = $r[0].ExpiresAt.ToString('o'); Cred = $r[0].CredentialExpiresAt.ToString('o'); Requested = $r[0].RequestedExpiresAt.ToString('o'); Warnings = $w.Count; Strict = $strict.Count; StrictErrors = $e.Count; StrictId = "$($e[0].FullyQualifiedErrorId)" } | ConvertTo-Json -Compress
'@
        $j = $res.Json
        $j.Count | Should -Be 5000
        $j.Limited | Should -Be 'CredentialExpiry'
        $j.ExpiresAt | Should -Be $j.Cred
        ([DateTimeOffset]$j.Requested - [DateTimeOffset]$j.ExpiresAt).TotalMinutes | Should -BeGreaterThan 40
        $j.Warnings | Should -Be 1
        $j.Strict | Should -Be 0
        $j.StrictErrors | Should -Be 2
        $j.StrictId | Should -Be 'LinkOutlivesCredentials,PresignTools.Commands.GetS3PresignedUrlCommand'
        @(Get-StandInRequests | Where-Object action -eq 'AssumeRole').Count | Should -Be 1 -Because 'one session serves both pipelines in the process'
    }

    It 'calls STS again when the cached session is about to expire' {
        Set-StandIn @{ expiresSeconds = 302 }
        $res = Invoke-Presign @'
$a = Get-S3PresignedUrl -BucketName presign-tests -Key a -ProfileName reader -Expires 1m -EndpointUrl $s3
Start-Sleep -Seconds 3
$b = Get-S3PresignedUrl -BucketName presign-tests -Key a -ProfileName reader -Expires 1m -EndpointUrl $s3
[pscustomobject]@{ A = $a.CredentialExpiresAt.ToString('o'); B = $b.CredentialExpiresAt.ToString('o') } | ConvertTo-Json -Compress
'@
        @(Get-StandInRequests | Where-Object action -eq 'AssumeRole').Count | Should -Be 2
        [DateTimeOffset]$res.Json.B | Should -BeGreaterThan ([DateTimeOffset]$res.Json.A)
    }

    It 'asks STS for a session as long as the link, and falls back when the role refuses' {
        Set-StandIn @{}
        $res = Invoke-Presign @'
$r = Get-S3PresignedUrl -BucketName presign-tests -Key a -ProfileName reader -Expires 6h -EndpointUrl $s3 -Verbose 4>&1
$u = @($r | Where-Object { $_ -is [PresignTools.PresignedUrl] })[0]
[pscustomobject]@{ Limited = "$($u.ExpiryLimitedBy)"; Verbose = (($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n") } | ConvertTo-Json -Compress
'@
        $calls = @(Get-StandInRequests | Where-Object action -eq 'AssumeRole')
        $calls.Count | Should -Be 1
        $calls[0].durationSeconds | Should -Be (6 * 3600 + 300)
        $res.Json.Limited | Should -Be 'Requested'
        $res.Json.Verbose | Should -Match 'session'

        Set-StandIn @{ stsMaxDuration = 3600 }
        $res = Invoke-Presign @'
$r = Get-S3PresignedUrl -BucketName presign-tests -Key a -ProfileName reader -Expires 6h -EndpointUrl $s3 -Verbose -WarningAction SilentlyContinue 4>&1
$u = @($r | Where-Object { $_ -is [PresignTools.PresignedUrl] })[0]
[pscustomobject]@{ Limited = "$($u.ExpiryLimitedBy)"; Verbose = (($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n") } | ConvertTo-Json -Compress
'@
        $calls = @(Get-StandInRequests | Where-Object action -eq 'AssumeRole')
        $calls.Count | Should -Be 2
        $calls[1].durationSeconds | Should -BeNullOrEmpty
        $res.Json.Limited | Should -Be 'CredentialExpiry'
        $res.Json.Verbose | Should -Match 'refused'
    }

    It 'passes external_id, role_session_name and duration_seconds, and follows chains' {
        Set-StandIn @{}
        $res = Invoke-Presign ($script:probe -replace 'Get-S3PresignedUrl ', 'Get-S3PresignedUrl -ProfileName tagged ')
        (Invoke-Presigned -Url $res.Json.Url).Status | Should -Be 200
        $call = @(Get-StandInRequests | Where-Object action -eq 'AssumeRole')[0]
        $call.externalId | Should -Be 'ext-42'
        $call.sessionName | Should -Be 'nightly-report'
        $call.durationSeconds | Should -Be 7200

        Set-StandIn @{}
        $res = Invoke-Presign ($script:probe -replace 'Get-S3PresignedUrl ', 'Get-S3PresignedUrl -ProfileName chained ')
        (Invoke-Presigned -Url $res.Json.Url).Status | Should -Be 200
        @(Get-StandInRequests | Where-Object action -eq 'AssumeRole').roleArn | Should -Be @('arn:aws:iam::123456789012:role/Reader', 'arn:aws:iam::123456789012:role/Second')
    }

    It 'refuses an MFA profile at once, without calling STS' {
        Set-StandIn @{}
        $res = Invoke-Presign $script:probe.Replace('Get-S3PresignedUrl ', 'Get-S3PresignedUrl -ProfileName mfa ')
        $res.Json.Errors | Should -Match '^MfaRequired,'
        @(Get-StandInRequests).Count | Should -Be 0
    }

    It 'turns an STS AccessDenied into one line naming the source' {
        Set-StandIn @{ stsError = 'AccessDenied' }
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $res = Invoke-Presign $script:probe.Replace('Get-S3PresignedUrl ', 'Get-S3PresignedUrl -ProfileName reader ')
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 20
        $res.Json.Errors | Should -Match '^AssumeRoleFailed,.*profile:reader.*AccessDenied'
        ($res.Json.Errors -split "`n").Count | Should -Be 1
        $res.Json.Errors | Should -Not -Match $script:sourceSecret
    }
}

Describe 'SSO profiles (cached token, SSO stand-in)' {
    BeforeAll {
        $sha1 = [System.Security.Cryptography.SHA1]::Create()
        $script:ssoCache = Join-Path $script:fakeHome ('.aws/sso/cache/' + (($sha1.ComputeHash([Text.Encoding]::UTF8.GetBytes('corp')) | ForEach-Object { $_.ToString('x2') }) -join '') + '.json')
    }

    It 'exchanges a valid cached token for role credentials' {
        Set-StandIn @{ ssoToken = 'valid-sso-token' }
        @{ accessToken = 'valid-sso-token'; expiresAt = [DateTimeOffset]::UtcNow.AddHours(8).ToString('yyyy-MM-ddTHH:mm:ssZ'); region = 'us-east-1'; startUrl = 'https://corp.awsapps.com/start' } |
            ConvertTo-Json | Set-Content $script:ssoCache
        $res = Invoke-Presign $script:probe.Replace('Get-S3PresignedUrl ', 'Get-S3PresignedUrl -ProfileName sso ')
        $res.Json.Source | Should -Be 'profile:sso (sso 123456789012/ReadOnly)'
        $res.Json.CredentialExpiresAt | Should -Not -BeNullOrEmpty
        (Invoke-Presigned -Url $res.Json.Url).Status | Should -Be 200
        $call = @(Get-StandInRequests | Where-Object action -eq 'GetRoleCredentials')[0]
        $call.accountId | Should -Be '123456789012'
        $call.roleName | Should -Be 'ReadOnly'
        $res.Json.Streams + $res.Json.Errors | Should -Not -Match 'valid-sso-token'
    }

    It 'says to run aws sso login when the token expired, without calling SSO' {
        Set-StandIn @{}
        @{ accessToken = 'old'; expiresAt = [DateTimeOffset]::UtcNow.AddHours(-1).ToString('yyyy-MM-ddTHH:mm:ssZ') } | ConvertTo-Json | Set-Content $script:ssoCache
        $res = Invoke-Presign $script:probe.Replace('Get-S3PresignedUrl ', 'Get-S3PresignedUrl -ProfileName sso ')
        $res.Json.Errors | Should -Match '^SsoTokenExpired,.*aws sso login --sso-session corp'
        @(Get-StandInRequests).Count | Should -Be 0
    }
}

Describe 'credential_process profiles' {
    It 'uses the process output and its Expiration' {
        $res = Invoke-Presign $script:probe.Replace('Get-S3PresignedUrl ', 'Get-S3PresignedUrl -ProfileName process ')
        $res.Json.Source | Should -Be 'profile:process (credential_process)' -Because "$($res.Json.Errors) $($res.Raw.StdErr)"
        ([DateTimeOffset]$res.Json.CredentialExpiresAt - [DateTimeOffset]::UtcNow).TotalMinutes | Should -BeGreaterThan 25
        (Invoke-Presigned -Url $res.Json.Url).Status | Should -Be 200
        $res.Json.Streams | Should -Not -Match 'PROCESSTOKEN'
    }

    It 'reports a failing process with its exit code and first stderr line' {
        $res = Invoke-Presign $script:probe.Replace('Get-S3PresignedUrl ', 'Get-S3PresignedUrl -ProfileName badprocess ')
        $res.Json.Errors | Should -Match '^CredentialProcessFailed,.*code 3: cannot reach the vault'
    }

    It 'reports output that is not JSON' {
        $res = Invoke-Presign $script:probe.Replace('Get-S3PresignedUrl ', 'Get-S3PresignedUrl -ProfileName badjson ')
        $res.Json.Errors | Should -Match '^CredentialProcessInvalidOutput,'
        $res.Json.Errors | Should -Not -Match 'not-json'
    }
}

Describe 'Container, instance-role and web-identity credentials' {
    It 'uses container credentials with the authorization token' {
        Set-StandIn @{ containerToken = 'container-auth-token' }
        $res = Invoke-Presign $script:probe -Environment @{ AWS_CONTAINER_CREDENTIALS_FULL_URI = "$script:aws/container/credentials"; AWS_CONTAINER_AUTHORIZATION_TOKEN = 'container-auth-token' }
        $res.Json.Source | Should -Be 'container credentials' -Because "$($res.Json.Errors) $($res.Raw.StdErr)"
        (Invoke-Presigned -Url $res.Json.Url).Status | Should -Be 200
        (Get-StandInRequests | Where-Object action -eq 'Container')[0].authorization | Should -Be 'present'
    }

    It 'uses the instance role through IMDSv2 (token first)' {
        Set-StandIn @{}
        $res = Invoke-Presign $script:probe -Environment @{ AWS_EC2_METADATA_DISABLED = $null; AWS_EC2_METADATA_SERVICE_ENDPOINT = $script:aws }
        $res.Json.Source | Should -Be 'instance role (test-role)'
        (Invoke-Presigned -Url $res.Json.Url).Status | Should -Be 200
        $calls = Get-StandInRequests
        $calls[0].action | Should -Be 'ImdsToken'
        @($calls | Where-Object { $_.action -eq 'ImdsCredentials' -and -not $_.hasToken }).Count | Should -Be 0
    }

    It 'assumes a role from the instance role (credential_source)' {
        Set-StandIn @{}
        $res = Invoke-Presign $script:probe.Replace('Get-S3PresignedUrl ', 'Get-S3PresignedUrl -ProfileName imds ') -Environment @{ AWS_EC2_METADATA_DISABLED = $null; AWS_EC2_METADATA_SERVICE_ENDPOINT = $script:aws }
        $res.Json.Source | Should -Be 'profile:imds (assume-role arn:aws:iam::123456789012:role/FromInstance)'
        (Invoke-Presigned -Url $res.Json.Url).Status | Should -Be 200
    }

    It 'gives up on unreachable instance metadata within a few seconds' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $listener.Start()
        $closedPort = $listener.LocalEndpoint.Port; $listener.Stop()
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $res = Invoke-Presign $script:probe -Environment @{ AWS_EC2_METADATA_DISABLED = $null; AWS_EC2_METADATA_SERVICE_ENDPOINT = "http://127.0.0.1:$closedPort" }
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 15
        $res.Json.Errors | Should -Match '^NoCredentials,.*instance metadata'
    }

    It 'uses AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE' {
        Set-StandIn @{}
        $tokenFile = Join-Path $script:fakeHome 'web-identity-token'
        Set-Content $tokenFile 'eyJhbGciOiJSUzI1NiJ9.web-identity-token-value.sig'
        $res = Invoke-Presign $script:probe -Environment @{ AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/Pod'; AWS_WEB_IDENTITY_TOKEN_FILE = $tokenFile }
        $res.Json.Source | Should -Be 'web identity (AWS_ROLE_ARN arn:aws:iam::123456789012:role/Pod)'
        (Invoke-Presigned -Url $res.Json.Url).Status | Should -Be 200
        (Get-StandInRequests | Where-Object action -eq 'AssumeRoleWithWebIdentity').Count | Should -Be 1
        $res.Json.Streams + $res.Json.Errors | Should -Not -Match 'web-identity-token-value'
    }
}

Describe 'AWS.Tools session defaults, unknown expiry and -MinimumValidity' {
    It 'signs with $StoredAWSCredentials and $StoredAWSRegion shaped like AWS.Tools (types from another assembly, internal property)' {
        $res = Invoke-Presign @'
Add-Type -TypeDefinition @"
namespace Fake.Amazon.Runtime {
    public class ImmutableCredentials { public string AccessKey { get; set; } public string SecretKey { get; set; } public string Token { get; set; } }
    public class SessionAWSCredentials {
        private readonly ImmutableCredentials c;
        public SessionAWSCredentials(string a, string s, string t) { c = new ImmutableCredentials { AccessKey = a, SecretKey = s, Token = t }; }
        public ImmutableCredentials GetCredentials() { return c; }
    }
    public class AWSPSCredentials {
        public AWSPSCredentials(SessionAWSCredentials c, string name) { Credentials = c; Name = name; }
        internal SessionAWSCredentials Credentials { get; private set; }
        public string Name { get; private set; }
    }
}
"@
$global:StoredAWSCredentials = [Fake.Amazon.Runtime.AWSPSCredentials]::new([Fake.Amazon.Runtime.SessionAWSCredentials]::new('S3RVER', 'S3RVER', 'TOOLSTOKEN'), 'tools')
$global:StoredAWSRegion = 'eu-west-3'
$r = Get-S3PresignedUrl -BucketName presign-tests -Key cred-check.txt -EndpointUrl $s3 -WarningVariable w -WarningAction SilentlyContinue
[pscustomobject]@{ Url = $r.Url; Source = $r.CredentialSource; Region = $r.Region; Temporary = $r.IsTemporaryCredential; Known = [bool]$r.CredentialExpiresAt; Warnings = @($w | ForEach-Object { "$_" }) } | ConvertTo-Json -Compress
'@ -Environment @{ AWS_REGION = $null }
        $j = $res.Json
        $j.Source | Should -Be 'AWS.Tools session default'
        $j.Region | Should -Be 'eu-west-3'
        $j.Temporary | Should -BeTrue
        $j.Known | Should -BeFalse
        @($j.Warnings).Count | Should -Be 1
        $j.Warnings[0] | Should -Match 'no known expiry'
        $j.Url | Should -Match 'X-Amz-Security-Token=TOOLSTOKEN'
        (Invoke-Presigned -Url $j.Url).Status | Should -Be 200
    }

    It 'refuses links that would live less than -MinimumValidity, saying why' {
        Set-StandIn @{ expiresSeconds = 1200 }
        $res = Invoke-Presign @'
$ok = Get-S3PresignedUrl -BucketName presign-tests -Key a -ProfileName reader -Expires 1h -MinimumValidity 15m -EndpointUrl $s3 -WarningAction SilentlyContinue
$bad = Get-S3PresignedUrl -BucketName presign-tests -Key a -ProfileName reader -Expires 1h -MinimumValidity 30m -EndpointUrl $s3 -WarningAction SilentlyContinue -ErrorVariable e -ErrorAction SilentlyContinue
[pscustomobject]@{ Ok = [bool]$ok; Bad = [bool]$bad; Id = "$($e[0].FullyQualifiedErrorId)"; Message = "$($e[0].Exception.Message)" } | ConvertTo-Json -Compress
'@
        $res.Json.Ok | Should -BeTrue
        $res.Json.Bad | Should -BeFalse
        $res.Json.Id | Should -Be 'BelowMinimumValidity,PresignTools.Commands.GetS3PresignedUrlCommand'
        $res.Json.Message | Should -Match 'CredentialExpiry'
    }
}
