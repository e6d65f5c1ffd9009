using System;
using System.Management.Automation;
using PresignTools.Core;
using PresignTools.Core.Inspection;
using PresignTools.Errors;

namespace PresignTools.Commands
{
    /// <summary>
    /// Reads presigned S3 URLs (SigV4, SigV4a, SigV2) offline: bucket, key, version, region, signer,
    /// signing and expiry times. Takes strings, [uri] values and objects with a Url property from the
    /// pipeline; an item that is not a presigned URL writes a non-terminating error and the rest go on.
    /// </summary>
    [Cmdlet(VerbsData.ConvertFrom, "S3PresignedUrl")]
    [OutputType(typeof(PresignedUrlInfo))]
    public sealed class ConvertFromS3PresignedUrlCommand : PSCmdlet
    {
        private Uri? _endpoint;

        /// <summary>The URL: a string, a [uri], or an object with a Url property (PresignTools.PresignedUrl, CSV rows, ...).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [Alias("Uri", "PresignedUrl")]
        public object? Url { get; set; }

        /// <summary>The custom endpoint the links were made for, so that virtual-hosted buckets on it are recognised.</summary>
        [Parameter]
        [Alias("ServiceUrl")]
        public string? EndpointUrl { get; set; }

        protected override void BeginProcessing()
        {
            if (!string.IsNullOrEmpty(EndpointUrl))
            {
                if (!Uri.TryCreate(EndpointUrl, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                {
                    ThrowTerminatingError(PresignErrors.Record(PresignException.InvalidArgument("InvalidEndpointUrl",
                        $"Invalid -EndpointUrl '{EndpointUrl}': expected an absolute http:// or https:// URL such as https://s3.example.com:9000."), EndpointUrl));
                }
                _endpoint = endpoint;
            }
        }

        protected override void ProcessRecord()
        {
            foreach (var input in PresignedUrlInput.From(Url))
            {
                if (input.Url == null)
                {
                    WriteError(PresignErrors.Record(PresignException.InvalidArgument(PresignedUrlParser.InvalidUrl, "Invalid -Url: " + input.Problem + "."), input.Target));
                    continue;
                }
                try
                {
                    WriteObject(PresignedUrlParser.Parse(input.Url, new PresignedUrlParseOptions
                    {
                        EndpointUrl = _endpoint,
                        BucketHint = input.BucketName,
                        MethodHint = input.Method,
                    }));
                }
                catch (PresignException e)
                {
                    WriteError(PresignErrors.Record(e, input.Target));
                }
            }
        }
    }
}
