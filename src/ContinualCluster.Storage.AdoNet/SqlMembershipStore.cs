using System.Globalization;
using System.Text.Json;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Storage.AdoNet;

/// <summary>
/// The membership table in a SQL database. Heartbeat and dead-declaration times are the ones the interface passes
/// (the silos' clocks, so a fake clock works in tests and all stores agree); each check-and-set is one UPDATE, so a
/// silo that renewed after the declarer looked survives, and Dead is never undone.
/// </summary>
public class SqlMembershipStore : IMembershipStore
{
    private const int Dead = (int)SiloStatus.Dead;
    private readonly SqlDatabase _db;

    public SqlMembershipStore(SqlDatabase db) => _db = db ?? throw new ArgumentNullException(nameof(db));

    public Task RegisterAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrEmpty(entry.SiloId)) throw new ArgumentException("membership entry needs a silo id", nameof(entry));
        var d = _db.Dialect;
        return _db.RunAsync($"registering silo {entry.SiloId} generation {entry.Generation}", async c =>
        {
            await using var cmd = c.Command($"""
                INSERT INTO membership (silo_id, generation, endpoint, labels, status, started_at, last_heartbeat)
                VALUES (@s, @g, @e, {d.Json("l")}, @st, @start, @hb);
                """).With("s", entry.SiloId).With("g", entry.Generation).With("e", entry.Endpoint).With("l", LabelsToJson(entry.Labels))
                .With("st", (int)entry.Status).With("start", d.Time(entry.StartedAt)).With("hb", d.Time(entry.LastHeartbeat));
            try
            {
                await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (d.Classify(ex, cancellationToken) == StoreFailure.UniqueViolation)
            {
                throw new InvalidOperationException($"silo {entry.SiloId} generation {entry.Generation} is already registered");
            }
            return true;
        }, cancellationToken);
    }

    public Task<bool> HeartbeatAsync(string siloId, long generation, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ExecAsync($"renewing the heartbeat of silo {siloId} generation {generation}",
            $"UPDATE membership SET last_heartbeat = @v WHERE silo_id = @s AND generation = @g AND status <> {Dead};",
            siloId, generation, _db.Dialect.Time(now), cancellationToken);

    public Task<bool> SetStatusAsync(string siloId, long generation, SiloStatus status, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(status)) throw new ArgumentOutOfRangeException(nameof(status), status, "unknown silo status");
        return ExecAsync($"setting silo {siloId} generation {generation} to {status}",
            $"UPDATE membership SET status = @v WHERE silo_id = @s AND generation = @g AND status <> {Dead};",
            siloId, generation, (int)status, cancellationToken);
    }

    public Task<bool> DeclareDeadAsync(string siloId, long generation, DateTimeOffset heartbeatBefore, CancellationToken cancellationToken = default) =>
        ExecAsync($"declaring silo {siloId} generation {generation} dead",
            $"UPDATE membership SET status = {Dead} WHERE silo_id = @s AND generation = @g AND status <> {Dead} AND last_heartbeat < @v;",
            siloId, generation, _db.Dialect.Time(heartbeatBefore), cancellationToken);

    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyList<MembershipEntry>>("reading the membership table", async c =>
        {
            var d = _db.Dialect;
            await using var cmd = c.Command("SELECT silo_id, generation, endpoint, labels, status, started_at, last_heartbeat FROM membership ORDER BY silo_id, generation;");
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<MembershipEntry>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                rows.Add(new MembershipEntry(r.GetString(0), r.GetInt64(1), r.GetString(2), LabelsFromJson(r.GetString(3)),
                    (SiloStatus)Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture), d.ReadTime(r, 5), d.ReadTime(r, 6)));
            return rows;
        }, cancellationToken);

    private Task<bool> ExecAsync(string operation, string sql, string siloId, long generation, object value, CancellationToken ct) =>
        _db.RunAsync(operation, async c =>
        {
            await using var cmd = c.Command(sql).With("s", siloId).With("g", generation).With("v", value);
            return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
        }, ct);

    private static string LabelsToJson(IReadOnlyDictionary<string, string> labels) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(labels.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal));

    private static Dictionary<string, string> LabelsFromJson(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>();
}
