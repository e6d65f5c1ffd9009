using System;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BenchmarkDotNet.Attributes;
using PresignTools.Core;
using PresignTools.Core.Credentials;
using PresignTools.Core.Endpoints;
using PresignTools.Core.Signing;

namespace PresignTools.Benchmarks
{
    /// <summary>
    /// One GET link for the same object, key pair and region, four ways: PresignTools' core (what the
    /// cmdlet calls per item), its SigV4 signer alone, a hand-written minimal signer (the floor), and
    /// AWSSDK.S3's GetPreSignedURL with a client made once.
    /// </summary>
    [MemoryDiagnoser]
    public class PresignBenchmarks
    {
        public const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
        public const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        public const string Region = "us-east-1";
        public const string Bucket = "examplebucket";
        public const string Key = "photos/2024/puppy.jpg";
        public const int ExpiresSeconds = 3600;

        private static readonly DateTimeOffset SigningTime = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

        private ObjectPresigner _presigner = null!;
        private SigV4QueryPresigner _signer = null!;
        private S3BucketAddress _address = null!;
        private HandWrittenSigV4 _floor = null!;
        private AmazonS3Client _client = null!;
        private DateTime _sdkExpires;

        [GlobalSetup]
        public void Setup()
        {
            var credentials = new ResolvedCredentials(AccessKey, SecretKey, null, null, "benchmark");
            var endpoint = new S3EndpointOptions { Region = Region };
            _presigner = new ObjectPresigner(credentials, endpoint);
            _signer = new SigV4QueryPresigner(AccessKey, SecretKey, null);
            _address = new S3EndpointResolver(endpoint).ResolveBucket(Bucket);
            _floor = new HandWrittenSigV4(AccessKey, SecretKey, Region);
            _client = new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(Region) });
            _sdkExpires = DateTime.UtcNow.AddHours(1);

            // The comparison is only fair if all of them make the same link.
            var ours = PresignToolsCore().Url;
            var floor = HandWrittenFloor();
            var signer = PresignToolsSigner();
            if (ours != floor || ours != signer)
            {
                throw new InvalidOperationException($"The signers disagree:\n  core   {ours}\n  signer {signer}\n  floor  {floor}");
            }
            var sdk = AwsSdkGetPreSignedUrl();
            if (!sdk.Contains("X-Amz-Signature=", StringComparison.Ordinal) || !sdk.Contains(Key, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("AWSSDK made an unexpected URL: " + sdk);
            }
        }

        [GlobalCleanup]
        public void Cleanup() => _client?.Dispose();

        /// <summary>What Get-S3PresignedUrl does per item below PowerShell: checks, address, signature, result object.</summary>
        [Benchmark(Description = "PresignTools core (ObjectPresigner.Presign)")]
        public PresignedUrl PresignToolsCore() => _presigner.Presign(new ObjectLink
        {
            BucketName = Bucket,
            Key = Key,
            ExpiresSeconds = ExpiresSeconds,
            SigningTime = SigningTime,
        });

        [Benchmark(Description = "PresignTools signer (SigV4QueryPresigner)")]
        public string PresignToolsSigner() => _signer.Presign("GET", _address.Scheme, _address.Host, _address.PathPrefix, Key, Region, "s3",
            SigningTime.UtcDateTime, ExpiresSeconds, null, null, null);

        [Benchmark(Baseline = true, Description = "Hand-written SigV4 floor")]
        public string HandWrittenFloor() => _floor.Presign(Bucket, Key, SigningTime.UtcDateTime, ExpiresSeconds);

        [Benchmark(Description = "AWSSDK.S3 GetPreSignedURL (cached client)")]
        public string AwsSdkGetPreSignedUrl() => _client.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = Key,
            Verb = HttpVerb.GET,
            Expires = _sdkExpires,
        });
    }
}
