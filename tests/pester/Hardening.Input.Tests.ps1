# Hostile and malformed input across every cmdlet (issue 8): each problem is one clear line (no line break in
# Exception.Message, no .NET stack lines), with a stable FullyQualifiedErrorId and the right category; per-item
# problems let the good items through; a failing run under `pwsh -c` exits non-zero.
#
# Table rows: Command, Name, Params (merged over the row's credentials unless UseKeys is false), optional Pipe (pipeline input),
# Env (environment variables for the row), Id, Category, Terminating, Outputs and Errors (exact counts),
# Target and Match (checked on the first error), Bug (skip with that reason). '{tmp}' in a string value is this suite's
# temporary folder; a scriptblock value is evaluated when the row runs (for times relative to now).

BeforeDiscovery {
    $keys = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; Region = 'us-east-1' }
    $fixed = [DateTimeOffset]'2024-01-01T00:00:00Z'
    $good1 = [pscustomobject]@{ BucketName = 'good-bucket'; Key = 'first.txt' }
    $good2 = [pscustomobject]@{ BucketName = 'good-bucket'; Key = 'last.txt' }
    $signedUrl = 'https://good-bucket.s3.us-east-1.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=' + ('0' * 64)

    function Row([string] $Command, [string] $Name, [hashtable] $Params, [string] $Id, [string] $Category, [hashtable] $More = @{}) {
        $row = @{
            Command = $Command; Name = $Name; Params = $Params; Id = $Id; Category = $Category
            Terminating = $true; Outputs = 0; Errors = 1; UseKeys = $true; Pipe = $null; HasPipe = $false; Env = @{}; Target = $null; Match = $null; Bug = $null
        }
        foreach ($k in $More.Keys) { $row[$k] = $More[$k] }
        if ($More.ContainsKey('Pipe')) { $row.HasPipe = $true }
        $row
    }
    # A per-item problem between two good items: two links, one error, the pipeline goes on.
    function ItemRow([string] $Command, [string] $Name, $Bad, [hashtable] $Params, [string] $Id, [string] $Category, [hashtable] $More = @{}) {
        $goodA = if ($Bad -is [string]) { 's3://good-bucket/first.txt' } else { $good1 }
        $goodB = if ($Bad -is [string]) { 's3://good-bucket/last.txt' } else { $good2 }
        $m = @{ Pipe = @($goodA, $Bad, $goodB); Terminating = $false; Outputs = 2; Errors = 1 }
        foreach ($k in $More.Keys) { $m[$k] = $More[$k] }
        Row $Command $Name $Params $Id $Category $m
    }

    $get = 'Get-S3PresignedUrl'
    $new = 'New-S3UploadUrl'
    $cvt = 'ConvertFrom-S3PresignedUrl'
    $tst = 'Test-S3PresignedUrl'
    $k1 = @{ BucketName = 'good-bucket'; Key = 'k' }

    $script:rows = @(
        # ---- expiry grammar and bounds (1 s .. 7 d), the same parser behind every presigning cmdlet ----------
        foreach ($v in @('1x', '', ' ', '0', '-5', '604801', '8d', 'P8D', 'PT', 'P', '1.5s', '0.5s', '1h 1h', 'PT1H30', "1h`nX", '99999999999999999999')) {
            Row $get "-Expires '$($v -replace "`n", '\n')'" ($k1 + @{ Expires = $v }) 'InvalidExpires' 'InvalidArgument' @{ Match = '^Invalid -Expires: ' }
        }
        Row $get '-Expires 0 (number)' ($k1 + @{ Expires = 0 }) 'InvalidExpires' 'InvalidArgument'
        Row $get '-Expires 604801 (number)' ($k1 + @{ Expires = 604801 }) 'InvalidExpires' 'InvalidArgument'
        Row $get '-Expires NaN' ($k1 + @{ Expires = [double]::NaN }) 'InvalidExpires' 'InvalidArgument'
        Row $get '-Expires a negative [TimeSpan]' ($k1 + @{ Expires = [TimeSpan]::FromSeconds(-1) }) 'InvalidExpires' 'InvalidArgument'
        Row $get '-Expires 7 days + 1 s [TimeSpan]' ($k1 + @{ Expires = [TimeSpan]::FromSeconds(604801) }) 'InvalidExpires' 'InvalidArgument'
        Row $get '-Expires a [datetime]' ($k1 + @{ Expires = [datetime]'2030-01-01' }) 'InvalidExpires' 'InvalidArgument'
        Row $get '-Expires an array' ($k1 + @{ Expires = @(1, 2) }) 'InvalidExpires' 'InvalidArgument'
        Row $new "New-S3UploadUrl -Expires '1x'" ($k1 + @{ Expires = '1x' }) 'InvalidExpires' 'InvalidArgument'
        Row $new 'New-S3UploadUrl -Expires 604801' ($k1 + @{ Expires = 604801 }) 'InvalidExpires' 'InvalidArgument'
        Row $get '-Expires and -ExpiresAt together' ($k1 + @{ Expires = '1h'; ExpiresAt = { [DateTimeOffset]::UtcNow.AddHours(1) } }) 'ConflictingExpiry' 'InvalidArgument'

        # ---- -ExpiresAt: not after the signing time, or more than 7 days after it ----------------------------
        Row $get '-ExpiresAt in the past' ($k1 + @{ ExpiresAt = { [DateTimeOffset]::UtcNow.AddMinutes(-1) } }) 'ExpiresAtInPast' 'InvalidArgument'
        Row $get '-ExpiresAt equal to -SigningTime' ($k1 + @{ SigningTime = $fixed; ExpiresAt = $fixed }) 'ExpiresAtInPast' 'InvalidArgument'
        Row $get '-ExpiresAt 7 days + 1 s after -SigningTime' ($k1 + @{ SigningTime = $fixed; ExpiresAt = $fixed.AddSeconds(604801) }) 'InvalidExpiresAt' 'InvalidArgument'
        Row $get '-Expire (AWS.Tools alias) 8 days ahead' ($k1 + @{ Expire = { [datetime]::UtcNow.AddDays(8) } }) 'InvalidExpiresAt' 'InvalidArgument'
        Row $new 'New-S3UploadUrl -ExpiresAt in the past' ($k1 + @{ ExpiresAt = { [DateTimeOffset]::UtcNow.AddMinutes(-1) } }) 'ExpiresAtInPast' 'InvalidArgument'
        Row $get "-ExpiresAt 'tomorrow' (PowerShell's own conversion error)" ($k1 + @{ ExpiresAt = 'tomorrow' }) 'CannotConvertArgumentNoMessage' 'InvalidArgument'

        # ---- -SigningTime: S3 refuses requests dated more than 15 minutes ahead -------------------------------
        Row $get '-SigningTime 20 minutes ahead' ($k1 + @{ SigningTime = { [DateTimeOffset]::UtcNow.AddMinutes(20) } }) 'SigningTimeInFuture' 'InvalidArgument' @{ Match = '15 minutes' }
        Row $get '-SigningTime a year ahead' ($k1 + @{ SigningTime = { [DateTimeOffset]::UtcNow.AddYears(1) } }) 'SigningTimeInFuture' 'InvalidArgument'
        Row $new 'New-S3UploadUrl -SigningTime 20 minutes ahead' ($k1 + @{ SigningTime = { [DateTimeOffset]::UtcNow.AddMinutes(20) } }) 'SigningTimeInFuture' 'InvalidArgument'

        # ---- -MinimumValidity -----------------------------------------------------------------------------------
        Row $get "-MinimumValidity 'xx'" ($k1 + @{ MinimumValidity = 'xx' }) 'InvalidMinimumValidity' 'InvalidArgument'
        Row $get '-MinimumValidity 0' ($k1 + @{ MinimumValidity = 0 }) 'InvalidMinimumValidity' 'InvalidArgument'
        Row $get '-MinimumValidity 8d' ($k1 + @{ MinimumValidity = '8d' }) 'InvalidMinimumValidity' 'InvalidArgument'
        ItemRow $get '-MinimumValidity 2h for 1 h links: every item refused' $good1 @{ Expires = '1h'; MinimumValidity = '2h' } 'BelowMinimumValidity' 'InvalidData' @{ Outputs = 0; Errors = 3; Target = 's3://good-bucket/first.txt'; Match = 'MinimumValidity 2h' }
        ItemRow $new 'New-S3UploadUrl -MinimumValidity 2h for 1 h links' 's3://good-bucket/x' @{ Expires = '1h'; MinimumValidity = '2h' } 'BelowMinimumValidity' 'InvalidData' @{ Outputs = 0; Errors = 3 }

        # ---- per-item problems: the good items around them still come out ---------------------------------------
        ItemRow $get 'an invalid bucket name' ([pscustomobject]@{ BucketName = 'Bad_Bucket'; Key = 'k' }) @{} 'InvalidBucketName' 'InvalidArgument' @{ Target = 's3://Bad_Bucket/k' }
        ItemRow $get 'an empty key' ([pscustomobject]@{ BucketName = 'good-bucket'; Key = '' }) @{} 'EmptyKey' 'InvalidArgument' @{ Target = 's3://good-bucket/' }
        ItemRow $get 'a key of 1,025 bytes' ([pscustomobject]@{ BucketName = 'good-bucket'; Key = ('x' * 1025) }) @{} 'InvalidKey' 'InvalidArgument' @{ Match = '1025 bytes' }
        ItemRow $get 'a key of 513 two-byte characters (1,026 bytes)' ([pscustomobject]@{ BucketName = 'good-bucket'; Key = ([string][char]0xE9 * 513) }) @{} 'InvalidKey' 'InvalidArgument'
        ItemRow $get 'a key with a lone high surrogate' ([pscustomobject]@{ BucketName = 'good-bucket'; Key = "a$([char]0xD800)b" }) @{} 'InvalidKey' 'InvalidArgument' @{ Match = 'surrogate' }
        ItemRow $get 'a key with a lone low surrogate' ([pscustomobject]@{ BucketName = 'good-bucket'; Key = "$([char]0xDC00)" }) @{} 'InvalidKey' 'InvalidArgument'
        ItemRow $get 'an object without a bucket' ([pscustomobject]@{ Key = 'k' }) @{} 'MissingBucketName' 'InvalidArgument'
        ItemRow $get 'an http:// string instead of s3://' 'http://good-bucket/k' @{} 'InvalidS3Uri' 'InvalidArgument' @{ Target = 'http://good-bucket/k' }
        ItemRow $get 'an s3:// URI without a key' 's3://good-bucket' @{} 'EmptyKey' 'InvalidArgument'
        ItemRow $get 'an s3:// URI with an invalid bucket' 's3://Bad_Bucket/k' @{} 'InvalidBucketName' 'InvalidArgument'
        ItemRow $get 'an empty string' '' @{} 'InvalidS3Uri' 'InvalidArgument'
        ItemRow $get 'Transfer Acceleration for a dotted bucket' ([pscustomobject]@{ BucketName = 'dotted.bucket'; Key = 'k' }) @{ UseAccelerateEndpoint = $true } 'EndpointNotAvailable' 'InvalidArgument'
        Row $get 'Transfer Acceleration with a custom endpoint' ($k1 + @{ UseAccelerateEndpoint = $true; EndpointUrl = 'https://s3.example.com' }) 'EndpointNotAvailable' 'InvalidArgument' @{ Terminating = $false }

        # ---- connection parameters ---------------------------------------------------------------------------------
        foreach ($e in 'ftp://s3.example.com', 'localhost:9000', 'http://h/?a=b', 'http://user:pass@h/', 'not a url') {
            Row $get "-EndpointUrl '$e'" ($k1 + @{ EndpointUrl = $e }) 'InvalidEndpointUrl' 'InvalidArgument'
        }
        Row $get "-Region 'us east 1'" ($k1 + @{ Region = 'us east 1' }) 'InvalidRegion' 'InvalidArgument'
        Row $get "-Region 'US-EAST-1'" ($k1 + @{ Region = 'US-EAST-1' }) 'InvalidRegion' 'InvalidArgument'
        Row $get '-Method POST (PowerShell validation)' ($k1 + @{ Method = 'POST' }) 'ParameterArgumentValidationError' 'InvalidData'
        Row $get '-Protocol FTP (PowerShell validation)' ($k1 + @{ Protocol = 'FTP' }) 'ParameterArgumentValidationError' 'InvalidData'
        Row $get "-DownloadFileName ' '" ($k1 + @{ DownloadFileName = ' ' }) 'InvalidDownloadFileName' 'InvalidArgument'
        Row $get '-DownloadFileName with -ResponseContentDisposition' ($k1 + @{ DownloadFileName = 'a.txt'; ResponseContentDisposition = 'inline' }) 'ConflictingContentDisposition' 'InvalidArgument'

        # ---- credentials and configuration files (setup problems terminate, naming what was tried) ---------------
        Row $get '-AccessKey without -SecretKey' ($k1 + @{ AccessKey = 'AKIAONLY'; Region = 'us-east-1' }) 'IncompleteCredentials' 'AuthenticationError' @{ UseKeys = $false }
        Row $get '-SecretKey without -AccessKey' ($k1 + @{ SecretKey = 'only-secret'; Region = 'us-east-1' }) 'IncompleteCredentials' 'AuthenticationError' @{ UseKeys = $false }
        Row $get '-Credential 42' ($k1 + @{ Credential = 42; Region = 'us-east-1' }) 'InvalidCredentialObject' 'AuthenticationError' @{ UseKeys = $false }
        Row $get '-Credential with an empty password' ($k1 + @{ Credential = [pscredential]::new('AKIA', [securestring]::new()); Region = 'us-east-1' }) 'InvalidCredentialObject' 'AuthenticationError' @{ UseKeys = $false }
        Row $get 'an unknown -ProfileName' ($k1 + @{ ProfileName = 'nosuch'; ProfileLocation = '{tmp}/good-credentials'; Region = 'us-east-1' }) 'ProfileNotFound' 'AuthenticationError' @{ UseKeys = $false; Match = "'nosuch'" }
        Row $get 'an unknown AWS_PROFILE' ($k1 + @{ Region = 'us-east-1' }) 'ProfileNotFound' 'AuthenticationError' @{ UseKeys = $false; Env = @{ AWS_PROFILE = 'nosuch'; AWS_SHARED_CREDENTIALS_FILE = '{tmp}/good-credentials' } }
        Row $get '-ProfileLocation that does not exist' ($k1 + @{ ProfileName = 'dev'; ProfileLocation = '{tmp}/missing'; Region = 'us-east-1' }) 'CredentialsFileNotFound' 'AuthenticationError' @{ UseKeys = $false }
        Row $get '-ProfileLocation that is a directory (unreadable as a file)' ($k1 + @{ ProfileName = 'dev'; ProfileLocation = '{tmp}/a-directory'; Region = 'us-east-1' }) 'CredentialsFileUnreadable' 'AuthenticationError' @{ UseKeys = $false }
        Row $get "a credentials file with an unclosed '['" ($k1 + @{ ProfileName = 'dev'; ProfileLocation = '{tmp}/unclosed'; Region = 'us-east-1' }) 'MalformedConfigFile' 'AuthenticationError' @{ UseKeys = $false; Match = 'line 1' }
        Row $get 'a credentials file with a setting before any section' ($k1 + @{ ProfileName = 'dev'; ProfileLocation = '{tmp}/no-section'; Region = 'us-east-1' }) 'MalformedConfigFile' 'AuthenticationError' @{ UseKeys = $false }
        Row $get "a credentials file with a line that is not 'name = value'" ($k1 + @{ ProfileName = 'dev'; ProfileLocation = '{tmp}/no-equals'; Region = 'us-east-1' }) 'MalformedConfigFile' 'AuthenticationError' @{ UseKeys = $false; Match = 'line 2' }
        Row $get 'a malformed AWS_CONFIG_FILE' ($k1 + @{ ProfileName = 'dev'; ProfileLocation = '{tmp}/good-credentials'; Region = 'us-east-1' }) 'MalformedConfigFile' 'AuthenticationError' @{ UseKeys = $false; Env = @{ AWS_CONFIG_FILE = '{tmp}/unclosed' } }
        Row $get 'a malformed AWS_SHARED_CREDENTIALS_FILE' ($k1 + @{ Region = 'us-east-1' }) 'MalformedConfigFile' 'AuthenticationError' @{ UseKeys = $false; Env = @{ AWS_SHARED_CREDENTIALS_FILE = '{tmp}/no-equals'; AWS_PROFILE = 'dev' } }
        Row $get 'a profile with only aws_access_key_id' ($k1 + @{ ProfileName = 'dev'; ProfileLocation = '{tmp}/incomplete'; Region = 'us-east-1' }) 'IncompleteProfile' 'AuthenticationError' @{ UseKeys = $false }
        Row $get 'a profile without credentials' ($k1 + @{ ProfileName = 'dev'; ProfileLocation = '{tmp}/region-only'; Region = 'us-east-1' }) 'ProfileHasNoCredentials' 'AuthenticationError' @{ UseKeys = $false }
        Row $get 'a profile with an unreadable expiry' ($k1 + @{ ProfileName = 'dev'; ProfileLocation = '{tmp}/bad-expiry'; Region = 'us-east-1' }) 'InvalidCredentialExpiration' 'AuthenticationError' @{ UseKeys = $false }
        Row $get 'a role profile that loops' ($k1 + @{ ProfileName = 'loop-a'; Region = 'us-east-1' }) 'ProfileChainLoop' 'AuthenticationError' @{ UseKeys = $false; Env = @{ AWS_CONFIG_FILE = '{tmp}/loop-config'; AWS_SHARED_CREDENTIALS_FILE = '{tmp}/empty' } }
        Row $get 'AWS_ACCESS_KEY_ID without AWS_SECRET_ACCESS_KEY' ($k1 + @{ Region = 'us-east-1' }) 'IncompleteEnvironmentCredentials' 'AuthenticationError' @{ UseKeys = $false; Env = @{ AWS_ACCESS_KEY_ID = 'AKIAENV'; AWS_SECRET_ACCESS_KEY = $null } }
        Row $get 'AWS_CREDENTIAL_EXPIRATION that is not a time' ($k1 + @{ Region = 'us-east-1' }) 'InvalidCredentialExpiration' 'AuthenticationError' @{ UseKeys = $false; Env = @{ AWS_ACCESS_KEY_ID = 'AKIAENV'; AWS_SECRET_ACCESS_KEY = 'secret'; AWS_SESSION_TOKEN = 'token'; AWS_CREDENTIAL_EXPIRATION = 'soon' } }
        ItemRow $get 'expired session credentials: every item refused' $good1 @{ ProfileName = 'dev'; ProfileLocation = '{tmp}/expired'; Region = 'us-east-1' } 'CredentialsExpired' 'AuthenticationError' @{ UseKeys = $false; Outputs = 0; Errors = 3 }
        Row $get 'no credentials anywhere' ($k1 + @{ Region = 'us-east-1' }) 'NoCredentials' 'AuthenticationError' @{ UseKeys = $false; Env = @{ AWS_SHARED_CREDENTIALS_FILE = '{tmp}/empty'; AWS_CONFIG_FILE = '{tmp}/empty'; AWS_PROFILE = $null } }

        # ---- New-S3UploadUrl: sizes, encodings, enums, files ----------------------------------------------------------
        foreach ($v in @('10XB', '-1', '1.5', 'lots', '')) {
            Row $new "-ContentLength '$v'" ($k1 + @{ ContentLength = $v }) 'InvalidContentLength' 'InvalidArgument'
        }
        Row $new '-ContentLength 6GB (over the 5 GB PUT limit)' ($k1 + @{ ContentLength = 6GB }) 'InvalidContentLength' 'InvalidArgument'
        Row $new '-ContentLength -1 (number)' ($k1 + @{ ContentLength = -1 }) 'InvalidContentLength' 'InvalidArgument'
        Row $new "-ContentMD5 'zz'" ($k1 + @{ ContentMD5 = 'zz' }) 'InvalidContentMD5' 'InvalidArgument'
        Row $new '-ContentMD5 of 15 bytes' ($k1 + @{ ContentMD5 = [Convert]::ToBase64String([byte[]]::new(15)) }) 'InvalidContentMD5' 'InvalidArgument'
        Row $new "-ChecksumSHA256 'abc'" ($k1 + @{ ChecksumSHA256 = 'abc' }) 'InvalidChecksumSHA256' 'InvalidArgument'
        Row $new '-ChecksumSHA256 of an MD5 length' ($k1 + @{ ChecksumSHA256 = ('0' * 32) }) 'InvalidChecksumSHA256' 'InvalidArgument'
        Row $new "-ServerSideEncryption 'AES128'" ($k1 + @{ ServerSideEncryption = 'AES128' }) 'InvalidServerSideEncryption' 'InvalidArgument'
        Row $new '-KmsKeyId without aws:kms' ($k1 + @{ KmsKeyId = 'alias/x'; ServerSideEncryption = 'AES256' }) 'KmsKeyIdRequiresKms' 'InvalidArgument'
        Row $new '-KmsKeyId with a space' ($k1 + @{ KmsKeyId = 'alias/my key'; ServerSideEncryption = 'aws:kms' }) 'InvalidKmsKeyId' 'InvalidArgument'
        Row $new "-StorageClass 'COLD'" ($k1 + @{ StorageClass = 'COLD' }) 'InvalidStorageClass' 'InvalidArgument'
        Row $new "-CannedACL 'public'" ($k1 + @{ CannedACL = 'public' }) 'InvalidCannedACL' 'InvalidArgument'
        Row $new '-ContentType empty' ($k1 + @{ ContentType = ' ' }) 'InvalidContentType' 'InvalidArgument'
        Row $new '-ContentType with CR LF' ($k1 + @{ ContentType = "text/plain`r`nX-Evil: 1" }) 'InvalidContentType' 'InvalidArgument'
        Row $new '-ContentType with a non-ASCII character' ($k1 + @{ ContentType = "text/$([char]0xE9)" }) 'InvalidContentType' 'InvalidArgument'
        Row $new '-Metadata over 2 KB' ($k1 + @{ Metadata = @{ a = ('x' * 3000) } }) 'MetadataTooLarge' 'InvalidArgument'
        Row $new '-Metadata with a name given twice' ($k1 + @{ Metadata = ([ordered]@{ a = '1'; 'x-amz-meta-a' = '2' }) }) 'DuplicateMetadataName' 'InvalidArgument'
        Row $new '-Metadata with a non-ASCII name' ($k1 + @{ Metadata = @{ "gr$([char]0xF6)$([char]0xDF)e" = '1' } }) 'InvalidMetadataName' 'InvalidArgument'
        Row $new '-Metadata with a line break in a value' ($k1 + @{ Metadata = @{ a = "x`ny" } }) 'InvalidMetadataValue' 'InvalidArgument'
        Row $new '-Tagging with eleven tags' ($k1 + @{ Tagging = 'a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11' }) 'InvalidTagging' 'InvalidArgument'
        Row $new '-Tagging with an empty key' ($k1 + @{ Tagging = @{ '' = 'v' } }) 'InvalidTagging' 'InvalidArgument'
        Row $new '-BindToFile with -ContentLength' ($k1 + @{ BindToFile = $true; ContentLength = 5 }) 'ConflictingFileBinding' 'InvalidArgument'
        Row $new '-Post with -MinSize above -MaxSize' @{ BucketName = 'good-bucket'; Post = $true; KeyPrefix = 'p/'; MinSize = '2MB'; MaxSize = '1MB' } 'MinSizeAboveMaxSize' 'InvalidArgument'
        Row $new '-Post with -MaxSize 6GB' @{ BucketName = 'good-bucket'; Post = $true; KeyPrefix = 'p/'; MaxSize = '6GB' } 'InvalidMaxSize' 'InvalidArgument'
        Row $new "-Post with -MinSize '-5'" @{ BucketName = 'good-bucket'; Post = $true; KeyPrefix = 'p/'; MinSize = '-5' } 'InvalidMinSize' 'InvalidArgument'
        Row $new '-Post with -SuccessActionStatus 302' @{ BucketName = 'good-bucket'; Post = $true; Key = 'k'; SuccessActionStatus = 302 } 'InvalidSuccessActionStatus' 'InvalidArgument'
        Row $new '-Post without a key' @{ BucketName = 'good-bucket'; Post = $true } 'MissingKey' 'InvalidArgument'
        ItemRow $new 'an s3:// URI with an invalid bucket' 's3://Bad_Bucket/k' @{} 'InvalidBucketName' 'InvalidArgument'
        ItemRow $new 'an s3:// URI without a key' 's3://good-bucket' @{} 'EmptyKey' 'InvalidArgument'
        ItemRow $new 'an object without a key' ([pscustomobject]@{ BucketName = 'good-bucket' }) @{} 'MissingKey' 'InvalidArgument'
        ItemRow $new '-BindToFile for an s3:// URI (no file)' 's3://good-bucket/x' @{ BindToFile = $true } 'NoFileToBind' 'InvalidArgument' @{ Outputs = 0; Errors = 3 }
        Row $new '-Path to a file that does not exist' @{ BucketName = 'good-bucket'; Path = '{tmp}/no-such-file.bin' } 'FileNotFound' 'ObjectNotFound' @{ Terminating = $false }
        Row $new '-Path to a directory' @{ BucketName = 'good-bucket'; Path = '{tmp}/a-directory' } 'NotAFile' 'InvalidArgument' @{ Terminating = $false }

        # ---- ConvertFrom-S3PresignedUrl -----------------------------------------------------------------------------
        foreach ($u in @(
                @{ Url = 'not a url'; Id = 'InvalidUrl'; Category = 'InvalidData' }
                @{ Url = 'ftp://host/file'; Id = 'InvalidUrl'; Category = 'InvalidData' }
                @{ Url = "http://a`nb/x"; Id = 'InvalidUrl'; Category = 'InvalidData' }
                @{ Url = 'https://good-bucket.s3.amazonaws.com/k'; Id = 'NotPresigned'; Category = 'InvalidData' }
                @{ Url = ($signedUrl -replace 'X-Amz-Expires=3600', 'X-Amz-Expires=abc'); Id = 'MalformedPresignedUrl'; Category = 'InvalidData' }
                @{ Url = ($signedUrl -replace 'X-Amz-Date=20240101T000000Z', 'X-Amz-Date=2024'); Id = 'MalformedPresignedUrl'; Category = 'InvalidData' }
                @{ Url = ($signedUrl -replace 'X-Amz-Credential=[^&]+', 'X-Amz-Credential=nonsense'); Id = 'MalformedPresignedUrl'; Category = 'InvalidData' }
                @{ Url = 42; Id = 'InvalidUrl'; Category = 'InvalidArgument' }
            )) {
            Row $cvt "ConvertFrom '$("$($u.Url)" -replace "`n", '\n' -replace '^(.{50}).+', '$1...')'" @{} $u.Id $u.Category @{ UseKeys = $false; Pipe = @($signedUrl, $u.Url, $signedUrl); Terminating = $false; Outputs = 2 }
        }
        Row $cvt "ConvertFrom -EndpointUrl 'ftp://x'" @{ Url = $signedUrl; EndpointUrl = 'ftp://x' } 'InvalidEndpointUrl' 'InvalidArgument' @{ UseKeys = $false }

        # ---- Test-S3PresignedUrl ---------------------------------------------------------------------------------------
        Row $tst 'Test -TimeoutSec 0 (PowerShell validation)' @{ Url = $signedUrl; Online = $true; TimeoutSec = 0 } 'ParameterArgumentValidationError' 'InvalidData' @{ UseKeys = $false }
        Row $tst 'Test -Method PUT (PowerShell validation)' @{ Url = $signedUrl; Online = $true; Method = 'PUT' } 'ParameterArgumentValidationError' 'InvalidData' @{ UseKeys = $false }
        Row $tst 'Test -Online against a closed port' @{ Online = $true; TimeoutSec = 5 } 'ConnectionFailed' 'ConnectionError' @{ UseKeys = $false; Pipe = @('{closed-port-url}'); Terminating = $false }
    )

    # Hostile text that the messages echo: each message must still be one line.
    $lf = "`n"
    $script:echoRows = @(
        @{ Name = 'an -Expires value with a line break'; Command = $get; Params = ($k1 + @{ Expires = "1h${lf}evil" }); Bug = $null }
        @{ Name = 'a -ContentType with CR LF (New-S3UploadUrl)'; Command = $new; Params = ($k1 + @{ ContentType = "a/b`r`nX: y" }); Bug = $null }
        @{ Name = 'a metadata value with a line break'; Command = $new; Params = ($k1 + @{ Metadata = @{ a = "x${lf}y" } }); Bug = $null }
        @{ Name = 'a URL with a line break in its host (ConvertFrom)'; Command = $cvt; Params = @{ Url = "http://a${lf}b/x" }; Bug = $null }
        @{ Name = 'a bucket name with a line break'; Command = $get; Params = @{ BucketName = "bad${lf}bucket"; Key = 'k' } ; Bug = $null }
        @{ Name = 'a key with a line break refused by -MinimumValidity'; Command = $get; Params = @{ BucketName = 'good-bucket'; Key = "line${lf}break"; Expires = '1h'; MinimumValidity = '2h' } ; Bug = $null }
        @{ Name = 'an s3:// URI with a line break'; Command = $get; Params = @{ S3Uri = "s3:/${lf}/x" } ; Bug = $null }
        @{ Name = 'an -EndpointUrl with a line break'; Command = $get; Params = ($k1 + @{ EndpointUrl = "http://a${lf}b/" }) ; Bug = $null }
        @{ Name = 'a -Region with a line break'; Command = $get; Params = ($k1 + @{ Region = "us-${lf}east-1" }) ; Bug = $null }
        @{ Name = 'a file name with a line break that does not exist (New-S3UploadUrl -Path)'; Command = $new; Params = @{ BucketName = 'good-bucket'; Path = "{tmp}/line${lf}break.bin" }; Bug = $null }
        @{ Name = 'an s3:// URI with a line break (New-S3UploadUrl)'; Command = $new; Params = @{ S3Uri = "s3:/${lf}/x" }; Bug = $null }
        @{ Name = 'a -ProfileName with a line break'; Command = $get; Params = ($k1 + @{ ProfileName = "a${lf}b"; ProfileLocation = '{tmp}/good-credentials'; AccessKey = $null; SecretKey = $null }) ; Bug = $null }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PesterHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $script:keys = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; Region = 'us-east-1' }

    $script:tmp = Join-Path ([System.IO.Path]::GetTempPath()) ('hardening-input-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Force $script:tmp, (Join-Path $script:tmp 'a-directory')
    $files = @{
        'empty'            = ''
        'good-credentials' = "[dev]`naws_access_key_id = AKIAGOOD`naws_secret_access_key = good-secret`n"
        'unclosed'         = "[dev`naws_access_key_id = AKIA`n"
        'no-section'       = "aws_access_key_id = AKIA`n[dev]`n"
        'no-equals'        = "[dev]`njust-a-word`n"
        'incomplete'       = "[dev]`naws_access_key_id = AKIAONLY`n"
        'region-only'      = "[dev]`nregion = us-east-1`n"
        'bad-expiry'       = "[dev]`naws_access_key_id = AKIA`naws_secret_access_key = s`naws_session_token = t`nx_security_token_expires = not-a-date`n"
        'expired'          = "[dev]`naws_access_key_id = AKIA`naws_secret_access_key = s`naws_session_token = t`nx_security_token_expires = 2001-01-01T00:00:00Z`n"
        'loop-config'      = "[profile loop-a]`nrole_arn = arn:aws:iam::123456789012:role/A`nsource_profile = loop-b`n[profile loop-b]`nrole_arn = arn:aws:iam::123456789012:role/B`nsource_profile = loop-a`n"
    }
    foreach ($name in $files.Keys) { [System.IO.File]::WriteAllText((Join-Path $script:tmp $name), $files[$name]) }

    # A presigned URL to a port nothing listens on (Test-S3PresignedUrl -Online must fail to connect).
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $closedPort = $listener.LocalEndpoint.Port; $listener.Stop()
    $script:closedPortUrl = (Get-S3PresignedUrl -BucketName good-bucket -Key k -EndpointUrl "http://127.0.0.1:$closedPort" @script:keys).Url

    # '{tmp}' and '{closed-port-url}' in strings; a scriptblock is a value computed when the row runs (times relative
    # to now must not be taken at discovery, which can be minutes earlier in a full run).
    function script:Expand-Value($Value) {
        if ($Value -is [scriptblock]) { return & $Value }
        if ($Value -is [string]) {
            return $Value.Replace('{tmp}', $script:tmp).Replace('{closed-port-url}', $script:closedPortUrl)
        }
        return $Value
    }

    # Runs one row; returns its output, its errors (the terminating one alone when it threw) and whether it threw.
    function script:Invoke-Row([hashtable] $Row) {
        $params = @{}
        if ($Row.UseKeys) { foreach ($k in $script:keys.Keys) { $params[$k] = $script:keys[$k] } }
        foreach ($k in $Row.Params.Keys) {
            $v = Expand-Value $Row.Params[$k]
            if ($null -eq $v) { $params.Remove($k) } else { $params[$k] = $v }
        }
        # Rows about credentials see no credentials but their own (whatever the developer's shell holds).
        $envs = @{}
        if (-not $Row.UseKeys) {
            foreach ($k in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_PROFILE', 'AWS_ROLE_ARN',
                'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI') { $envs[$k] = $null }
            $envs['AWS_EC2_METADATA_DISABLED'] = 'true'
        }
        foreach ($k in $Row.Env.Keys) { $envs[$k] = $Row.Env[$k] }
        $saved = @{}
        foreach ($k in $envs.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, (Expand-Value $envs[$k])) }
        $ev = $null; $caught = $null; $out = @()
        try {
            if ($Row.HasPipe) {
                $pipe = @($Row.Pipe | ForEach-Object { Expand-Value $_ })
                $out = @($pipe | & $Row.Command @params -ErrorAction SilentlyContinue -ErrorVariable ev -WarningAction SilentlyContinue)
            }
            else {
                $out = @(& $Row.Command @params -ErrorAction SilentlyContinue -ErrorVariable ev -WarningAction SilentlyContinue)
            }
        }
        catch { $caught = $_ }
        finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
        [pscustomobject]@{ Output = $out; Errors = @(if ($caught) { $caught } else { $ev }); Terminated = [bool]$caught }
    }

    function script:Assert-OneLine($ErrorRecord) {
        $m = $ErrorRecord.Exception.Message
        $m | Should -Not -BeNullOrEmpty
        $m | Should -Not -Match "[`r`n\u0085\u2028\u2029]"
        $m | Should -Not -Match '(^|\s)at [A-Za-z_.]+\('
        $m.Length | Should -BeLessThan 700
    }
}

AfterAll {
    if ($script:tmp -and (Split-Path -Leaf $script:tmp) -like 'hardening-input-*') { Remove-Item -Recurse -Force -LiteralPath $script:tmp -ErrorAction SilentlyContinue }
}

Describe 'Bad input: one clear line, stable id, right category' {
    It '<Command>: <Name> -> <Id>' -ForEach $script:rows {
        if ($Bug) { Set-ItResult -Skipped -Because $Bug; return }
        if (-not (Get-Command $Command -Module PresignTools -ErrorAction SilentlyContinue)) { Set-ItResult -Skipped -Because "$Command is not in this build"; return }
        $r = Invoke-Row $_
        $r.Terminated | Should -Be $Terminating -Because 'setup problems terminate, per-item problems do not'
        @($r.Errors).Count | Should -Be $Errors
        @($r.Output).Count | Should -Be $Outputs
        $class = 'PresignTools.Commands.' + ($Command -replace '-', '') + 'Command'
        foreach ($e in $r.Errors) {
            $e.FullyQualifiedErrorId | Should -BeExactly "$Id,$class"
            "$($e.CategoryInfo.Category)" | Should -Be $Category
            Assert-OneLine $e
        }
        if ($Target) { $r.Errors[0].TargetObject | Should -Be $Target }
        if ($Match) { $r.Errors[0].Exception.Message | Should -Match $Match }
    }

    It 'accepts the boundaries: 1 s, 7 days, -ExpiresAt exactly 7 days after -SigningTime, -SigningTime 14 minutes ahead' {
        foreach ($v in 1, '1s', '604800', '7d', 'P7D', '1w', [TimeSpan]::FromDays(7), 7d) {
            (Get-S3PresignedUrl -BucketName good-bucket -Key k -Expires $v @script:keys).Url | Should -Match 'X-Amz-Expires=(1|604800)&'
        }
        $t = [DateTimeOffset]'2024-01-01T00:00:00Z'
        $r = Get-S3PresignedUrl -BucketName good-bucket -Key k -SigningTime $t -ExpiresAt $t.AddDays(7) @script:keys -WarningAction SilentlyContinue
        $r.Url | Should -Match 'X-Amz-Expires=604800&'
        $r = Get-S3PresignedUrl -BucketName good-bucket -Key k -SigningTime ([DateTimeOffset]::UtcNow.AddMinutes(14)) @script:keys
        $r.SignedAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(13))
        $r = Get-S3PresignedUrl -BucketName good-bucket -Key k -Expires 1h -MinimumValidity 30m @script:keys
        $r.Url | Should -Match 'X-Amz-Expires=3600&'
    }

    It 'says the -ProfileLocation directory is a directory, not that it does not exist' {
        $err = $null
        try { Get-S3PresignedUrl -BucketName good-bucket -Key k -ProfileName dev -ProfileLocation (Join-Path $script:tmp 'a-directory') -Region us-east-1 -ErrorAction Stop } catch { $err = $_ }
        $err.Exception.Message | Should -Not -Match 'does not exist'
    }
}

Describe 'Hostile text echoed in messages stays on one line' {
    It '<Name>' -ForEach $script:echoRows {
        if ($Bug) { Set-ItResult -Skipped -Because $Bug; return }
        $row = @{ Command = $Command; Params = $Params; UseKeys = ($Command -ne 'ConvertFrom-S3PresignedUrl'); Env = @{}; HasPipe = $false }
        $r = Invoke-Row $row
        @($r.Errors).Count | Should -BeGreaterThan 0
        foreach ($e in $r.Errors) { Assert-OneLine $e }
    }

    It 'refuses a -ContentType with CR LF in Get-S3PresignedUrl as New-S3UploadUrl does' {
        $r = Get-S3PresignedUrl -BucketName good-bucket -Key k -ContentType "text/plain`r`nX-Evil: 1" @script:keys -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidContentType,PresignTools.Commands.GetS3PresignedUrlCommand'
    }

    It 'refuses an unpaired surrogate in -VersionId and response overrides as it does in keys' {
        $r = Get-S3PresignedUrl -BucketName good-bucket -Key k -VersionId "a$([char]0xDC00)" @script:keys -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Huge pipelines of mixed good and bad items' {
    It 'Get-S3PresignedUrl: 10,000 items, every 7th bad (six kinds): exact counts, targets and order' {
        $bad = @(
            [pscustomobject]@{ BucketName = 'Bad_Bucket'; Key = 'k' }
            [pscustomobject]@{ BucketName = 'good-bucket'; Key = '' }
            [pscustomobject]@{ BucketName = 'good-bucket'; Key = ('x' * 1025) }
            [pscustomobject]@{ BucketName = 'good-bucket'; Key = "k$([char]0xD800)" }
            'http://not-s3/k'
            [pscustomobject]@{ Key = 'k' }
        )
        $items = [System.Collections.Generic.List[object]]::new(10000)
        $expectedKeys = [System.Collections.Generic.List[string]]::new(8572)
        for ($i = 1; $i -le 10000; $i++) {
            if ($i % 7 -eq 0) { $items.Add($bad[($i / 7) % 6]) }
            elseif ($i % 2) { $k = "dir/$i é+?.txt"; $items.Add([pscustomobject]@{ BucketName = 'bucket-1'; Key = $k }); $expectedKeys.Add($k) }
            else { $items.Add("s3://bucket-x/s/$i"); $expectedKeys.Add("s/$i") }
        }
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $out = @($items | Get-S3PresignedUrl @script:keys -Expires 1h -ErrorVariable errs -ErrorAction SilentlyContinue)
        $sw.Stop()
        $out.Count | Should -Be 8572
        $errs.Count | Should -Be 1428
        ($out.Key -join "`n") -ceq ($expectedKeys -join "`n") | Should -BeTrue -Because 'the good items come out in order, keys unchanged'
        $ids = @{}
        foreach ($e in $errs) { $id = $e.FullyQualifiedErrorId -replace ',.*'; $ids[$id] = 1 + $ids[$id] }
        (@($ids.Keys | Sort-Object | ForEach-Object { "$_=$($ids[$_])" }) -join ' ') | Should -Be 'EmptyKey=238 InvalidBucketName=238 InvalidKey=476 InvalidS3Uri=238 MissingBucketName=238'
        @($errs.Exception.Message -match "[`r`n]").Count | Should -Be 0
        @($errs | Where-Object { "$($_.CategoryInfo.Category)" -ne 'InvalidArgument' }).Count | Should -Be 0
        $errs[0].TargetObject | Should -Be 's3://good-bucket/' -Because 'item 7 is the second kind (empty key)'
        Write-Host ("    10,000 mixed items: {0:n0} ms ({1:n0} items/s)" -f $sw.ElapsedMilliseconds, (10000 / $sw.Elapsed.TotalSeconds))
    }

    It 'New-S3UploadUrl: 10,000 s3:// strings, every 7th bad: exact counts' {
        $items = for ($i = 1; $i -le 10000; $i++) { if ($i % 7 -eq 0) { "s3://Bad_Bucket/$i" } else { "s3://uploads/u/$i" } }
        $out = @($items | New-S3UploadUrl @script:keys -ContentType 'text/plain' -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 8572
        $errs.Count | Should -Be 1428
        @($errs | Where-Object FullyQualifiedErrorId -ne 'InvalidBucketName,PresignTools.Commands.NewS3UploadUrlCommand').Count | Should -Be 0
        $out[0].Headers['Content-Type'] | Should -Be 'text/plain'
    }

    It 'ConvertFrom-S3PresignedUrl: 10,000 URLs, every 7th not presigned: exact counts' {
        $url = (Get-S3PresignedUrl -BucketName good-bucket -Key k @script:keys).Url
        $items = for ($i = 1; $i -le 10000; $i++) { if ($i % 7 -eq 0) { "https://good-bucket.s3.amazonaws.com/$i" } else { $url.Replace('/k?', "/k${i}?") } }
        $out = @($items | ConvertFrom-S3PresignedUrl -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 8572
        $errs.Count | Should -Be 1428
        @($errs | Where-Object FullyQualifiedErrorId -ne 'NotPresigned,PresignTools.Commands.ConvertFromS3PresignedUrlCommand').Count | Should -Be 0
        $out[0].Key | Should -Be 'k1'
    }

    It 'New-S3UploadUrl: files that vanish mid-pipeline (every 5th of 50) fail alone, with and without -BindToFile' {
        foreach ($bind in $false, $true) {
            $dir = Join-Path $script:tmp "vanish-$bind"
            $null = New-Item -ItemType Directory -Force $dir
            1..50 | ForEach-Object { [System.IO.File]::WriteAllText((Join-Path $dir ('f{0:d2}.bin' -f $_)), "file $_") }
            $out = @(Get-ChildItem -LiteralPath $dir | Sort-Object Name | ForEach-Object -Begin { $n = 0 } -Process {
                    $n++; if ($n % 5 -eq 0) { Remove-Item -LiteralPath $_.FullName }; $_ } |
                    New-S3UploadUrl -BucketName uploads -BindToFile:$bind @script:keys -ErrorVariable errs -ErrorAction SilentlyContinue)
            $out.Count | Should -Be 40
            $errs.Count | Should -Be 10
            foreach ($e in $errs) {
                $e.FullyQualifiedErrorId | Should -BeExactly 'FileNotFound,PresignTools.Commands.NewS3UploadUrlCommand'
                "$($e.CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
                Assert-OneLine $e
            }
            $errs[0].TargetObject | Should -Match 'f05\.bin$'
            if ($bind) { $out[0].Headers['Content-Length'] | Should -Be '6' }
        }
    }
}

Describe 'Exit codes under pwsh -c' {
    BeforeAll {
        # Every command line runs in its own `pwsh -NoProfile -NonInteractive -Command`, all started at once
        # (one child pwsh per cmdlet, not per row), as Invoke-ChildPwsh -AsCommand runs them.
        $modulePath = Get-TestModulePath
        $k = '-AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey s -Region us-east-1'
        $script:commandLines = [ordered]@{
            'success'      = "'s3://good-bucket/a', 's3://good-bucket/b' | Get-S3PresignedUrl $k | ForEach-Object Url"
            'get-item'     = "'s3://good-bucket/a', 's3://Bad_Bucket/b', 's3://good-bucket/c' | Get-S3PresignedUrl $k | ForEach-Object Url"
            'get-setup'    = "Get-S3PresignedUrl -BucketName good-bucket -Key k -Expires 1x $k"
            'new-item'     = "'s3://uploads/a', 's3://uploads/' | New-S3UploadUrl $k | ForEach-Object Url"
            'convert-item' = "'https://b.s3.amazonaws.com/k' | ConvertFrom-S3PresignedUrl"
            'test-online'  = "Test-S3PresignedUrl -Online -TimeoutSec 5 -Url (Get-S3PresignedUrl -BucketName good-bucket -Key k -EndpointUrl http://127.0.0.1:1 $k)"
        }
        $pwshDll = Join-Path $PSHOME 'pwsh.dll'
        $running = [ordered]@{}
        foreach ($name in $script:commandLines.Keys) {
            $psi = [System.Diagnostics.ProcessStartInfo]::new()
            if (Test-Path $pwshDll) { $psi.FileName = [Environment]::ProcessPath; $psi.ArgumentList.Add($pwshDll) } else { $psi.FileName = Join-Path $PSHOME 'pwsh' }
            foreach ($a in '-NoProfile', '-NonInteractive', '-Command', "Import-Module '$modulePath'; $($script:commandLines[$name])") { $psi.ArgumentList.Add($a) }
            $psi.RedirectStandardOutput = $true
            $psi.RedirectStandardError = $true
            $psi.UseShellExecute = $false
            $psi.Environment['NO_COLOR'] = '1'
            $psi.Environment['AWS_EC2_METADATA_DISABLED'] = 'true'
            $p = [System.Diagnostics.Process]::Start($psi)
            $running[$name] = @{ Process = $p; Out = $p.StandardOutput.ReadToEndAsync(); Err = $p.StandardError.ReadToEndAsync() }
        }
        $script:children = @{}
        foreach ($name in $running.Keys) {
            $c = $running[$name]
            if (-not $c.Process.WaitForExit(120000)) { $c.Process.Kill($true); throw "The child pwsh for '$name' did not finish within 120 s." }
            $c.Process.WaitForExit()
            $out = $c.Out.Result; $err = $c.Err.Result
            $script:children[$name] = [pscustomobject]@{
                ExitCode = $c.Process.ExitCode; StdOut = $out; StdErr = $err
                Text = (($out + "`n" + $err) -replace "`e\[[0-9;]*[A-Za-z]", '')
            }
        }
    }

    It 'exits 0 when everything worked' {
        $r = $script:children['success']
        $r.ExitCode | Should -Be 0
        @($r.StdOut -split "`n" | Where-Object { $_ -like 'https://*' }).Count | Should -Be 2
        $r.StdErr | Should -BeNullOrEmpty
    }

    It 'exits non-zero, prints the good links and one message per error, no stack trace: <Name>' -ForEach @(
        @{ Name = 'Get-S3PresignedUrl, one bad bucket between two good items'; Child = 'get-item'; Good = 2; Message = "Invalid -BucketName 'Bad_Bucket'" }
        @{ Name = 'Get-S3PresignedUrl, a bad -Expires (terminating)'; Child = 'get-setup'; Good = 0; Message = "Invalid -Expires: '1x' is not a duration" }
        @{ Name = 'New-S3UploadUrl, one bad item'; Child = 'new-item'; Good = 1; Message = 'names no object key' }
        @{ Name = 'ConvertFrom-S3PresignedUrl, one URL that is not presigned'; Child = 'convert-item'; Good = 0; Message = 'is not a presigned S3 URL' }
        @{ Name = 'Test-S3PresignedUrl -Online, a server that does not answer'; Child = 'test-online'; Good = 0; Message = 'Could not reach http://127.0.0.1:1' }
    ) {
        $r = $script:children[$Child]
        $r.ExitCode | Should -Not -Be 0
        @($r.StdOut -split "`n" | Where-Object { $_ -like 'http*://*' }).Count | Should -Be $Good
        $r.Text | Should -Match ([regex]::Escape($Message))
        ([regex]::Matches($r.Text, [regex]::Escape($Message))).Count | Should -Be 1
        $r.Text | Should -Not -Match '(?m)^\s+at \S+\('
        $r.Text | Should -Not -Match 'Exception:|StackTrace|--- End of'
    }
}
