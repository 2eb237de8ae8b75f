using System.Diagnostics;
using ContinualCluster.Runtime.Invocation;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.PostgreSql;
using ContinualCluster.Storage.Sqlite;
using ContinualCluster.TestKit.Grains;

namespace ContinualCluster.Bench.Runtime;

/// <summary>
/// First call to a grain whose 100 KB state is in SQLite or PostgreSQL: directory insert + state read + activation +
/// call, measured after a warm-up (JIT, pooled connections, prepared statements), plus what its two store calls cost
/// on their own (same stores, same run).
/// </summary>
internal static class ActivationBench
{
    private const int Grains = 500;
    private const int WarmUp = 25;
    private const int StateBytes = 100 * 1024;

    public static async Task RunAsync(BenchReport report)
    {
        var dir = Directory.CreateTempSubdirectory("ccl-bench-sqlite.");
        try
        {
            var db = new SqliteDatabase(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(dir.FullName, "cluster.db")}" });
            await MeasureAsync(report, "SQLite", new SqliteGrainStateStore(db), new SqliteGrainDirectoryStore(db), new SqliteMembershipStore(db));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }

        using var pg = ThrowawayPostgres.Start();
        if (pg.ConnectionString is null)
        {
            report.Row("activation from PostgreSQL", "n/a", "", pg.Problem ?? "no server");
            report.Target("activation p99, 100 KB state, PostgreSQL", "not measured: " + pg.Problem, "≤ 5 ms", false);
            return;
        }
        await using var pdb = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = pg.ConnectionString });
        await MeasureAsync(report, "PostgreSQL", new PostgreSqlGrainStateStore(pdb), new PostgreSqlGrainDirectoryStore(pdb), new PostgreSqlMembershipStore(pdb));
    }

    private static async Task MeasureAsync(BenchReport report, string name, IGrainStateStore state, IGrainDirectoryStore directory, IMembershipStore membership)
    {
        string run = Guid.NewGuid().ToString("N")[..8];
        var payload = new byte[StateBytes];
        Random.Shared.NextBytes(payload);
        var w = new ArgWriter(StateBytes + 16);
        BinaryCodec.Write(w, payload);
        var encoded = w.WrittenSpan.ToArray();
        string type = typeof(IBlobGrain).FullName!;
        for (int i = -WarmUp; i < Grains; i++) await state.WriteAsync(new GrainId(type, $"{run}-{i}"), encoded, null);
        var silo = await BenchSilos.StartAsync($"act-{name.ToLowerInvariant()}-{run}", state, directory, membership);
        try
        {
            var rec = new LatencyRecorder(1);
            for (int i = -WarmUp; i < Grains; i++)
            {
                var g = silo.GrainFactory.GetGrain<IBlobGrain>($"{run}-{i}");
                long t0 = Stopwatch.GetTimestamp();
                int size = await g.SizeAsync();
                if (i >= 0) rec.Record(0, t0);
                if (size != StateBytes) throw new InvalidOperationException($"Grain read {size} bytes of state, expected {StateBytes}.");
            }
            var (register, read) = await StoreCallsAsync(state, directory, run, type);
            double p50 = rec.PercentileMicros(50) / 1000, p99 = rec.PercentileMicros(99) / 1000;
            report.Row($"activation from {name} p50", p50.ToString("0.000"), "ms", $"{Grains} grains after {WarmUp} warm-up, 100 KB state each, includes directory insert");
            report.Row($"activation from {name} p99", p99.ToString("0.000"), "ms", "");
            report.Row($"  {name} directory insert p50 / p99", $"{register.PercentileMicros(50) / 1000:0.000} / {register.PercentileMicros(99) / 1000:0.000}", "ms", "RegisterIfAbsent alone");
            report.Row($"  {name} 100 KB state read p50 / p99", $"{read.PercentileMicros(50) / 1000:0.000} / {read.PercentileMicros(99) / 1000:0.000}", "ms", "ReadAsync alone");
            report.TargetAtMost($"activation p99, 100 KB state, {name}", p99, 5, " ms");
        }
        finally { await silo.KillAsync(); }
    }

    /// <summary>The two store calls of an activation, each on its own, over the states written above.</summary>
    private static async Task<(LatencyRecorder Register, LatencyRecorder Read)> StoreCallsAsync(IGrainStateStore state, IGrainDirectoryStore directory, string run, string type)
    {
        var register = new LatencyRecorder(1);
        var read = new LatencyRecorder(1);
        for (int i = 0; i < Grains; i++)
        {
            var id = new GrainId(type, $"{run}-{i}");
            long t0 = Stopwatch.GetTimestamp();
            await directory.RegisterIfAbsentAsync(new DirectoryEntry(new GrainId("bench.directory", $"{run}-{i}"), "bench-silo", 1, "http://127.0.0.1:1"));
            register.Record(0, t0);
            t0 = Stopwatch.GetTimestamp();
            var stored = await state.ReadAsync(id);
            read.Record(0, t0);
            if (stored is null) throw new InvalidOperationException($"no state for {id}");
        }
        return (register, read);
    }
}
