using System.Data;
using System.Data.Common;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Storage.AdoNet;

/// <summary>Grain state in a SQL database: each conditional write or clear is one statement guarded by the expected ETag.</summary>
public class SqlGrainStateStore : IGrainStateStore
{
    private readonly SqlDatabase _db;

    public SqlGrainStateStore(SqlDatabase db) => _db = db ?? throw new ArgumentNullException(nameof(db));

    public Task<StoredState?> ReadAsync(GrainId grain, CancellationToken cancellationToken = default)
    {
        StoreChecks.Grain(grain);
        return _db.RunAsync($"reading the state of {grain}", async c =>
        {
            await using var cmd = c.Command("SELECT etag, data FROM grain_state WHERE grain_type = @t AND grain_key = @k;").WithGrain(grain);
            await using var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
            var etag = reader.GetString(0);
            return new StoredState(await reader.GetFieldValueAsync<byte[]>(1, cancellationToken).ConfigureAwait(false), etag);
        }, cancellationToken);
    }

    public Task<string> WriteAsync(GrainId grain, byte[] data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        StoreChecks.Grain(grain);
        ArgumentNullException.ThrowIfNull(data);
        var etag = Guid.NewGuid().ToString("N");   // random: a state cleared and written again never repeats an old ETag
        return _db.RunAsync($"writing the state of {grain}", async c =>
        {
            await using var cmd = c.Command("").WithGrain(grain).With("new", etag).WithBlob("d", data);
            var now = _db.Dialect.Now(cmd, _db.Clock.GetUtcNow());
            if (expectedETag is null)
                cmd.CommandText = $"INSERT INTO grain_state (grain_type, grain_key, etag, data, updated_at) VALUES (@t, @k, @new, @d, {now}) ON CONFLICT (grain_type, grain_key) DO NOTHING;";
            else
            {
                cmd.With("expected", expectedETag);
                cmd.CommandText = $"UPDATE grain_state SET etag = @new, data = @d, updated_at = {now} WHERE grain_type = @t AND grain_key = @k AND etag = @expected;";
            }
            if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1) return etag;
            throw Conflict(grain, expectedETag, await CurrentETagAsync(c, grain, cancellationToken).ConfigureAwait(false), "write");
        }, cancellationToken);
    }

    public Task ClearAsync(GrainId grain, string? expectedETag, CancellationToken cancellationToken = default)
    {
        StoreChecks.Grain(grain);
        return _db.RunAsync($"clearing the state of {grain}", async c =>
        {
            if (expectedETag is not null)
            {
                await using var cmd = c.Command("DELETE FROM grain_state WHERE grain_type = @t AND grain_key = @k AND etag = @expected;")
                    .WithGrain(grain).With("expected", expectedETag);
                if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1) return true;
            }
            // Expecting nothing stored: clearing nothing changes nothing, anything stored is a conflict.
            var current = await CurrentETagAsync(c, grain, cancellationToken).ConfigureAwait(false);
            if (expectedETag is null && current is null) return true;
            throw Conflict(grain, expectedETag, current, "clear");
        }, cancellationToken);
    }

    private static InconsistentStateException Conflict(GrainId grain, string? expected, string? current, string verb) =>
        new($"Stale {verb} of grain {grain}: expected ETag '{expected ?? "<none>"}' but the store holds '{current ?? "<none>"}'", expected, current);

    private static async Task<string?> CurrentETagAsync(DbConnection c, GrainId grain, CancellationToken ct)
    {
        await using var cmd = c.Command("SELECT etag FROM grain_state WHERE grain_type = @t AND grain_key = @k;").WithGrain(grain);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }
}
