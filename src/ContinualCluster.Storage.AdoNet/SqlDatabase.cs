using System.Data.Common;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Storage.AdoNet;

/// <summary>
/// One database as the stores use it, whatever its vendor: a pooled connection per operation, the schema brought up
/// to date once per process, and every store failure turned into a <see cref="StoreUnavailableException"/> naming the
/// database and the operation.
/// </summary>
public class SqlDatabase
{
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public SqlDatabase(SqlDialect dialect, TimeProvider? clock = null)
    {
        Dialect = dialect ?? throw new ArgumentNullException(nameof(dialect));
        Clock = clock ?? TimeProvider.System;
    }

    /// <summary>The vendor's dialect.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The clock for times the client supplies (heartbeats come from the caller instead).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Opens a pooled connection (schema ensured), runs <paramref name="body"/> and maps store failures.</summary>
    public async Task<T> RunAsync<T>(string operation, Func<DbConnection, Task<T>> body, CancellationToken cancellationToken,
        Durability durability = Durability.PowerLoss)
    {
        try
        {
            await using var connection = await OpenAsync(durability, cancellationToken).ConfigureAwait(false);
            return await body(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (Dialect.Classify(ex, cancellationToken) is var failure && failure != StoreFailure.None)
        {
            if (failure == StoreFailure.ConnectionLost) Dialect.OnConnectionLost();
            throw new StoreUnavailableException($"{Dialect.Name} store {Dialect.Display} failed while {operation}: {Dialect.Describe(ex)}", ex);
        }
    }

    /// <summary>Applies any schema scripts not yet applied and returns the schema version now in force.</summary>
    public Task<int> EnsureSchemaAsync(CancellationToken cancellationToken = default) =>
        RunAsync("migrating the schema", c => SqlSchemaMigrator.CurrentVersionAsync(c, cancellationToken), cancellationToken);

    private async Task<DbConnection> OpenAsync(Durability durability, CancellationToken cancellationToken)
    {
        var connection = await Dialect.OpenAsync(durability, cancellationToken).ConfigureAwait(false);
        if (_schemaReady) return connection;
        try
        {
            await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_schemaReady) await SqlSchemaMigrator.MigrateAsync(Dialect, connection, cancellationToken).ConfigureAwait(false);
                _schemaReady = true;
            }
            finally
            {
                _schemaGate.Release();
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
