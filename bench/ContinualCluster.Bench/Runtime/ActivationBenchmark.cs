namespace ContinualCluster.Bench.Runtime;

/// <summary>`./run.sh bench activation`: only the activation part of `bench runtime` (100 KB state from SQLite and PostgreSQL).</summary>
public sealed class ActivationBenchmark : IBenchmark
{
    public string Name => "activation";

    public string Description => "activation of a grain with 100 KB state from SQLite and PostgreSQL (the activation rows of `runtime`)";

    public async Task RunAsync(BenchReport report, string[] args, CancellationToken cancellationToken)
    {
        report.Header("measurement", "value", "unit", "notes");
        report.Row("machine load average (1/5/15 min)", LoadAverage(), "", $"{Environment.ProcessorCount} cores; latency figures degrade with load");
        await ActivationBench.RunAsync(report);
        report.Row("machine load average at the end", LoadAverage(), "", "");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join('/', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
