using System;
using System.Collections.Generic;
using System.Management.Automation;
using PresignTools.Core;
using PresignTools.Core.Input;
using PresignTools.Errors;

namespace PresignTools.Commands
{
    /// <summary>Presigns download (GET/HEAD) links for S3 objects given by name, by s3:// URI or from the pipeline.</summary>
    [Cmdlet(VerbsCommon.Get, "S3PresignedUrl", DefaultParameterSetName = S3UriSet)]
    [OutputType(typeof(PresignedUrl))]
    public sealed class GetS3PresignedUrlCommand : PresignCmdletBase
    {
        private const string S3UriSet = "S3Uri";
        private const string ByNameSet = "ByName";

        private List<KeyValuePair<string, string>>? _query;
        private List<KeyValuePair<string, string>>? _headers;
        private string _method = "GET";

        /// <summary>s3://bucket/key strings, from the command line or the pipeline.</summary>
        [Parameter(ParameterSetName = S3UriSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        [AllowNull]
        [Alias("Uri")]
        public string? S3Uri { get; set; }

        [Parameter(ParameterSetName = ByNameSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [Alias("Bucket")]
        public string BucketName { get; set; } = string.Empty;

        [Parameter(ParameterSetName = ByNameSet, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [Alias("ObjectKey")]
        public string Key { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
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
            string bucket;
            string key;
            object? target;
            if (ParameterSetName == S3UriSet)
            {
                target = S3Uri;
                if (!S3UriParser.TryParse(S3Uri, out bucket, out key, out var problem))
                {
                    var id = string.IsNullOrEmpty(key) && S3Uri != null && S3Uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && bucket.Length > 0 ? "EmptyKey" : "InvalidS3Uri";
                    WriteItemError(PresignException.InvalidArgument(id, $"Invalid -S3Uri '{S3Uri}': {problem}."), target);
                    return;
                }
            }
            else
            {
                bucket = BucketName;
                key = Key;
                target = "s3://" + bucket + "/" + key;
            }

            try
            {
                var signingTime = SigningTimeNow();
                var link = new ObjectLink
                {
                    Method = _method,
                    BucketName = bucket,
                    Key = key,
                    VersionId = VersionId,
                    ExpiresSeconds = ExpirySecondsAt(signingTime),
                    SigningTime = signingTime,
                    Query = _query,
                    Headers = _headers,
                };
                WriteObject(PresignChecked(link));
            }
            catch (PresignException e)
            {
                WriteItemError(e, target);
            }
        }

        private static void AddIfSet(List<KeyValuePair<string, string>> list, string name, string? value)
        {
            if (value != null) list.Add(new KeyValuePair<string, string>(name, value));
        }
    }
}
