BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    $script:token = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN0123456789'
    $script:keys = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = $script:secret; Region = 'us-east-1' }
    $script:longKey = 'reports/2026/finance/quarterly-financial-statement-final.pdf'
    $script:links = @(
        Get-S3PresignedUrl -BucketName examplebucket -Key 'a.txt' @script:keys
        Get-S3PresignedUrl -BucketName examplebucket -Key $script:longKey -Expires 7d @script:keys
        Get-S3PresignedUrl -BucketName examplebucket -Key 'upload.csv' -Method PUT -ContentType 'text/csv' @script:keys
    )
    $script:headers = 'Key', 'Method', 'Expires (local)', 'TimeLeft', 'ExpiryLimitedBy', 'Url'

    function script:Get-TableLines([object[]] $InputObject, [int] $Width) {
        @(($InputObject | Format-Table | Out-String -Width $Width) -split '\r?\n' | Where-Object { $_.Trim() })
    }
}

Describe 'Default table view' {
    It 'fits 120 columns with every column header and a shortened URL in each row' {
        $lines = Get-TableLines $script:links 120
        foreach ($h in $script:headers) { $lines[0] | Should -Match ([regex]::Escape($h)) }
        foreach ($l in $lines) { $l.TrimEnd().Length | Should -BeLessOrEqual 119 }
        $rows = $lines | Select-Object -Skip 2
        $rows.Count | Should -Be 3
        foreach ($row in $rows) {
            $row | Should -Match 'https://examplebucket\.s3\.us-east'
            $row | Should -Match '(\u2026|\.\.\.)'                  # shortened, visibly
            $row | Should -Not -Match 'X-Amz-Signature'               # not the raw query string
        }
        foreach ($l in $script:links) { ($lines -join "`n") | Should -Not -Match ([regex]::Escape($l.Url)) }
    }

    It 'shows the expiry as local time with the time left, and what limited it' {
        $lines = Get-TableLines $script:links 120
        $row = $lines | Where-Object { $_ -match '^a\.txt' }
        $row | Should -Match ([regex]::Escape($script:links[0].ExpiresAt.LocalDateTime.ToString('yyyy-MM-dd HH:mm')))
        $row | Should -Match '\b(59m \d\ds|1h 00m)\b'
        $row | Should -Match '\bRequested\b'
        $row | Should -Match '\bGET\b'
        ($lines | Where-Object { $_ -match 'final\.pdf' }) | Should -Match '\b6d 23h\b'
        ($lines | Where-Object { $_ -match 'upload\.csv' }) | Should -Match '\bPUT\b'
    }

    It 'keeps the end of a long key (the file name)' {
        $row = (Get-TableLines $script:links 120) | Where-Object { $_ -match 'final\.pdf' }
        $row | Should -Match '^(\u2026|\.\.\.)\S*statement-final\.pdf '
    }

    It 'says expired for a link whose time is up' {
        $old = Get-S3PresignedUrl -BucketName examplebucket -Key old.txt -SigningTime ([DateTimeOffset]::UtcNow.AddHours(-2)) -Expires 1h @script:keys -WarningAction SilentlyContinue
        (Get-TableLines $old 120)[2] | Should -Match '\bexpired\b'
    }

    It 'still shows the Url column in an 80-column host (shrunk, last)' {
        $lines = Get-TableLines $script:links 80
        $lines[0] | Should -Match 'Url\s*$'
        foreach ($row in $lines | Select-Object -Skip 2) {
            $row.TrimEnd().Length | Should -BeLessOrEqual 80
            $row | Should -Match 'https?:/'
        }
    }

    It 'keeps the view file ASCII (Windows PowerShell reads it too)' {
        $file = Join-Path (Split-Path (Get-TestModulePath)) 'PresignTools.Format.ps1xml'
        $bytes = [System.IO.File]::ReadAllBytes($file)
        @($bytes | Where-Object { $_ -gt 127 }).Count | Should -Be 0
    }
}

Describe 'List view and Format-List *' {
    It 'the default list view shows the headers as Name: value' {
        $text = $script:links[2] | Format-List | Out-String -Width 500
        $text | Should -Match 'Headers\s+: Content-Type: text/csv'
        $text | Should -Match 'ExpiryLimitedBy\s+: Requested'
        $text | Should -Match ([regex]::Escape($script:links[2].Url))
    }

    It 'Format-List * shows every property, and no property holds a secret' {
        $properties = @($script:links[0].PSObject.Properties | Where-Object MemberType -eq 'Property' | ForEach-Object Name)
        $properties | Should -Not -Match 'Secret|Password|Token'
        $properties | Should -Not -Contain 'Credential'
        $text = $script:links[0] | Format-List * | Out-String -Width 400
        foreach ($p in $properties) { $text | Should -Match "(?m)^$p\s+:" }
        $text | Should -Not -Match ([regex]::Escape($script:secret))
    }

    It 'never shows the secret key, whatever the output format; a session token appears only inside the Url' {
        $temp = Get-S3PresignedUrl -BucketName examplebucket -Key t.txt -AccessKey ASIAIOSFODNN7EXAMPLE -SecretKey $script:secret -SessionToken $script:token -Region us-east-1 -WarningAction SilentlyContinue
        foreach ($text in @(
                ($temp | Format-List * | Out-String -Width 400), ($temp | Format-Table * | Out-String -Width 400),
                ($temp | ConvertTo-Json), (($temp | ConvertTo-Csv) -join "`n"), ($temp | Out-String -Width 400))) {
            $text | Should -Not -Match ([regex]::Escape($script:secret))
        }
        $temp.Url | Should -Match ([regex]::Escape([uri]::EscapeDataString($script:token)))
        foreach ($p in $temp.PSObject.Properties | Where-Object Name -ne 'Url') { "$($p.Value)" | Should -Not -Match ([regex]::Escape($script:token)) }
        $temp.IsTemporaryCredential | Should -BeTrue
    }
}

Describe 'Cell members of the table views' {
    It 'are hidden: not in Format-List *, Select-Object *, Get-Member, JSON or CSV, yet they feed the table' {
        $post = New-S3UploadUrl -BucketName examplebucket -Key 'in/' -Post -MaxSize 10MB @script:keys
        $info = $script:links[1] | ConvertFrom-S3PresignedUrl
        foreach ($o in @($script:links[1], $post, $info)) {
            $display = @($o | Get-Member -Force -MemberType CodeProperty | Where-Object Name -like 'Display*').Name
            $display.Count | Should -BeGreaterOrEqual 2
            $shown = ($o | Format-List * | Out-String -Width 400) + ($o | Select-Object * | ConvertTo-Json -Compress) +
                ($o | ConvertTo-Json -Compress) + (($o | ConvertTo-Csv) -join "`n") + (($o | Get-Member).Name -join ',')
            foreach ($name in $display) { $shown | Should -Not -Match "\b$name\b" }
        }
        $script:links[1].DisplayKey | Should -BeExactly ([char]0x2026 + 'statement-final.pdf')
        $script:links[1].DisplayTimeLeft | Should -Match '^6d 23h$'
        (Get-TableLines $script:links[1] 120)[2] | Should -Match ([regex]::Escape($script:links[1].DisplayUrl) + '\s*$')
        $post.DisplaySize | Should -Be '0B..10MB'
        $info.DisplayExpiresAt | Should -Be $script:links[1].ExpiresAt.LocalDateTime.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)
    }
}

Describe 'ConvertTo-Json and Export-Csv' {
    It 'writes small, flat JSON: no truncation warning at the default depth, nothing deeper than the TimeSpan' {
        $json = $script:links[2] | ConvertTo-Json -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -BeNullOrEmpty
        $json.Length | Should -BeLessThan 3000
        ($script:links[2] | ConvertTo-Json -Depth 100) | Should -Be ($script:links[2] | ConvertTo-Json -Depth 3)
        $back = $json | ConvertFrom-Json
        $back.Url | Should -BeExactly $script:links[2].Url
        $back.Headers.'Content-Type' | Should -Be 'text/csv'
        @($back.Headers.PSObject.Properties).Count | Should -Be 1
        ([DateTimeOffset] $back.ExpiresAt) | Should -Be $script:links[2].ExpiresAt
    }

    It 'serializes many results as a plain array' {
        $json = $script:links | ConvertTo-Json
        $back = @($json | ConvertFrom-Json)
        $back.Count | Should -Be 3
        $back[1].Key | Should -BeExactly $script:longKey
    }

    It 'writes one CSV column per property with readable cells' {
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ("pt-format-" + [guid]::NewGuid().ToString('n') + '.csv')
        try {
            $script:links | Export-Csv -Path $file -NoTypeInformation
            $text = Get-Content -Raw $file
            $text | Should -Not -Match 'System\.Collections|PresignTools\.SignedHeaders|System\.Object'
            $rows = @(Import-Csv $file)
            $rows.Count | Should -Be 3
            $columns = $rows[0].PSObject.Properties.Name
            $expected = @($script:links[0].PSObject.Properties | Where-Object MemberType -eq 'Property' | ForEach-Object Name)
            $columns | Should -Be $expected
            $rows[2].Headers | Should -BeExactly 'Content-Type: text/csv'
            $rows[0].Headers | Should -BeExactly ''
            $rows[0].Url | Should -BeExactly $script:links[0].Url
            $rows[0].ExpiryLimitedBy | Should -Be 'Requested'
            $rows[0].TimeLeft | Should -Match '^\d\d:\d\d:\d\d$'
        }
        finally { Remove-Item $file -ErrorAction SilentlyContinue }
    }

    It 'Headers is a read-only name -> value dictionary that prints as header lines' {
        $h = $script:links[2].Headers
        $h['content-type'] | Should -Be 'text/csv'            # names are case-insensitive
        "$h" | Should -BeExactly 'Content-Type: text/csv'
        { $h.Add('X', 'y') } | Should -Throw
    }
}
