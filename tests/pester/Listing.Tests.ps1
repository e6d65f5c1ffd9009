BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:conn = Get-TestConnection
    $script:client = [System.Net.Http.HttpClient]::new()
    # 1,050 objects (two ListObjectsV2 pages), some with awkward names, uploaded through presigned PUTs.
    # (No ' or & in these names: the test server escapes them twice in its listing XML.)
    $script:keys = @(1..1040 | ForEach-Object { 'many/item-{0:D4}.txt' -f $_ }) + @(
        'many/sub/deep one.txt', 'many/sub/ünï cödé.txt', 'many/sub/a+b=c;d.txt', 'many/sub/tilde~x.txt', 'many/sub/100%.txt',
        'many/sub/(paren) [bracket].txt', 'many/sub/emoji-😀.txt', 'many/sub/plain.txt', 'many/sub/comma,colon:at@.txt', 'many/sub/dollar$.txt')
    $puts = $script:keys | ForEach-Object { [pscustomobject]@{ BucketName = 'listing'; Key = $_ } } | Get-S3PresignedUrl -Method PUT -Expires 10m @script:conn
    foreach ($p in $puts) {
        $content = [System.Net.Http.ByteArrayContent]::new([System.Text.Encoding]::UTF8.GetBytes($p.Key))
        $response = $script:client.PutAsync([uri]$p.Url, $content).GetAwaiter().GetResult()
        if (-not $response.IsSuccessStatusCode) { throw "upload of $($p.Key) failed: $([int]$response.StatusCode)" }
    }
}

AfterAll { $script:client.Dispose() }

Describe 'Get-S3PresignedUrl -Prefix over more than one page' {
    It 'lists all 1,050 objects (pagination) and signs each, in S3 key order' {
        $links = @(Get-S3PresignedUrl -BucketName listing -Prefix many/ -Recurse @script:conn)
        $links.Count | Should -Be 1050
        @($links.Key | Sort-Object -Unique).Count | Should -Be 1050
        $expected = [string[]]$script:keys.Clone(); [Array]::Sort($expected, [StringComparer]::Ordinal)
        $links.Key | Should -Be $expected
    }

    It 'downloads every awkward-named object through its link, and a tampered one is refused' {
        $links = @(Get-S3PresignedUrl -BucketName listing -Prefix many/sub/ -Recurse @script:conn)
        $links.Count | Should -Be 10
        foreach ($l in $links) {
            $got = Invoke-Presigned -Url $l.Url
            $got.Status | Should -Be 200 -Because $l.Key
            [System.Text.Encoding]::UTF8.GetString($got.Bytes) | Should -BeExactly $l.Key
        }
        (Invoke-Presigned -Url (Set-SignatureTampered $links[0].Url)).Status | Should -Be 403
    }

    It 'lists one level without -Recurse, and filters with -Include/-Exclude' {
        @(Get-S3PresignedUrl -BucketName listing -Prefix many/ @script:conn).Count | Should -Be 1040
        $inc = @(Get-S3PresignedUrl -BucketName listing -Prefix many/ -Recurse -Include '*item-10[0-4]?.txt' @script:conn)
        $inc.Count | Should -Be 41   # 1000-1040
        $exc = @(Get-S3PresignedUrl -BucketName listing -Prefix many/ -Recurse -Exclude 'many/item-*' @script:conn)
        $exc.Count | Should -Be 10
    }

    It 'turns a listing refusal into one clear error' {
        $r = Get-S3PresignedUrl -BucketName no-such-bucket-here -Prefix x/ @script:conn -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'ListObjectsFailed,PresignTools.Commands.GetS3PresignedUrlCommand'
        $e[0].Exception.Message | Should -Match 'NoSuchBucket'
        $e[0].Exception.Message | Should -Not -Match "`n"
    }
}
