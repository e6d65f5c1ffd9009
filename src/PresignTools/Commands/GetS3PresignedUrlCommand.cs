using System;
using System.Collections.Generic;
using System.Management.Automation;
using PresignTools.Core;
using PresignTools.Core.Input;
using PresignTools.Errors;

namespace PresignTools.Commands
{
    /// <summary>
    /// Presigns download (GET/HEAD) links for S3 objects given by name, by s3:// URI, from the pipeline
    /// (any object with BucketName and Key properties) or by listing a prefix. s3:// strings and
    /// BucketName/Key share one parameter set, so a pipeline may mix them; the cmdlet itself checks that
    /// each item names a bucket and a key (PowerShell's mandatory checks would prompt or bind by text).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "S3PresignedUrl", DefaultParameterSetName = ObjectSet)]
    [OutputType(typeof(PresignedUrl))]
    public sealed class GetS3PresignedUrlCommand : PresignCmdletBase
    {
        private const string ObjectSet = "Object";
        private const string PrefixSet = "Prefix";

        private List<KeyValuePair<string, string>>? _query;
        private List<KeyValuePair<string, string>>? _headers;
        private string _method = "GET";
        private ObjectLink? _link;

        /// <summary>s3://bucket/key strings, from the command line or the pipeline.</summary>
        [Parameter(ParameterSetName = ObjectSet, Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        [AllowNull]
        [Alias("Uri")]
        [PipedObjectNames]
        public string? S3Uri { get; set; }

        [Parameter(ParameterSetName = ObjectSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = PrefixSet, Mandatory = true)]
        [AllowEmptyString]
        [Alias("Bucket")]
        public string? BucketName { get; set; }

        /// <summary>Lists the objects under this prefix (ListObjectsV2) and presigns each one.</summary>
        [Parameter(ParameterSetName = PrefixSet, Mandatory = true)]
        [AllowEmptyString]
        [Alias("KeyPrefix")]
        public string Prefix { get; set; } = string.Empty;

        /// <summary>With -Prefix: include objects in every "folder" below the prefix, not just the first level.</summary>
        [Parameter(ParameterSetName = PrefixSet)]
        public SwitchParameter Recurse { get; set; }

        /// <summary>With -Prefix: keep only keys matching any of these wildcard patterns.</summary>
        [Parameter(ParameterSetName = PrefixSet)]
        [SupportsWildcards]
        public string[]? Include { get; set; }

        /// <summary>With -Prefix: drop keys matching any of these wildcard patterns.</summary>
        [Parameter(ParameterSetName = PrefixSet)]
        [SupportsWildcards]
        public string[]? Exclude { get; set; }

        [Parameter(ParameterSetName = ObjectSet, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [Alias("ObjectKey")]
        public string? Key { get; set; }

        [Parameter(ParameterSetName = ObjectSet, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? VersionId { get; set; }

        /// <summary>GET (default) or HEAD; PUT and DELETE are accepted for scripts written for AWS.Tools.</summary>
        [Parameter]
        [Alias("Verb")]
        [ValidateSet("GET", "HEAD", "PUT", "DELETE", IgnoreCase = true)]
        public string Method { get; set; } = "GET";

        /// <summary>Signs a Content-Type header the client must send (AWS.Tools compatibility; mostly for PUT).</summary>
        [Parameter]
        public string? ContentType { get; set; }

        [Parameter]
        [Alias("ResponseHeaderOverrides_ContentDisposition")]
        public string? ResponseContentDisposition { get; set; }

        [Parameter]
        [Alias("ResponseHeaderOverrides_ContentType")]
        public string? ResponseContentType { get; set; }

        [Parameter]
        [Alias("ResponseHeaderOverrides_CacheControl")]
        public string? ResponseCacheControl { get; set; }

        [Parameter]
        [Alias("ResponseHeaderOverrides_ContentLanguage")]
        public string? ResponseContentLanguage { get; set; }

        [Parameter]
        [Alias("ResponseHeaderOverrides_ContentEncoding")]
        public string? ResponseContentEncoding { get; set; }

        [Parameter]
        [Alias("ResponseHeaderOverrides_Expires")]
        public string? ResponseExpires { get; set; }

        /// <summary>The browser saves the download under this name (writes an RFC 6266 attachment disposition).</summary>
        [Parameter]
        public string? DownloadFileName { get; set; }

        protected override void BeginProcessing()
        {
            if (DownloadFileName != null && ResponseContentDisposition != null)
            {
                ThrowTerminatingError(PresignErrors.Record(PresignException.InvalidArgument("ConflictingContentDisposition",
                    "Give -DownloadFileName or -ResponseContentDisposition, not both."), null));
            }
            if (DownloadFileName != null && DownloadFileName.Trim().Length == 0)
            {
                ThrowTerminatingError(PresignErrors.Record(PresignException.InvalidArgument("InvalidDownloadFileName",
                    "Invalid -DownloadFileName: the name is empty."), null));
            }

            base.BeginProcessing();

            _method = Method.ToUpperInvariant();
            var query = new List<KeyValuePair<string, string>>();
            AddIfSet(query, "response-cache-control", ResponseCacheControl);
            AddIfSet(query, "response-content-disposition", DownloadFileName != null ? ContentDisposition.Attachment(DownloadFileName) : ResponseContentDisposition);
            AddIfSet(query, "response-content-encoding", ResponseContentEncoding);
            AddIfSet(query, "response-content-language", ResponseContentLanguage);
            AddIfSet(query, "response-content-type", ResponseContentType);
            AddIfSet(query, "response-expires", ResponseExpires);
            _query = NonEmpty(query);

            var headers = new List<KeyValuePair<string, string>>();
            AddIfSet(headers, "content-type", ContentType);
            _headers = NonEmpty(headers);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PrefixSet)
            {
                PresignPrefix();
                return;
            }

            string bucket;
            string key;
            object? target;
            // A piped object with BucketName/Key properties binds those by name (and -S3Uri to a marker, see
            // PipedObjectNamesAttribute); the names win. A string is an S3 URI.
            if (S3Uri != null && BucketName == null && Key == null && !ReferenceEquals(S3Uri, PipedObjectNamesAttribute.Marker))
            {
                target = S3Uri;
                if (!S3UriParser.TryParse(S3Uri, out bucket, out key, out var problem))
                {
                    var id = string.IsNullOrEmpty(key) && S3Uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && bucket.Length > 0 ? "EmptyKey" : "InvalidS3Uri";
                    WriteItemError(PresignException.InvalidArgument(id, $"Invalid -S3Uri '{S3Uri}': {problem}."), target);
                    return;
                }
            }
            else
            {
                bucket = BucketName ?? string.Empty;
                key = Key ?? string.Empty;
                target = null; // "s3://bucket/key", built only if the item fails
                if (BucketName == null)
                {
                    WriteItemError(PresignException.InvalidArgument("MissingBucketName",
                        "No bucket: give -BucketName and -Key, an s3://bucket/key string, or pipe objects with BucketName and Key properties."), "s3://" + bucket + "/" + key);
                    return;
                }
            }

            PresignOne(bucket, key, VersionId, target);
        }

        /// <param name="target">The error target; null for "s3://bucket/key".</param>
        private void PresignOne(string bucket, string key, string? versionId, object? target)
        {
            try
            {
                var signingTime = SigningTimeNow();
                // One link object per pipeline: the presigner copies what it keeps into the result.
                var link = _link ??= new ObjectLink();
                link.Method = _method;
                link.BucketName = bucket;
                link.Key = key;
                link.VersionId = versionId;
                link.ExpiresSeconds = ExpirySecondsAt(signingTime);
                link.SigningTime = signingTime;
                link.Query = _query;
                link.Headers = _headers;
                WriteObject(PresignChecked(link));
            }
            catch (PresignException e)
            {
                WriteItemError(e, target ?? "s3://" + bucket + "/" + key);
            }
        }

        private void PresignPrefix()
        {
            var bucketName = BucketName ?? string.Empty;
            var bucketProblem = Core.Validation.S3Names.CheckBucketName(bucketName, AllowLegacyBucketName.IsPresent);
            if (bucketProblem != null)
            {
                WriteItemError(PresignException.InvalidArgument("InvalidBucketName", $"Invalid -BucketName '{bucketName}': {bucketProblem}."), bucketName);
                return;
            }

            var include = Patterns(Include);
            var exclude = Patterns(Exclude);
            var progress = new ProgressRecord(1, "Get-S3PresignedUrl", $"Listing s3://{bucketName}/{Prefix}");
            var listed = 0;
            try
            {
                foreach (var item in Core.Listing.ObjectListing.List(Presigner.Credentials, PresignerFor(bucketName).EndpointOptions, bucketName, Prefix, Recurse.IsPresent,
                    page => { if (page > 1) { progress.StatusDescription = $"Listing s3://{bucketName}/{Prefix}: page {page}, {listed} objects"; WriteProgress(progress); } }))
                {
                    listed++;
                    if (include != null && !Matches(include, item.Key)) continue;
                    if (exclude != null && Matches(exclude, item.Key)) continue;
                    PresignOne(bucketName, item.Key, null, null);
                }
            }
            catch (PresignException e)
            {
                WriteItemError(e, "s3://" + bucketName + "/" + Prefix);
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
            WriteVerbose($"Listed {listed} objects under s3://{bucketName}/{Prefix}.");
        }

        private static WildcardPattern[]? Patterns(string[]? patterns)
        {
            if (patterns == null || patterns.Length == 0) return null;
            var result = new WildcardPattern[patterns.Length];
            for (var i = 0; i < patterns.Length; i++) result[i] = WildcardPattern.Get(patterns[i], WildcardOptions.CultureInvariant);
            return result;
        }

        private static bool Matches(WildcardPattern[] patterns, string key)
        {
            foreach (var p in patterns) if (p.IsMatch(key)) return true;
            return false;
        }

        private static void AddIfSet(List<KeyValuePair<string, string>> list, string name, string? value)
        {
            if (value != null) list.Add(new KeyValuePair<string, string>(name, value));
        }
    }

    /// <summary>
    /// Keeps piped objects from being turned into text for -S3Uri. -S3Uri takes pipeline input by value
    /// as [string], so PowerShell would coerce every piped object to a string (PSObject.ToString: every
    /// property formatted, several microseconds per item) only for the cmdlet to ignore it because
    /// BucketName and Key bound by property name. Instead, a PSCustomObject (Import-Csv rows, [pscustomobject]
    /// literals: their text "@{...}" is never an S3 URI) and any other object with a BucketName or Key
    /// property (or alias) that has a value become <see cref="Marker"/>, which binds without coercion and
    /// which the cmdlet treats as "no URI". Strings and other objects are left to PowerShell as before
    /// (a [uri] still converts to its text). Transformations run before type coercion in PowerShell 5.1 and 7.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class PipedObjectNamesAttribute : ArgumentTransformationAttribute
    {
        /// <summary>What -S3Uri holds for a piped object that is not a URI (compared by reference).</summary>
        internal static readonly string Marker = new string("(piped object)".ToCharArray());

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (inputData is PSObject pso)
            {
                var value = pso.BaseObject;
                if (value is string) return inputData;
                if (value is PSCustomObject) return Marker;
                if (HasValue(pso, "BucketName") || HasValue(pso, "Key") || HasValue(pso, "Bucket") || HasValue(pso, "ObjectKey")) return Marker;
            }
            return inputData;
        }

        private static bool HasValue(PSObject pso, string name) => pso.Properties[name]?.Value != null;
    }
}
