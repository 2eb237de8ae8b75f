using System.Globalization;
using ContinualCluster.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>
/// One SQLite database file as the stores use it: pooled connections with the store's pragmas, the schema brought up
/// to date once per process, and every SQLite failure turned into a <see cref="StoreUnavailableException"/>.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteDatabase(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds)),
        };
        if (builder.Mode == SqliteOpenMode.ReadWrite) builder.Mode = SqliteOpenMode.ReadWriteCreate;
        _connectionString = builder.ToString();
        FilePath = Path.GetFullPath(builder.DataSource);
        _pragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {(options.SynchronousFull ? "FULL" : "NORMAL")}; PRAGMA foreign_keys = ON;");
    }

    /// <summary>The validated options this database was opened with.</summary>
    public SqliteStoreOptions Options { get; }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>Opens a pooled connection (schema ensured), runs <paramref name="body"/> and maps SQLite failures.</summary>
    public async Task<T> RunAsync<T>(string operation, Func<SqliteConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await body(connection).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw new StoreUnavailableException(
                $"SQLite store '{FilePath}' failed while {operation}: {ex.Message} (SQLite error {ex.SqliteErrorCode})", ex);
        }
    }

    /// <summary>Applies any schema scripts not yet applied (idempotent; safe when several processes start at once).</summary>
    public Task<int> EnsureSchemaAsync(CancellationToken cancellationToken = default) =>
        RunAsync("migrating the schema", c => SqliteSchemaMigrator.CurrentVersionAsync(c, cancellationToken), cancellationToken);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            var directory = Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = _pragmas;
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            if (!_schemaReady) await MigrateOnceAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task MigrateOnceAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady) return;
            await SqliteSchemaMigrator.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
