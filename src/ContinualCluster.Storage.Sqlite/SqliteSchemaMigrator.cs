namespace ContinualCluster.Storage.Sqlite;

/// <summary>The SQLite schema scripts (Scripts/Sqlite-NNN-*.sql) that <see cref="AdoNet.SqlSchemaMigrator"/> applies in order.</summary>
public static class SqliteSchemaMigrator
{
    /// <summary>The embedded scripts for this vendor, ordered by version.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts => SqliteDialect.SchemaScripts;

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => Scripts.Count == 0 ? 0 : Scripts[^1].Version;
}
