using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>
/// Applies the embedded Scripts/PostgreSql-NNN-*.sql files in version order, each in its own transaction recorded in
/// schema_version. A session advisory lock serializes silos that start at once, so each script runs exactly once.
/// </summary>
public static partial class PostgreSqlSchemaMigrator
{
    private const string Vendor = "PostgreSql";

    /// <summary>The advisory lock (two-key form) held while migrating: 'CCL' and 1.</summary>
    public const int LockClass = 0x43434C, LockMigration = 1;

    /// <summary>The embedded scripts for this vendor, ordered by version.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = LoadScripts();

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => Scripts.Count == 0 ? 0 : Scripts[^1].Version;

    /// <summary>Brings the database up to <see cref="LatestVersion"/>; returns how many scripts this call applied.</summary>
    public static async Task<int> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecAsync(connection, $"SELECT pg_advisory_lock({LockClass}, {LockMigration});", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecAsync(connection,
                "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());",
                cancellationToken).ConfigureAwait(false);
            int current = await CurrentVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (current > LatestVersion)
                throw new InvalidOperationException(
                    $"PostgreSQL database schema version {current} is newer than this build understands ({LatestVersion}); upgrade the silo binaries");
            int applied = 0;
            foreach (var script in Scripts.Where(s => s.Version > current))
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (var cmd = new NpgsqlCommand(script.Sql, connection, tx))
                    await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, name) VALUES (@v, @n);", connection, tx))
                {
                    record.Parameters.AddWithValue("v", script.Version);
                    record.Parameters.AddWithValue("n", script.Name);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                applied++;
            }
            return applied;
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
                await ExecAsync(connection, $"SELECT pg_advisory_unlock({LockClass}, {LockMigration});", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The highest applied version (0 when schema_version is empty).</summary>
    public static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 ELSE (SELECT COALESCE(MAX(version), 0) FROM schema_version) END;", connection);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static List<(int, string, string)> LoadScripts()
    {
        var assembly = typeof(PostgreSqlSchemaMigrator).Assembly;
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
                throw new InvalidOperationException($"PostgreSQL schema scripts must be numbered 1, 2, 3… without gaps; found version {scripts[i].Version} at position {i + 1}");
        return scripts.Select(s => (s.Version, s.Name, s.Sql)).ToList();
    }

    [GeneratedRegex(@"^Scripts/(?<vendor>[A-Za-z]+)-(?<version>\d{3})-(?<name>[A-Za-z0-9_-]+)\.sql$")]
    private static partial Regex ScriptName();
}
