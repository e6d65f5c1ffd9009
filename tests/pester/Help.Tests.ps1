BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
}

Describe 'Help compiled from docs/' {
    It 'gives <_> a synopsis, examples and a description for every parameter' -ForEach @('Get-S3PresignedUrl') {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*Get-S3PresignedUrl\s'   # a real synopsis, not the generated syntax line
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 3
        $documented = @($help.Parameters.Parameter | Where-Object { ($_.Description | Out-String).Trim() }).Name
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $actual = (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($p in $actual) { $documented | Should -Contain $p -Because "-$p needs a description" }
    }

    It 'has the about_PresignTools topic' {
        $about = Get-Help about_PresignTools | Out-String
        $about | Should -Match 'effective expiry|ExpiresAt'
    }

    It 'runs the offline help example with -SigningTime and gets a signed URL' {
        $code = (Get-Help Get-S3PresignedUrl -Examples).Examples.Example.Code | Where-Object { $_ -match '-SigningTime' -and $_ -match '127\.0\.0\.1' } | Select-Object -First 1
        $code | Should -Not -BeNullOrEmpty
        $result = @(& ([scriptblock]::Create($code)) 3>$null | ForEach-Object { "$_" })
        $result[-1] | Should -Match 'X-Amz-Signature=[0-9a-f]{64}$'
        # The output the page documents is exactly what the example prints today.
        $page = Get-Content -Raw (Join-Path $PSScriptRoot '../../docs/Get-S3PresignedUrl.md')
        $page | Should -Match ([regex]::Escape($result[-1]))
    }
}
