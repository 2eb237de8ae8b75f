using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.AdoNet;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>
/// One PostgreSQL database as the stores use it: a pooled data source, the schema brought up to date once per process,
/// and every failure turned into a <see cref="StoreUnavailableException"/> (see <see cref="PostgreSqlDialect"/>).
/// </summary>
public sealed class PostgreSqlDatabase : SqlDatabase, IAsyncDisposable
{
    public PostgreSqlDatabase(PostgreSqlStoreOptions options) : base(new PostgreSqlDialect(options ?? throw new ArgumentNullException(nameof(options)))) =>
        Options = options;

    /// <summary>The validated options this database was opened with.</summary>
    public PostgreSqlStoreOptions Options { get; }

    public ValueTask DisposeAsync() => ((PostgreSqlDialect)Dialect).DisposeAsync();
}
