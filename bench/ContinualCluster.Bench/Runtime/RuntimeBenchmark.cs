namespace ContinualCluster.Bench.Runtime;

/// <summary>
/// `./run.sh bench runtime [local|proxy|cross|activation|memory]...`: local and cross-silo call rates and latencies,
/// activation from SQL stores, idle memory; with section names only those sections run.
/// </summary>
public sealed class RuntimeBenchmark : IBenchmark
{
    public string Name => "runtime";

    public string Description => "grain calls local and cross-silo, activation with 100 KB state (SQLite, PostgreSQL), idle activation memory";

    public async Task RunAsync(BenchReport report, string[] args, CancellationToken cancellationToken)
    {
        report.Header("measurement", "value", "unit", "notes");
        report.Row("machine load average (1/5/15 min)", LoadAverage(), "", $"{Environment.ProcessorCount} cores; latency figures degrade with load");
        var sections = new (string Name, Func<BenchReport, Task> Run)[]
        {
            ("local", LocalCallBench.RunAsync), ("proxy", ProxyBench.RunAsync), ("cross", CrossSiloBench.RunAsync),
            ("activation", ActivationBench.RunAsync), ("memory", IdleMemoryBench.RunAsync),
        };
        var unknown = args.Where(a => !sections.Any(s => s.Name == a)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown runtime benchmark section(s) {string.Join(", ", unknown)}; known: {string.Join(", ", sections.Select(s => s.Name))}");
        foreach (var (name, run) in sections)
            if (args.Length == 0 || args.Contains(name)) await run(report);
        report.Row("machine load average at the end", LoadAverage(), "", "");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join('/', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
