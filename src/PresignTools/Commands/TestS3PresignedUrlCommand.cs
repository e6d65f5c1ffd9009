using System;
using System.Management.Automation;
using System.Threading;
using PresignTools.Core;
using PresignTools.Core.Inspection;
using PresignTools.Errors;

namespace PresignTools.Commands
{
    /// <summary>
    /// Says whether presigned S3 URLs still work: offline (well-formed and not expired, the default) or,
    /// with -Online, by asking the server without downloading the object (GET with Range: bytes=0-0, or
    /// HEAD; never PUT or DELETE). Writes $true/$false per URL, or PresignedUrlTestResult with -Detailed.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "S3PresignedUrl")]
    [OutputType(typeof(bool), typeof(PresignedUrlTestResult))]
    public sealed class TestS3PresignedUrlCommand : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>The URL: a string, a [uri], or an object with a Url property (PresignTools.PresignedUrl, PresignedUrlInfo, CSV rows, ...).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [Alias("Uri", "PresignedUrl")]
        public object? Url { get; set; }

        /// <summary>Ask the server (GET with Range: bytes=0-0, or HEAD) instead of judging from the URL alone.</summary>
        [Parameter]
        public SwitchParameter Online { get; set; }

        /// <summary>Return a PresignTools.PresignedUrlTestResult instead of $true/$false.</summary>
        [Parameter]
        public SwitchParameter Detailed { get; set; }

        /// <summary>With -Online: seconds to wait for each request (default 10).</summary>
        [Parameter]
        [ValidateRange(1, 600)]
        public int TimeoutSec { get; set; } = 10;

        /// <summary>With -Online: the method the link is signed for, when the URL does not say (GET or HEAD).</summary>
        [Parameter]
        [ValidateSet("GET", "HEAD", IgnoreCase = true)]
        public string? Method { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var input in PresignedUrlInput.From(Url))
            {
                if (_stopping.IsCancellationRequested) return;
                TestOne(input);
            }
        }

        private void TestOne(PresignedUrlInput input)
        {
            var now = DateTimeOffset.UtcNow;
            PresignedUrlInfo? info = null;
            PresignException? problem = null;
            if (input.Url == null)
            {
                problem = PresignException.InvalidArgument(PresignedUrlParser.InvalidUrl, "Invalid -Url: " + input.Problem + ".");
            }
            else
            {
                try
                {
                    info = PresignedUrlParser.Parse(input.Url, new PresignedUrlParseOptions { BucketHint = input.BucketName, MethodHint = input.Method });
                }
                catch (PresignException e)
                {
                    problem = e;
                }
            }

            var offline = PresignedUrlTester.Offline(input.Url ?? string.Empty, info, problem, now, input.EffectiveExpiresAt);
            if (!Online.IsPresent || info == null)
            {
                if (!offline.IsValid) WriteVerbose(offline.ErrorMessage ?? offline.ErrorCode ?? "Not valid.");
                Write(offline);
                return;
            }

            try
            {
                var method = PresignedUrlTester.OnlineMethod(info, Method);
                var result = PresignedUrlTester.Online(info, method, TimeSpan.FromSeconds(TimeoutSec), _stopping.Token, WriteVerbose, input.EffectiveExpiresAt);
                Write(result);
            }
            catch (PresignException e)
            {
                WriteError(PresignErrors.Record(e, input.Target));
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Ctrl+C: StopProcessing ends the pipeline.
            }
        }

        private void Write(PresignedUrlTestResult result)
        {
            if (Detailed.IsPresent) WriteObject(result);
            else WriteObject(result.IsValid);
        }

        protected override void StopProcessing() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }
}
