using System.Net.Sockets;
using ContinualCluster.Runtime.Storage;
using Npgsql;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>
/// One PostgreSQL database as the stores use it: a pooled <see cref="NpgsqlDataSource"/> with connect and command
/// timeouts, the schema brought up to date once per process, and every failure turned into a
/// <see cref="StoreUnavailableException"/>. After a connection-level failure the pool is cleared, so the first call
/// after the server comes back gets a fresh connection instead of a dead pooled one.
/// </summary>
public sealed class PostgreSqlDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private readonly string _display;
    private volatile bool _schemaReady;

    public PostgreSqlDatabase(PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConnectionStringBuilder.Pooling = true;
        builder.ConnectionStringBuilder.MaxPoolSize = options.MaxPoolSize;
        builder.ConnectionStringBuilder.Timeout = Math.Max(1, (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds));
        builder.ConnectionStringBuilder.CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        builder.ConnectionStringBuilder.CancellationTimeout = 2000;
        _display = $"{builder.ConnectionStringBuilder.Host}:{builder.ConnectionStringBuilder.Port}/{builder.ConnectionStringBuilder.Database}";
        _dataSource = builder.Build();
    }

    /// <summary>The validated options this database was opened with.</summary>
    public PostgreSqlStoreOptions Options { get; }

    /// <summary>Opens a pooled connection (schema ensured), runs <paramref name="body"/> and maps Npgsql failures.</summary>
    public async Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await body(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            if (ex is not PostgresException pg || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal))
                _dataSource.Clear();
            throw new StoreUnavailableException($"PostgreSQL store {_display} failed while {operation}: {Describe(ex)}", ex);
        }
    }

    /// <summary>Applies any schema scripts not yet applied and returns the schema version now in force.</summary>
    public Task<int> EnsureSchemaAsync(CancellationToken cancellationToken = default) =>
        RunAsync("migrating the schema", c => PostgreSqlSchemaMigrator.CurrentVersionAsync(c, cancellationToken), cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (_schemaReady) return connection;
        try
        {
            await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_schemaReady) await PostgreSqlSchemaMigrator.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
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

    private static bool IsStoreFailure(Exception ex, CancellationToken ct) => ex switch
    {
        OperationCanceledException when ct.IsCancellationRequested => false,
        NpgsqlException or TimeoutException or SocketException or IOException => true,
        InvalidOperationException when ex.InnerException is NpgsqlException => true,
        _ => false,
    };

    private static string Describe(Exception ex) => ex switch
    {
        PostgresException pg => $"{pg.MessageText} (SQLSTATE {pg.SqlState})",
        NpgsqlException { InnerException: TimeoutException } => "timed out (the server did not answer in time)",
        NpgsqlException { InnerException: SocketException se } => $"cannot connect: {se.Message}",
        _ => ex.Message,
    };
}
