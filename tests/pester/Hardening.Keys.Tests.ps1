# Hostile object keys and bucket names (issue 8).
#
# Every key of tests/data/awkward-keys.json is
#   - uploaded to a test S3 server of this suite's own (a fresh store, so no other suite's objects can alias
#     one of ours) through a presigned PUT, downloaded through a presigned GET, and compared byte for byte;
#   - read back exactly by ConvertFrom-S3PresignedUrl from four differently-shaped URLs;
#   - signed exactly as botocore signs it (tests/oracle/botocore_presign.py, one run for the whole corpus,
#     usEast1Regional true and explicit pathStyle, as BotocoreDifferentialTests.cs calls it).
# Where the test server (@20minutes/s3rver 5.0.0, file-system store) cannot keep a key as given, the round trip
# is skipped with the reason, and a separate test shows that the server still accepts our signature for that
# key (and refuses the same URL with a tampered signature): nothing is claimed that was not seen.

BeforeDiscovery {
    # The corpus, read with System.Text.Json (ConvertFrom-Json would turn date-like strings into [datetime]).
    $corpusPath = Join-Path $PSScriptRoot '../data/awkward-keys.json'
    $doc = [System.Text.Json.JsonDocument]::Parse([System.IO.File]::ReadAllText($corpusPath, [System.Text.Encoding]::UTF8))
    $utf8 = [System.Text.UTF8Encoding]::new($false, $true)

    # What the test server does with a key it cannot store as given (see tests/s3server/server.js):
    #   Normalised  - s3rver maps keys onto file paths, so '', '.' and '..' segments before the last one are
    #                 resolved: 'a//b', '/b' and 'a/../b' are stored as 'a/b', 'b' and 'b'.
    #   Unstorable  - a segment over 233 UTF-8 bytes (255-byte file names minus s3rver's '._S3rver_metadata.json'
    #                 suffix) or a NUL character (no file name can hold one): 500 InternalError.
    #   Outside     - '..' segments that climb out of the bucket: the test server's own guard answers 400.
    function Get-ServerQuirk([string] $Key) {
        $segments = $Key.Split('/')
        foreach ($s in $segments) {
            $n = $utf8.GetByteCount($s)
            if ($n -gt 233) {
                return @{ Kind = 'Unstorable'; Status = 500; Reason = "the test server (s3rver) answers 500 for a path segment over 233 UTF-8 bytes (its file-name limit); this key has a $n-byte segment" }
            }
        }
        if ($Key.IndexOf([char]0) -ge 0) {
            return @{ Kind = 'Unstorable'; Status = 500; Reason = 'the test server (s3rver) cannot store a key containing U+0000: no file name can hold NUL, so it answers 500' }
        }
        $depth = 0
        $normalised = $false
        for ($i = 0; $i -lt $segments.Count - 1; $i++) {
            switch -CaseSensitive ($segments[$i]) {
                '' { $normalised = $true }
                '.' { $normalised = $true }
                '..' {
                    $normalised = $true
                    $depth--
                    if ($depth -lt 0) {
                        return @{ Kind = 'Outside'; Status = 400; Reason = "the test server refuses keys whose '..' segments climb out of the bucket directory (400 InvalidArgument, its guard against s3rver writing outside its store)" }
                    }
                }
                default { $depth++ }
            }
        }
        if ($normalised) {
            return @{ Kind = 'Normalised'; Status = 200; Reason = "the test server (s3rver) resolves '', '.' and '..' path segments and stores this key under a normalised name (documented quirk: 'a//b', '/b', 'a/../b'), so a download would not prove the exact key was kept" }
        }
        return $null
    }

    $script:keyCases = foreach ($e in $doc.RootElement.GetProperty('keys').EnumerateArray()) {
        $key = $e.GetProperty('key').GetString()
        $quirk = Get-ServerQuirk $key
        @{
            Id          = $e.GetProperty('id').GetString()
            Key         = $key
            Description = $e.GetProperty('description').GetString()
            Quirk       = $(if ($quirk) { $quirk.Reason })
            QuirkKind   = $(if ($quirk) { $quirk.Kind })
            QuirkStatus = $(if ($quirk) { $quirk.Status })
        }
    }
    $script:quirkCases = @($script:keyCases | Where-Object { $_.Quirk })

    # Bucket-name rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
    $script:validBuckets = @(
        @{ Name = 'abc'; Why = 'three characters, the minimum' }
        @{ Name = ('a' * 63); Why = '63 characters, the maximum' }
        @{ Name = 'my-bucket-2024'; Why = 'letters, digits and hyphens' }
        @{ Name = '123'; Why = 'digits only' }
        @{ Name = 'my.dotted.bucket'; Why = 'dots between labels' }
        @{ Name = '1.2.3'; Why = 'three numeric labels (not an IPv4 address)' }
        @{ Name = '1.2.3.4.5'; Why = 'five numeric labels (not an IPv4 address)' }
        @{ Name = 'a--b'; Why = 'adjacent hyphens' }
        @{ Name = 'xn-single-dash'; Why = "'xn-' without the second hyphen is not the reserved 'xn--'" }
        @{ Name = 'sthree'; Why = "'sthree' without the hyphen is not the reserved 'sthree-'" }
        @{ Name = 'my-s3alias-bucket'; Why = "'-s3alias' is reserved only as a suffix" }
        @{ Name = 'x--ol-s3z'; Why = "'--ol-s3' is reserved only as a suffix" }
        @{ Name = 'mrap.bucket'; Why = "'.mrap' is reserved only as a suffix" }
    )
    $script:invalidBuckets = @(
        @{ Name = 'ab'; Reason = '3 to 63 characters'; Why = 'two characters' }
        @{ Name = ('a' * 64); Reason = '3 to 63 characters'; Why = '64 characters' }
        @{ Name = 'Upper'; Reason = 'lower-case letters'; Why = 'upper case' }
        @{ Name = 'under_score'; Reason = 'lower-case letters'; Why = 'an underscore' }
        @{ Name = 'space bucket'; Reason = 'U\+0020'; Why = 'a space' }
        @{ Name = "tab`tbucket"; Reason = 'U\+0009'; Why = 'a TAB' }
        @{ Name = 'b' + [char]0xFC + 'cket'; Reason = 'lower-case letters'; Why = 'a non-ASCII letter' }
        @{ Name = 'slash/bucket'; Reason = 'lower-case letters'; Why = 'a slash' }
        @{ Name = 'a..b'; Reason = 'two adjacent dots'; Why = 'adjacent dots' }
        @{ Name = '.dot-first'; Reason = 'begins and ends'; Why = 'a leading dot' }
        @{ Name = 'dot-last.'; Reason = 'begins and ends'; Why = 'a trailing dot' }
        @{ Name = '-dash-first'; Reason = 'begins and ends'; Why = 'a leading hyphen' }
        @{ Name = 'dash-last-'; Reason = 'begins and ends'; Why = 'a trailing hyphen' }
        @{ Name = '192.168.5.4'; Reason = 'IP address'; Why = 'an IPv4 address' }
        @{ Name = '10.0.0.1'; Reason = 'IP address'; Why = 'another IPv4 address' }
        @{ Name = 'xn--punycode'; Reason = "beginning with 'xn--'"; Why = "the reserved prefix 'xn--'" }
        @{ Name = 'sthree-bucket'; Reason = "beginning with 'sthree-'"; Why = "the reserved prefix 'sthree-'" }
        @{ Name = 'amzn-s3-demo-bucket'; Reason = "beginning with 'amzn-s3-demo-'"; Why = "the reserved prefix 'amzn-s3-demo-'" }
        @{ Name = 'bucket-s3alias'; Reason = "ending with '-s3alias'"; Why = "the reserved suffix '-s3alias'" }
        @{ Name = 'bucket--ol-s3'; Reason = "ending with '--ol-s3'"; Why = "the reserved suffix '--ol-s3'" }
        @{ Name = 'bucket.mrap'; Reason = "ending with '.mrap'"; Why = "the reserved suffix '.mrap'" }
        @{ Name = 'bucket--x-s3'; Reason = 'directory buckets'; Why = "the directory-bucket suffix '--x-s3'" }
        @{ Name = 'bucket--table-s3'; Reason = "ending with '--table-s3'"; Why = "the reserved suffix '--table-s3'" }
        @{ Name = 'arn:aws:s3:us-east-1:123456789012:accesspoint/ap'; Reason = 'ARNs are not supported'; Why = 'an access point ARN' }
    )
    $script:legacyBuckets = @(
        @{ Name = 'Legacy_Bucket'; Why = 'upper case and an underscore' }
        @{ Name = 'UPPER'; Why = 'upper case only' }
        @{ Name = 'under_score'; Why = 'an underscore' }
        @{ Name = 'ab'; Why = 'two characters' }
        @{ Name = ('L' * 255); Why = '255 characters, the legacy maximum' }
        @{ Name = 'My.Dotted_Bucket'; Why = 'dots, upper case and an underscore' }
    )
    $script:legacyInvalid = @(
        @{ Name = ('L' * 256); Reason = 'at most 255 characters'; Why = '256 characters' }
        @{ Name = 'space bucket'; Reason = 'U\+0020'; Why = 'a space' }
        @{ Name = 'slash/bucket'; Reason = "found '/'"; Why = 'a slash' }
        @{ Name = 'b' + [char]0xFC + 'cket'; Reason = 'only letters, digits'; Why = 'a non-ASCII letter' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestServer.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $env:AWS_EC2_METADATA_DISABLED = 'true'

    # PowerShell's -ceq (and so Should -BeExactly) compares strings with the culture's rules, under which NFC and NFD
    # forms are equal and control characters are ignored: keys are compared as UTF-8 bytes instead.
    function script:Get-Utf8Hex([string] $Text) {
        if ($null -eq $Text) { return '<null>' }
        [System.Convert]::ToHexString([System.Text.Encoding]::UTF8.GetBytes($Text))
    }

    $script:docsKeys = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
    $script:stsToken = 'IQoJb3JpZ2luX2VjEMv//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6a+b/c=d/EXAMPLETOKEN+abc/def=='

    # Runs the botocore oracle once over a list of cases; returns id -> result (url or error).
    function script:Invoke-BotocoreOracle([object[]] $Cases) {
        $oracle = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../oracle/botocore_presign.py'))
        $python = if ($IsWindows) { 'python' } else { 'python3' }
        if (-not (Get-Command $python -ErrorAction SilentlyContinue)) { return $null }
        $psi = [System.Diagnostics.ProcessStartInfo]::new($python)
        $psi.ArgumentList.Add($oracle)
        $psi.RedirectStandardInput = $true
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $psi.StandardInputEncoding = [System.Text.UTF8Encoding]::new($false)
        $psi.StandardOutputEncoding = [System.Text.Encoding]::UTF8
        $psi.Environment['PYTHONIOENCODING'] = 'utf-8'
        $p = [System.Diagnostics.Process]::Start($psi)
        $out = $p.StandardOutput.ReadToEndAsync()
        $err = $p.StandardError.ReadToEndAsync()
        $p.StandardInput.Write(($Cases | ConvertTo-Json -Depth 5 -AsArray -EscapeHandling EscapeNonAscii -Compress))
        $p.StandardInput.Close()
        if (-not $p.WaitForExit(120000)) { $p.Kill($true); throw 'The botocore oracle did not finish within 120 s.' }
        if ($p.ExitCode -ne 0) {
            if ($err.Result -match "No module named '?botocore") { return $null }
            throw "The botocore oracle failed ($($p.ExitCode)): $($err.Result)"
        }
        # Ids, URLs and botocore's error texts are plain strings: ConvertFrom-Json reads them as they are.
        $results = @{}
        foreach ($r in ($out.Result | ConvertFrom-Json)) {
            $results[$r.id] = [pscustomobject]@{ Url = $r.PSObject.Properties['url']?.Value; Error = $r.PSObject.Properties['error']?.Value }
        }
        return $results
    }
}

Describe 'Awkward keys (tests/data/awkward-keys.json)' -ForEach @(@{ Corpus = $script:keyCases }) {
    BeforeAll {
        $script:server = Start-TestServer -Buckets @('hostile')
        $script:conn = @{ EndpointUrl = $script:server.Endpoint; Region = 'us-east-1'; AccessKey = 'S3RVER'; SecretKey = 'S3RVER' }
        $script:bucket = 'hostile'
        $script:work = Join-Path ([System.IO.Path]::GetTempPath()) ('hardening-keys-' + [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Force $script:work
        $script:sw = [System.Diagnostics.Stopwatch]::StartNew()

        # Round trip for every key the server stores as given: all PUTs (one presigning pipeline), then all GETs
        # (another), each body unique, so that a key stored under the wrong name would give the wrong bytes.
        $script:exact = @($Corpus | Where-Object { -not $_.Quirk })
        $script:bodies = @{}
        $script:putStatus = @{}
        $script:getResult = @{}
        $puts = @($script:exact | ForEach-Object { [pscustomobject]@{ BucketName = $script:bucket; Key = $_.Key } } |
                Get-S3PresignedUrl -Method PUT -Expires 10m @script:conn)
        $i = 0
        foreach ($c in $script:exact) {
            $link = $puts[$i++]
            if (-not $link.Key.Equals($c.Key, [StringComparison]::Ordinal)) { throw "PUT links came back out of order at $($c.Id)." }
            $bytes = [System.Text.Encoding]::UTF8.GetBytes("$($c.Id) $([guid]::NewGuid())`n") + [byte[]](0, 255, 13, 10, 128)
            $file = Join-Path $script:work "$($c.Id).bin"
            [System.IO.File]::WriteAllBytes($file, $bytes)
            $script:bodies[$c.Id] = $bytes
            $script:putStatus[$c.Id] = Invoke-Presigned -Url $link.Url -Method PUT -InFile $file
        }
        $gets = @($script:exact | ForEach-Object { [pscustomobject]@{ BucketName = $script:bucket; Key = $_.Key } } |
                Get-S3PresignedUrl -Expires 10m @script:conn)
        $i = 0
        foreach ($c in $script:exact) {
            $link = $gets[$i++]
            $script:getResult[$c.Id] = [pscustomobject]@{ Link = $link; Response = Invoke-Presigned -Url $link.Url }
        }
        Write-Host ("    round trip of {0} keys (PUT and GET through presigned URLs, curl --path-as-is): {1:n1} s; {2} keys the test server cannot store as given" -f
            $script:exact.Count, $script:sw.Elapsed.TotalSeconds, ($Corpus.Count - $script:exact.Count))
    }

    AfterAll {
        Stop-TestServer $script:server
        if ($script:work -and (Split-Path -Leaf $script:work) -like 'hardening-keys-*') { Remove-Item -Recurse -Force -LiteralPath $script:work -ErrorAction SilentlyContinue }
    }

    It 'has at least 60 distinct, valid keys, each with a description' {
        $Corpus.Count | Should -BeGreaterOrEqual 60
        # Ordinal comparison: NFC and NFD forms, or U+212B and U+00C5, are different keys to S3.
        [System.Collections.Generic.HashSet[string]]::new([string[]]$Corpus.Key, [StringComparer]::Ordinal).Count | Should -Be $Corpus.Count
        [System.Collections.Generic.HashSet[string]]::new([string[]]$Corpus.Id, [StringComparer]::Ordinal).Count | Should -Be $Corpus.Count
        foreach ($c in $Corpus) {
            $c.Description | Should -Not -BeNullOrEmpty
            [System.Text.Encoding]::UTF8.GetByteCount($c.Key) | Should -BeIn (1..1024)
        }
        # The long keys really sit at the limit, in 1-, 2-, 3- and 4-byte characters.
        foreach ($id in 'long-1byte-1024', 'long-2byte-1024', 'long-3byte-1024', 'long-4byte-1024') {
            [System.Text.Encoding]::UTF8.GetByteCount(($Corpus | Where-Object Id -eq $id).Key) | Should -Be 1024
        }
        # NFC and NFD forms of the same word are different keys.
        $nfc = ($Corpus | Where-Object Id -eq 'nfc').Key
        $nfd = ($Corpus | Where-Object Id -eq 'nfd').Key
        [string]::Equals($nfc, $nfd, [StringComparison]::Ordinal) | Should -BeFalse
        [string]::Equals($nfd.Normalize([System.Text.NormalizationForm]::FormC), $nfc, [StringComparison]::Ordinal) | Should -BeTrue
    }

    It 'round-trips <Id> byte for byte through a presigned PUT and GET' -ForEach $script:keyCases {
        if ($Quirk) { Set-ItResult -Skipped -Because $Quirk; return }
        $script:putStatus[$Id].Status | Should -Be 200 -Because "PUT of $Description answered $($script:putStatus[$Id].Code)"
        $got = $script:getResult[$Id]
        Get-Utf8Hex $got.Link.Key | Should -BeExactly (Get-Utf8Hex $Key)
        $got.Response.Status | Should -Be 200 -Because "GET of $Description answered $($got.Response.Code)"
        [Convert]::ToBase64String($got.Response.Bytes) | Should -BeExactly ([Convert]::ToBase64String($script:bodies[$Id]))
    }

    It 'has the server check and accept our signature for <Id>, which it cannot store as given' -ForEach $script:quirkCases {
        $file = Join-Path $script:work "quirk-$Id.bin"
        $bytes = [System.Text.Encoding]::UTF8.GetBytes("$Id $([guid]::NewGuid())")
        [System.IO.File]::WriteAllBytes($file, $bytes)
        $put = Get-S3PresignedUrl -BucketName $script:bucket -Key $Key -Method PUT -Expires 10m @script:conn
        $tampered = Invoke-Presigned -Url (Set-SignatureTampered $put.Url) -Method PUT -InFile $file
        $tampered.Status | Should -Be 403
        $tampered.Code | Should -Be 'SignatureDoesNotMatch'
        $sent = Invoke-Presigned -Url $put.Url -Method PUT -InFile $file
        $sent.Code | Should -Not -Be 'SignatureDoesNotMatch'
        $sent.Status | Should -Be $QuirkStatus -Because $Quirk
        if ($QuirkKind -eq 'Normalised') {
            # Stored under its normalised name, but the exact URL still reads it back.
            $got = Invoke-Presigned -Url (Get-S3PresignedUrl -BucketName $script:bucket -Key $Key @script:conn).Url
            $got.Status | Should -Be 200
            [Convert]::ToBase64String($got.Bytes) | Should -BeExactly ([Convert]::ToBase64String($bytes))
        }
    }

    Context 'ConvertFrom-S3PresignedUrl' {
        BeforeAll {
            $script:parsed = @{}
            $script:hasConvert = [bool](Get-Command ConvertFrom-S3PresignedUrl -Module PresignTools -ErrorAction SilentlyContinue)
            if ($script:hasConvert) {
                $items = @($Corpus | ForEach-Object { [pscustomobject]@{ BucketName = $script:bucket; Key = $_.Key; VersionId = 'v+1/2=3' } })
                $shapes = [ordered]@{
                    'test server (path-style, http, IP host)' = @($items | Get-S3PresignedUrl @script:conn)
                    'AWS virtual-hosted'                      = @($items | Get-S3PresignedUrl -Region eu-west-1 @script:docsKeys)
                    'AWS path-style, session token'           = @($items | Get-S3PresignedUrl -Region ap-southeast-2 -ForcePathStyle -SessionToken $script:stsToken @script:docsKeys -WarningAction SilentlyContinue)
                    'custom endpoint with a base path'        = @($items | Get-S3PresignedUrl -Region us-east-1 -EndpointUrl 'https://storage.example.com/s3/' @script:docsKeys)
                }
                foreach ($shape in $shapes.Keys) {
                    $links = $shapes[$shape]
                    for ($n = 0; $n -lt $Corpus.Count; $n++) {
                        $options = if ($shape -like 'custom*') { @{ EndpointUrl = 'https://storage.example.com/s3/' } } else { @{} }
                        $info = ConvertFrom-S3PresignedUrl -Url $links[$n].Url @options -ErrorVariable e -ErrorAction SilentlyContinue
                        $script:parsed["$($Corpus[$n].Id)|$shape"] = [pscustomobject]@{ Info = $info; Error = $(if ($e) { "$($e[0].FullyQualifiedErrorId): $($e[0])" }) }
                    }
                }
                $script:shapeNames = @($shapes.Keys)
            }
        }

        It 'reads back <Id> exactly from every URL shape' -ForEach $script:keyCases {
            if (-not $script:hasConvert) { Set-ItResult -Skipped -Because 'ConvertFrom-S3PresignedUrl is not in this build'; return }
            foreach ($shape in $script:shapeNames) {
                $p = $script:parsed["$Id|$shape"]
                $p.Error | Should -BeNullOrEmpty -Because $shape
                Get-Utf8Hex $p.Info.Key | Should -BeExactly (Get-Utf8Hex $Key) -Because $shape
                $p.Info.BucketName | Should -BeExactly 'hostile' -Because $shape
                $p.Info.VersionId | Should -BeExactly 'v+1/2=3' -Because $shape
            }
        }
    }

    Context 'botocore differential' {
        BeforeAll {
            # Three variations per key: AWS virtual-hosted GET; custom http endpoint, path-style PUT with a session
            # token and the longest lifetime; AWS path-style HEAD of a version with the shortest lifetime.
            $script:variations = @(
                @{ Name = 'aws-virtual-get'; Method = 'GET'; Region = 'us-east-1'; Endpoint = $null; PathStyle = $false; Expires = 3600; SigningTime = '2013-05-24T00:00:00Z'; Token = $null; VersionId = $null }
                @{ Name = 'custom-path-put-token'; Method = 'PUT'; Region = 'eu-west-1'; Endpoint = 'http://127.0.0.1:9000'; PathStyle = $true; Expires = 604800; SigningTime = '2024-02-29T23:59:59Z'; Token = $script:stsToken; VersionId = $null }
                @{ Name = 'aws-path-head-version'; Method = 'HEAD'; Region = 'ap-southeast-2'; Endpoint = $null; PathStyle = $true; Expires = 1; SigningTime = '2025-06-30T23:59:59Z'; Token = $null; VersionId = '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nrjfkd' }
            )
            $cases = foreach ($v in $script:variations) {
                foreach ($c in $Corpus) {
                    $case = [ordered]@{
                        id = "$($c.Id)@$($v.Name)"; method = $v.Method; bucket = 'hostile'; key = $c.Key; region = $v.Region
                        pathStyle = $v.PathStyle; usEast1Regional = $true; expires = $v.Expires; signingTime = $v.SigningTime
                        accessKey = $script:docsKeys.AccessKey; secretKey = $script:docsKeys.SecretKey
                    }
                    if ($v.Endpoint) { $case.endpoint = $v.Endpoint }
                    if ($v.Token) { $case.sessionToken = $v.Token }
                    if ($v.VersionId) { $case.versionId = $v.VersionId }
                    $case
                }
            }
            $sw = [System.Diagnostics.Stopwatch]::StartNew()
            $script:oracle = Invoke-BotocoreOracle @($cases)
            $script:oracleSeconds = $sw.Elapsed.TotalSeconds

            $script:ours = @{}
            foreach ($v in $script:variations) {
                $p = @{ Method = $v.Method; Region = $v.Region; Expires = $v.Expires; SigningTime = [DateTimeOffset]::Parse($v.SigningTime, [cultureinfo]::InvariantCulture) }
                if ($v.Endpoint) { $p.EndpointUrl = $v.Endpoint }
                if ($v.PathStyle) { $p.ForcePathStyle = $true }
                if ($v.Token) { $p.SessionToken = $v.Token }
                $links = @($Corpus | ForEach-Object { [pscustomobject]@{ BucketName = 'hostile'; Key = $_.Key; VersionId = $v.VersionId } } |
                        Get-S3PresignedUrl @p @script:docsKeys -WarningAction SilentlyContinue)
                for ($n = 0; $n -lt $Corpus.Count; $n++) { $script:ours["$($Corpus[$n].Id)@$($v.Name)"] = $links[$n] }
            }
        }

        It 'signs <Id> exactly as botocore does (3 variations)' -ForEach $script:keyCases {
            if ($null -eq $script:oracle) { Set-ItResult -Skipped -Because 'python3 with botocore is not installed (the xunit BotocoreDifferentialTests need it as well)'; return }
            foreach ($v in $script:variations) {
                $caseId = "$Id@$($v.Name)"
                $expected = $script:oracle[$caseId]
                $expected | Should -Not -BeNullOrEmpty -Because "the oracle answers $caseId"
                $expected.Error | Should -BeNullOrEmpty -Because "botocore refused $caseId"
                Get-Utf8Hex $script:ours[$caseId].Key | Should -BeExactly (Get-Utf8Hex $Key)
                $script:ours[$caseId].Url | Should -BeExactly $expected.Url -Because $caseId
            }
        }
    }
}

Describe 'Bucket-name rules' {
    BeforeAll {
        $script:keys = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; Region = 'us-east-1' }
    }

    It 'accepts <Why> (<Name>)' -ForEach $script:validBuckets {
        $r = Get-S3PresignedUrl -BucketName $Name -Key 'k' @script:keys -ErrorVariable e -ErrorAction SilentlyContinue
        $e | Should -BeNullOrEmpty
        $r.BucketName | Should -BeExactly $Name
        $uri = [uri]$r.Url
        if ($Name.Contains('.')) {
            # A dotted name would not match the *.s3 wildcard certificate: path-style over https.
            $uri.Host | Should -Be 's3.us-east-1.amazonaws.com'
            $uri.AbsolutePath | Should -BeExactly "/$Name/k"
        }
        else {
            $uri.Host | Should -BeExactly "$Name.s3.us-east-1.amazonaws.com"
            $uri.AbsolutePath | Should -BeExactly '/k'
        }
    }

    It 'refuses <Why> with InvalidBucketName, per item, one line' -ForEach $script:invalidBuckets {
        $items = @(
            [pscustomobject]@{ BucketName = 'good-bucket'; Key = 'before' },
            [pscustomobject]@{ BucketName = $Name; Key = 'k' },
            [pscustomobject]@{ BucketName = 'good-bucket'; Key = 'after' }
        )
        $r = @($items | Get-S3PresignedUrl @script:keys -ErrorVariable e -ErrorAction SilentlyContinue)
        $r.Key | Should -Be @('before', 'after')
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidBucketName,PresignTools.Commands.GetS3PresignedUrlCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].TargetObject | Should -BeExactly "s3://$Name/k"
        $e[0].Exception.Message | Should -Match $Reason
        $e[0].Exception.Message | Should -Not -Match "[`r`n]"
    }

    It 'refuses <Why> in New-S3UploadUrl too' -ForEach $script:invalidBuckets {
        if (-not (Get-Command New-S3UploadUrl -Module PresignTools -ErrorAction SilentlyContinue)) { Set-ItResult -Skipped -Because 'New-S3UploadUrl is not in this build'; return }
        $r = @(New-S3UploadUrl -BucketName $Name -Key 'k' @script:keys -ErrorVariable e -ErrorAction SilentlyContinue)
        $r.Count | Should -Be 0
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidBucketName,PresignTools.Commands.NewS3UploadUrlCommand'
        $e[0].Exception.Message | Should -Match $Reason
    }

    It 'accepts <Why> with -AllowLegacyBucketName, signed path-style' -ForEach $script:legacyBuckets {
        $strict = Get-S3PresignedUrl -BucketName $Name -Key 'a b/c' @script:keys -ErrorVariable e -ErrorAction SilentlyContinue
        $strict | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidBucketName,PresignTools.Commands.GetS3PresignedUrlCommand'
        $r = Get-S3PresignedUrl -BucketName $Name -Key 'a b/c' -AllowLegacyBucketName @script:keys
        $r.BucketName | Should -BeExactly $Name
        $r.Url | Should -BeLike "https://s3.us-east-1.amazonaws.com/$Name/a%20b/c?X-Amz-Algorithm=*"
    }

    It 'still refuses <Why> with -AllowLegacyBucketName' -ForEach $script:legacyInvalid {
        $r = Get-S3PresignedUrl -BucketName $Name -Key 'k' -AllowLegacyBucketName @script:keys -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidBucketName,PresignTools.Commands.GetS3PresignedUrlCommand'
        $e[0].Exception.Message | Should -Match $Reason
    }

    It 'keeps a valid name virtual-hosted under -AllowLegacyBucketName' {
        $r = Get-S3PresignedUrl -BucketName 'modern-bucket' -Key 'k' -AllowLegacyBucketName @script:keys
        ([uri]$r.Url).Host | Should -Be 'modern-bucket.s3.us-east-1.amazonaws.com'
    }

    It 'refuses Transfer Acceleration for a legacy name (it needs a virtual host)' {
        $r = Get-S3PresignedUrl -BucketName 'Legacy_Bucket' -Key 'k' -AllowLegacyBucketName -UseAccelerateEndpoint @script:keys -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'EndpointNotAvailable,PresignTools.Commands.GetS3PresignedUrlCommand'
    }

    It 'signs legacy and dotted names exactly as botocore does (path-style)' -ForEach @(@{ Legacy = @($script:legacyBuckets.Name) }) {
        $names = @($Legacy) + @('my.dotted.bucket', 'a--b', 'abc')
        $cases = foreach ($n in $names) {
            [ordered]@{ id = $n; method = 'GET'; bucket = $n; key = 'a b/c+d'; region = 'us-east-1'; pathStyle = ($n -cnotmatch '^[a-z0-9-]+$'); usEast1Regional = $true
                expires = 900; signingTime = '2020-02-02T02:02:02Z'; accessKey = $script:keys.AccessKey; secretKey = $script:keys.SecretKey }
        }
        $oracle = Invoke-BotocoreOracle @($cases)
        if ($null -eq $oracle) { Set-ItResult -Skipped -Because 'python3 with botocore is not installed'; return }
        foreach ($n in $names) {
            $ours = Get-S3PresignedUrl -BucketName $n -Key 'a b/c+d' -AllowLegacyBucketName -Expires 900 -SigningTime '2020-02-02T02:02:02Z' @script:keys -WarningAction SilentlyContinue
            $oracle[$n].Error | Should -BeNullOrEmpty
            $ours.Url | Should -BeExactly $oracle[$n].Url -Because $n.Substring(0, [Math]::Min(40, $n.Length))
        }
    }

    It 'has a legacy name signed so that the test server accepts it (NoSuchBucket, not a signature error)' {
        $conn = Get-TestConnection
        foreach ($n in 'Legacy_Bucket', 'UPPER') {
            $r = Get-S3PresignedUrl -BucketName $n -Key 'k/x y' -AllowLegacyBucketName @conn
            $r.Url | Should -BeLike "http://127.0.0.1:*/$n/k/x%20y?*"
            $answer = Invoke-Presigned -Url $r.Url
            $answer.Status | Should -Be 404
            $answer.Code | Should -Be 'NoSuchBucket'
            $tampered = Invoke-Presigned -Url (Set-SignatureTampered $r.Url)
            $tampered.Status | Should -Be 403
            $tampered.Code | Should -Be 'SignatureDoesNotMatch'
        }
    }

    It 'reads a legacy bucket back with ConvertFrom-S3PresignedUrl' {
        if (-not (Get-Command ConvertFrom-S3PresignedUrl -Module PresignTools -ErrorAction SilentlyContinue)) { Set-ItResult -Skipped -Because 'ConvertFrom-S3PresignedUrl is not in this build'; return }
        $r = Get-S3PresignedUrl -BucketName 'Legacy_Bucket' -Key 'dir/file.txt' -AllowLegacyBucketName @script:keys
        $info = ConvertFrom-S3PresignedUrl $r.Url
        $info.BucketName | Should -BeExactly 'Legacy_Bucket'
        $info.Key | Should -BeExactly 'dir/file.txt'
        "$($info.EndpointStyle)" | Should -Be 'PathStyle'
    }
}
