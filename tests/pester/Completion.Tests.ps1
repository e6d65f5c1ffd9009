BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    $script:modulePath = Get-TestModulePath
    Import-Module $script:modulePath -Force

    # What a user gets pressing Tab at the end of $Line (or at $Cursor).
    function script:Complete([string] $Line, [int] $Cursor = -1) {
        if ($Cursor -lt 0) { $Cursor = $Line.Length }
        @((TabExpansion2 -inputScript $Line -cursorColumn $Cursor).CompletionMatches | ForEach-Object CompletionText)
    }

    $script:dir = Join-Path ([System.IO.Path]::GetTempPath()) ("pt-completion-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Force $script:dir
    $script:credentialsFile = Join-Path $script:dir 'credentials'
    $script:configFile = Join-Path $script:dir 'config'
    $script:otherCredentials = Join-Path $script:dir 'other-credentials'
    Set-Content $script:credentialsFile -Value @'
[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = never-shown

[dev]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = never-shown

[has space]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = never-shown
'@
    Set-Content $script:configFile -Value @'
[default]
region = eu-west-1

[profile prod]
region = eu-central-1

[profile Payroll]
region = eu-central-1

[sso-session corp]
sso_start_url = https://example.awsapps.com/start
sso_region = eu-west-1

[services local-s3]
s3 =
  endpoint_url = http://127.0.0.1:9000
'@
    Set-Content $script:otherCredentials -Value @'
[elsewhere]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = never-shown
'@
}

AfterAll {
    Remove-Item -Recurse -Force $script:dir -ErrorAction SilentlyContinue
}

Describe '-ProfileName completion' {
    BeforeEach {
        $script:savedEnv = @{}
        foreach ($name in 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE') { $script:savedEnv[$name] = [Environment]::GetEnvironmentVariable($name) }
        $env:AWS_CONFIG_FILE = $script:configFile
        $env:AWS_SHARED_CREDENTIALS_FILE = $script:credentialsFile
    }
    AfterEach {
        foreach ($name in $script:savedEnv.Keys) { [Environment]::SetEnvironmentVariable($name, $script:savedEnv[$name]) }
    }

    It 'offers the profiles of both files (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE), each once, and no other sections' {
        $names = Complete 'Get-S3PresignedUrl s3://b/k -ProfileName '
        $names | Should -Contain 'default'
        $names | Should -Contain 'dev'
        $names | Should -Contain 'prod'
        $names | Should -Contain 'Payroll'
        @($names | Where-Object { $_ -eq 'default' }).Count | Should -Be 1
        ($names -join ',') | Should -Not -Match 'corp|sso|local-s3|services'
    }

    It 'quotes a profile name with a space so the completed line parses' {
        $names = Complete 'Get-S3PresignedUrl s3://b/k -ProfileName h'
        $names | Should -Be @("'has space'")
    }

    It 'filters by the typed prefix, case-insensitively' {
        Complete 'Get-S3PresignedUrl s3://b/k -ProfileName pa' | Should -Be @('Payroll')
        Complete 'Get-S3PresignedUrl s3://b/k -ProfileName D' | Sort-Object | Should -Be @('default', 'dev')
    }

    It 'reads the credentials file given with -ProfileLocation instead of the default one' {
        $names = Complete "Get-S3PresignedUrl s3://b/k -ProfileLocation '$script:otherCredentials' -ProfileName "
        $names | Should -Contain 'elsewhere'
        $names | Should -Contain 'prod'            # the config file still counts
        $names | Should -Not -Contain 'dev'        # the default credentials file does not
    }

    It 'offers nothing, quietly, when the files do not exist' {
        $env:AWS_CONFIG_FILE = Join-Path $script:dir 'missing-config'
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $script:dir 'missing-credentials'
        $Error.Clear()
        $names = Complete 'Get-S3PresignedUrl s3://b/k -ProfileName '
        # Nothing from us: whatever PowerShell falls back to (file names) is not a profile.
        $names | Should -Not -Contain 'dev'
        $names | Should -Not -Contain 'default'
        $Error.Count | Should -Be 0
    }
}

Describe '-Region completion' {
    It 'completes a prefix to the matching regions' {
        Complete 'Get-S3PresignedUrl s3://b/k -Region eu-cen' | Should -Be @('eu-central-1', 'eu-central-2')
        Complete 'Get-S3PresignedUrl s3://b/k -Region US-GOV' | Should -Be @('us-gov-east-1', 'us-gov-west-1')
    }

    It 'offers every public region the bundled AWSSDK knows (no ISO partitions)' {
        $all = Complete 'Get-S3PresignedUrl s3://b/k -Region '
        $all | Should -Contain 'us-east-1'
        $all | Should -Not -Match 'iso'
        # Ask the AWSSDK.Core this module ships, in a fresh process (it must not load in ours).
        $sdk = Join-Path (Split-Path $script:modulePath) 'bin/deps/AWSSDK.Core.dll'
        $r = Invoke-ChildPwsh -Script "Add-Type -Path '$sdk'; [Amazon.RegionEndpoint]::EnumerableAllRegions.SystemName"
        $r.StdErr | Should -BeNullOrEmpty
        $known = @($r.StdOut -split '\r?\n' | Where-Object { $_ -and $_ -notmatch '-iso|-regional$' })
        $known.Count | Should -BeGreaterThan 30
        foreach ($region in $known) { $all | Should -Contain $region -Because 'RegionCompleter.Regions must list every public region' }
    }
}

Describe 'Fixed-choice parameters complete their values' {
    It 'completes -Method with the ValidateSet values' {
        Complete 'Get-S3PresignedUrl s3://b/k -Method ' | Should -Be @('DELETE', 'GET', 'HEAD', 'PUT')   # PowerShell sorts them
        Complete 'Get-S3PresignedUrl s3://b/k -Method h' | Should -Be @('HEAD')
    }

    It 'completes -Protocol' {
        Complete 'Get-S3PresignedUrl s3://b/k -Protocol ' | Should -Be @('HTTP', 'HTTPS')
    }

    It 'completes New-S3UploadUrl -<Parameter> with <Expected>' -TestCases @(
        @{ Parameter = 'ServerSideEncryption'; Expected = 'aws:kms' }
        @{ Parameter = 'StorageClass'; Expected = 'STANDARD_IA' }
    ) {
        param($Parameter, $Expected)
        $command = Get-Command -Module PresignTools -Name New-S3UploadUrl -ErrorAction SilentlyContinue
        if (-not $command -or -not $command.Parameters.ContainsKey($Parameter)) {
            Set-ItResult -Skipped -Because "New-S3UploadUrl -$Parameter is not in this build"
            return
        }
        $values = Complete "New-S3UploadUrl s3://b/k -$Parameter "
        # A value with ':' must come back quoted or bare such that the line still parses to the value.
        ($values | ForEach-Object { $_.Trim("'") }) | Should -Contain $Expected
        foreach ($v in $values) {
            $tokens = $null; $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput("New-S3UploadUrl -$Parameter $v", [ref]$tokens, [ref]$errors)
            $errors | Should -BeNullOrEmpty
        }
    }
}

Describe 'Completion next to AWS.Tools.S3' {
    It 'completes our parameters for Get-S3PreSignedURL even when a same-named command is imported after us' {
        $standIn = Join-Path ([System.IO.Path]::GetTempPath()) ("pt-standin-" + [guid]::NewGuid().ToString('n'))
        $dir = Join-Path $standIn 'AWS.Tools.S3'
        $null = New-Item -ItemType Directory -Force $dir
        Set-Content (Join-Path $dir 'AWS.Tools.S3.psm1') -Value @'
function Get-S3PreSignedURL { param([string]$BucketName, [string]$Key, [string]$Region, [string]$TheirsOnly) "aws-tools" }
Export-ModuleMember -Function Get-S3PreSignedURL
'@
        try {
            $r = Invoke-ChildPwsh -Script @"
Import-Module '$script:modulePath'
Import-Module '$dir'
'PARAMS=' + ((TabExpansion2 -inputScript 'Get-S3PreSignedURL -Down' -cursorColumn 24).CompletionMatches.CompletionText -join ',')
'THEIRS=' + ((TabExpansion2 -inputScript 'Get-S3PreSignedURL -TheirsO' -cursorColumn 27).CompletionMatches.CompletionText -join ',')
'REGION=' + ((TabExpansion2 -inputScript 'Get-S3PreSignedURL -Region ap-southeast-7' -cursorColumn 40).CompletionMatches.CompletionText -join ',')
"@
            $r.StdErr | Should -BeNullOrEmpty
            $r.StdOut | Should -Match 'PARAMS=-DownloadFileName'
            $r.StdOut | Should -Match 'THEIRS=(\r?\n|$)'
            $r.StdOut | Should -Match 'REGION=ap-southeast-7'
        }
        finally { Remove-Item -Recurse -Force $standIn -ErrorAction SilentlyContinue }
    }
}
