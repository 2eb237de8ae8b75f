using ContinualCluster.Runtime.Audit;
using Npgsql;
using NpgsqlTypes;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>
/// The hash-chained audit log in PostgreSQL: an append takes a per-log transaction advisory lock, reads the chain's
/// head and the database clock, and inserts the next linked entry, so concurrent appenders extend one chain in order.
/// </summary>
public sealed class PostgreSqlAuditLog : IAuditLog
{
    /// <summary>First key of the per-log advisory lock (the second is hashtext(log)).</summary>
    public const int LockClass = 0x43434E;

    private const int Page = 1000;
    private readonly PostgreSqlDatabase _db;

    public PostgreSqlAuditLog(PostgreSqlDatabase db) => _db = db ?? throw new ArgumentNullException(nameof(db));

    public Task<AuditEntry> AppendAsync(string log, string action, string subject, string details, CancellationToken cancellationToken = default)
    {
        AuditChain.Validate(log, action, subject, details);
        return _db.RunAsync($"appending to audit log '{log}'", async c =>
        {
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockClass}, hashtext(@log));", c, tx))
            {
                lockCmd.Parameters.AddWithValue("log", log);
                await lockCmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            long lastSeq = 0;
            byte[]? lastHash = null;
            DateTimeOffset now;
            await using (var head = new NpgsqlCommand(
                "SELECT clock_timestamp(), a.seq, a.hash FROM (SELECT 1) one LEFT JOIN (SELECT seq, hash FROM audit_log WHERE log = @log ORDER BY seq DESC LIMIT 1) a ON true;", c, tx))
            {
                head.Parameters.AddWithValue("log", log);
                await using var r = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await r.ReadAsync(cancellationToken).ConfigureAwait(false);
                now = r.GetFieldValue<DateTimeOffset>(0);
                if (!r.IsDBNull(1)) { lastSeq = r.GetInt64(1); lastHash = r.GetFieldValue<byte[]>(2); }
            }
            var entry = AuditChain.Next(lastSeq, lastHash, log, now, action, subject, details);
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO audit_log (log, seq, at, action, subject, details, prev_hash, hash)
                VALUES (@log, @seq, @at, @action, @subject, @details, @prev, @hash);
                """, c, tx))
            {
                insert.Parameters.AddWithValue("log", entry.Log);
                insert.Parameters.AddWithValue("seq", entry.Sequence);
                insert.Parameters.AddWithValue("at", entry.At);
                insert.Parameters.AddWithValue("action", entry.Action);
                insert.Parameters.AddWithValue("subject", entry.Subject);
                insert.Parameters.AddWithValue("details", entry.Details);
                insert.Parameters.Add(new NpgsqlParameter<byte[]>("prev", NpgsqlDbType.Bytea) { TypedValue = entry.PreviousHash });
                insert.Parameters.Add(new NpgsqlParameter<byte[]>("hash", NpgsqlDbType.Bytea) { TypedValue = entry.Hash });
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
            await using var cmd = new NpgsqlCommand("""
                SELECT log, seq, at, action, subject, details, prev_hash, hash FROM audit_log
                WHERE log = @log AND seq > @after ORDER BY seq LIMIT @limit;
                """, c);
            cmd.Parameters.AddWithValue("log", log);
            cmd.Parameters.AddWithValue("after", afterSequence);
            cmd.Parameters.AddWithValue("limit", limit);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<AuditEntry>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                rows.Add(new AuditEntry(r.GetString(0), r.GetInt64(1), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3),
                    r.GetString(4), r.GetString(5), r.GetFieldValue<byte[]>(6), r.GetFieldValue<byte[]>(7)));
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
