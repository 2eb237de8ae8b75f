using ContinualCluster.Runtime.Audit;

namespace ContinualCluster.Storage.AdoNet;

/// <summary>
/// The hash-chained audit log in a SQL database: an append runs in a write transaction that appenders to one log take
/// in turn (SQLite: the write lock; PostgreSQL: a per-log advisory lock), reads the chain's head and the clock, and
/// inserts the next linked entry, so concurrent appenders extend one chain in order.
/// </summary>
public class SqlAuditLog : IAuditLog
{
    /// <summary>First key of the per-log lock (the second is a hash of the log name).</summary>
    public const int LockClass = 0x43434E;

    private const int Page = 1000;
    private readonly SqlDatabase _db;

    public SqlAuditLog(SqlDatabase db) => _db = db ?? throw new ArgumentNullException(nameof(db));

    public Task<AuditEntry> AppendAsync(string log, string action, string subject, string details, CancellationToken cancellationToken = default)
    {
        AuditChain.Validate(log, action, subject, details);
        var d = _db.Dialect;
        return _db.RunAsync($"appending to audit log '{log}'", async c =>
        {
            await using var tx = await c.BeginWriteAsync(d, LockClass, log, cancellationToken).ConfigureAwait(false);
            long lastSeq = 0;
            byte[]? lastHash = null;
            DateTimeOffset now;
            await using (var head = c.Command("", tx).With("log", log))
            {
                head.CommandText = $"""
                    SELECT {d.Now(head, _db.Clock.GetUtcNow())}, a.seq, a.hash
                    FROM (SELECT 1 AS one) o LEFT JOIN (SELECT seq, hash FROM audit_log WHERE log = @log ORDER BY seq DESC LIMIT 1) a ON true;
                    """;
                await using var r = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await r.ReadAsync(cancellationToken).ConfigureAwait(false);
                now = d.ReadTime(r, 0);
                if (!r.IsDBNull(1)) { lastSeq = r.GetInt64(1); lastHash = r.GetFieldValue<byte[]>(2); }
            }
            var entry = AuditChain.Next(lastSeq, lastHash, log, now, action, subject, details);
            await using (var insert = c.Command("""
                INSERT INTO audit_log (log, seq, at, action, subject, details, prev_hash, hash)
                VALUES (@log, @seq, @at, @action, @subject, @details, @prev, @hash);
                """, tx).With("log", entry.Log).With("seq", entry.Sequence).With("at", d.Time(entry.At)).With("action", entry.Action)
                .With("subject", entry.Subject).With("details", entry.Details).WithBlob("prev", entry.PreviousHash).WithBlob("hash", entry.Hash))
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return entry;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(string log, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be positive");
        var d = _db.Dialect;
        return _db.RunAsync<IReadOnlyList<AuditEntry>>($"reading audit log '{log}'", async c =>
        {
            await using var cmd = c.Command("""
                SELECT log, seq, at, action, subject, details, prev_hash, hash FROM audit_log
                WHERE log = @log AND seq > @after ORDER BY seq LIMIT @limit;
                """).With("log", log).With("after", afterSequence).With("limit", limit);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<AuditEntry>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                rows.Add(new AuditEntry(r.GetString(0), r.GetInt64(1), d.ReadTime(r, 2), r.GetString(3),
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
