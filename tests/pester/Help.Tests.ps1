BeforeDiscovery {
    $modulePath = if ($env:PRESIGNTOOLS_MODULE) { $env:PRESIGNTOOLS_MODULE } else { Join-Path $PSScriptRoot '../../out/PresignTools/PresignTools.psd1' }
    # Every cmdlet the manifest exports must have a help page.
    $script:cmdlets = @((Import-PowerShellDataFile $modulePath).CmdletsToExport)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    $script:modulePath = Get-TestModulePath
    Import-Module $script:modulePath -Force
    $script:cmdlets = @((Import-PowerShellDataFile $script:modulePath).CmdletsToExport)   # again: discovery variables do not reach the run
}

Describe 'Help compiled from docs/' {
    # By the name users type: for Get-S3PresignedUrl that is the global alias (see 'Get-Help as a user types it').
    It 'gives <_> a synopsis, examples and a description for every parameter' -ForEach $script:cmdlets {
        $help = Get-Help $_ -Full
        @($help).Count | Should -Be 1
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$_\s"   # a real synopsis, not the generated syntax line
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 3
        $documented = @($help.Parameters.Parameter | Where-Object { ($_.Description | Out-String).Trim() }).Name
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $actual = (Get-Command "PresignTools\$_").Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($p in $actual) { $documented | Should -Contain $p -Because "-$p needs a description" }
    }

    It 'has the about_PresignTools topic, listing every cmdlet' {
        $about = Get-Help about_PresignTools | Out-String
        $about | Should -Match 'effective expiry|ExpiresAt'
        $script:cmdlets.Count | Should -BeGreaterOrEqual 1
        foreach ($c in $script:cmdlets) { $about | Should -Match ([regex]::Escape($c)) }
    }

    It 'runs the offline help example with -SigningTime and gets a signed URL' {
        $code = (Get-Help PresignTools\Get-S3PresignedUrl -Examples).Examples.Example.Code | Where-Object { $_ -match '-SigningTime' -and $_ -match '127\.0\.0\.1' } | Select-Object -First 1
        $code | Should -Not -BeNullOrEmpty
        $result = @(& ([scriptblock]::Create($code)) 3>$null | ForEach-Object { "$_" })
        $result[-1] | Should -Match 'X-Amz-Signature=[0-9a-f]{64}$'
        # The output the page documents is exactly what the example prints today.
        $page = Get-Content -Raw (Join-Path $PSScriptRoot '../../docs/Get-S3PresignedUrl.md')
        $page | Should -Match ([regex]::Escape($result[-1]))
    }
}

# What a user sees, rendered as text in a fresh pwsh, exactly as typed at the prompt.
Describe 'Get-Help as a user types it' {
    BeforeAll {
        $script:rendered = Invoke-ChildPwsh -Script @"
Import-Module '$script:modulePath'
'<<QUALIFIED>>'
Get-Help PresignTools\Get-S3PresignedUrl -Full | Out-String -Width 120
'<<UNQUALIFIED>>'
Get-Help Get-S3PresignedUrl -Full | Out-String -Width 120
'<<UNQUALIFIEDEXAMPLES>>'
Get-Help Get-S3PresignedUrl -Examples | Out-String -Width 120
'<<HELPFUNCTION>>'
help Get-S3PresignedUrl | Out-String -Width 120
'<<QUESTIONMARK>>'
Get-S3PresignedUrl -? | Out-String -Width 120
'<<EXAMPLES>>'
Get-Help PresignTools\Get-S3PresignedUrl -Examples | Out-String -Width 120
'<<PARAMETER>>'
Get-Help PresignTools\Get-S3PresignedUrl -Parameter Expires | Out-String -Width 120
'<<ABOUT>>'
Get-Help about_PresignTools | Out-String -Width 120
'<<END>>'
"@
        function script:Section([string] $Name) {
            $m = [regex]::Match($script:rendered.StdOut, "(?s)<<$Name>>(.*?)<<[A-Z]+>>")
            $m.Success | Should -BeTrue
            $m.Groups[1].Value
        }
        $script:synopsis = (Get-Help PresignTools\Get-S3PresignedUrl).Synopsis.Trim()
    }

    It 'renders without errors' {
        $script:rendered.StdErr | Should -BeNullOrEmpty
    }

    It 'Get-Help PresignTools\Get-S3PresignedUrl -Full shows the page: synopsis, every parameter, examples' {
        $text = Section 'QUALIFIED'
        foreach ($heading in 'NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS') {
            $text | Should -Match "(?m)^$heading\s*$"
        }
        ($text -replace '\s+', ' ') | Should -Match ([regex]::Escape(($script:synopsis -replace '\s+', ' ')))
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($p in (Get-Command PresignTools\Get-S3PresignedUrl).Parameters.Keys | Where-Object { $_ -notin $common }) {
            $text | Should -Match "(?m)^\s{4}-$p\b" -Because "-$p is listed under PARAMETERS"
        }
        @([regex]::Matches($text, '(?m)^\s+-{10,} Example \d+')).Count | Should -BeGreaterOrEqual 3
        $text | Should -Match 'Get-S3Object -BucketName'
    }

    It 'Get-Help PresignTools\Get-S3PresignedUrl -Examples and -Parameter work too' {
        (Section 'EXAMPLES') | Should -Match '(?m)^\s+-{10,} Example 1'
        (Section 'PARAMETER') | Should -Match '(?m)^-Expires <Object>'
    }

    It 'Get-Help Get-S3PresignedUrl -Full (the alias name, as typed) shows the same page' {
        # Without the module's command-lookup hook, Get-Help would forward the alias to its target's bare
        # name (the alias again) and list the alias and the cmdlet instead of the page.
        $text = Section 'UNQUALIFIED'
        $text | Should -Be (Section 'QUALIFIED')
        $text | Should -Match '(?m)^SYNOPSIS\s*$'
        $text | Should -Not -Match '(?m)^Get-S3PresignedUrl\s+Alias\b'
        (Section 'HELPFUNCTION') | Should -Match '(?m)^SYNOPSIS\s*$'
        (Section 'QUESTIONMARK') | Should -Match '(?m)^SYNOPSIS\s*$'
        (Section 'UNQUALIFIEDEXAMPLES') | Should -Be (Section 'EXAMPLES')
    }

    It 'still runs the cmdlet through the alias, and leaves other command lookups alone' {
        $r = Invoke-ChildPwsh -Script @"
Import-Module '$script:modulePath'
'ALIAS=' + (Get-Command Get-S3PresignedUrl).CommandType + '|' + (Get-Command Get-S3PresignedUrl).Definition
`$u = Get-S3PresignedUrl -BucketName examplebucket -Key k -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s -Region us-east-1
'RUNS=' + (`$u -is [PresignTools.PresignedUrl])
'OTHER=' + (Get-Help Get-ChildItem).Name
function Get-Thing { 'thing' }
'FUNCTION=' + (Get-Thing)
Remove-Module PresignTools
'HOOK=' + (`$null -eq `$ExecutionContext.InvokeCommand.PostCommandLookupAction) + '|' + (`$null -eq (Get-Alias Get-S3PresignedUrl -ErrorAction SilentlyContinue))
Import-Module '$script:modulePath'
'REIMPORTED=' + @(`$ExecutionContext.InvokeCommand.PostCommandLookupAction.GetInvocationList()).Count + '|' + (Get-Help Get-S3PresignedUrl).Name
"@
        Assert-ChildOutput $r @(
            'ALIAS=Alias\|PresignTools\\Get-S3PresignedUrl'
            'RUNS=True'
            'OTHER=Get-ChildItem'
            'FUNCTION=thing'
            'HOOK=True\|True'
            'REIMPORTED=1\|Get-S3PresignedUrl'
        )
    }

    It 'keeps a lookup hook the user had, and its own only once' {
        $r = Invoke-ChildPwsh -Script @"
`$global:seen = 0
`$ExecutionContext.InvokeCommand.PostCommandLookupAction = { param(`$name, `$e) if (`$name -eq 'Get-Thing') { `$global:seen++ } }
function Get-Thing { 'thing' }
Import-Module '$script:modulePath'
Import-Module '$script:modulePath' -Force
`$null = Get-Thing
'SEEN=' + `$global:seen
'HANDLERS=' + @(`$ExecutionContext.InvokeCommand.PostCommandLookupAction.GetInvocationList()).Count
'PAGE=' + (Get-Help Get-S3PresignedUrl).Name
Remove-Module PresignTools
'AFTER=' + @(`$ExecutionContext.InvokeCommand.PostCommandLookupAction.GetInvocationList()).Count
"@
        Assert-ChildOutput $r @(
            'SEEN=1'
            'HANDLERS=2'
            'PAGE=Get-S3PresignedUrl'
            'AFTER=1'
        )
    }

    It 'the about topic gives the module-qualified name for sessions that also load AWS.Tools.S3' {
        $about = Section 'ABOUT'
        $about | Should -Match ([regex]::Escape('Get-Help PresignTools\Get-S3PresignedUrl -Full'))
    }
}
