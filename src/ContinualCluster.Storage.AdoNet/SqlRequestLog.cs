using System.Data.Common;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Storage.AdoNet;

/// <summary>
/// The durable request log in a SQL database. A new request is inserted as MAX(seq)+1 with ON CONFLICT (log,
/// request_id) DO NOTHING, which appenders to one log run in turn (SQLite: one statement under the database write
/// lock; PostgreSQL: a transaction holding a per-log advisory lock, after a lock-free check for a repeated id), so
/// sequence numbers have no gaps and a request is stored once.
/// </summary>
public class SqlRequestLog : IRequestLog
{
    /// <summary>First key of the per-log lock (the second is a hash of the log name).</summary>
    public const int LockClass = 0x43434D;

    private const string Columns = "log, request_id, seq, kind, payload, appended_at";
    private readonly SqlDatabase _db;

    public SqlRequestLog(SqlDatabase db) => _db = db ?? throw new ArgumentNullException(nameof(db));

    public Task<AppendResult> AppendAsync(string log, string requestId, string kind, byte[] payload, CancellationToken cancellationToken = default)
    {
        StoreChecks.LogAndRequest(log, requestId);
        if (string.IsNullOrWhiteSpace(kind)) throw new ArgumentException("request kind must not be empty", nameof(kind));
        ArgumentNullException.ThrowIfNull(payload);
        var d = _db.Dialect;
        return _db.RunAsync($"appending request '{requestId}' to log '{log}'", async c =>
        {
            // Where appends take a per-log lock, most repeats (retries of an acknowledged request) are answered without
            // it; where the database runs one writer at a time the single INSERT below is the whole append.
            bool locks = d.KeyLockSql(LockClass) is not null;
            var seen = locks ? await FindCoreAsync(c, log, requestId, cancellationToken).ConfigureAwait(false) : null;
            if (seen is not null) return new AppendResult(seen, false);

            LoggedRequest? added = null;
            await using (var tx = locks ? await c.BeginWriteAsync(d, LockClass, log, cancellationToken).ConfigureAwait(false) : null)
            {
                await using (var cmd = c.Command("", tx).With("log", log).With("rid", requestId).With("kind", kind).WithBlob("payload", payload))
                {
                    cmd.CommandText = $"""
                        INSERT INTO request_log (log, request_id, seq, kind, payload, appended_at)
                        SELECT @log, @rid, COALESCE(MAX(seq), 0) + 1, @kind, @payload, {d.Now(cmd, _db.Clock.GetUtcNow())} FROM request_log WHERE log = @log
                        ON CONFLICT (log, request_id) DO NOTHING
                        RETURNING seq, appended_at;
                        """;
                    await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    if (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                        added = new LoggedRequest(log, requestId, r.GetInt64(0), kind, payload, d.ReadTime(r, 1));
                }
                if (tx is not null) await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            if (added is not null) return new AppendResult(added, true);
            var existing = await FindCoreAsync(c, log, requestId, cancellationToken).ConfigureAwait(false)
                ?? throw new StoreUnavailableException($"request '{requestId}' in log '{log}' was neither appended nor found");
            return new AppendResult(existing, false);
        }, cancellationToken);
    }

    public Task<LoggedRequest?> FindAsync(string log, string requestId, CancellationToken cancellationToken = default)
    {
        StoreChecks.LogAndRequest(log, requestId);
        return _db.RunAsync($"finding request '{requestId}' in log '{log}'", c => FindCoreAsync(c, log, requestId, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<LoggedRequest>> ReadAsync(string log, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(log)) throw new ArgumentException("log name must not be empty", nameof(log));
        if (limit <= 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be positive");
        return _db.RunAsync<IReadOnlyList<LoggedRequest>>($"reading log '{log}' after {afterSequence}", async c =>
        {
            await using var cmd = c.Command($"SELECT {Columns} FROM request_log WHERE log = @log AND seq > @after ORDER BY seq LIMIT @limit;")
                .With("log", log).With("after", afterSequence).With("limit", limit);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<LoggedRequest>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(Row(r));
            return rows;
        }, cancellationToken);
    }

    private async Task<LoggedRequest?> FindCoreAsync(DbConnection c, string log, string requestId, CancellationToken ct)
    {
        await using var cmd = c.Command($"SELECT {Columns} FROM request_log WHERE log = @log AND request_id = @rid;").With("log", log).With("rid", requestId);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? Row(r) : null;
    }

    private LoggedRequest Row(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetFieldValue<byte[]>(4), _db.Dialect.ReadTime(r, 5));
}
