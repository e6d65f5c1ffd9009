using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace PresignTools.Benchmarks
{
    /// <summary>
    /// dotnet PresignTools.Benchmarks.dll [--summary results.json] [--artifacts dir]   BenchmarkDotNet, short job
    /// dotnet PresignTools.Benchmarks.dll --quick                                      a few seconds of stopwatch loops (development)
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string? summaryPath = null;
            var artifacts = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
            var quick = false;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--summary": summaryPath = args[++i]; break;
                    case "--artifacts": artifacts = args[++i]; break;
                    case "--quick": quick = true; break;
                    default:
                        Console.Error.WriteLine($"Unknown argument '{args[i]}'.");
                        return 2;
                }
            }

            var results = quick ? RunQuick() : RunBenchmarkDotNet(artifacts);
            if (results.Count == 0) return 1;
            if (summaryPath != null)
            {
                File.WriteAllText(summaryPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
            }
            return 0;
        }

        /// <summary>
        /// In-process (no generated project to build), one launch, 3 warm-up and 9 measured iterations of
        /// 250 ms each: about 4 seconds per benchmark, medians stable to a few percent on 2 cores.
        /// </summary>
        private static List<Result> RunBenchmarkDotNet(string artifacts)
        {
            var job = Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(9)
                .WithIterationTime(TimeInterval.FromMilliseconds(250))
                .WithId("Short");
            var config = ManualConfig.CreateEmpty()
                .AddJob(job)
                .AddDiagnoser(MemoryDiagnoser.Default)
                .AddColumnProvider(DefaultColumnProviders.Instance)
                .AddLogger(ConsoleLogger.Default)
                .AddExporter(MarkdownExporter.GitHub)
                .WithArtifactsPath(artifacts)
                .WithOptions(ConfigOptions.DisableLogFile);

            var summary = BenchmarkRunner.Run<PresignBenchmarks>(config);
            var results = new List<Result>();
            foreach (var report in summary.Reports)
            {
                if (report.ResultStatistics == null) continue;
                results.Add(new Result
                {
                    Name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                    Description = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''),
                    MedianNs = report.ResultStatistics.Median,
                    MeanNs = report.ResultStatistics.Mean,
                    StdDevNs = report.ResultStatistics.StandardDeviation,
                    AllocatedBytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1,
                });
            }
            if (results.Count != summary.BenchmarksCases.Length)
            {
                Console.Error.WriteLine("Some benchmarks produced no result; see the log above.");
                return new List<Result>();
            }
            return results;
        }

        /// <summary>Stopwatch loops: 7 rounds of 0.2 s per benchmark, median, bytes from the thread's allocation counter.</summary>
        private static List<Result> RunQuick()
        {
            var b = new PresignBenchmarks();
            b.Setup();
            var cases = new (string Name, Func<object> Run)[]
            {
                (nameof(PresignBenchmarks.PresignToolsCore), () => b.PresignToolsCore()),
                (nameof(PresignBenchmarks.PresignToolsSigner), () => b.PresignToolsSigner()),
                (nameof(PresignBenchmarks.HandWrittenFloor), () => b.HandWrittenFloor()),
                (nameof(PresignBenchmarks.AwsSdkGetPreSignedUrl), () => b.AwsSdkGetPreSignedUrl()),
            };
            var results = new List<Result>();
            foreach (var (name, run) in cases)
            {
                for (var i = 0; i < 20000; i++) run();
                var rounds = new List<double>();
                long bytes = 0, ops = 0;
                for (var r = 0; r < 7; r++)
                {
                    var n = 0;
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    var sw = Stopwatch.StartNew();
                    while (sw.ElapsedMilliseconds < 200)
                    {
                        for (var i = 0; i < 100; i++) run();
                        n += 100;
                    }
                    sw.Stop();
                    bytes += GC.GetAllocatedBytesForCurrentThread() - before;
                    ops += n;
                    rounds.Add(sw.Elapsed.TotalMilliseconds * 1e6 / n);
                }
                rounds.Sort();
                results.Add(new Result { Name = name, Description = name, MedianNs = rounds[rounds.Count / 2], MeanNs = rounds.Average(), AllocatedBytes = bytes / ops });
                Console.WriteLine($"{name,-24} {rounds[rounds.Count / 2],10:N0} ns  {bytes / ops,6} B/op");
            }
            b.Cleanup();
            return results;
        }

        public sealed class Result
        {
            public string Name { get; set; } = string.Empty;
            public string Description { get; set; } = string.Empty;
            public double MedianNs { get; set; }
            public double MeanNs { get; set; }
            public double StdDevNs { get; set; }
            public long AllocatedBytes { get; set; }
        }
    }
}
