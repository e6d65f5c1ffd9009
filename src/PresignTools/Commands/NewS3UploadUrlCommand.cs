using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Security.Cryptography;
using PresignTools.Core;
using PresignTools.Core.Endpoints;
using PresignTools.Core.Input;
using PresignTools.Core.Upload;
using PresignTools.Errors;

namespace PresignTools.Commands
{
    /// <summary>
    /// Presigns uploads: PUT links (default) for objects named by -BucketName/-Key, s3:// strings, piped
    /// objects with BucketName/Key properties or piped files, with signed constraints (type, exact length,
    /// checksum, SSE, metadata, storage class, ACL, tags); or, with -Post, a browser-form POST policy with
    /// size range and key-prefix/content-type conditions. Every result carries ready-to-run upload commands.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "S3UploadUrl", DefaultParameterSetName = PutSet)]
    [OutputType(typeof(PresignedUrl), ParameterSetName = new[] { PutSet })]
    [OutputType(typeof(PresignedPost), ParameterSetName = new[] { PostSet })]
    public sealed class NewS3UploadUrlCommand : PresignCmdletBase
    {
        private const string PutSet = "Put";
        private const string PostSet = "Post";

        private UploadConstraints? _constraints;
        private long? _minSize;
        private long? _maxSize;

        // ---- what to upload ------------------------------------------------------------------------

        /// <summary>s3://bucket/key strings, from the command line or the pipeline.</summary>
        [Parameter(ParameterSetName = PutSet, Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        [AllowNull]
        [Alias("Uri")]
        public string? S3Uri { get; set; }

        [Parameter(ParameterSetName = PutSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = PostSet, Mandatory = true)]
        [AllowEmptyString]
        [Alias("Bucket")]
        public string? BucketName { get; set; }

        [Parameter(ParameterSetName = PutSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = PostSet)]
        [AllowEmptyString]
        [Alias("ObjectKey")]
        public string? Key { get; set; }

        /// <summary>A local file to upload (binds from piped FileInfo objects); its name becomes the key.</summary>
        [Parameter(ParameterSetName = PutSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName", "LiteralPath")]
        public string? Path { get; set; }

        /// <summary>PUT: prepended to every key (file names, -Key, s3:// keys). POST: uploads may use any key starting with it.</summary>
        [Parameter]
        [AllowEmptyString]
        public string? KeyPrefix { get; set; }

        /// <summary>Sign the file's exact length and SHA-256 checksum into the link.</summary>
        [Parameter(ParameterSetName = PutSet)]
        public SwitchParameter BindToFile { get; set; }

        // ---- signed constraints --------------------------------------------------------------------

        [Parameter]
        public string? ContentType { get; set; }

        [Parameter(ParameterSetName = PutSet)]
        public object? ContentLength { get; set; }

        [Parameter(ParameterSetName = PutSet)]
        [Alias("Checksum")]
        public string? ChecksumSHA256 { get; set; }

        [Parameter(ParameterSetName = PutSet)]
        public string? ContentMD5 { get; set; }

        [Parameter]
        [Alias("SSE")]
        [ArgumentCompleter(typeof(Completion.ServerSideEncryptionCompleter))]
        public string? ServerSideEncryption { get; set; }

        [Parameter]
        [Alias("SSEKMSKeyId")]
        public string? KmsKeyId { get; set; }

        [Parameter]
        public IDictionary? Metadata { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(Completion.StorageClassCompleter))]
        public string? StorageClass { get; set; }

        [Parameter]
        [Alias("Acl")]
        [ArgumentCompleter(typeof(Completion.CannedAclCompleter))]
        public string? CannedACL { get; set; }

        [Parameter]
        public object? Tagging { get; set; }

        // ---- POST form -----------------------------------------------------------------------------

        /// <summary>Make a browser-form (POST) upload policy instead of a PUT link.</summary>
        [Parameter(ParameterSetName = PostSet, Mandatory = true)]
        public SwitchParameter Post { get; set; }

        [Parameter(ParameterSetName = PostSet)]
        public string? ContentTypePrefix { get; set; }

        [Parameter(ParameterSetName = PostSet)]
        public object? MinSize { get; set; }

        [Parameter(ParameterSetName = PostSet)]
        public object? MaxSize { get; set; }

        [Parameter(ParameterSetName = PostSet)]
        public int? SuccessActionStatus { get; set; }

        [Parameter(ParameterSetName = PostSet)]
        public string? SuccessActionRedirect { get; set; }

        protected override void BeginProcessing()
        {
            try
            {
                CheckParameters();
            }
            catch (PresignException e)
            {
                ThrowTerminatingError(PresignErrors.Record(e, null));
            }
            base.BeginProcessing();
        }

        private void CheckParameters()
        {
            var isPost = ParameterSetName == PostSet;
            if (!isPost && BindToFile.IsPresent && (ContentLength != null || ChecksumSHA256 != null))
            {
                throw PresignException.InvalidArgument("ConflictingFileBinding",
                    "-BindToFile signs each file's own length and SHA-256 checksum; do not also give -ContentLength or -ChecksumSHA256.");
            }

            _constraints = UploadConstraints.Create(new UploadOptions
            {
                ContentType = ContentType,
                ContentLength = ContentLength,
                ChecksumSha256 = ChecksumSHA256,
                ContentMd5 = ContentMD5,
                ServerSideEncryption = ServerSideEncryption,
                KmsKeyId = KmsKeyId,
                Metadata = Metadata,
                StorageClass = StorageClass,
                CannedAcl = CannedACL,
                Tagging = Tagging,
            });

            if (!isPost) return;

            if (Key != null && KeyPrefix != null)
            {
                throw PresignException.InvalidArgument("ConflictingKey", "Give -Key (one exact key) or -KeyPrefix (any key under a prefix), not both.");
            }
            if (Key == null && KeyPrefix == null)
            {
                throw PresignException.InvalidArgument("MissingKey",
                    "A POST form needs -Key (one exact key) or -KeyPrefix (any key under a prefix; -KeyPrefix '' allows every key).");
            }
            if (ContentType != null && ContentTypePrefix != null)
            {
                throw PresignException.InvalidArgument("ConflictingContentType", "Give -ContentType (an exact type) or -ContentTypePrefix (a type prefix such as image/), not both.");
            }
            if (ContentTypePrefix != null)
            {
                var bad = UploadConstraints.FirstBadHeaderChar(ContentTypePrefix);
                if (bad >= 0)
                {
                    throw PresignException.InvalidArgument("InvalidContentType",
                        $"Invalid -ContentTypePrefix '{UploadConstraints.Printable(ContentTypePrefix)}': the character at position {bad} is not printable ASCII.");
                }
            }

            _minSize = ParseSize(MinSize, "MinSize", "InvalidMinSize");
            _maxSize = ParseSize(MaxSize, "MaxSize", "InvalidMaxSize");
            if (_minSize.HasValue && _maxSize.HasValue && _minSize.Value > _maxSize.Value)
            {
                throw PresignException.InvalidArgument("MinSizeAboveMaxSize",
                    $"-MinSize {SizeParser.Format(_minSize.Value)} is larger than -MaxSize {SizeParser.Format(_maxSize.Value)}.");
            }

            if (SuccessActionStatus.HasValue && SuccessActionRedirect != null)
            {
                throw PresignException.InvalidArgument("ConflictingSuccessAction", "Give -SuccessActionStatus or -SuccessActionRedirect, not both.");
            }
            if (SuccessActionStatus.HasValue && SuccessActionStatus.Value != 200 && SuccessActionStatus.Value != 201 && SuccessActionStatus.Value != 204)
            {
                throw PresignException.InvalidArgument("InvalidSuccessActionStatus",
                    $"Invalid -SuccessActionStatus {SuccessActionStatus.Value}: S3 answers a successful POST with 200, 201 or 204 (the default).");
            }
            if (SuccessActionRedirect != null
                && (!Uri.TryCreate(SuccessActionRedirect, UriKind.Absolute, out var redirect) || (redirect.Scheme != Uri.UriSchemeHttp && redirect.Scheme != Uri.UriSchemeHttps)
                    || UploadConstraints.FirstBadHeaderChar(SuccessActionRedirect) >= 0))
            {
                throw PresignException.InvalidArgument("InvalidSuccessActionRedirect",
                    $"Invalid -SuccessActionRedirect '{UploadConstraints.Printable(SuccessActionRedirect)}': expected an absolute http:// or https:// URL.");
            }
        }

        private static long? ParseSize(object? value, string parameter, string errorId)
        {
            if (value == null) return null;
            long bytes;
            try
            {
                bytes = SizeParser.Parse(value);
            }
            catch (SizeFormatException e)
            {
                throw PresignException.InvalidArgument(errorId, $"Invalid -{parameter}: {e.Message}");
            }
            if (bytes > SizeParser.MaxSingleUploadBytes)
            {
                throw PresignException.InvalidArgument(errorId,
                    $"Invalid -{parameter}: {SizeParser.Format(bytes)} is more than the 5 GB (5368709120 bytes) S3 accepts in one POST upload.");
            }
            return bytes;
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PostSet)
            {
                PresignPost();
                return;
            }

            // A piped file binds -Path by property name (FullName/PSPath); a string is an S3 URI; other
            // objects bind BucketName/Key by name, and PowerShell may also bind their text to -S3Uri
            // ("@{BucketName=...}"): the names win. An s3:// string wins over a -BucketName given for
            // the whole pipeline, so s3:// strings and files can be mixed.
            if (Path != null)
            {
                PresignFile(Path);
                return;
            }

            string bucket;
            string key;
            object? target;
            if (S3Uri != null && Key == null && (BucketName == null || S3Uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)))
            {
                target = S3Uri;
                if (!S3UriParser.TryParse(S3Uri, out bucket, out key, out var problem))
                {
                    var id = string.IsNullOrEmpty(key) && S3Uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && bucket.Length > 0 ? "EmptyKey" : "InvalidS3Uri";
                    WriteItemError(PresignException.InvalidArgument(id, $"Invalid -S3Uri '{OneLine(S3Uri)}': {problem}."), target);
                    return;
                }
            }
            else
            {
                bucket = BucketName ?? string.Empty;
                key = Key ?? string.Empty;
                target = "s3://" + bucket + "/" + key;
                if (BucketName == null)
                {
                    WriteItemError(PresignException.InvalidArgument("MissingBucketName",
                        "No bucket: give -BucketName with -Key or files, an s3://bucket/key string, or pipe objects with BucketName and Key properties."), target);
                    return;
                }
                if (Key == null)
                {
                    WriteItemError(PresignException.InvalidArgument("MissingKey",
                        $"No key for bucket '{OneLine(bucket)}': give -Key, an s3://bucket/key string, a file (-Path, or piped from Get-ChildItem), or pipe objects with a Key property."), target);
                    return;
                }
            }

            key = (KeyPrefix ?? string.Empty) + key;
            if (BindToFile.IsPresent)
            {
                WriteItemError(PresignException.InvalidArgument("NoFileToBind",
                    $"-BindToFile needs a file, but s3://{OneLine(bucket)}/{OneLine(key)} was not given one: pipe Get-ChildItem output or give -Path."), target);
                return;
            }
            PresignPut(bucket, key, null, null, null, target);
        }

        private void PresignFile(string path)
        {
            object target = path;
            string resolved;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            }
            catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException
                || e is NotSupportedException || e is ArgumentException || e is PSInvalidOperationException)
            {
                WriteItemError(PresignException.InvalidArgument("InvalidPath", $"Invalid -Path '{OneLine(path)}': {OneLine(e.Message)}"), target);
                return;
            }

            if (Directory.Exists(resolved))
            {
                WriteItemError(PresignException.InvalidArgument("NotAFile", $"'{OneLine(resolved)}' is a directory; upload links are made for files."), target);
                return;
            }
            var file = new FileInfo(resolved);
            if (!file.Exists)
            {
                WriteItemError(PresignException.NotFound("FileNotFound", $"The file '{OneLine(resolved)}' does not exist (any more)."), target);
                return;
            }
            if (BucketName == null)
            {
                WriteItemError(PresignException.InvalidArgument("MissingBucketName", $"No bucket for '{OneLine(resolved)}': give -BucketName."), target);
                return;
            }

            long? length = null;
            string? checksum = null;
            try
            {
                if (BindToFile.IsPresent)
                {
                    HashFile(resolved, out var bytes, out checksum);
                    length = bytes;
                }
                else if (file.Length > SizeParser.MaxSingleUploadBytes)
                {
                    throw TooLarge(resolved, file.Length);
                }
            }
            catch (PresignException e)
            {
                WriteItemError(e, target);
                return;
            }

            PresignPut(BucketName, (KeyPrefix ?? string.Empty) + (Key ?? file.Name), length, checksum, resolved, target);
        }

        private static string OneLine(string s) => UploadConstraints.OneLine(s);

        private static PresignException TooLarge(string path, long bytes) =>
            PresignException.InvalidData("FileTooLarge",
                $"'{OneLine(path)}' is {SizeParser.Format(bytes)}; S3 accepts at most 5 GB (5368709120 bytes) in one PUT. Use a multipart upload for larger files.");

        // Reads the file once: its exact length and base64 SHA-256 (what x-amz-checksum-sha256 carries).
        private void HashFile(string path, out long length, out string checksum)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.SequentialScan))
                using (var sha = SHA256.Create())
                {
                    if (stream.Length > SizeParser.MaxSingleUploadBytes) throw TooLarge(path, stream.Length);
                    var buffer = new byte[1 << 16];
                    long total = 0;
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        sha.TransformBlock(buffer, 0, read, null, 0);
                        total += read;
                    }
                    sha.TransformFinalBlock(buffer, 0, 0);
                    length = total;
                    checksum = Convert.ToBase64String(sha.Hash);
                }
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                throw PresignException.NotFound("FileNotFound", $"The file '{OneLine(path)}' does not exist (any more).");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new PresignException("FileUnreadable", FailureKind.PermissionDenied, $"Cannot read '{OneLine(path)}': {OneLine(e.Message)}");
            }
            if (length > SizeParser.MaxSingleUploadBytes) throw TooLarge(path, length);
            WriteVerbose($"Bound '{path}': {SizeParser.Format(length)}, SHA-256 {checksum} ({watch.ElapsedMilliseconds} ms).");
        }

        private void PresignPut(string bucket, string key, long? length, string? checksum, string? filePath, object? target)
        {
            try
            {
                var signingTime = SigningTimeNow();
                var headers = _constraints!.PutHeaders(length, checksum);
                var result = PresignChecked(new ObjectLink
                {
                    Method = "PUT",
                    BucketName = bucket,
                    Key = key,
                    ExpiresSeconds = ExpirySecondsAt(signingTime),
                    SigningTime = signingTime,
                    Headers = headers.Count == 0 ? null : headers,
                });
                var path = filePath ?? UploadSnippets.PlaceholderPath;
                result.FilePath = filePath;
                result.CurlCommand = UploadSnippets.PutCurl(result.Url, result.Headers, path);
                result.PowerShellCommand = UploadSnippets.PutPowerShell(result.Url, result.Headers, path);
                WriteObject(result);
            }
            catch (PresignException e)
            {
                WriteItemError(e, target);
            }
        }

        private void PresignPost()
        {
            var bucket = BucketName ?? string.Empty;
            var keyField = Key ?? (KeyPrefix ?? string.Empty) + PostPolicy.FileNamePlaceholder;
            var target = "s3://" + bucket + "/" + keyField;
            try
            {
                var signingTime = SigningTimeNow();
                var seconds = ExpirySecondsAt(signingTime);

                // The same checks as every link (bucket and key names, endpoint, expired or refreshed
                // credentials, -Strict, -MinimumValidity, the credential-expiry warning) and the effective
                // expiry, by signing the equivalent request; the policy is then signed with the same
                // credentials, time and lifetime.
                var probe = PresignChecked(new ObjectLink
                {
                    Method = "POST",
                    BucketName = bucket,
                    Key = keyField,
                    ExpiresSeconds = seconds,
                    SigningTime = signingTime,
                });
                var credentials = Presigner.Credentials;

                // The probe was signed for the bucket's region (looked up when no region was given); so is the form.
                var region = probe.Region;
                var main = Presigner.EndpointOptions;
                var endpoint = string.Equals(region, main.Region, StringComparison.Ordinal) ? main : new S3EndpointOptions
                {
                    Region = region,
                    EndpointUrl = main.EndpointUrl,
                    Scheme = main.Scheme,
                    ForcePathStyle = main.ForcePathStyle,
                    UseAccelerateEndpoint = main.UseAccelerateEndpoint,
                    UseDualstackEndpoint = main.UseDualstackEndpoint,
                };

                S3Address address;
                try
                {
                    address = new S3EndpointResolver(endpoint).Resolve(bucket, string.Empty);
                }
                catch (ArgumentException e)
                {
                    throw PresignException.InvalidArgument("EndpointNotAvailable", e.Message);
                }
                var path = address.PathStyle ? address.Path.TrimEnd('/') : address.Path;
                var url = address.Scheme + "://" + address.Host + path;

                var signed = PostPolicy.Build(new PostPolicyRequest
                {
                    BucketName = bucket,
                    Key = Key,
                    KeyPrefix = Key == null ? KeyPrefix ?? string.Empty : null,
                    ContentType = _constraints!.ContentType,
                    ContentTypePrefix = ContentTypePrefix,
                    MinSize = _minSize,
                    MaxSize = _maxSize,
                    SuccessActionStatus = SuccessActionStatus,
                    SuccessActionRedirect = SuccessActionRedirect,
                    Constraints = _constraints,
                    Region = region,
                    SigningTime = signingTime,
                    ExpiresSeconds = seconds,
                    AccessKeyId = credentials.AccessKeyId,
                    SecretAccessKey = credentials.SecretAccessKey,
                    SessionToken = credentials.SessionToken,
                });

                long? min = _minSize, max = _maxSize;
                if (min.HasValue && !max.HasValue) max = SizeParser.MaxSingleUploadBytes;
                if (max.HasValue && !min.HasValue) min = 0;

                WriteObject(new PresignedPost(
                    url, bucket, keyField, region, PresignedPost.ToOrdered(signed.Fields), signed.Conditions.ToArray(), signed.Policy,
                    probe.SignedAt, probe.ExpiresAt, probe.RequestedExpiresAt, probe.ExpiryLimitedBy, min, max,
                    probe.AccessKeyId, probe.CredentialSource, probe.IsTemporaryCredential, probe.CredentialExpiresAt,
                    UploadSnippets.PostCurl(url, signed.Fields, UploadSnippets.PlaceholderPath),
                    UploadSnippets.PostPowerShell(url, signed.Fields, UploadSnippets.PlaceholderPath),
                    UploadSnippets.HtmlForm(url, signed.Fields, ContentTypePrefix != null)));
            }
            catch (PresignException e)
            {
                WriteItemError(e, target);
            }
        }
    }
}
