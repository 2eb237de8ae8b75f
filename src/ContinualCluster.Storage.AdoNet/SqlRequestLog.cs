using System.Data.Common;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Storage.AdoNet;

/// <summary>
/// The durable request log in a SQL database. A new request is one statement, in its own transaction: insert as
/// MAX(seq)+1 with ON CONFLICT (log, request_id) DO NOTHING. SQLite runs one writer at a time; on PostgreSQL two
/// appenders to one log that read the same maximum collide on the primary key (log, seq), the second waits for the
/// first to commit and retries. So sequence numbers have no gaps, a row becomes visible only after every row before
/// it (a reader paging by sequence misses none), a request is stored once, and an acknowledgement costs one round trip
/// (the earlier per-log advisory lock took five, and an append queued behind every other append's commit).
/// </summary>
public class SqlRequestLog : IRequestLog
{
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
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    if (await InsertAsync(c, log, requestId, kind, payload, cancellationToken).ConfigureAwait(false) is { } added)
                        return new AppendResult(added, true);
                    break;   // the request id is in the log already
                }
                catch (Exception e) when (attempt < MaxAttempts && d.Classify(e, cancellationToken) == StoreFailure.UniqueViolation)
                {
                    // Another appender took this sequence number first (its row is committed now): read the maximum again.
                }
            }
            var existing = await FindCoreAsync(c, log, requestId, cancellationToken).ConfigureAwait(false)
                ?? throw new StoreUnavailableException($"request '{requestId}' in log '{log}' was neither appended nor found");
            return new AppendResult(existing, false);
        }, cancellationToken);
    }

    /// <summary>Appenders racing for one sequence number retry; this many collisions in a row means something else is wrong.</summary>
    private const int MaxAttempts = 100;

    /// <summary>One statement in its own transaction: the new row, or null when the request id is logged already.</summary>
    private async Task<LoggedRequest?> InsertAsync(DbConnection c, string log, string requestId, string kind, byte[] payload, CancellationToken ct)
    {
        var d = _db.Dialect;
        await using var cmd = c.Command("").With("log", log).With("rid", requestId).With("kind", kind).WithBlob("payload", payload);
        cmd.CommandText = $"""
            INSERT INTO request_log (log, request_id, seq, kind, payload, appended_at)
            SELECT @log, @rid, COALESCE(MAX(seq), 0) + 1, @kind, @payload, {d.Now(cmd, _db.Clock.GetUtcNow())} FROM request_log WHERE log = @log
            ON CONFLICT (log, request_id) DO NOTHING
            RETURNING seq, appended_at;
            """;
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? new LoggedRequest(log, requestId, r.GetInt64(0), kind, payload, d.ReadTime(r, 1)) : null;
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
