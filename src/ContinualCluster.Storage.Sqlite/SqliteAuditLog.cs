using ContinualCluster.Runtime.Audit;
using Microsoft.Data.Sqlite;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>The hash-chained audit log in SQLite: appends run under the write lock (BEGIN IMMEDIATE), one chain per log.</summary>
public sealed class SqliteAuditLog : IAuditLog
{
    private const int Page = 1000;
    private readonly SqliteDatabase _db;
    private readonly TimeProvider _clock;

    public SqliteAuditLog(SqliteDatabase db, TimeProvider? clock = null)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
        _clock = clock ?? TimeProvider.System;
    }

    public Task<AuditEntry> AppendAsync(string log, string action, string subject, string details, CancellationToken cancellationToken = default)
    {
        AuditChain.Validate(log, action, subject, details);
        return _db.RunAsync($"appending to audit log '{log}'", async c =>
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            long lastSeq = 0;
            byte[]? lastHash = null;
            await using (var last = c.CreateCommand())
            {
                last.Transaction = tx;
                last.CommandText = "SELECT seq, hash FROM audit_log WHERE log = $log ORDER BY seq DESC LIMIT 1;";
                last.Parameters.AddWithValue("$log", log);
                await using var r = await last.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) { lastSeq = r.GetInt64(0); lastHash = (byte[])r.GetValue(1); }
            }
            var entry = AuditChain.Next(lastSeq, lastHash, log, _clock.GetUtcNow(), action, subject, details);
            await using (var insert = c.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = """
                    INSERT INTO audit_log (log, seq, at, action, subject, details, prev_hash, hash)
                    VALUES ($log, $seq, $at, $action, $subject, $details, $prev, $hash);
                    """;
                insert.Parameters.AddWithValue("$log", entry.Log);
                insert.Parameters.AddWithValue("$seq", entry.Sequence);
                insert.Parameters.AddWithValue("$at", SqliteValues.ToMicros(entry.At));
                insert.Parameters.AddWithValue("$action", entry.Action);
                insert.Parameters.AddWithValue("$subject", entry.Subject);
                insert.Parameters.AddWithValue("$details", entry.Details);
                insert.Parameters.Add("$prev", SqliteType.Blob).Value = entry.PreviousHash;
                insert.Parameters.Add("$hash", SqliteType.Blob).Value = entry.Hash;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return entry;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(string log, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be positive");
        return _db.RunAsync<IReadOnlyList<AuditEntry>>($"reading audit log '{log}'", async c =>
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = """
                SELECT log, seq, at, action, subject, details, prev_hash, hash FROM audit_log
                WHERE log = $log AND seq > $after ORDER BY seq LIMIT $limit;
                """;
            cmd.Parameters.AddWithValue("$log", log);
            cmd.Parameters.AddWithValue("$after", afterSequence);
            cmd.Parameters.AddWithValue("$limit", limit);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<AuditEntry>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                rows.Add(new AuditEntry(r.GetString(0), r.GetInt64(1), SqliteValues.FromMicros(r.GetInt64(2)), r.GetString(3),
                    r.GetString(4), r.GetString(5), (byte[])r.GetValue(6), (byte[])r.GetValue(7)));
            return rows;
        }, cancellationToken);
    }

    public async Task<AuditVerification> VerifyAsync(string log, CancellationToken cancellationToken = default)
    {
        var verifier = new AuditChainVerifier(log);
        long after = long.MinValue;
        while (verifier.IsValid)
        {
            var page = await ReadAsync(log, after, Page, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
                if (!verifier.Add(entry)) break;
            if (page.Count < Page) break;
            after = page[^1].Sequence;
        }
        return verifier.Result();
    }
}
