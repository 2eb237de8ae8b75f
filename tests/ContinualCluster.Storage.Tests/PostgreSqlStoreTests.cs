using System.Diagnostics;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.PostgreSql;
using ContinualCluster.TestKit.Storage;
using Npgsql;
using Xunit;

namespace ContinualCluster.Storage.Tests;

/// <summary>What only the PostgreSQL store does: the advisory-locked migrator, tampering seen by the audit chain, unreachable servers.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlStoreTests(PostgreSqlStoreFixture fixture) : IClassFixture<PostgreSqlStoreFixture>
{
    private async Task ExecAsync(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    [StoreFact]
    public void The_request_log_lets_writers_run_side_by_side() => Assert.False(fixture.Requests.SingleWriter);

    [StoreFact]
    public async Task Concurrent_starts_on_an_empty_database_apply_each_script_once()
    {
        var server = await PostgreSqlTestServer.GetSharedAsync();
        var cs = await server.CreateDatabaseAsync("migrate");
        try
        {
            var databases = Enumerable.Range(0, 8).Select(_ => new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = cs })).ToList();
            var versions = await Task.WhenAll(databases.Select(d => Task.Run(() => d.EnsureSchemaAsync())));
            Assert.All(versions, v => Assert.Equal(PostgreSqlSchemaMigrator.LatestVersion, v));
            await using var c = new NpgsqlConnection(cs);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version;", c);
            Assert.Equal("1,2", await cmd.ExecuteScalarAsync());
            foreach (var d in databases) await d.DisposeAsync();
        }
        finally
        {
            await server.DropDatabaseAsync(cs);
        }
    }

    [StoreFact]
    public async Task Audit_rows_cannot_be_updated_and_a_bypassed_update_fails_verification()
    {
        var log = $"deletions-{Guid.NewGuid():N}";
        for (int i = 1; i <= 4; i++) await fixture.Audit.AppendAsync(log, "delete-sample", $"sample-{i}", "{}");
        var blocked = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(fixture.ConnectionString, $"UPDATE audit_log SET details = 'x' WHERE log = '{log}';"));
        Assert.Contains("append-only", blocked.MessageText);
        Assert.True((await fixture.Audit.VerifyAsync(log)).IsValid);

        // A superuser disables the guard and rewrites history; the chain still tells.
        await ExecAsync(fixture.ConnectionString, $"""
            ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
            UPDATE audit_log SET details = 'forged' WHERE log = '{log}' AND seq = 2;
            ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
            """);
        var verdict = await AuditAssert.TamperedAsync(fixture.Audit, log, 2);
        Assert.Contains("changed", verdict.Problem);
    }

    [StoreFact]
    public async Task Audit_a_swapped_hash_breaks_the_link_of_the_next_entry()
    {
        var log = $"owners-{Guid.NewGuid():N}";
        for (int i = 1; i <= 4; i++) await fixture.Audit.AppendAsync(log, "forget-owner", $"owner-{i}", "");
        // Forge entry 3 consistently (content and its own hash): entry 4's link no longer matches.
        var third = (await fixture.Audit.ReadAsync(log, 2, 1))[0];
        var forged = ContinualCluster.Runtime.Audit.AuditChain.ComputeHash(third.PreviousHash, log, 3, third.At, "forget-owner", "owner-x", "");
        await ExecAsync(fixture.ConnectionString, $"""
            ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
            UPDATE audit_log SET subject = 'owner-x', hash = '\x{Convert.ToHexString(forged)}' WHERE log = '{log}' AND seq = 3;
            ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
            """);
        var verdict = await AuditAssert.TamperedAsync(fixture.Audit, log, 4);
        Assert.Contains("previous-hash link", verdict.Problem);
    }

    [StoreFact]
    public async Task An_unreachable_server_fails_fast_with_store_unavailable()
    {
        var port = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        port.Start();
        int closed = ((System.Net.IPEndPoint)port.LocalEndpoint).Port;
        port.Stop();
        await using var db = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = $"Host=127.0.0.1;Port={closed};Username=postgres;Database=x" });
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => new PostgreSqlRequestLog(db).FindAsync("log", "r"));
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains($"127.0.0.1:{closed}", ex.Message);
        Assert.Contains("finding request 'r' in log 'log'", ex.Message);
    }

    [StoreFact]
    public async Task A_write_blocked_by_a_lock_fails_with_store_unavailable_after_the_command_timeout()
    {
        var grain = new GrainId("lock.grain", Guid.NewGuid().ToString("N"));
        var etag = await fixture.State.WriteAsync(grain, [1], null);
        await using var holder = new NpgsqlConnection(fixture.ConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand($"SELECT 1 FROM grain_state WHERE grain_key = '{grain.Key}' FOR UPDATE;", holder, tx))
            await hold.ExecuteNonQueryAsync();

        await using var db = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = fixture.ConnectionString, CommandTimeout = TimeSpan.FromSeconds(1) });
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => new PostgreSqlGrainStateStore(db).WriteAsync(grain, [2], etag));
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Contains("writing the state of lock.grain/", ex.Message);
        await tx.RollbackAsync();
        Assert.Equal(new byte[] { 1 }, (await fixture.State.ReadAsync(grain))!.Data);   // nothing half-applied
    }
}
