using System.Data.Common;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Storage.AdoNet;

/// <summary>
/// The grain directory in a SQL database: insert-if-absent and takeover are single conditional statements, committed
/// with <see cref="Durability.ProcessCrash"/> (what the vendor's dialect allows: SQLite skips the fsync).
/// </summary>
public class SqlGrainDirectoryStore : IGrainDirectoryStore
{
    private const int MaxAttempts = 16;

    // Directory entries name live silos: one lost with the machine names silos that died with it (taken over later).
    private const Durability Soft = Durability.ProcessCrash;
    private readonly SqlDatabase _db;

    public SqlGrainDirectoryStore(SqlDatabase db) => _db = db ?? throw new ArgumentNullException(nameof(db));

    public Task<DirectoryEntry> RegisterIfAbsentAsync(DirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        DirectoryEntryValidation.Check(entry);
        return _db.RunAsync($"registering {entry.Grain} on silo {entry.SiloId}", c => RegisterCoreAsync(c, entry, cancellationToken), cancellationToken, Soft);
    }

    public Task<DirectoryEntry?> LookupAsync(GrainId grain, CancellationToken cancellationToken = default) =>
        _db.RunAsync($"looking up {grain}", c => LookupCoreAsync(c, grain, cancellationToken), cancellationToken, Soft);

    public Task<bool> UnregisterAsync(GrainId grain, string siloId, long generation, CancellationToken cancellationToken = default) =>
        _db.RunAsync($"unregistering {grain} from silo {siloId}", async c =>
        {
            await using var cmd = c.Command("DELETE FROM grain_directory WHERE grain_type = @t AND grain_key = @k AND silo_id = @s AND generation = @g;")
                .WithGrain(grain).With("s", siloId).With("g", generation);
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }, cancellationToken, Soft);

    public Task<DirectoryEntry> TakeOverAsync(DirectoryEntry replacement, string deadSiloId, long deadGeneration, CancellationToken cancellationToken = default)
    {
        DirectoryEntryValidation.Check(replacement);
        return _db.RunAsync($"taking over {replacement.Grain} from silo {deadSiloId}", async c =>
        {
            await using (var cmd = c.Command("").WithGrain(replacement.Grain).With("ns", replacement.SiloId).With("ng", replacement.Generation)
                .With("ne", replacement.Endpoint).With("s", deadSiloId).With("g", deadGeneration))
            {
                cmd.CommandText = $"""
                    UPDATE grain_directory SET silo_id = @ns, generation = @ng, endpoint = @ne, registered_at = {_db.Dialect.Now(cmd, _db.Clock.GetUtcNow())}
                    WHERE grain_type = @t AND grain_key = @k AND silo_id = @s AND generation = @g;
                    """;
                if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1) return replacement;
            }
            // The dead owner's entry is gone already (or someone else holds it): register if absent, else report the holder.
            return await RegisterCoreAsync(c, replacement, cancellationToken).ConfigureAwait(false);
        }, cancellationToken, Soft);
    }

    public Task<int> RemoveSiloAsync(string siloId, long generation, CancellationToken cancellationToken = default) =>
        _db.RunAsync($"removing the directory entries of silo {siloId} generation {generation}", async c =>
        {
            await using var cmd = c.Command("DELETE FROM grain_directory WHERE silo_id = @s AND generation = @g;").With("s", siloId).With("g", generation);
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken, Soft);

    private async Task<DirectoryEntry> RegisterCoreAsync(DbConnection c, DirectoryEntry entry, CancellationToken ct)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            await using (var cmd = c.Command("").WithGrain(entry.Grain).With("s", entry.SiloId).With("g", entry.Generation).With("e", entry.Endpoint))
            {
                cmd.CommandText = $"""
                    INSERT INTO grain_directory (grain_type, grain_key, silo_id, generation, endpoint, registered_at)
                    VALUES (@t, @k, @s, @g, @e, {_db.Dialect.Now(cmd, _db.Clock.GetUtcNow())}) ON CONFLICT (grain_type, grain_key) DO NOTHING;
                    """;
                if (await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1) return entry;
            }
            // Somebody holds it; read the holder. If it vanished in between (unregistered), try to insert again.
            var existing = await LookupCoreAsync(c, entry.Grain, ct).ConfigureAwait(false);
            if (existing is not null) return existing;
        }
        throw new StoreUnavailableException($"registering {entry.Grain}: the entry kept changing for {MaxAttempts} attempts");
    }

    private static async Task<DirectoryEntry?> LookupCoreAsync(DbConnection c, GrainId grain, CancellationToken ct)
    {
        await using var cmd = c.Command("SELECT silo_id, generation, endpoint FROM grain_directory WHERE grain_type = @t AND grain_key = @k;").WithGrain(grain);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? new DirectoryEntry(grain, r.GetString(0), r.GetInt64(1), r.GetString(2)) : null;
    }
}
