using ContinualCluster.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>
/// The membership table in SQLite. Heartbeat times come from the silos' clocks (the interface passes them): with an
/// embedded file every silo shares one machine clock, which is the database's clock.
/// </summary>
public sealed class SqliteMembershipStore : IMembershipStore
{
    private const int Dead = (int)SiloStatus.Dead;
    private readonly SqliteDatabase _db;

    public SqliteMembershipStore(SqliteDatabase db) => _db = db ?? throw new ArgumentNullException(nameof(db));

    public Task RegisterAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrEmpty(entry.SiloId)) throw new ArgumentException("membership entry needs a silo id", nameof(entry));
        return _db.RunAsync($"registering silo {entry.SiloId} generation {entry.Generation}", async c =>
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = """
                INSERT INTO membership (silo_id, generation, endpoint, labels, status, started_at, last_heartbeat)
                VALUES ($s, $g, $e, $l, $st, $start, $hb) ON CONFLICT (silo_id, generation) DO NOTHING;
                """;
            cmd.Parameters.AddWithValue("$s", entry.SiloId);
            cmd.Parameters.AddWithValue("$g", entry.Generation);
            cmd.Parameters.AddWithValue("$e", entry.Endpoint);
            cmd.Parameters.AddWithValue("$l", SqliteValues.LabelsToJson(entry.Labels));
            cmd.Parameters.AddWithValue("$st", (int)entry.Status);
            cmd.Parameters.AddWithValue("$start", SqliteValues.ToMicros(entry.StartedAt));
            cmd.Parameters.AddWithValue("$hb", SqliteValues.ToMicros(entry.LastHeartbeat));
            if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                throw new InvalidOperationException($"silo {entry.SiloId} generation {entry.Generation} is already registered");
            return true;
        }, cancellationToken);
    }

    public Task<bool> HeartbeatAsync(string siloId, long generation, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ExecAsync($"renewing the heartbeat of silo {siloId} generation {generation}",
            $"UPDATE membership SET last_heartbeat = $v WHERE silo_id = $s AND generation = $g AND status <> {Dead};",
            siloId, generation, SqliteValues.ToMicros(now), cancellationToken);

    public Task<bool> SetStatusAsync(string siloId, long generation, SiloStatus status, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(status)) throw new ArgumentOutOfRangeException(nameof(status), status, "unknown silo status");
        return ExecAsync($"setting silo {siloId} generation {generation} to {status}",
            $"UPDATE membership SET status = $v WHERE silo_id = $s AND generation = $g AND status <> {Dead};",
            siloId, generation, (int)status, cancellationToken);
    }

    public Task<bool> DeclareDeadAsync(string siloId, long generation, DateTimeOffset heartbeatBefore, CancellationToken cancellationToken = default) =>
        ExecAsync($"declaring silo {siloId} generation {generation} dead",
            $"UPDATE membership SET status = {Dead} WHERE silo_id = $s AND generation = $g AND status <> {Dead} AND last_heartbeat < $v;",
            siloId, generation, SqliteValues.ToMicros(heartbeatBefore), cancellationToken);

    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyList<MembershipEntry>>("reading the membership table", async c =>
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT silo_id, generation, endpoint, labels, status, started_at, last_heartbeat FROM membership ORDER BY silo_id, generation;";
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<MembershipEntry>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                rows.Add(new MembershipEntry(r.GetString(0), r.GetInt64(1), r.GetString(2), SqliteValues.LabelsFromJson(r.GetString(3)),
                    (SiloStatus)r.GetInt32(4), SqliteValues.FromMicros(r.GetInt64(5)), SqliteValues.FromMicros(r.GetInt64(6))));
            return rows;
        }, cancellationToken);

    private Task<bool> ExecAsync(string operation, string sql, string siloId, long generation, long value, CancellationToken ct) =>
        _db.RunAsync(operation, async c =>
        {
            await using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("$s", siloId);
            cmd.Parameters.AddWithValue("$g", generation);
            cmd.Parameters.AddWithValue("$v", value);
            return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
        }, ct);
}
