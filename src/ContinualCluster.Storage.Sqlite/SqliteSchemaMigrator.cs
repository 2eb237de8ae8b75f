using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>
/// Applies the embedded Scripts/Sqlite-NNN-*.sql files in version order, recording each in schema_version. The whole
/// migration runs under SQLite's write lock (BEGIN IMMEDIATE), so processes starting at once apply each script once.
/// </summary>
public static partial class SqliteSchemaMigrator
{
    private const string Vendor = "Sqlite";

    /// <summary>The embedded scripts for this vendor, ordered by version.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = LoadScripts();

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => Scripts.Count == 0 ? 0 : Scripts[^1].Version;

    /// <summary>Brings the database up to <see cref="LatestVersion"/>; returns how many scripts this call applied.</summary>
    public static async Task<int> MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(connection, tx,
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);",
            cancellationToken).ConfigureAwait(false);
        int current = await ReadVersionAsync(connection, tx, cancellationToken).ConfigureAwait(false);
        if (current > LatestVersion)
            throw new InvalidOperationException(
                $"SQLite database schema version {current} is newer than this build understands ({LatestVersion}); upgrade the silo binaries");
        int applied = 0;
        foreach (var script in Scripts.Where(s => s.Version > current))
        {
            await ExecAsync(connection, tx, script.Sql, cancellationToken).ConfigureAwait(false);
            await using var record = connection.CreateCommand();
            record.Transaction = tx;
            record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES ($v, $n, $t);";
            record.Parameters.AddWithValue("$v", script.Version);
            record.Parameters.AddWithValue("$n", script.Name);
            record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            applied++;
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    /// <summary>The highest applied version (0 when the database is empty).</summary>
    public static async Task<int> CurrentVersionAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        await ReadVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);

    private static async Task<int> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? tx, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(SqliteConnection connection, SqliteTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static List<(int, string, string)> LoadScripts()
    {
        var assembly = typeof(SqliteSchemaMigrator).Assembly;
        var scripts = new List<(int Version, string Name, string Sql)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ScriptName().Match(resource);
            if (!match.Success || match.Groups["vendor"].Value != Vendor) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add((int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture), match.Groups["name"].Value, reader.ReadToEnd()));
        }
        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (int i = 0; i < scripts.Count; i++)
            if (scripts[i].Version != i + 1)
                throw new InvalidOperationException($"SQLite schema scripts must be numbered 1, 2, 3… without gaps; found version {scripts[i].Version} at position {i + 1}");
        return scripts.Select(s => (s.Version, s.Name, s.Sql)).ToList();
    }

    [GeneratedRegex(@"^Scripts/(?<vendor>[A-Za-z]+)-(?<version>\d{3})-(?<name>[A-Za-z0-9_-]+)\.sql$")]
    private static partial Regex ScriptName();
}
