# New-S3UploadUrl against the test S3 server (@20minutes/s3rver 5.0.0, bucket 'uploads').
# What that server checks, as seen here: the SigV4 signature over every signed header (so a signed
# Content-Type, Content-Length, Content-MD5, x-amz-checksum-*, x-amz-meta-*, SSE, ACL, storage class or
# tagging header that is missing or different is refused with 403 SignatureDoesNotMatch). What it does NOT
# check: bodies against Content-MD5 / x-amz-checksum-sha256, SSE (accepted, not applied), and POST policies
# (any POST form is accepted). Tests of those behaviours probe the server and are skipped, with the reason,
# when it does not enforce them; nothing here claims enforcement that was not seen.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:conn = Get-TestConnection
    $script:endpoint = Get-TestEndpoint
    $script:bucket = 'uploads'
    $script:tmp = Join-Path ([System.IO.Path]::GetTempPath()) ('ns3u-pester-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Force $script:tmp

    function script:New-TestFile([string] $Name, [string] $Text) {
        $path = Join-Path $script:tmp $Name
        [System.IO.File]::WriteAllBytes($path, [System.Text.Encoding]::UTF8.GetBytes($Text))
        return $path
    }

    # PUTs a file with curl --upload-file (curl sends the file's own Content-Length and no Content-Type of
    # its own), sending the given headers except Content-Length.
    function script:Send-Upload([string] $Url, [string] $File, $Headers = @{}) {
        $out = [System.IO.Path]::GetTempFileName()
        try {
            $curlArgs = @('--silent', '--show-error', '--path-as-is', '-o', $out, '-w', '%{http_code}', '--upload-file', $File)
            foreach ($h in $Headers.GetEnumerator()) {
                if ($h.Key -eq 'Content-Length') { continue }
                $curlArgs += @('-H', $(if ($h.Value -eq '') { "$($h.Key);" } else { "$($h.Key): $($h.Value)" }))
            }
            $status = & curl @curlArgs $Url
            $text = [System.IO.File]::ReadAllText($out)
            [pscustomobject]@{ Status = [int]$status; Code = $(if ($text -match '<Code>([^<]+)</Code>') { $Matches[1] }); Text = $text }
        }
        finally { Remove-Item $out -ErrorAction SilentlyContinue }
    }

    # The response headers of a presigned GET or HEAD of the object, lower-case names.
    function script:Get-ObjectHeaders([string] $Key, [string] $Method = 'HEAD') {
        $link = Get-S3PresignedUrl -BucketName $script:bucket -Key $Key -Method $Method @script:conn
        $lines = if ($Method -eq 'HEAD') { & curl --silent --path-as-is --head $link.Url } else { & curl --silent --path-as-is -D - -o /dev/null $link.Url }
        $h = @{ Status = 0 }
        foreach ($l in $lines) {
            if ($l -match '^HTTP/\S+\s+(\d+)') { $h.Status = [int]$Matches[1] }
            elseif ($l -match '^([^:]+):\s*(.*?)\s*$') { $h[$Matches[1].ToLowerInvariant()] = $Matches[2] }
        }
        return $h
    }

    function script:Get-ObjectText([string] $Key) {
        $link = Get-S3PresignedUrl -BucketName $script:bucket -Key $Key @script:conn
        $got = Invoke-Presigned -Url $link.Url
        if ($got.Status -ne 200) { return "STATUS $($got.Status)" }
        return [System.Text.Encoding]::UTF8.GetString($got.Bytes)
    }

    # Runs a command line with bash -c in a folder; returns exit code and output.
    function script:Invoke-Bash([string] $Command, [string] $Directory) {
        $psi = [System.Diagnostics.ProcessStartInfo]::new('bash')
        $psi.ArgumentList.Add('-c'); $psi.ArgumentList.Add($Command)
        $psi.WorkingDirectory = $Directory
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($psi)
        $o = $p.StandardOutput.ReadToEndAsync(); $e = $p.StandardError.ReadToEndAsync()
        $p.WaitForExit()
        [pscustomobject]@{ ExitCode = $p.ExitCode; StdOut = $o.Result; StdErr = $e.Result }
    }

    function script:Get-HmacSha256([byte[]] $Key, [string] $Text) {
        $h = [System.Security.Cryptography.HMACSHA256]::new($Key)
        try { return , $h.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Text)) } finally { $h.Dispose() }
    }

    function script:Get-Sha256Base64([string] $Path) {
        [Convert]::ToBase64String([System.Convert]::FromHexString((Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash))
    }

    function script:Copy-Headers($Headers) {
        $copy = @{}
        foreach ($h in $Headers.GetEnumerator()) { $copy[$h.Key] = $h.Value }
        return $copy
    }

    # Real S3 replaces ${filename} in a POST form's key with the uploaded file's name; s3rver 5.0.0 stores
    # the key as sent. Returns the text of whichever of the two objects exists.
    function script:Get-PostedText([string] $Prefix, [string] $FileName) {
        $text = Get-ObjectText ($Prefix + $FileName)
        if ($text -like 'STATUS *') { $text = Get-ObjectText ($Prefix + '${filename}') }
        return $text
    }

    function script:Get-Completions([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
    }

    function script:Get-SignedHeaderNames([string] $Url) {
        if ($Url -match 'X-Amz-SignedHeaders=([^&]+)') { return [uri]::UnescapeDataString($Matches[1]) -split ';' }
    }
}

AfterAll {
    Remove-Item -Recurse -Force $script:tmp -ErrorAction SilentlyContinue
}

Describe 'New-S3UploadUrl presigned PUT: signed constraints on the test server' {
    It 'uploads with the signed Content-Type, and a presigned GET returns the object with that type' {
        $file = New-TestFile 'typed.txt' 'typed content'
        $link = New-S3UploadUrl -BucketName $script:bucket -Key 'put/typed.txt' -ContentType 'text/x-presigntools' @script:conn
        $link | Should -BeOfType ([PresignTools.PresignedUrl])
        $link.Method | Should -Be 'PUT'
        $link.Headers['Content-Type'] | Should -BeExactly 'text/x-presigntools'
        Get-SignedHeaderNames $link.Url | Should -Contain 'content-type'
        (Send-Upload $link.Url $file $link.Headers).Status | Should -Be 200
        $got = Get-ObjectHeaders 'put/typed.txt' -Method GET
        $got.Status | Should -Be 200
        $got['content-type'] | Should -BeExactly 'text/x-presigntools'
        Get-ObjectText 'put/typed.txt' | Should -BeExactly 'typed content'
    }

    It 'refuses a different or missing Content-Type with 403 SignatureDoesNotMatch' {
        $file = New-TestFile 'typed2.txt' 'x'
        $link = New-S3UploadUrl -BucketName $script:bucket -Key 'put/typed2.txt' -ContentType 'text/plain' @script:conn
        $other = Send-Upload $link.Url $file @{ 'Content-Type' = 'application/octet-stream' }
        $other.Status | Should -Be 403
        $other.Code | Should -Be 'SignatureDoesNotMatch'
        $missing = Send-Upload $link.Url $file @{}
        $missing.Status | Should -Be 403
        $missing.Code | Should -Be 'SignatureDoesNotMatch'
    }

    It 'accepts a body of the signed length and refuses another length' {
        $five = New-TestFile 'five.bin' '12345'
        $six = New-TestFile 'six.bin' '123456'
        $link = New-S3UploadUrl -BucketName $script:bucket -Key 'put/five.bin' -ContentLength 5 @script:conn
        $link.Headers['Content-Length'] | Should -BeExactly '5'
        Get-SignedHeaderNames $link.Url | Should -Contain 'content-length'
        $bad = Send-Upload $link.Url $six $link.Headers
        $bad.Status | Should -Be 403
        $bad.Code | Should -Be 'SignatureDoesNotMatch'
        (Send-Upload $link.Url $five $link.Headers).Status | Should -Be 200
        Get-ObjectText 'put/five.bin' | Should -BeExactly '12345'
    }

    It 'signs x-amz-checksum-sha256: the header is in X-Amz-SignedHeaders, sending it works, omitting it is refused' {
        $file = New-TestFile 'sum.txt' 'checksummed'
        $sum = Get-Sha256Base64 $file
        $link = New-S3UploadUrl -BucketName $script:bucket -Key 'put/sum.txt' -ChecksumSHA256 $sum @script:conn
        $link.Headers['x-amz-checksum-sha256'] | Should -BeExactly $sum
        Get-SignedHeaderNames $link.Url | Should -Contain 'x-amz-checksum-sha256'
        $missing = Send-Upload $link.Url $file @{}
        $missing.Status | Should -Be 403
        $missing.Code | Should -Be 'SignatureDoesNotMatch'
        (Send-Upload $link.Url $file $link.Headers).Status | Should -Be 200
    }

    It 'accepts the hex digest that Get-FileHash prints' {
        $file = New-TestFile 'hex.txt' 'hex'
        $link = New-S3UploadUrl -BucketName $script:bucket -Key 'put/hex.txt' -ChecksumSHA256 (Get-FileHash -LiteralPath $file -Algorithm SHA256).Hash -ContentMD5 (Get-FileHash -LiteralPath $file -Algorithm MD5).Hash @script:conn
        $link.Headers['x-amz-checksum-sha256'] | Should -BeExactly (Get-Sha256Base64 $file)
        $link.Headers['Content-MD5'] | Should -BeExactly ([Convert]::ToBase64String([Convert]::FromHexString((Get-FileHash -LiteralPath $file -Algorithm MD5).Hash)))
        (Send-Upload $link.Url $file $link.Headers).Status | Should -Be 200
    }

    It 'refuses a body that does not match the signed SHA-256 (where the server verifies checksums)' {
        $file = New-TestFile 'sum-right.txt' 'the signed body'
        $wrong = New-TestFile 'sum-wrong.txt' 'another body....'
        $link = New-S3UploadUrl -BucketName $script:bucket -Key 'put/sum-mismatch.txt' -ChecksumSHA256 (Get-Sha256Base64 $file) @script:conn
        $r = Send-Upload $link.Url $wrong $link.Headers
        if ($r.Status -eq 200) {
            Set-ItResult -Skipped -Because 's3rver 5.0.0 accepted a body whose SHA-256 differs from the signed x-amz-checksum-sha256 (it does not verify body checksums); real S3 answers 400 BadDigest'
            return
        }
        $r.Status | Should -Be 400
        $r.Code | Should -Match 'BadDigest|XAmzContentChecksumMismatch'
    }

    It 'signs Content-MD5: in X-Amz-SignedHeaders, sending it works, omitting it is refused' {
        $file = New-TestFile 'md5.txt' 'md5 body'
        $md5 = [Convert]::ToBase64String([Convert]::FromHexString((Get-FileHash -LiteralPath $file -Algorithm MD5).Hash))
        $link = New-S3UploadUrl -BucketName $script:bucket -Key 'put/md5.txt' -ContentMD5 $md5 @script:conn
        Get-SignedHeaderNames $link.Url | Should -Contain 'content-md5'
        $missing = Send-Upload $link.Url $file @{}
        $missing.Status | Should -Be 403
        $missing.Code | Should -Be 'SignatureDoesNotMatch'
        (Send-Upload $link.Url $file $link.Headers).Status | Should -Be 200
    }

    It 'refuses a body that does not match the signed Content-MD5 (where the server verifies it)' {
        $file = New-TestFile 'md5-right.txt' 'signed md5 body'
        $wrong = New-TestFile 'md5-wrong.txt' 'different body!'
        $md5 = [Convert]::ToBase64String([Convert]::FromHexString((Get-FileHash -LiteralPath $file -Algorithm MD5).Hash))
        $link = New-S3UploadUrl -BucketName $script:bucket -Key 'put/md5-mismatch.txt' -ContentMD5 $md5 @script:conn
        $r = Send-Upload $link.Url $wrong $link.Headers
        if ($r.Status -eq 200) {
            Set-ItResult -Skipped -Because 's3rver 5.0.0 accepted a body whose MD5 differs from the signed Content-MD5 (it does not verify it); real S3 answers 400 BadDigest'
            return
        }
        $r.Status | Should -Be 400
        $r.Code | Should -Be 'BadDigest'
    }

    It 'round-trips metadata: HEAD and GET return the x-amz-meta-* headers; a different or missing value is refused' {
        $file = New-TestFile 'meta.txt' 'with metadata'
        $link = New-S3UploadUrl -BucketName $script:bucket -Key 'put/meta.txt' -Metadata ([ordered]@{ Project = 'alpha'; 'x-amz-meta-Owner' = "ops team's"; Build = 42 }) @script:conn
        $link.Headers['x-amz-meta-project'] | Should -BeExactly 'alpha'
        $link.Headers['x-amz-meta-owner'] | Should -BeExactly "ops team's"
        $link.Headers['x-amz-meta-build'] | Should -BeExactly '42'
        $changed = Copy-Headers $link.Headers; $changed['x-amz-meta-project'] = 'beta'
        (Send-Upload $link.Url $file $changed).Code | Should -Be 'SignatureDoesNotMatch'
        $dropped = Copy-Headers $link.Headers; $dropped.Remove('x-amz-meta-build')
        (Send-Upload $link.Url $file $dropped).Code | Should -Be 'SignatureDoesNotMatch'
        (Send-Upload $link.Url $file $link.Headers).Status | Should -Be 200
        foreach ($method in 'HEAD', 'GET') {
            $h = Get-ObjectHeaders 'put/meta.txt' -Method $method
            $h.Status | Should -Be 200
            $h['x-amz-meta-project'] | Should -BeExactly 'alpha'
            $h['x-amz-meta-owner'] | Should -BeExactly "ops team's"
            $h['x-amz-meta-build'] | Should -BeExactly '42'
        }
    }

    It 'signs SSE (which the server accepts but ignores), storage class, ACL and tags; each header is required' {
        $file = New-TestFile 'all.txt' 'all constraints'
        $link = New-S3UploadUrl -BucketName $script:bucket -Key 'put/all.txt' -ServerSideEncryption aws:kms -KmsKeyId 'alias/uploads' `
            -StorageClass standard_ia -CannedACL bucket-owner-full-control -Tagging @{ team = 'data eng' } @script:conn
        $link.Headers['x-amz-server-side-encryption'] | Should -BeExactly 'aws:kms'
        $link.Headers['x-amz-server-side-encryption-aws-kms-key-id'] | Should -BeExactly 'alias/uploads'
        $link.Headers['x-amz-storage-class'] | Should -BeExactly 'STANDARD_IA'
        $link.Headers['x-amz-acl'] | Should -BeExactly 'bucket-owner-full-control'
        $link.Headers['x-amz-tagging'] | Should -BeExactly 'team=data%20eng'
        $signed = Get-SignedHeaderNames $link.Url
        foreach ($name in $link.Headers.Keys) {
            $signed | Should -Contain $name.ToLowerInvariant()
            $without = Copy-Headers $link.Headers; $without.Remove($name)
            (Send-Upload $link.Url $file $without).Code | Should -Be 'SignatureDoesNotMatch' -Because "$name is signed"
        }
        (Send-Upload $link.Url $file $link.Headers).Status | Should -Be 200
        (Get-ObjectHeaders 'put/all.txt')['x-amz-storage-class'] | Should -Be 'STANDARD_IA'
    }

    It 'lists every constraint in Headers with the exact value to send' {
        $r = New-S3UploadUrl s3://examplebucket/report.csv -ContentType 'text/csv' -ContentLength 1KB -ContentMD5 '1B2M2Y8AsgTpgAmY7PhCfg==' `
            -ServerSideEncryption AES256 -Metadata @{ a = 'b' } -StorageClass GLACIER_IR -CannedACL private -Tagging 'k=v w' `
            -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s -Region eu-west-1
        $r.Headers.Count | Should -Be 8
        $r.Headers['Content-Length'] | Should -BeExactly '1024'
        $r.Headers['x-amz-tagging'] | Should -BeExactly 'k=v%20w'
        $r.Headers['x-amz-storage-class'] | Should -BeExactly 'GLACIER_IR'
        (Get-SignedHeaderNames $r.Url).Count | Should -Be 9   # plus host
    }
}

Describe 'New-S3UploadUrl input: files, s3:// strings and objects' {
    BeforeAll {
        $script:files = Join-Path $script:tmp 'files'
        $null = New-Item -ItemType Directory -Force $script:files
        'alpha' | Set-Content -NoNewline (Join-Path $script:files 'a.zip')
        'bravo bravo' | Set-Content -NoNewline (Join-Path $script:files 'b.zip')
        'charlie charlie charlie' | Set-Content -NoNewline (Join-Path $script:files "c it's.zip")
        'not a zip' | Set-Content -NoNewline (Join-Path $script:files 'd.txt')
    }

    It 'makes one link per piped file: key = prefix + name, length and SHA-256 bound with -BindToFile' {
        $links = @(Get-ChildItem (Join-Path $script:files '*.zip') | New-S3UploadUrl -BucketName $script:bucket -KeyPrefix 'incoming/' -BindToFile @script:conn)
        $links.Count | Should -Be 3
        $links.Key | Should -Be @('incoming/a.zip', 'incoming/b.zip', "incoming/c it's.zip")
        foreach ($l in $links) {
            $item = Get-Item -LiteralPath $l.FilePath
            $l.Headers['Content-Length'] | Should -BeExactly "$($item.Length)"
            $l.Headers['x-amz-checksum-sha256'] | Should -BeExactly (Get-Sha256Base64 $item.FullName)
            Get-SignedHeaderNames $l.Url | Should -Contain 'content-length'
            Get-SignedHeaderNames $l.Url | Should -Contain 'x-amz-checksum-sha256'
            (Send-Upload $l.Url $l.FilePath $l.Headers).Status | Should -Be 200
            Get-ObjectText $l.Key | Should -BeExactly (Get-Content -Raw -LiteralPath $item.FullName)
        }
        # A file bound to one link does not fit another's signed length.
        (Send-Upload $links[0].Url $links[1].FilePath $links[0].Headers).Status | Should -Be 403
    }

    It 'writes FileNotFound for a file that vanishes mid-pipeline and signs the others' {
        $dir = Join-Path $script:tmp 'vanish'
        $null = New-Item -ItemType Directory -Force $dir
        foreach ($n in 'one.bin', 'two.bin', 'three.bin') { 'x' | Set-Content (Join-Path $dir $n) }
        $links = @(Get-ChildItem $dir | Sort-Object Name |
                ForEach-Object { if ($_.Name -eq 'three.bin') { Remove-Item -LiteralPath $_.FullName }; $_ } |
                New-S3UploadUrl -BucketName $script:bucket -BindToFile @script:conn -ErrorVariable errs -ErrorAction SilentlyContinue)
        $links.Key | Should -Be @('one.bin', 'two.bin')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'FileNotFound,PresignTools.Commands.NewS3UploadUrlCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Match 'three\.bin$'
    }

    It 'refuses a directory and -BindToFile without a file, per item' {
        $r = @(New-S3UploadUrl -Path $script:files -BucketName $script:bucket @script:conn -ErrorVariable e1 -ErrorAction SilentlyContinue)
        $r.Count | Should -Be 0
        $e1[0].FullyQualifiedErrorId | Should -Be 'NotAFile,PresignTools.Commands.NewS3UploadUrlCommand'
        $r = @('s3://uploads/x', 's3://uploads/y' | New-S3UploadUrl -BindToFile @script:conn -ErrorVariable e2 -ErrorAction SilentlyContinue)
        $r.Count | Should -Be 0
        $e2.Count | Should -Be 2
        $e2[0].FullyQualifiedErrorId | Should -Be 'NoFileToBind,PresignTools.Commands.NewS3UploadUrlCommand'
    }

    It 'takes s3:// strings (positional and piped), -BucketName/-Key, and objects with BucketName/Key; -KeyPrefix prepends' {
        (New-S3UploadUrl s3://uploads/pos.txt @script:conn).Key | Should -Be 'pos.txt'
        $piped = @('s3://uploads/p1.txt', 's3://uploads/dir/p2.txt' | New-S3UploadUrl @script:conn)
        $piped.Key | Should -Be @('p1.txt', 'dir/p2.txt')
        $objects = @([pscustomobject]@{ BucketName = 'uploads'; Key = 'o1.txt' }, [pscustomobject]@{ BucketName = 'uploads'; Key = 'o2.txt' } |
                New-S3UploadUrl -KeyPrefix 'copy/' @script:conn)
        $objects.Key | Should -Be @('copy/o1.txt', 'copy/o2.txt')
        (New-S3UploadUrl -BucketName uploads -Key 'k.txt' -KeyPrefix 'pre/' @script:conn).Key | Should -Be 'pre/k.txt'
        $e = $null
        $null = 'not-a-uri', 's3://uploads/ok.txt' | New-S3UploadUrl @script:conn -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'InvalidS3Uri,PresignTools.Commands.NewS3UploadUrlCommand'
        $null = New-S3UploadUrl -BucketName uploads @script:conn -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'MissingKey,PresignTools.Commands.NewS3UploadUrlCommand'
        # An object with BucketName but no Key: its text also binds to -S3Uri, but it is not an S3 URI.
        $null = [pscustomobject]@{ BucketName = 'uploads' } | New-S3UploadUrl @script:conn -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -Be 'MissingKey,PresignTools.Commands.NewS3UploadUrlCommand'
        # -BucketName for the pipeline does not stop piped s3:// strings from naming their own bucket and key.
        (@('s3://uploads/u1.txt') | New-S3UploadUrl -BucketName other-bucket @script:conn).Key | Should -Be 'u1.txt'
    }
}

Describe 'New-S3UploadUrl ready-to-run commands' {
    BeforeAll {
        $script:work = Join-Path $script:tmp 'commands'
        $null = New-Item -ItemType Directory -Force $script:work
        # The placeholder the commands name when no file was bound.
        [System.IO.File]::WriteAllText((Join-Path $script:work 'file'), 'placeholder body')
    }

    It 'runs the printed curl command (bash -c) for a bound file with every kind of header' {
        $file = New-TestFile "cmd it's a `$file [1] {x}.txt" 'curl body with $dollar and `backtick`'
        $link = New-S3UploadUrl -Path $file -BucketName $script:bucket -KeyPrefix 'cmd/curl/' -BindToFile -ContentType 'text/plain; charset=utf-8' `
            -Metadata ([ordered]@{ note = "it's `$HOME ``x`` `"q`""; empty = '' }) -ServerSideEncryption AES256 -Tagging @{ t = 'a&b' } @script:conn
        $link.CurlCommand | Should -Match ([regex]::Escape("--upload-file '$($file.Replace("'", "'\''"))'"))
        $run = Invoke-Bash $link.CurlCommand $script:work
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        Get-ObjectText $link.Key | Should -BeExactly 'curl body with $dollar and `backtick`'
        $h = Get-ObjectHeaders $link.Key
        $h['x-amz-meta-note'] | Should -BeExactly "it's `$HOME ``x`` `"q`""
        $h['content-type'] | Should -BeExactly 'text/plain; charset=utf-8'
    }

    It 'runs the printed PowerShell command (Invoke-Expression) for a bound file with every kind of header' {
        $file = New-TestFile "ps it's ‘typographic’ [1].txt" 'powershell body'
        $link = New-S3UploadUrl -Path $file -BucketName $script:bucket -KeyPrefix 'cmd/ps/' -BindToFile -ContentType 'text/plain' `
            -Metadata @{ note = "it's `$HOME" } -ContentMD5 ([Convert]::ToBase64String([Convert]::FromHexString((Get-FileHash -LiteralPath $file -Algorithm MD5).Hash))) `
            -CannedACL private -StorageClass STANDARD @script:conn
        $response = Invoke-Expression $link.PowerShellCommand
        $response.StatusCode | Should -Be 200
        Get-ObjectText $link.Key | Should -BeExactly 'powershell body'
        (Get-ObjectHeaders $link.Key)['x-amz-meta-note'] | Should -BeExactly "it's `$HOME"
    }

    It 'runs both printed commands with the ./file placeholder when no file was bound' {
        $curlLink = New-S3UploadUrl -BucketName $script:bucket -Key 'cmd/placeholder-curl.txt' -ContentType 'text/plain' -ContentLength 16 @script:conn
        $curlLink.CurlCommand | Should -Match "--upload-file '\./file'"
        (Invoke-Bash $curlLink.CurlCommand $script:work).ExitCode | Should -Be 0
        Get-ObjectText 'cmd/placeholder-curl.txt' | Should -BeExactly 'placeholder body'

        $psLink = New-S3UploadUrl -BucketName $script:bucket -Key 'cmd/placeholder-ps.txt' -ContentType 'text/plain' -ContentLength 16 @script:conn
        $psLink.PowerShellCommand | Should -Match "-InFile '\./file'"
        $r = Invoke-ChildPwsh -Script "`$ErrorActionPreference = 'Stop'; Set-Location -LiteralPath '$($script:work)'; `$r = $($psLink.PowerShellCommand); 'STATUS=' + `$r.StatusCode"
        $r.StdOut | Should -Match 'STATUS=200' -Because $r.StdErr
        Get-ObjectText 'cmd/placeholder-ps.txt' | Should -BeExactly 'placeholder body'
    }

    It 'gives curl a failing exit code when the upload is refused' {
        $link = New-S3UploadUrl -BucketName $script:bucket -Key 'cmd/refused.txt' -ContentLength 1 @script:conn
        $run = Invoke-Bash $link.CurlCommand $script:work
        $run.ExitCode | Should -Not -Be 0
        $run.StdOut | Should -Match 'SignatureDoesNotMatch'
    }
}

Describe 'New-S3UploadUrl -Post (browser form)' {
    BeforeAll {
        $script:postWork = Join-Path $script:tmp 'post'
        $null = New-Item -ItemType Directory -Force $script:postWork
        [System.IO.File]::WriteAllText((Join-Path $script:postWork 'file'), 'posted body')
        $script:post = New-S3UploadUrl -Post -BucketName $script:bucket -KeyPrefix 'incoming/' -MinSize 1 -MaxSize 10MB -ContentTypePrefix 'text/' `
            -SuccessActionStatus 201 -Metadata @{ origin = 'pester' } -ServerSideEncryption AES256 -Expires 2h @script:conn
    }

    It 'returns a PresignedPost for the bucket endpoint, path-style for the IP endpoint' {
        $script:post | Should -BeOfType ([PresignTools.PresignedPost])
        $script:post.Url | Should -BeExactly "$($script:endpoint)/uploads"
        "$($script:post)" | Should -BeExactly $script:post.Url
        $script:post.Key | Should -BeExactly 'incoming/${filename}'
        $script:post.MinSize | Should -Be 1
        $script:post.MaxSize | Should -Be 10485760
        ($script:post.RequestedExpiresAt - $script:post.SignedAt).TotalSeconds | Should -Be 7200
        $script:post.ExpiresAt | Should -Be $script:post.RequestedExpiresAt
        $script:post.ExpiryLimitedBy | Should -Be 'Requested'
        $script:post.AccessKeyId | Should -Be 'S3RVER'
        $aws = New-S3UploadUrl -Post -BucketName examplebucket -Key 'k' -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s -Region eu-west-1
        $aws.Url | Should -BeExactly 'https://examplebucket.s3.eu-west-1.amazonaws.com/'
    }

    It 'has the policy conditions exactly, read back from the base64 policy field' {
        $p = $script:post
        $json = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($p.Fields['policy']))
        $json | Should -BeExactly $p.Policy
        $json -match '"expiration": "(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"' | Should -BeTrue -Because 'the expiration is UTC ISO 8601 with milliseconds'
        [DateTimeOffset]::Parse($Matches[1], [cultureinfo]::InvariantCulture) | Should -Be $p.RequestedExpiresAt
        $date = $p.SignedAt.UtcDateTime.ToString('yyyyMMdd')
        $amzDate = $p.SignedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'")
        $expected = @(
            '{"bucket":"uploads"}'
            '["starts-with","$key","incoming/"]'
            '["starts-with","$Content-Type","text/"]'
            '["content-length-range",1,10485760]'
            '{"success_action_status":"201"}'
            '{"x-amz-meta-origin":"pester"}'
            '{"x-amz-server-side-encryption":"AES256"}'
            '{"x-amz-algorithm":"AWS4-HMAC-SHA256"}'
            "{`"x-amz-credential`":`"S3RVER/$date/us-east-1/s3/aws4_request`"}"
            "{`"x-amz-date`":`"$amzDate`"}"
        )
        $actual = @(($json | ConvertFrom-Json -DateKind String).conditions | ForEach-Object { ConvertTo-Json -InputObject $_ -Compress })
        $actual | Should -Be $expected
        @($p.Conditions | ForEach-Object { ConvertTo-Json -InputObject (ConvertFrom-Json $_ -NoEnumerate) -Compress }) | Should -Be $expected
        @($p.Fields.Keys) | Should -Be @('key', 'Content-Type', 'success_action_status', 'x-amz-meta-origin', 'x-amz-server-side-encryption',
            'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'policy', 'x-amz-signature')
        $p.Fields['x-amz-credential'] | Should -BeExactly "S3RVER/$date/us-east-1/s3/aws4_request"
    }

    It 'has the signature that the known secret gives (SigV4 POST, recomputed here)' {
        $p = $script:post
        $date = $p.SignedAt.UtcDateTime.ToString('yyyyMMdd')
        $k = Get-HmacSha256 ([System.Text.Encoding]::UTF8.GetBytes('AWS4S3RVER')) $date
        $k = Get-HmacSha256 $k 'us-east-1'
        $k = Get-HmacSha256 $k 's3'
        $k = Get-HmacSha256 $k 'aws4_request'
        $signature = -join ((Get-HmacSha256 $k $p.Fields['policy']) | ForEach-Object { $_.ToString('x2') })
        $p.Fields['x-amz-signature'] | Should -BeExactly $signature
    }

    It 'puts the session token in a field and a condition when the credentials are temporary, and caps the expiry at the credentials' {
        # Temporary credentials from the environment, as `aws configure export-credentials` leaves them.
        $expiry = [DateTimeOffset]::UtcNow.AddMinutes(30)
        $saved = @{}
        $temp = @{ AWS_ACCESS_KEY_ID = 'S3RVER'; AWS_SECRET_ACCESS_KEY = 'S3RVER'; AWS_SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLE+/='; AWS_CREDENTIAL_EXPIRATION = $expiry.ToString('o') }
        foreach ($k in $temp.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $temp[$k]) }
        try {
            $p = New-S3UploadUrl -Post -BucketName $script:bucket -Key 'exact.txt' -Expires 2h -EndpointUrl $script:endpoint -Region us-east-1 -WarningVariable w -WarningAction SilentlyContinue
            $strict = { New-S3UploadUrl -Post -BucketName $script:bucket -Key 'exact.txt' -Expires 2h -EndpointUrl $script:endpoint -Region us-east-1 -Strict -ErrorAction Stop }
            $strict | Should -Throw -ErrorId 'LinkOutlivesCredentials,PresignTools.Commands.NewS3UploadUrlCommand'
        }
        finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
        $p.CredentialSource | Should -Be 'environment'
        $p.Fields['x-amz-security-token'] | Should -BeExactly 'FwoGZXIvYXdzEXAMPLE+/='
        $p.Conditions | Should -Contain '{"x-amz-security-token": "FwoGZXIvYXdzEXAMPLE+/="}'
        $p.Conditions | Should -Contain '{"key": "exact.txt"}'
        $p.IsTemporaryCredential | Should -BeTrue
        $p.ExpiryLimitedBy | Should -Be 'CredentialExpiry'
        ($p.ExpiresAt - $expiry).Duration().TotalSeconds | Should -BeLessThan 1
        ($p.RequestedExpiresAt - $p.SignedAt).TotalSeconds | Should -Be 7200
        $w.Count | Should -Be 1
        "$w" | Should -Match 'die when its credentials expire'
    }

    It 'uploads a small file with a real POST (Invoke-WebRequest -Form, the file last)' {
        $form = [ordered]@{}
        foreach ($f in $script:post.Fields.GetEnumerator()) { $form[$f.Key] = $f.Value }
        $form['Content-Type'] = 'text/plain'
        $form['file'] = Get-Item -LiteralPath (Join-Path $script:postWork 'file')
        $r = Invoke-WebRequest -Uri $script:post.Url -Method Post -Form $form -UseBasicParsing
        $r.StatusCode | Should -Be 201
        Get-PostedText 'incoming/' 'file' | Should -BeExactly 'posted body'
        $key = if ((Get-ObjectHeaders 'incoming/file').Status -eq 200) { 'incoming/file' } else { 'incoming/${filename}' }
        (Get-ObjectHeaders $key)['content-type'] | Should -BeExactly 'text/plain'
    }

    It 'runs the printed curl and PowerShell commands as they are' {
        $c = New-S3UploadUrl -Post -BucketName $script:bucket -KeyPrefix 'post-curl/' -MaxSize 1KB -ContentType 'text/plain' -Metadata @{ q = "it's" } @script:conn
        $run = Invoke-Bash $c.CurlCommand $script:postWork
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        Get-PostedText 'post-curl/' 'file' | Should -BeExactly 'posted body'
        $key = if ((Get-ObjectHeaders 'post-curl/file').Status -eq 200) { 'post-curl/file' } else { 'post-curl/${filename}' }
        (Get-ObjectHeaders $key)['x-amz-meta-q'] | Should -BeExactly "it's"

        $p = New-S3UploadUrl -Post -BucketName $script:bucket -Key 'post-ps/exact.txt' -SuccessActionStatus 200 @script:conn
        Push-Location -LiteralPath $script:postWork
        try { $response = Invoke-Expression $p.PowerShellCommand }
        finally { Pop-Location }
        $response.StatusCode | Should -Be 200
        Get-ObjectText 'post-ps/exact.txt' | Should -BeExactly 'posted body'
    }

    It 'gives a minimal HTML form with every field and the file input last' {
        $html = $script:post.HtmlForm
        $html | Should -Match ('^<form action="' + [regex]::Escape($script:post.Url) + '" method="post" enctype="multipart/form-data">')
        foreach ($name in $script:post.Fields.Keys) { $html | Should -Match ('name="' + [regex]::Escape($name) + '"') }
        $html.IndexOf('type="file"') | Should -BeGreaterThan $html.LastIndexOf('type="hidden"')
    }

    Context 'policy enforcement (probed; s3rver 5.0.0 does not check POST policies)' {
        BeforeAll {
            function script:Send-Form($Post, [hashtable] $Override, [string] $Body) {
                $form = [ordered]@{}
                foreach ($f in $Post.Fields.GetEnumerator()) { $form[$f.Key] = $f.Value }
                foreach ($k in $Override.Keys) { $form[$k] = $Override[$k] }
                $path = Join-Path $script:postWork ('body-' + [guid]::NewGuid().ToString('n'))
                [System.IO.File]::WriteAllText($path, $Body)
                $form['file'] = Get-Item -LiteralPath $path
                try { (Invoke-WebRequest -Uri $Post.Url -Method Post -Form $form -UseBasicParsing -SkipHttpErrorCheck).StatusCode }
                finally { Remove-Item -LiteralPath $path }
            }
            $script:small = New-S3UploadUrl -Post -BucketName $script:bucket -KeyPrefix 'limited/' -MaxSize 8 -ContentTypePrefix 'image/' @script:conn
            $script:notEnforced = 's3rver 5.0.0 does not check POST policies or signatures (it accepted a form that breaks the policy with status {0}); real S3 refuses such a form (403 AccessDenied, or 400 EntityTooLarge for size)'
        }

        It 'refuses a file larger than -MaxSize' {
            $status = Send-Form $script:small @{ 'Content-Type' = 'image/png' } 'much more than eight bytes'
            if ($status -lt 300) { Set-ItResult -Skipped -Because ($script:notEnforced -f $status); return }
            $status | Should -Be 400
        }

        It 'refuses a key outside -KeyPrefix' {
            $status = Send-Form $script:small @{ key = 'elsewhere/x'; 'Content-Type' = 'image/png' } 'tiny'
            if ($status -lt 300) { Set-ItResult -Skipped -Because ($script:notEnforced -f $status); return }
            $status | Should -Be 403
        }

        It 'refuses a Content-Type outside -ContentTypePrefix' {
            $status = Send-Form $script:small @{ 'Content-Type' = 'text/html' } 'tiny'
            if ($status -lt 300) { Set-ItResult -Skipped -Because ($script:notEnforced -f $status); return }
            $status | Should -Be 403
        }

        It 'refuses a tampered signature' {
            $status = Send-Form $script:small @{ 'Content-Type' = 'image/png'; 'x-amz-signature' = ('0' * 64) } 'tiny'
            if ($status -lt 300) { Set-ItResult -Skipped -Because ($script:notEnforced -f $status); return }
            $status | Should -Be 403
        }
    }
}

Describe 'New-S3UploadUrl bad input: one-line errors with stable ids' {
    It 'refuses <Why> with <Id>' -TestCases @(
        @{ Why = 'an unknown SSE value'; Id = 'InvalidServerSideEncryption'; Params = @{ Key = 'k'; ServerSideEncryption = 'AES128' } }
        @{ Why = '-KmsKeyId without aws:kms'; Id = 'KmsKeyIdRequiresKms'; Params = @{ Key = 'k'; KmsKeyId = 'alias/x'; ServerSideEncryption = 'AES256' } }
        @{ Why = '-KmsKeyId without SSE'; Id = 'KmsKeyIdRequiresKms'; Params = @{ Key = 'k'; KmsKeyId = 'alias/x' } }
        @{ Why = 'MinSize > MaxSize'; Id = 'MinSizeAboveMaxSize'; Params = @{ Post = $true; KeyPrefix = 'p/'; MinSize = '2MB'; MaxSize = '1MB' } }
        @{ Why = 'a negative MaxSize'; Id = 'InvalidMaxSize'; Params = @{ Post = $true; KeyPrefix = 'p/'; MaxSize = -1 } }
        @{ Why = 'a negative MinSize'; Id = 'InvalidMinSize'; Params = @{ Post = $true; KeyPrefix = 'p/'; MinSize = '-5' } }
        @{ Why = 'a size like 10XB'; Id = 'InvalidMaxSize'; Params = @{ Post = $true; KeyPrefix = 'p/'; MaxSize = '10XB' } }
        @{ Why = 'a MaxSize over 5 GB'; Id = 'InvalidMaxSize'; Params = @{ Post = $true; KeyPrefix = 'p/'; MaxSize = '6GB' } }
        @{ Why = 'a ContentLength like 10XB'; Id = 'InvalidContentLength'; Params = @{ Key = 'k'; ContentLength = '10XB' } }
        @{ Why = 'a non-ASCII metadata name'; Id = 'InvalidMetadataName'; Params = @{ Key = 'k'; Metadata = @{ 'Größe' = '1' } } }
        @{ Why = 'a metadata value with a line break'; Id = 'InvalidMetadataValue'; Params = @{ Key = 'k'; Metadata = @{ a = "x`ny" } } }
        @{ Why = 'an unknown storage class'; Id = 'InvalidStorageClass'; Params = @{ Key = 'k'; StorageClass = 'COLD' } }
        @{ Why = 'an unknown canned ACL'; Id = 'InvalidCannedACL'; Params = @{ Key = 'k'; CannedACL = 'public' } }
        @{ Why = 'eleven tags'; Id = 'InvalidTagging'; Params = @{ Key = 'k'; Tagging = 'a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11' } }
        @{ Why = 'a bad checksum'; Id = 'InvalidChecksumSHA256'; Params = @{ Key = 'k'; ChecksumSHA256 = 'abc' } }
        @{ Why = '-BindToFile with -ContentLength'; Id = 'ConflictingFileBinding'; Params = @{ Key = 'k'; BindToFile = $true; ContentLength = 5 } }
        @{ Why = 'POST with -Key and -KeyPrefix'; Id = 'ConflictingKey'; Params = @{ Post = $true; Key = 'k'; KeyPrefix = 'p/' } }
        @{ Why = 'POST without a key'; Id = 'MissingKey'; Params = @{ Post = $true } }
        @{ Why = 'POST with -ContentType and -ContentTypePrefix'; Id = 'ConflictingContentType'; Params = @{ Post = $true; Key = 'k'; ContentType = 'a/b'; ContentTypePrefix = 'a/' } }
        @{ Why = 'a success status of 302'; Id = 'InvalidSuccessActionStatus'; Params = @{ Post = $true; Key = 'k'; SuccessActionStatus = 302 } }
        @{ Why = 'a relative redirect'; Id = 'InvalidSuccessActionRedirect'; Params = @{ Post = $true; Key = 'k'; SuccessActionRedirect = '/done' } }
        @{ Why = 'status and redirect together'; Id = 'ConflictingSuccessAction'; Params = @{ Post = $true; Key = 'k'; SuccessActionStatus = 201; SuccessActionRedirect = 'https://example.com/' } }
    ) {
        param($Why, $Id, $Params)
        $all = @{ BucketName = 'uploads'; AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 's'; Region = 'us-east-1' } + $Params
        $err = $null
        try { New-S3UploadUrl @all -ErrorAction Stop | Out-Null } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty -Because $Why
        $err.FullyQualifiedErrorId | Should -Be "$Id,PresignTools.Commands.NewS3UploadUrlCommand"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Not -Match "[`r`n]"
    }

    It 'keeps per-item messages on one line when the input holds line breaks' {
        $k = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 's'; Region = 'us-east-1' }
        $null = "not`na uri" | New-S3UploadUrl @k -ErrorVariable e1 -ErrorAction SilentlyContinue
        $null = New-S3UploadUrl -Path (Join-Path $script:tmp "no`nsuch`rfile") -BucketName uploads @k -ErrorVariable e2 -ErrorAction SilentlyContinue
        $null = 's3://uploads/line' | New-S3UploadUrl -BindToFile -KeyPrefix "a`nb/" @k -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Be 'InvalidS3Uri,PresignTools.Commands.NewS3UploadUrlCommand'
        $e2[0].FullyQualifiedErrorId | Should -Be 'FileNotFound,PresignTools.Commands.NewS3UploadUrlCommand'
        $e3[0].FullyQualifiedErrorId | Should -Be 'NoFileToBind,PresignTools.Commands.NewS3UploadUrlCommand'
        foreach ($e in $e1[0], $e2[0], $e3[0]) { $e.Exception.Message | Should -Not -Match "[`r`n]" }
        $e2[0].Exception.Message | Should -Match ([regex]::Escape('no\u000Asuch\u000Dfile'))
    }

    It 'checks its own parameters before looking for credentials' {
        $r = Invoke-ChildPwsh -Environment @{ AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_PROFILE = $null } -Script @"
Import-Module '$(Get-TestModulePath)'
try { New-S3UploadUrl -BucketName uploads -Key k -ServerSideEncryption nope -Region us-east-1 -ErrorAction Stop } catch { 'ID=' + `$_.FullyQualifiedErrorId }
"@
        $r.StdOut | Should -Match 'ID=InvalidServerSideEncryption,'
    }

    It 'completes -ServerSideEncryption, -StorageClass and -CannedACL' {
        Get-Completions 'New-S3UploadUrl -ServerSideEncryption aws' | Should -Be @('aws:kms', 'aws:kms:dsse')
        Get-Completions 'New-S3UploadUrl -StorageClass GLAC' | Should -Be @('GLACIER', 'GLACIER_IR')
        Get-Completions 'New-S3UploadUrl -CannedACL bucket-' | Should -Be @('bucket-owner-read', 'bucket-owner-full-control')
    }
}

Describe 'New-S3UploadUrl help page' {
    It 'runs the offline example with -SigningTime and prints the URL the page documents' {
        $code = (Get-Help PresignTools\New-S3UploadUrl -Examples).Examples.Example.Code |
            Where-Object { $_ -match '-SigningTime' -and $_ -match '127\.0\.0\.1' } | Select-Object -First 1
        $code | Should -Not -BeNullOrEmpty
        $result = @(& ([scriptblock]::Create($code)) 3>$null | ForEach-Object { "$_" })
        $result[-1] | Should -Match 'X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Signature=[0-9a-f]{64}$'
        $page = Get-Content -Raw (Join-Path $PSScriptRoot '../../docs/New-S3UploadUrl.md')
        $page | Should -Match ([regex]::Escape($result[-1]))
    }
}

Describe 'New-S3UploadUrl with bucket-region lookup' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../tools/TestServer.psm1') -Force
        $script:standIn = $null
        if ((Get-Command Start-TestServer).Parameters.ContainsKey('CredentialEndpoints')) {
            $script:standIn = Start-TestServer -CredentialEndpoints
            $config = @{ buckets = @{ 'eu-uploads' = @{ status = 403; region = 'eu-west-2' } } }
            Invoke-RestMethod -Method Post -Uri "$($script:standIn.Endpoint)/__config" -Body ($config | ConvertTo-Json -Depth 5) -ContentType 'application/json' | Out-Null
        }
    }
    AfterAll { if ($script:standIn) { Stop-TestServer $script:standIn } }

    It 'signs the POST form and the PUT link for the region S3 reports for the bucket' {
        if (-not $script:standIn) { Set-ItResult -Skipped -Because 'the region-lookup stand-in server is not available'; return }
        $r = Invoke-ChildPwsh -Environment @{ PRESIGNTOOLS_REGION_LOOKUP = $script:standIn.Endpoint; AWS_REGION = 'us-east-1' } -Script @"
Import-Module '$(Get-TestModulePath)'
`$k = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
`$p = New-S3UploadUrl -Post -BucketName eu-uploads -KeyPrefix in/ @k
`$u = New-S3UploadUrl s3://eu-uploads/in/a.txt @k
[pscustomobject]@{ PostRegion = `$p.Region; PostUrl = `$p.Url; Credential = `$p.Fields['x-amz-credential']; PutRegion = `$u.Region; PutUrl = `$u.Url } | ConvertTo-Json -Compress
"@
        $json = ($r.StdOut -split "`n" | Where-Object { $_.Trim().StartsWith('{') } | Select-Object -Last 1) | ConvertFrom-Json
        $json | Should -Not -BeNullOrEmpty -Because $r.StdErr
        $json.PostRegion | Should -Be 'eu-west-2'
        $json.PostUrl | Should -BeExactly 'https://eu-uploads.s3.eu-west-2.amazonaws.com/'
        $json.Credential | Should -Match '^AKIAIOSFODNN7EXAMPLE/\d{8}/eu-west-2/s3/aws4_request$'
        $json.PutRegion | Should -Be 'eu-west-2'
        $json.PutUrl | Should -Match '^https://eu-uploads\.s3\.eu-west-2\.amazonaws\.com/in/a\.txt\?'
    }
}
