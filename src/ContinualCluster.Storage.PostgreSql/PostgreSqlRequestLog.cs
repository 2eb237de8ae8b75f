using ContinualCluster.Runtime.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>
/// The durable request log in PostgreSQL. An append takes a per-log transaction advisory lock, then inserts
/// MAX(seq)+1 with ON CONFLICT (log, request_id) DO NOTHING: appenders to one log queue on the lock, so sequence
/// numbers have no gaps, and a repeated request id returns the original row. appended_at is the database's clock.
/// </summary>
public sealed class PostgreSqlRequestLog : IRequestLog
{
    /// <summary>First key of the per-log advisory lock (the second is hashtext(log)).</summary>
    public const int LockClass = 0x43434D;

    private const string Columns = "log, request_id, seq, kind, payload, appended_at";
    private readonly PostgreSqlDatabase _db;

    public PostgreSqlRequestLog(PostgreSqlDatabase db) => _db = db ?? throw new ArgumentNullException(nameof(db));

    public Task<AppendResult> AppendAsync(string log, string requestId, string kind, byte[] payload, CancellationToken cancellationToken = default)
    {
        Check(log, requestId);
        if (string.IsNullOrWhiteSpace(kind)) throw new ArgumentException("request kind must not be empty", nameof(kind));
        ArgumentNullException.ThrowIfNull(payload);
        return _db.RunAsync($"appending request '{requestId}' to log '{log}'", async c =>
        {
            // Most repeats are retries of an acknowledged request: answer them without taking the lock.
            var seen = await FindCoreAsync(c, log, requestId, cancellationToken).ConfigureAwait(false);
            if (seen is not null) return new AppendResult(seen, false);

            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockClass}, hashtext(@log));", c, tx))
            {
                lockCmd.Parameters.AddWithValue("log", log);
                await lockCmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            LoggedRequest? added = null;
            await using (var cmd = new NpgsqlCommand("""
                INSERT INTO request_log (log, request_id, seq, kind, payload)
                SELECT @log, @rid, COALESCE(MAX(seq), 0) + 1, @kind, @payload FROM request_log WHERE log = @log
                ON CONFLICT (log, request_id) DO NOTHING
                RETURNING seq, appended_at;
                """, c, tx))
            {
                cmd.Parameters.AddWithValue("log", log);
                cmd.Parameters.AddWithValue("rid", requestId);
                cmd.Parameters.AddWithValue("kind", kind);
                cmd.Parameters.Add(new NpgsqlParameter<byte[]>("payload", NpgsqlDbType.Bytea) { TypedValue = payload });
                await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                    added = new LoggedRequest(log, requestId, r.GetInt64(0), kind, payload, r.GetFieldValue<DateTimeOffset>(1));
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (added is not null) return new AppendResult(added, true);
            var existing = await FindCoreAsync(c, log, requestId, cancellationToken).ConfigureAwait(false)
                ?? throw new StoreUnavailableException($"request '{requestId}' in log '{log}' was neither appended nor found");
            return new AppendResult(existing, false);
        }, cancellationToken);
    }

    public Task<LoggedRequest?> FindAsync(string log, string requestId, CancellationToken cancellationToken = default)
    {
        Check(log, requestId);
        return _db.RunAsync($"finding request '{requestId}' in log '{log}'", c => FindCoreAsync(c, log, requestId, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<LoggedRequest>> ReadAsync(string log, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(log)) throw new ArgumentException("log name must not be empty", nameof(log));
        if (limit <= 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be positive");
        return _db.RunAsync<IReadOnlyList<LoggedRequest>>($"reading log '{log}' after {afterSequence}", async c =>
        {
            await using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM request_log WHERE log = @log AND seq > @after ORDER BY seq LIMIT @limit;", c);
            cmd.Parameters.AddWithValue("log", log);
            cmd.Parameters.AddWithValue("after", afterSequence);
            cmd.Parameters.AddWithValue("limit", limit);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<LoggedRequest>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(Row(r));
            return rows;
        }, cancellationToken);
    }

    private static async Task<LoggedRequest?> FindCoreAsync(NpgsqlConnection c, string log, string requestId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM request_log WHERE log = @log AND request_id = @rid;", c);
        cmd.Parameters.AddWithValue("log", log);
        cmd.Parameters.AddWithValue("rid", requestId);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? Row(r) : null;
    }

    private static LoggedRequest Row(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetFieldValue<byte[]>(4), r.GetFieldValue<DateTimeOffset>(5));

    private static void Check(string log, string requestId)
    {
        if (string.IsNullOrWhiteSpace(log)) throw new ArgumentException("log name must not be empty", nameof(log));
        if (string.IsNullOrWhiteSpace(requestId)) throw new ArgumentException("request id must not be empty", nameof(requestId));
    }
}
