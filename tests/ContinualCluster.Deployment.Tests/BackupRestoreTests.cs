using ContinualCluster.Deployment.Tests.Infrastructure;
using ContinualCluster.Storage.Sqlite;
using Xunit;

namespace ContinualCluster.Deployment.Tests;

/// <summary>The backup and restore procedures of docs/OPERATIONS.md, run as written, keep every entry and a verifiable audit chain.</summary>
public sealed class BackupRestoreTests
{
    [PostgresFact]
    public async Task Pg_dump_and_pg_restore_as_documented_keep_the_audit_chain_and_the_store_usable()
    {
        await using var source = await TestDatabase.CreateAsync("backup");
        var audit = await AuditVerifyTests.AuditLogAsync(source);
        for (int i = 0; i < 6; i++) await audit.AppendAsync("stream-a", "deletion", $"req-{i}", $"ids s{i}");
        var head = Convert.ToHexStringLower((await audit.VerifyAsync("stream-a")).HeadHash);

        string dump = Path.Combine(Path.GetTempPath(), $"ccl-{Guid.NewGuid():N}.dump");
        try
        {
            // OPERATIONS.md: pg_dump -U ccl -d ccl -Fc > ccl-DATE.dump
            var d = ProcessRunner.Run(PgTools.Path("pg_dump"), ["-Fc", "-f", dump, source.LibpqConnInfo]);
            Assert.True(d.ExitCode == 0, d.StdErr);

            // Into an empty database, and into one whose schema a silo already created (--clean replaces it).
            await using var empty = await TestDatabase.CreateAsync("restore");
            await using var migrated = await TestDatabase.CreateAsync("restore");
            var migratedAudit = await AuditVerifyTests.AuditLogAsync(migrated);
            await migratedAudit.AppendAsync("stream-a", "deletion", "stale", "written after the dump, before the restore");
            foreach (var target in new[] { empty, migrated })
            {
                // OPERATIONS.md: pg_restore -U ccl -d ccl --clean --if-exists --no-owner < dump
                var r = ProcessRunner.Run(PgTools.Path("pg_restore"), ["--clean", "--if-exists", "--no-owner", "-d", target.LibpqConnInfo, dump]);
                Assert.True(r.ExitCode == 0, r.StdErr);
                var v = AuditVerifyTests.Verify(target);
                Assert.True(v.ExitCode == 0, v.StdErr + v.StdOut);
                Assert.Contains($"log stream-a: 6 entries, chain intact, head {head}", v.StdOut);

                // The restored store takes new entries on the same chain (and keeps refusing updates).
                var restored = await AuditVerifyTests.AuditLogAsync(target);
                var next = await restored.AppendAsync("stream-a", "deletion", "req-6", "ids s6");
                Assert.Equal(7, next.Sequence);
                Assert.True((await restored.VerifyAsync("stream-a")).IsValid);
                await Assert.ThrowsAnyAsync<Exception>(() => target.ExecuteAsync("UPDATE audit_log SET details = 'x'"));
            }
        }
        finally { File.Delete(dump); }
    }

    [ToolFact("sqlite3")]
    public async Task Sqlite_online_backup_as_documented_holds_every_committed_entry()
    {
        var dir = Directory.CreateTempSubdirectory("ccl-sqlite-backup.").FullName;
        try
        {
            string file = Path.Combine(dir, "cluster.db"), backup = Path.Combine(dir, "backup.db");
            var db = new SqliteDatabase(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
            await db.EnsureSchemaAsync();
            var audit = new SqliteAuditLog(db);
            for (int i = 0; i < 25; i++) await audit.AppendAsync("stream-a", "deletion", $"req-{i}", $"ids s{i}");
            Assert.True(new FileInfo(file + "-wal").Length > 0, "the test expects committed pages still in the WAL");

            // OPERATIONS.md: sqlite3 cluster.db "PRAGMA wal_checkpoint(TRUNCATE);" ".backup backup.db" (silos still running)
            var r = ProcessRunner.Run("sqlite3", [file, "PRAGMA wal_checkpoint(TRUNCATE);", $".backup {backup}"]);
            Assert.True(r.ExitCode == 0, r.StdErr);

            var restored = new SqliteAuditLog(new SqliteDatabase(new SqliteStoreOptions { ConnectionString = $"Data Source={backup}" }));
            var v = await restored.VerifyAsync("stream-a");
            Assert.True(v.IsValid, v.Problem);
            Assert.Equal(25, v.EntriesChecked);
            Assert.Equal((await audit.VerifyAsync("stream-a")).HeadHash, v.HeadHash);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
