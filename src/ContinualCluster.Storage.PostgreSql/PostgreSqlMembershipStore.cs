using System.Text.Json;
using ContinualCluster.Runtime.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>
/// The membership table in PostgreSQL. Heartbeat and dead-declaration times are the ones the interface passes (the
/// silos' clocks, so a fake clock works in tests and all stores agree); each check-and-set is one UPDATE, so a silo
/// that renewed after the declarer looked survives, and Dead is never undone.
/// </summary>
public sealed class PostgreSqlMembershipStore : IMembershipStore
{
    private const int Dead = (int)SiloStatus.Dead;
    private readonly PostgreSqlDatabase _db;

    public PostgreSqlMembershipStore(PostgreSqlDatabase db) => _db = db ?? throw new ArgumentNullException(nameof(db));

    public Task RegisterAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrEmpty(entry.SiloId)) throw new ArgumentException("membership entry needs a silo id", nameof(entry));
        return _db.RunAsync($"registering silo {entry.SiloId} generation {entry.Generation}", async c =>
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO membership (silo_id, generation, endpoint, labels, status, started_at, last_heartbeat)
                VALUES (@s, @g, @e, @l, @st, @start, @hb) ON CONFLICT (silo_id, generation) DO NOTHING;
                """, c);
            cmd.Parameters.AddWithValue("s", entry.SiloId);
            cmd.Parameters.AddWithValue("g", entry.Generation);
            cmd.Parameters.AddWithValue("e", entry.Endpoint);
            cmd.Parameters.AddWithValue("l", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(entry.Labels));
            cmd.Parameters.AddWithValue("st", (short)entry.Status);
            cmd.Parameters.AddWithValue("start", entry.StartedAt.ToUniversalTime());
            cmd.Parameters.AddWithValue("hb", entry.LastHeartbeat.ToUniversalTime());
            if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                throw new InvalidOperationException($"silo {entry.SiloId} generation {entry.Generation} is already registered");
            return true;
        }, cancellationToken);
    }

    public Task<bool> HeartbeatAsync(string siloId, long generation, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ExecAsync($"renewing the heartbeat of silo {siloId} generation {generation}",
            $"UPDATE membership SET last_heartbeat = @v WHERE silo_id = @s AND generation = @g AND status <> {Dead};",
            siloId, generation, new NpgsqlParameter<DateTimeOffset>("v", now.ToUniversalTime()), cancellationToken);

    public Task<bool> SetStatusAsync(string siloId, long generation, SiloStatus status, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(status)) throw new ArgumentOutOfRangeException(nameof(status), status, "unknown silo status");
        return ExecAsync($"setting silo {siloId} generation {generation} to {status}",
            $"UPDATE membership SET status = @v WHERE silo_id = @s AND generation = @g AND status <> {Dead};",
            siloId, generation, new NpgsqlParameter<short>("v", (short)status), cancellationToken);
    }

    public Task<bool> DeclareDeadAsync(string siloId, long generation, DateTimeOffset heartbeatBefore, CancellationToken cancellationToken = default) =>
        ExecAsync($"declaring silo {siloId} generation {generation} dead",
            $"UPDATE membership SET status = {Dead} WHERE silo_id = @s AND generation = @g AND status <> {Dead} AND last_heartbeat < @v;",
            siloId, generation, new NpgsqlParameter<DateTimeOffset>("v", heartbeatBefore.ToUniversalTime()), cancellationToken);

    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyList<MembershipEntry>>("reading the membership table", async c =>
        {
            await using var cmd = new NpgsqlCommand(
                "SELECT silo_id, generation, endpoint, labels::text, status, started_at, last_heartbeat FROM membership ORDER BY silo_id, generation;", c);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<MembershipEntry>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                rows.Add(new MembershipEntry(r.GetString(0), r.GetInt64(1), r.GetString(2),
                    JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(3)) ?? new Dictionary<string, string>(),
                    (SiloStatus)r.GetInt16(4), r.GetFieldValue<DateTimeOffset>(5), r.GetFieldValue<DateTimeOffset>(6)));
            return rows;
        }, cancellationToken);

    private Task<bool> ExecAsync(string operation, string sql, string siloId, long generation, NpgsqlParameter value, CancellationToken ct) =>
        _db.RunAsync(operation, async c =>
        {
            await using var cmd = new NpgsqlCommand(sql, c);
            cmd.Parameters.AddWithValue("s", siloId);
            cmd.Parameters.AddWithValue("g", generation);
            cmd.Parameters.Add(value);
            return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
        }, ct);
}
