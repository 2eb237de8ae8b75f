using ContinualCluster.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>Grain state in SQLite: each conditional write or clear is one statement guarded by the expected ETag.</summary>
public sealed class SqliteGrainStateStore : IGrainStateStore
{
    private readonly SqliteDatabase _db;

    public SqliteGrainStateStore(SqliteDatabase db) => _db = db ?? throw new ArgumentNullException(nameof(db));

    public Task<StoredState?> ReadAsync(GrainId grain, CancellationToken cancellationToken = default)
    {
        Check(grain);
        return _db.RunAsync($"reading the state of {grain}", async c =>
        {
            await using var cmd = Command(c, "SELECT data, etag FROM grain_state WHERE grain_type = $t AND grain_key = $k;", grain);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
            return new StoredState((byte[])reader.GetValue(0), reader.GetString(1));
        }, cancellationToken);
    }

    public Task<string> WriteAsync(GrainId grain, byte[] data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        Check(grain);
        ArgumentNullException.ThrowIfNull(data);
        var etag = SqliteValues.NewETag();
        return _db.RunAsync($"writing the state of {grain}", async c =>
        {
            await using var cmd = Command(c, expectedETag is null
                ? "INSERT INTO grain_state (grain_type, grain_key, etag, data, updated_at) VALUES ($t, $k, $new, $d, $now) ON CONFLICT (grain_type, grain_key) DO NOTHING;"
                : "UPDATE grain_state SET etag = $new, data = $d, updated_at = $now WHERE grain_type = $t AND grain_key = $k AND etag = $expected;", grain);
            cmd.Parameters.AddWithValue("$new", etag);
            cmd.Parameters.Add("$d", SqliteType.Blob).Value = data;
            cmd.Parameters.AddWithValue("$now", SqliteValues.ToMicros(DateTimeOffset.UtcNow));
            if (expectedETag is not null) cmd.Parameters.AddWithValue("$expected", expectedETag);
            if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1) return etag;
            throw await ConflictAsync(c, grain, expectedETag, "write", cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task ClearAsync(GrainId grain, string? expectedETag, CancellationToken cancellationToken = default)
    {
        Check(grain);
        return _db.RunAsync($"clearing the state of {grain}", async c =>
        {
            if (expectedETag is null)
            {
                // Nothing stored is the expected state: clearing it changes nothing, anything stored is a conflict.
                var current = await CurrentETagAsync(c, grain, cancellationToken).ConfigureAwait(false);
                if (current is null) return true;
                throw Conflict(grain, null, current, "clear");
            }
            await using var cmd = Command(c, "DELETE FROM grain_state WHERE grain_type = $t AND grain_key = $k AND etag = $expected;", grain);
            cmd.Parameters.AddWithValue("$expected", expectedETag);
            if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1) return true;
            throw await ConflictAsync(c, grain, expectedETag, "clear", cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    private static async Task<InconsistentStateException> ConflictAsync(SqliteConnection c, GrainId grain, string? expected, string verb, CancellationToken ct) =>
        Conflict(grain, expected, await CurrentETagAsync(c, grain, ct).ConfigureAwait(false), verb);

    private static InconsistentStateException Conflict(GrainId grain, string? expected, string? current, string verb) =>
        new($"Stale {verb} of grain {grain}: expected ETag '{expected ?? "<none>"}' but the store holds '{current ?? "<none>"}'", expected, current);

    private static async Task<string?> CurrentETagAsync(SqliteConnection c, GrainId grain, CancellationToken ct)
    {
        await using var cmd = Command(c, "SELECT etag FROM grain_state WHERE grain_type = $t AND grain_key = $k;", grain);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }

    private static SqliteCommand Command(SqliteConnection c, string sql, GrainId grain)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$t", grain.Type);
        cmd.Parameters.AddWithValue("$k", grain.Key);
        return cmd;
    }

    private static void Check(GrainId grain)
    {
        if (string.IsNullOrEmpty(grain.Type) || grain.Key is null)
            throw new ArgumentException($"grain id '{grain}' needs a grain type and a key", nameof(grain));
    }
}
