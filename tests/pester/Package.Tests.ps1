# The gallery package: build.ps1's Invoke-Package run against the module the Test task already built
# (its Invoke-Build step stubbed, so the suite does not rebuild the module it is testing), then
# installed from a temporary folder repository with PSResourceGet and used offline. Every child pwsh
# gets its own HOME (and XDG_DATA_HOME) and the default PSModulePath, so registering a repository or
# installing for the current user never touches the developer's PSResourceGet settings or modules.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    $script:modulePath = Get-TestModulePath
    $script:root = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
    $script:version = (Import-PowerShellDataFile $script:modulePath).ModuleVersion
    $script:temp = Join-Path ([System.IO.Path]::GetTempPath()) ("pt-package-" + [guid]::NewGuid().ToString('n'))
    $script:out = Join-Path $script:temp 'out'
    # XDG_DATA_HOME must agree with HOME: PowerShell finds user modules under XDG_DATA_HOME, while
    # PSResourceGet installs them under HOME/.local/share.
    $dataHome = Join-Path $script:temp 'home/.local/share'
    $null = New-Item -ItemType Directory -Force $dataHome, $script:out
    $script:isolated = @{ HOME = (Join-Path $script:temp 'home'); XDG_DATA_HOME = $dataHome; PSModulePath = $null }
    Copy-Item -Recurse (Split-Path $script:modulePath) (Join-Path $script:out 'PresignTools')

    $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $script:root 'build.ps1'), [ref]$null, [ref]$null)
    $script:packageFunction = $ast.Find({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $n.Name -eq 'Invoke-Package' }, $true).Extent.Text
    $script:nupkg = Join-Path $script:out "PresignTools.$script:version.nupkg"
}

AfterAll {
    Remove-Item -Recurse -Force $script:temp -ErrorAction SilentlyContinue
}

Describe 'build.ps1 Package' {
    It 'writes out/PresignTools.<version>.nupkg from the staged module, offline' {
        $r = Invoke-ChildPwsh -Environment $script:isolated -Script @"
`$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
function Invoke-Build { }   # the Test task built the module already
`$Root = '$script:root'
`$Out = '$script:out'
`$ModuleOut = '$script:out/PresignTools'
$script:packageFunction
Invoke-Package
"@
        $r.StdErr | Should -BeNullOrEmpty
        $r.ExitCode | Should -Be 0
        Test-Path $script:nupkg | Should -BeTrue
        Test-Path (Join-Path $script:out 'package') | Should -BeFalse -Because 'the scratch folder is removed'
    }

    It 'holds the module, its help, LICENSE and gallery metadata' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($script:nupkg)
        try {
            $names = @($zip.Entries | ForEach-Object FullName)
            foreach ($f in 'PresignTools.psd1', 'PresignTools.Format.ps1xml', 'LICENSE', 'bin/PresignTools.dll',
                'bin/PresignTools.LoadContext.dll', 'bin/deps/AWSSDK.Core.dll', 'en-US/PresignTools.dll-Help.xml', 'en-US/about_PresignTools.help.txt') {
                $names | Should -Contain $f
            }
            $reader = [System.IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq 'PresignTools.nuspec').Open())
            [xml] $nuspec = $reader.ReadToEnd()
            $reader.Dispose()
        }
        finally { $zip.Dispose() }
        $meta = $nuspec.package.metadata
        $meta.id | Should -Be 'PresignTools'
        $meta.version | Should -Be $script:version
        $meta.tags -split ' ' | Should -Contain 'PSModule'
        $meta.tags -split ' ' | Should -Contain 'PSEdition_Core'
        $meta.description | Should -Not -BeNullOrEmpty
        $meta.projectUrl | Should -Match '^https://'
        $meta.licenseUrl | Should -Match '^https://'
    }

    It 'installs from a folder repository with Save-PSResource and Install-PSResource, and the installed copy presigns offline' {
        $installScope = if ($IsWindows) { '' } else { "Install-PSResource -Name PresignTools -Repository ptlocal -Scope CurrentUser -TrustRepository -Quiet" }
        $r = Invoke-ChildPwsh -Environment $script:isolated -Script @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Register-PSResourceRepository -Name ptlocal -Uri '$script:out' -Trusted
`$null = New-Item -ItemType Directory -Force '$script:temp/saved'
'FOUND=' + (Find-PSResource -Name PresignTools -Repository ptlocal).Version
Save-PSResource -Name PresignTools -Repository ptlocal -Path '$script:temp/saved' -TrustRepository -Quiet
$installScope
'INSTALLED=' + ((Get-InstalledPSResource -Name PresignTools -ErrorAction SilentlyContinue).InstalledLocation)
"@
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -Match ('FOUND=' + [regex]::Escape($script:version))
        $saved = Join-Path $script:temp "saved/PresignTools/$script:version/PresignTools.psd1"
        Test-Path $saved | Should -BeTrue
        if (-not $IsWindows) { $r.StdOut | Should -Match ('INSTALLED=' + [regex]::Escape($script:temp)) }

        # Import the saved copy by name (its folder first on PSModulePath) in a fresh process.
        $u = Invoke-ChildPwsh -Environment $script:isolated -Script @"
`$ErrorActionPreference = 'Stop'
`$env:PSModulePath = '$script:temp/saved' + [System.IO.Path]::PathSeparator + `$env:PSModulePath
Import-Module PresignTools
'BASE=' + (Get-Module PresignTools).ModuleBase
`$link = Get-S3PresignedUrl s3://examplebucket/report.pdf -Region us-east-1 -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY -SigningTime '2026-01-01T00:00:00Z' -Expires 1h -WarningAction SilentlyContinue
'URL=' + `$link
'SYNOPSIS=' + (Get-Help PresignTools\Get-S3PresignedUrl).Synopsis
"@
        $u.StdErr | Should -BeNullOrEmpty
        $u.StdOut | Should -Match ('BASE=' + [regex]::Escape((Join-Path $script:temp "saved/PresignTools/$script:version")))
        $u.StdOut | Should -Match 'URL=https://examplebucket\.s3\.us-east-1\.amazonaws\.com/report\.pdf\?X-Amz-Algorithm=AWS4-HMAC-SHA256&.*X-Amz-Signature=[0-9a-f]{64}'
        $u.StdOut | Should -Match 'SYNOPSIS=Creates Amazon S3 presigned URLs'

        if (-not $IsWindows) {
            # The Install-PSResource copy is found by name from the (isolated) user module folder.
            $i = Invoke-ChildPwsh -Environment $script:isolated -Script @"
Import-Module PresignTools -ErrorAction Stop
'BASE=' + (Get-Module PresignTools).ModuleBase
'URL=' + (Get-S3PresignedUrl s3://examplebucket/a.txt -Region us-east-1 -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s)
"@
            $i.StdErr | Should -BeNullOrEmpty
            $i.StdOut | Should -Match ('BASE=' + [regex]::Escape($script:temp))
            $i.StdOut | Should -Match 'URL=https://examplebucket\.s3\.us-east-1\.amazonaws\.com/a\.txt\?'
        }
    }
}
