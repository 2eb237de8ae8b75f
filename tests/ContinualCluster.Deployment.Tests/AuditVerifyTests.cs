using ContinualCluster.Deployment.Tests.Infrastructure;
using ContinualCluster.Storage.PostgreSql;
using Xunit;

namespace ContinualCluster.Deployment.Tests;

/// <summary>`kubectl continual audit-verify` recomputes the chains in SQL, agrees with the store's own verifier and finds tampering.</summary>
public sealed class AuditVerifyTests
{
    internal static async Task<PostgreSqlAuditLog> AuditLogAsync(TestDatabase db)
    {
        var pg = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = db.ConnectionString });
        await pg.EnsureSchemaAsync();
        return new PostgreSqlAuditLog(pg);
    }

    internal static ProcessRunner.Result Verify(TestDatabase db) => Plugin.Run(["audit-verify", "--psql", db.LibpqConnInfo]);

    [PostgresFact]
    public async Task Intact_chains_verify_with_the_same_head_hash_as_the_store()
    {
        await using var db = await TestDatabase.CreateAsync("audit");
        var audit = await AuditLogAsync(db);
        Assert.Contains("audit log is empty", Verify(db).StdOut);
        for (int i = 0; i < 5; i++) await audit.AppendAsync("stream-a", "deletion", $"req-{i}", $"{{\"ids\":[\"s{i}\"],\"note\":\"ü ✓ \\\"q\\\"\"}}");
        for (int i = 0; i < 3; i++) await audit.AppendAsync("stream-b", "unlearning", $"u-{i}", "class 3");

        var r = Verify(db);
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        foreach (var (log, n) in new[] { ("stream-a", 5), ("stream-b", 3) })
        {
            var own = await audit.VerifyAsync(log);
            Assert.True(own.IsValid);
            Assert.Contains($"log {log}: {n} entries, chain intact, head {Convert.ToHexStringLower(own.HeadHash)}", r.StdOut);
        }
    }

    [PostgresFact]
    public async Task A_changed_or_removed_entry_is_named_and_the_command_fails()
    {
        await using var db = await TestDatabase.CreateAsync("audit");
        var audit = await AuditLogAsync(db);
        for (int i = 0; i < 5; i++) await audit.AppendAsync("stream-a", "deletion", $"req-{i}", $"ids s{i}");
        for (int i = 0; i < 4; i++) await audit.AppendAsync("stream-b", "deletion", $"req-{i}", $"ids t{i}");

        // The append-only triggers stop UPDATE and DELETE; an attacker with superuser rights disables them first.
        await db.ExecuteAsync("ALTER TABLE audit_log DISABLE TRIGGER USER; " +
                              "UPDATE audit_log SET details = 'ids nothing' WHERE log = 'stream-a' AND seq = 3; " +
                              "DELETE FROM audit_log WHERE log = 'stream-b' AND seq = 2;");
        var r = Verify(db);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("the audit log does not verify", r.StdErr);
        Assert.Contains("log stream-a: TAMPERED at entry 3: its hash does not match its contents", r.StdOut);
        Assert.Contains("log stream-b: TAMPERED at entry 3: sequence 3 where 2 was expected", r.StdOut);
        Assert.Equal(3, (await audit.VerifyAsync("stream-a")).FirstTamperedSequence);
    }

    [PostgresFact]
    public async Task A_relinked_chain_with_forged_hashes_is_caught_by_the_link_check()
    {
        await using var db = await TestDatabase.CreateAsync("audit");
        var audit = await AuditLogAsync(db);
        for (int i = 0; i < 3; i++) await audit.AppendAsync("s", "deletion", $"r{i}", $"d{i}");
        await db.ExecuteAsync("ALTER TABLE audit_log DISABLE TRIGGER USER; " +
                              "UPDATE audit_log SET prev_hash = decode(repeat('ab', 32), 'hex') WHERE log = 's' AND seq = 2;");
        var r = Verify(db);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("log s: TAMPERED at entry 2: its previous-hash link does not match", r.StdOut);
    }

    [Fact]
    public void A_missing_database_is_a_clear_error()
    {
        var r = Plugin.Run(["audit-verify", "--psql", "host=127.0.0.1 port=1 dbname=none user=none connect_timeout=2"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("audit-verify: psql failed", r.StdErr);
    }
}
