using System.Data.Common;
using System.Net.Sockets;
using ContinualCluster.Storage.AdoNet;
using Npgsql;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>
/// PostgreSQL for the ADO.NET stores: a pooled <see cref="NpgsqlDataSource"/> with connect and command timeouts and
/// automatic preparation of the stores' statements, timestamptz times on the server's clock, jsonb labels,
/// transaction advisory locks for per-log ordering, and SQLSTATEs classified. After a connection-level failure the
/// pool is cleared, so the first call after the server comes back gets a fresh connection instead of a dead pooled one.
/// </summary>
public sealed class PostgreSqlDialect : SqlDialect, IAsyncDisposable
{
    /// <summary>The advisory lock (two-key form) held while migrating: 'CCL' and 1.</summary>
    public const int MigrationLockClass = 0x43434C, MigrationLock = 1;

    private readonly NpgsqlDataSource _dataSource;

    public PostgreSqlDialect(PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        var cs = builder.ConnectionStringBuilder;
        cs.Pooling = true;
        cs.MaxPoolSize = options.MaxPoolSize;
        cs.Timeout = Math.Max(1, (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds));
        cs.CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        cs.CancellationTimeout = 2000;
        // The stores run a few dozen fixed statements: prepare them on the server once per connection, parse/plan once.
        if (cs.MaxAutoPrepare == 0) cs.MaxAutoPrepare = 32;
        cs.AutoPrepareMinUsages = 2;
        // The stores leave no session state behind (only transaction-scoped locks): skip the reset on every return to the pool.
        cs.NoResetOnClose = true;
        Display = $"{cs.Host}:{cs.Port}/{cs.Database}";
        _dataSource = builder.Build();
    }

    /// <summary>The embedded Scripts/PostgreSql-NNN-name.sql files.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> SchemaScripts { get; } =
        SqlSchemaMigrator.LoadScripts(typeof(PostgreSqlDialect).Assembly, "PostgreSql");

    public override string Name => "PostgreSQL";

    public override string Display { get; }

    public override IReadOnlyList<(int Version, string Name, string Sql)> Scripts => SchemaScripts;

    /// <summary>
    /// A pooled connection; every commit waits for the server's WAL flush whatever <paramref name="durability"/> asks:
    /// silos on other machines outlive a server crash, so no row may be lost with it.
    /// </summary>
    public override async ValueTask<DbConnection> OpenAsync(Durability durability, CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override void OnConnectionLost() => _dataSource.Clear();

    public override object Time(DateTimeOffset value) => value.ToUniversalTime();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>The server's clock, so that silos on different machines stamp rows from one clock.</summary>
    public override string Now(DbCommand command, DateTimeOffset clientNow) => "clock_timestamp()";

    public override string Json(string parameter) => $"CAST(@{parameter} AS jsonb)";

    public override string KeyLockSql(int lockClass) => $"SELECT pg_advisory_xact_lock({lockClass}, hashtext(@lock_key));";

    public override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());";

    public override string RecordVersionSql => "INSERT INTO schema_version (version, name) VALUES (@v, @n);";

    /// <summary>A session advisory lock serializes silos that start at once (taken before schema_version exists).</summary>
    public override async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await ExecAsync(connection, $"SELECT pg_advisory_lock({MigrationLockClass}, {MigrationLock});", cancellationToken).ConfigureAwait(false);
        return new MigrationLockHandle(connection);
    }

    public override StoreFailure Classify(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => StoreFailure.None,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => StoreFailure.UniqueViolation,
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => StoreFailure.SerializationFailure,
        PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) => StoreFailure.ConnectionLost,
        PostgresException => StoreFailure.Unavailable,
        NpgsqlException or TimeoutException or SocketException or IOException => StoreFailure.ConnectionLost,
        InvalidOperationException when exception.InnerException is NpgsqlException => StoreFailure.ConnectionLost,
        _ => StoreFailure.None,
    };

    public override string Describe(Exception exception) => exception switch
    {
        PostgresException pg => $"{pg.MessageText} (SQLSTATE {pg.SqlState})",
        NpgsqlException { InnerException: TimeoutException } => "timed out (the server did not answer in time)",
        NpgsqlException { InnerException: SocketException se } => $"cannot connect: {se.Message}",
        _ => exception.Message,
    };

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task ExecAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private sealed class MigrationLockHandle(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State == System.Data.ConnectionState.Open)
                await ExecAsync(connection, $"SELECT pg_advisory_unlock({MigrationLockClass}, {MigrationLock});", CancellationToken.None).ConfigureAwait(false);
        }
    }
}
