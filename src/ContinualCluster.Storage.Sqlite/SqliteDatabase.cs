using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.AdoNet;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>
/// One SQLite database file as the stores use it: pooled connections with the store's pragmas, the schema brought up
/// to date once per process, and every SQLite failure turned into a <see cref="StoreUnavailableException"/>.
/// </summary>
public sealed class SqliteDatabase : SqlDatabase
{
    public SqliteDatabase(SqliteStoreOptions options) : base(new SqliteDialect(options ?? throw new ArgumentNullException(nameof(options)))) =>
        Options = options;

    /// <summary>The validated options this database was opened with.</summary>
    public SqliteStoreOptions Options { get; }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath => ((SqliteDialect)Dialect).FilePath;
}
