using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.AdoNet;
using ContinualCluster.Storage.Sqlite;
using ContinualCluster.TestKit.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ContinualCluster.Storage.Tests;

/// <summary>What only the SQLite store does: WAL, the migrator under concurrent starts, tampering seen by the audit chain, failures.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly SqliteStoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var c = new SqliteConnection($"Data Source={_fixture.FilePath}");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }

    [Fact]
    public void The_request_log_says_sqlite_takes_one_writer_at_a_time_unlike_the_in_memory_log()
    {
        Assert.True(_fixture.Requests.SingleWriter);
        Assert.False(((IRequestLog)new ContinualCluster.Runtime.InMemory.InMemoryRequestLog()).SingleWriter);
    }

    [Fact]
    public async Task Concurrent_starts_apply_each_schema_script_once_in_wal_mode()
    {
        var databases = Enumerable.Range(0, 8)
            .Select(_ => new SqliteDatabase(new SqliteStoreOptions { ConnectionString = $"Data Source={_fixture.FilePath}" })).ToList();
        var versions = await Task.WhenAll(databases.Select(d => Task.Run(() => d.EnsureSchemaAsync())));
        Assert.All(versions, v => Assert.Equal(SqliteSchemaMigrator.LatestVersion, v));
        Assert.Equal((long)SqliteSchemaMigrator.LatestVersion, await ScalarAsync("SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode;"));
        Assert.Equal(2, SqliteSchemaMigrator.LatestVersion);
    }

    [Theory]
    [InlineData(true, Durability.PowerLoss, 2L)]       // FULL: the WAL is fsynced at every commit (also right after a NORMAL use)
    [InlineData(true, Durability.ProcessCrash, 1L)]    // NORMAL: directory entries skip the fsync
    [InlineData(false, Durability.PowerLoss, 1L)]      // SynchronousFull = false: NORMAL everywhere
    public async Task Connections_commit_with_the_durability_asked_for(bool synchronousFull, Durability durability, long expected)
    {
        var dialect = new SqliteDialect(new SqliteStoreOptions { ConnectionString = $"Data Source={_fixture.FilePath}", SynchronousFull = synchronousFull });
        foreach (var d in new[] { Durability.ProcessCrash, Durability.PowerLoss, durability })
        {
            await using var c = await dialect.OpenAsync(d, CancellationToken.None);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA synchronous;";
            var mode = (long)(await cmd.ExecuteScalarAsync())!;
            if (d == durability) Assert.Equal(expected, mode);
        }
    }

    [Fact]
    public async Task Audit_rows_cannot_be_updated_and_a_bypassed_update_fails_verification()
    {
        var log = "deletions";
        for (int i = 1; i <= 4; i++) await _fixture.Audit.AppendAsync(log, "delete-sample", $"sample-{i}", "");
        var blocked = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync("UPDATE audit_log SET subject = 'x' WHERE seq = 2;"));
        Assert.Contains("append-only", blocked.Message);
        Assert.True((await _fixture.Audit.VerifyAsync(log)).IsValid);

        // Someone with write access to the file drops the guard and rewrites history.
        await ScalarAsync("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET subject = 'sample-99' WHERE log = 'deletions' AND seq = 3;");
        var verdict = await AuditAssert.TamperedAsync(_fixture.Audit, log, 3);
        Assert.Contains("changed", verdict.Problem);
    }

    [Fact]
    public async Task Audit_a_removed_entry_is_reported_where_the_chain_breaks()
    {
        for (int i = 1; i <= 4; i++) await _fixture.Audit.AppendAsync("owners", "forget-owner", $"owner-{i}", "");
        await ScalarAsync("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE log = 'owners' AND seq = 2;");
        var verdict = await AuditAssert.TamperedAsync(_fixture.Audit, "owners", 2);
        Assert.Equal(2, verdict.EntriesChecked);
    }

    [Fact]
    public async Task Request_log_rows_are_append_only()
    {
        await _fixture.Requests.AppendAsync("log", "r1", "deletion", [1]);
        await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync("DELETE FROM request_log;"));
        Assert.NotNull(await _fixture.Requests.FindAsync("log", "r1"));
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_fails_with_store_unavailable_naming_the_file()
    {
        var directory = Path.GetDirectoryName(_fixture.FilePath)!;   // a directory is not a database file
        var store = new SqliteGrainStateStore(new SqliteDatabase(new SqliteStoreOptions { ConnectionString = $"Data Source={directory}" }));
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadAsync(new GrainId("t", "k")));
        Assert.Contains(directory, ex.Message);
        Assert.Contains("reading the state of t/k", ex.Message);
    }

    [Fact]
    public async Task A_write_blocked_by_another_writer_fails_with_store_unavailable_after_the_timeouts()
    {
        var grain = new GrainId("lock.grain", "k");
        var etag = await _fixture.State.WriteAsync(grain, [1], null);
        await using var holder = new SqliteConnection($"Data Source={_fixture.FilePath}");
        await holder.OpenAsync();
        await using var tx = (SqliteTransaction)await holder.BeginTransactionAsync();   // BEGIN IMMEDIATE: holds the write lock

        var db = new SqliteDatabase(new SqliteStoreOptions
        {
            ConnectionString = $"Data Source={_fixture.FilePath}", CommandTimeout = TimeSpan.FromSeconds(1), BusyTimeout = TimeSpan.FromMilliseconds(500),
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => new SqliteGrainStateStore(db).WriteAsync(grain, [2], etag));
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(10));
        Assert.Contains("locked", ex.Message);
        await tx.RollbackAsync();
        Assert.Equal(new byte[] { 1 }, (await _fixture.State.ReadAsync(grain))!.Data);
    }
}
