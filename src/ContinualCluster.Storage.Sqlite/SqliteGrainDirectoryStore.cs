using ContinualCluster.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>The grain directory in SQLite: insert-if-absent and takeover are single conditional statements.</summary>
public sealed class SqliteGrainDirectoryStore : IGrainDirectoryStore
{
    private const int MaxAttempts = 16;
    private readonly SqliteDatabase _db;

    public SqliteGrainDirectoryStore(SqliteDatabase db) => _db = db ?? throw new ArgumentNullException(nameof(db));

    public Task<DirectoryEntry> RegisterIfAbsentAsync(DirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        DirectoryEntryValidation.Check(entry);
        return _db.RunAsync($"registering {entry.Grain} on silo {entry.SiloId}", c => RegisterCoreAsync(c, entry, cancellationToken), cancellationToken);
    }

    public Task<DirectoryEntry?> LookupAsync(GrainId grain, CancellationToken cancellationToken = default) =>
        _db.RunAsync($"looking up {grain}", c => LookupCoreAsync(c, grain, cancellationToken), cancellationToken);

    public Task<bool> UnregisterAsync(GrainId grain, string siloId, long generation, CancellationToken cancellationToken = default) =>
        _db.RunAsync($"unregistering {grain} from silo {siloId}", async c =>
        {
            await using var cmd = Command(c, "DELETE FROM grain_directory WHERE grain_type = $t AND grain_key = $k AND silo_id = $s AND generation = $g;", grain);
            cmd.Parameters.AddWithValue("$s", siloId);
            cmd.Parameters.AddWithValue("$g", generation);
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }, cancellationToken);

    public Task<DirectoryEntry> TakeOverAsync(DirectoryEntry replacement, string deadSiloId, long deadGeneration, CancellationToken cancellationToken = default)
    {
        DirectoryEntryValidation.Check(replacement);
        return _db.RunAsync($"taking over {replacement.Grain} from silo {deadSiloId}", async c =>
        {
            await using (var cmd = Command(c, """
                UPDATE grain_directory SET silo_id = $ns, generation = $ng, endpoint = $ne, registered_at = $now
                WHERE grain_type = $t AND grain_key = $k AND silo_id = $s AND generation = $g;
                """, replacement.Grain))
            {
                cmd.Parameters.AddWithValue("$ns", replacement.SiloId);
                cmd.Parameters.AddWithValue("$ng", replacement.Generation);
                cmd.Parameters.AddWithValue("$ne", replacement.Endpoint);
                cmd.Parameters.AddWithValue("$now", SqliteValues.ToMicros(DateTimeOffset.UtcNow));
                cmd.Parameters.AddWithValue("$s", deadSiloId);
                cmd.Parameters.AddWithValue("$g", deadGeneration);
                if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1) return replacement;
            }
            // The dead owner's entry is gone already (or someone else holds it): register if absent, else report the holder.
            return await RegisterCoreAsync(c, replacement, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<int> RemoveSiloAsync(string siloId, long generation, CancellationToken cancellationToken = default) =>
        _db.RunAsync($"removing the directory entries of silo {siloId} generation {generation}", async c =>
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "DELETE FROM grain_directory WHERE silo_id = $s AND generation = $g;";
            cmd.Parameters.AddWithValue("$s", siloId);
            cmd.Parameters.AddWithValue("$g", generation);
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private static async Task<DirectoryEntry> RegisterCoreAsync(SqliteConnection c, DirectoryEntry entry, CancellationToken ct)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            await using (var cmd = Command(c, """
                INSERT INTO grain_directory (grain_type, grain_key, silo_id, generation, endpoint, registered_at)
                VALUES ($t, $k, $s, $g, $e, $now) ON CONFLICT (grain_type, grain_key) DO NOTHING;
                """, entry.Grain))
            {
                cmd.Parameters.AddWithValue("$s", entry.SiloId);
                cmd.Parameters.AddWithValue("$g", entry.Generation);
                cmd.Parameters.AddWithValue("$e", entry.Endpoint);
                cmd.Parameters.AddWithValue("$now", SqliteValues.ToMicros(DateTimeOffset.UtcNow));
                if (await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1) return entry;
            }
            // Somebody holds it; read the holder. If it vanished in between (unregistered), try to insert again.
            var existing = await LookupCoreAsync(c, entry.Grain, ct).ConfigureAwait(false);
            if (existing is not null) return existing;
        }
        throw new StoreUnavailableException($"registering {entry.Grain}: the entry kept changing for {MaxAttempts} attempts");
    }

    private static async Task<DirectoryEntry?> LookupCoreAsync(SqliteConnection c, GrainId grain, CancellationToken ct)
    {
        await using var cmd = Command(c, "SELECT silo_id, generation, endpoint FROM grain_directory WHERE grain_type = $t AND grain_key = $k;", grain);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? new DirectoryEntry(grain, r.GetString(0), r.GetInt64(1), r.GetString(2)) : null;
    }

    private static SqliteCommand Command(SqliteConnection c, string sql, GrainId grain)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$t", grain.Type);
        cmd.Parameters.AddWithValue("$k", grain.Key);
        return cmd;
    }
}
