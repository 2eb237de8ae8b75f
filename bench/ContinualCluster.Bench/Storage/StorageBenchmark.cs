using System.Globalization;
using ContinualCluster.Runtime.InMemory;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.PostgreSql;
using ContinualCluster.Storage.Sqlite;
using ContinualCluster.TestKit.Storage;

namespace ContinualCluster.Bench.Storage;

/// <summary>`./run.sh bench storage`: 100 KB state activation (ReadAsync), write and request-log append latency per store.</summary>
public sealed class StorageBenchmark : IBenchmark
{
    private const int Grains = 1000;
    private const int StateBytes = 100 * 1024;
    private const int Appends = 1000;

    public string Name => "storage";

    public string Description => "stores: 100 KB state read (activation) / write and request-log append p50/p99, in-memory vs SQLite vs PostgreSQL";

    public async Task RunAsync(BenchReport report, string[] args, CancellationToken cancellationToken)
    {
        report.Header("store", "operation", "calls", "p50 ms", "p99 ms", "max ms", "cpu µs/call");
        // Tail latencies on a shared machine measure the machine as much as the store: record how busy it was.
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        report.Row("(machine)", $"load average {load} on {Environment.ProcessorCount} cores", "", "", "", "", "");
        var memory = new InMemoryStores();
        await MeasureAsync(report, "in-memory", memory.State, memory.RequestLog, target: false, cancellationToken);

        var dir = Directory.CreateTempSubdirectory("ccl-bench-storage.");
        try
        {
            var sqlite = new SqliteDatabase(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(dir.FullName, "cluster.db")}" });
            await MeasureAsync(report, "SQLite", new SqliteGrainStateStore(sqlite), new SqliteRequestLog(sqlite), target: true, cancellationToken);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }

        if (PostgreSqlTestServer.UnavailableReason is { } reason)
        {
            report.Target("activation p99, 100 KB state, PostgreSQL", "not measured: " + reason, "≤ 5 ms", false);
            return;
        }
        var server = await PostgreSqlTestServer.GetSharedAsync();
        var cs = await server.CreateDatabaseAsync("bench");
        try
        {
            await using var pg = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = cs });
            await MeasureAsync(report, "PostgreSQL", new PostgreSqlGrainStateStore(pg), new PostgreSqlRequestLog(pg), target: true, cancellationToken);
        }
        finally
        {
            await server.DropDatabaseAsync(cs);
        }
    }

    private static async Task MeasureAsync(BenchReport report, string store, IGrainStateStore state, IRequestLog log, bool target, CancellationToken ct)
    {
        var (write, read) = await StoreLatency.StateAsync(state, Grains, StateBytes, ct);
        var append = await StoreLatency.AppendAsync(log, Appends, ct);
        foreach (var r in new[] { read, write, append })
            report.Row(store, r.Operation + (r == append ? "" : ", 100 KB"), r.Calls, F(r.P50Ms), F(r.P99Ms), F(r.MaxMs), r.CpuMicrosPerCall.ToString("0", CultureInfo.InvariantCulture));
        if (target) report.TargetAtMost($"activation (ReadAsync) p99, 100 KB state, {store}", read.P99Ms, 5, " ms");
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
