using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ContinualCluster.Storage.AdoNet;

/// <summary>
/// Applies a vendor's embedded Scripts/Vendor-NNN-name.sql files in version order, recording each in schema_version.
/// The vendor's migration lock and one write transaction (which re-reads the version) make processes that start at
/// once apply each script exactly once; a failing script leaves nothing half-applied.
/// </summary>
public static partial class SqlSchemaMigrator
{
    /// <summary>Brings the database up to the newest script; returns how many scripts this call applied.</summary>
    public static async Task<int> MigrateAsync(SqlDialect dialect, DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        int latest = dialect.Scripts.Count == 0 ? 0 : dialect.Scripts[^1].Version;
        await using var held = await dialect.LockMigrationsAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (var create = connection.Command(dialect.SchemaVersionTableSql))
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int current = await ReadVersionAsync(connection, tx, cancellationToken).ConfigureAwait(false);
        if (current > latest)
            throw new InvalidOperationException(
                $"{dialect.Name} database schema version {current} is newer than this build understands ({latest}); upgrade the silo binaries");
        int applied = 0;
        foreach (var script in dialect.Scripts.Where(s => s.Version > current))
        {
            await using (var cmd = connection.Command(script.Sql, tx))
                await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using (var record = connection.Command(dialect.RecordVersionSql, tx).With("v", script.Version).With("n", script.Name))
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            applied++;
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    /// <summary>The highest applied version (0 when the database is empty).</summary>
    public static Task<int> CurrentVersionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ReadVersionAsync(connection, null, cancellationToken);

    /// <summary>Loads the embedded Scripts/<paramref name="vendor"/>-NNN-name.sql resources of an assembly, checking 1, 2, 3… without gaps.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> LoadScripts(Assembly assembly, string vendor)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var scripts = new List<(int Version, string Name, string Sql)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ScriptName().Match(resource);
            if (!match.Success || match.Groups["vendor"].Value != vendor) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add((int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture), match.Groups["name"].Value, reader.ReadToEnd()));
        }
        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (int i = 0; i < scripts.Count; i++)
            if (scripts[i].Version != i + 1)
                throw new InvalidOperationException($"{vendor} schema scripts must be numbered 1, 2, 3… without gaps; found version {scripts[i].Version} at position {i + 1}");
        return scripts;
    }

    private static async Task<int> ReadVersionAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        await using var cmd = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version;", tx);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^Scripts/(?<vendor>[A-Za-z]+)-(?<version>\d{3})-(?<name>[A-Za-z0-9_-]+)\.sql$")]
    private static partial Regex ScriptName();
}
