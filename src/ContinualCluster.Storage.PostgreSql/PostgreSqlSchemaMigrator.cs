namespace ContinualCluster.Storage.PostgreSql;

/// <summary>The PostgreSQL schema scripts (Scripts/PostgreSql-NNN-*.sql) that <see cref="AdoNet.SqlSchemaMigrator"/> applies in order.</summary>
public static class PostgreSqlSchemaMigrator
{
    /// <summary>The embedded scripts for this vendor, ordered by version.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts => PostgreSqlDialect.SchemaScripts;

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => Scripts.Count == 0 ? 0 : Scripts[^1].Version;
}
