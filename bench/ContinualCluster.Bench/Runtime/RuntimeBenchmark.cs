namespace ContinualCluster.Bench.Runtime;

/// <summary>`./run.sh bench runtime`: local and cross-silo call rates and latencies, activation from SQL stores, idle memory.</summary>
public sealed class RuntimeBenchmark : IBenchmark
{
    public string Name => "runtime";

    public string Description => "grain calls local and cross-silo, activation with 100 KB state (SQLite, PostgreSQL), idle activation memory";

    public async Task RunAsync(BenchReport report, string[] args, CancellationToken cancellationToken)
    {
        report.Header("measurement", "value", "unit", "notes");
        await LocalCallBench.RunAsync(report);
        await ProxyBench.RunAsync(report);
        await CrossSiloBench.RunAsync(report);
        await ActivationBench.RunAsync(report);
        await IdleMemoryBench.RunAsync(report);
    }
}
