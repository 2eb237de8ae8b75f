using ContinualCluster.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>
/// The durable request log in SQLite. An append is one INSERT … SELECT MAX(seq)+1 … ON CONFLICT DO NOTHING statement:
/// SQLite runs writers one at a time, so sequence numbers have no gaps, and a repeated request id adds nothing.
/// </summary>
public sealed class SqliteRequestLog : IRequestLog
{
    private const string Columns = "log, request_id, seq, kind, payload, appended_at";
    private readonly SqliteDatabase _db;

    public SqliteRequestLog(SqliteDatabase db) => _db = db ?? throw new ArgumentNullException(nameof(db));

    public Task<AppendResult> AppendAsync(string log, string requestId, string kind, byte[] payload, CancellationToken cancellationToken = default)
    {
        Check(log, requestId);
        if (string.IsNullOrWhiteSpace(kind)) throw new ArgumentException("request kind must not be empty", nameof(kind));
        ArgumentNullException.ThrowIfNull(payload);
        return _db.RunAsync($"appending request '{requestId}' to log '{log}'", async c =>
        {
            var now = SqliteValues.ToMicros(DateTimeOffset.UtcNow);
            await using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = """
                    INSERT INTO request_log (log, request_id, seq, kind, payload, appended_at)
                    SELECT $log, $rid, COALESCE(MAX(seq), 0) + 1, $kind, $payload, $now FROM request_log WHERE log = $log
                    ON CONFLICT (log, request_id) DO NOTHING
                    RETURNING seq;
                    """;
                cmd.Parameters.AddWithValue("$log", log);
                cmd.Parameters.AddWithValue("$rid", requestId);
                cmd.Parameters.AddWithValue("$kind", kind);
                cmd.Parameters.Add("$payload", SqliteType.Blob).Value = payload;
                cmd.Parameters.AddWithValue("$now", now);
                if (await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long seq)
                    return new AppendResult(new LoggedRequest(log, requestId, seq, kind, payload, SqliteValues.FromMicros(now)), true);
            }
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
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT {Columns} FROM request_log WHERE log = $log AND seq > $after ORDER BY seq LIMIT $limit;";
            cmd.Parameters.AddWithValue("$log", log);
            cmd.Parameters.AddWithValue("$after", afterSequence);
            cmd.Parameters.AddWithValue("$limit", limit);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<LoggedRequest>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(Row(r));
            return rows;
        }, cancellationToken);
    }

    private static async Task<LoggedRequest?> FindCoreAsync(SqliteConnection c, string log, string requestId, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM request_log WHERE log = $log AND request_id = $rid;";
        cmd.Parameters.AddWithValue("$log", log);
        cmd.Parameters.AddWithValue("$rid", requestId);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? Row(r) : null;
    }

    private static LoggedRequest Row(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), (byte[])r.GetValue(4), SqliteValues.FromMicros(r.GetInt64(5)));

    private static void Check(string log, string requestId)
    {
        if (string.IsNullOrWhiteSpace(log)) throw new ArgumentException("log name must not be empty", nameof(log));
        if (string.IsNullOrWhiteSpace(requestId)) throw new ArgumentException("request id must not be empty", nameof(requestId));
    }
}
