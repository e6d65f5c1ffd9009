BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    $script:modulePath = Get-TestModulePath
    $script:packages = Get-NuGetPackagesRoot
    $script:otherCore = Join-Path $script:packages 'awssdk.core/4.0.3.3/lib/net8.0/AWSSDK.Core.dll'
    $script:otherS3 = Join-Path $script:packages 'awssdk.s3/4.0.102.2/lib/net8.0/AWSSDK.S3.dll'
    $script:endpoint = Get-TestEndpoint
}

Describe 'Module manifest and exports' {
    It 'passes Test-ModuleManifest and exports exactly the cmdlets the manifest lists' {
        $m = Test-ModuleManifest -Path $script:modulePath
        $m.Name | Should -Be 'PresignTools'
        $m.PowerShellVersion | Should -Be '5.1'
        $m.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $listed = @((Import-PowerShellDataFile $script:modulePath).CmdletsToExport | Sort-Object)
        $listed | Should -Contain 'Get-S3PresignedUrl'
        $listed | Should -Not -Contain '*' -Because 'exports are explicit (the gallery and command discovery read them)'
        $r = Invoke-ChildPwsh -Script @"
Import-Module '$script:modulePath'
`$m = Get-Module PresignTools
'CMDLETS=' + ((`$m.ExportedCmdlets.Keys | Sort-Object) -join ',')
'OTHER=' + (`$m.ExportedFunctions.Count + `$m.ExportedAliases.Count + `$m.ExportedVariables.Count)
"@
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -Match ('CMDLETS=' + [regex]::Escape($listed -join ',') + '\r?\n')
        $r.StdOut | Should -Match 'OTHER=0'
    }

    It 'declares what the PowerShell Gallery shows' {
        $data = Import-PowerShellDataFile $script:modulePath
        $data.Description | Should -Not -BeNullOrEmpty
        $data.Author | Should -Not -BeNullOrEmpty
        $data.FunctionsToExport.Count + $data.AliasesToExport.Count + $data.VariablesToExport.Count | Should -Be 0
        $psData = $data.PrivateData.PSData
        $psData.Tags | Should -Contain 'PSEdition_Core'
        $psData.Tags | Should -Contain 'PSEdition_Desktop'
        foreach ($t in $psData.Tags) { $t | Should -Not -Match '\s' -Because 'gallery tags cannot contain spaces' }
        $psData.LicenseUri | Should -Match '^https://'
        $psData.ProjectUri | Should -Match '^https://'
        $psData.ReleaseNotes | Should -Not -BeNullOrEmpty
        Test-Path (Join-Path $PSScriptRoot '../../LICENSE') | Should -BeTrue
        Get-Content -Raw (Join-Path $PSScriptRoot '../../LICENSE') | Should -Match 'Apache License\s+Version 2\.0'
        Get-Content -Raw (Join-Path $PSScriptRoot '../../CHANGELOG.md') | Should -Match ('## \[' + [regex]::Escape($data.ModuleVersion) + '\]')
    }

    It 'loads no AWSSDK assembly for plain presigning (cold start stays small)' {
        $r = Invoke-ChildPwsh -Script @"
Import-Module '$script:modulePath'
`$null = Get-S3PresignedUrl -BucketName examplebucket -Key k -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s -Region us-east-1
([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -like 'AWSSDK*' }).Count
"@
        $r.StdOut.Trim() | Should -Be '0'
    }
}

Describe 'AWSSDK isolation (private AssemblyLoadContext)' {
    BeforeAll {
        Test-Path $script:otherCore | Should -BeTrue -Because 'build.ps1 Test restores AWSSDK.Core 4.0.3.3 for this test'
        # Lists (so loads AWSSDK in our context), then reports where each AWSSDK.Core lives.
        $script:probe = @"
`$links = @(Get-S3PresignedUrl -BucketName presign-tests -Prefix '' -Recurse -EndpointUrl '$script:endpoint' -Region us-east-1 -AccessKey S3RVER -SecretKey S3RVER -ErrorAction Stop)
`$url = Get-S3PresignedUrl -BucketName examplebucket -Key isolation.txt -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s -Region us-east-1
'URL=' + `$url.Url.StartsWith('https://examplebucket.s3.us-east-1.amazonaws.com/isolation.txt?')
foreach (`$a in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'AWSSDK.Core' }) {
    'CORE=' + `$a.GetName().Version + '@' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$a).Name
}
"@
    }

    It 'works when another AWSSDK build was loaded first' {
        $r = Invoke-ChildPwsh -Script @"
Add-Type -Path '$script:otherCore'
Add-Type -Path '$script:otherS3'
Import-Module '$script:modulePath'
$script:probe
"@
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -Match 'URL=True'
        $r.StdOut | Should -Match 'CORE=4\.0\.0\.0@PresignTools'
        $r.StdOut | Should -Match 'CORE=4\.0\.0\.0@Default'
        ([System.Version]((Get-Item $script:otherCore).VersionInfo.FileVersion)) | Should -Not -Be ([System.Version]'4.1.0.0') -Because 'the other build really differs'
    }

    It 'works when another AWSSDK build loads after it, and binds its S3Object by property name' {
        $r = Invoke-ChildPwsh -Script @"
Import-Module '$script:modulePath'
$script:probe
Add-Type -Path '$script:otherCore'
Add-Type -Path '$script:otherS3'
`$o = [Amazon.S3.Model.S3Object]::new()
`$o.BucketName = 'examplebucket'; `$o.Key = 'from/other/sdk.txt'
'OTHERALC=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$o.GetType().Assembly).Name
'FILEVERSION=' + [System.Diagnostics.FileVersionInfo]::GetVersionInfo(`$o.GetType().Assembly.Location).FileVersion
`$piped = `$o | Get-S3PresignedUrl -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s -Region us-east-1
'PIPED=' + `$piped.Key + '|' + `$piped.Url.StartsWith('https://examplebucket.s3.us-east-1.amazonaws.com/from/other/sdk.txt?')
"@
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -Match 'URL=True'
        $r.StdOut | Should -Match 'CORE=4\.0\.0\.0@PresignTools'
        $r.StdOut | Should -Match 'OTHERALC=Default'
        $r.StdOut | Should -Match 'FILEVERSION=4\.0\.102'
        $r.StdOut | Should -Match 'PIPED=from/other/sdk.txt\|True'
    }
}

Describe 'Coexistence with AWS.Tools.S3 Get-S3PreSignedURL' {
    BeforeAll {
        $script:standIn = Join-Path ([System.IO.Path]::GetTempPath()) ("pt-standin-" + [guid]::NewGuid().ToString('n'))
        $dir = Join-Path $script:standIn 'AWS.Tools.S3'
        $null = New-Item -ItemType Directory -Force $dir
        Set-Content (Join-Path $dir 'AWS.Tools.S3.psm1') -Value @'
function Get-S3PreSignedURL {
    param([string]$BucketName, [string]$Key, [DateTime]$Expire, [string]$Verb, [string]$Region, [string]$AccessKey, [string]$SecretKey)
    "aws-tools:$BucketName/$Key"
}
Export-ModuleMember -Function Get-S3PreSignedURL
'@
    }
    AfterAll { Remove-Item -Recurse -Force $script:standIn -ErrorAction SilentlyContinue }

    It 'resolves to PresignTools when imported <Order>, and AWS.Tools.S3\ stays reachable' -TestCases @(
        @{ Order = 'after AWS.Tools.S3'; First = 'aws' }, @{ Order = 'before AWS.Tools.S3'; First = 'ours' }
    ) {
        param($Order, $First)
        $imports = if ($First -eq 'aws') { "Import-Module '$script:standIn/AWS.Tools.S3'; Import-Module '$script:modulePath'" } else { "Import-Module '$script:modulePath'; Import-Module '$script:standIn/AWS.Tools.S3'" }
        $r = Invoke-ChildPwsh -Script @"
$imports
`$u = Get-S3PreSignedURL -BucketName examplebucket -Key k.txt -Expire (Get-Date).AddHours(1) -Verb GET -Region us-east-1 -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s
'OURS=' + (`$u -is [PresignTools.PresignedUrl]) + '|' + ("`$u".StartsWith('https://examplebucket.s3.us-east-1.amazonaws.com/k.txt?'))
'THEIRS=' + (AWS.Tools.S3\Get-S3PreSignedURL -BucketName b -Key k)
Remove-Module PresignTools
'AFTERREMOVE=' + (Get-S3PreSignedURL -BucketName b -Key k)
"@
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -Match 'OURS=True\|True'
        $r.StdOut | Should -Match 'THEIRS=aws-tools:b/k'
        $r.StdOut | Should -Match 'AFTERREMOVE=aws-tools:b/k'
    }

    It 'sets the alias globally also when imported from a function or a script block, and removes it with the module' {
        $r = Invoke-ChildPwsh -Script @"
function Import-Inside { Import-Module '$script:modulePath'; 'INSIDE=' + (Get-Alias Get-S3PresignedUrl).Definition }
Import-Inside
'GLOBAL=' + (Get-Alias Get-S3PresignedUrl -Scope Global).Definition
'RUNS=' + ((Get-S3PresignedUrl -BucketName examplebucket -Key k -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s -Region us-east-1) -is [PresignTools.PresignedUrl])
& { Remove-Module PresignTools }
'GONE=' + (`$null -eq (Get-Alias Get-S3PresignedUrl -ErrorAction SilentlyContinue))
& { Import-Module '$script:modulePath' }
'AGAIN=' + (Get-Alias Get-S3PresignedUrl -Scope Global).Definition
"@
        Assert-ChildOutput $r @(
            'INSIDE=PresignTools\\Get-S3PresignedUrl'
            'GLOBAL=PresignTools\\Get-S3PresignedUrl'
            'RUNS=True'
            'GONE=True'
            'AGAIN=PresignTools\\Get-S3PresignedUrl'
        )
    }

    It 'works where scripts used the AWS string: Invoke-WebRequest -Uri (Get-S3PresignedUrl ...) and "$(...)", imported <Order>' -TestCases @(
        @{ Order = 'after AWS.Tools.S3'; First = 'aws' }, @{ Order = 'before AWS.Tools.S3'; First = 'ours' }
    ) {
        param($Order, $First)
        $imports = if ($First -eq 'aws') { "Import-Module '$script:standIn/AWS.Tools.S3'; Import-Module '$script:modulePath'" } else { "Import-Module '$script:modulePath'; Import-Module '$script:standIn/AWS.Tools.S3'" }
        # A key with a space and a non-ASCII letter: the [uri] conversion must keep the signed encoding.
        $key = "coexistence/$First/h" + [char]0x00E9 + 'llo w' + [char]0x00F6 + 'rld.txt'
        $body = "presigned $First " + [guid]::NewGuid()
        $r = Invoke-ChildPwsh -Script @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
$imports
`$c = @{ BucketName = 'presign-tests'; Key = '$key'; EndpointUrl = '$script:endpoint'; Region = 'us-east-1'; AccessKey = 'S3RVER'; SecretKey = 'S3RVER' }
`$put = Invoke-WebRequest -Uri (Get-S3PresignedUrl @c -Method PUT) -Method Put -Body '$body'
'PUT=' + `$put.StatusCode
`$file = [System.IO.Path]::GetTempFileName()
Invoke-WebRequest -Uri (Get-S3PresignedUrl @c) -OutFile `$file
'IWR=' + [System.IO.File]::ReadAllText(`$file)
Remove-Item `$file
`$text = "`$(Get-S3PresignedUrl @c)"
'ISSTRING=' + (`$text -is [string]) + '|' + `$text.StartsWith('$script:endpoint/presign-tests/coexistence/')
'IRM=' + (Invoke-RestMethod -Uri `$text)
'IRMSTRINGVAR=' + (Invoke-RestMethod -Uri "`$(Get-S3PresignedUrl @c -Expires 5m)")
'IWRHEAD=' + (Invoke-WebRequest -Uri (Get-S3PresignedUrl @c -Method HEAD) -Method Head).StatusCode
"@
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -Match 'PUT=200'
        $r.StdOut | Should -Match ('IWR=' + [regex]::Escape($body))
        $r.StdOut | Should -Match 'ISSTRING=True\|True'
        $r.StdOut | Should -Match ('IRM=' + [regex]::Escape($body))
        $r.StdOut | Should -Match ('IRMSTRINGVAR=' + [regex]::Escape($body))
        $r.StdOut | Should -Match 'IWRHEAD=200'
    }
}
