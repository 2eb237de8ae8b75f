using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using ContinualCluster.Storage.AdoNet;
using Microsoft.Data.Sqlite;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>
/// SQLite for the ADO.NET stores: one file in WAL mode, pooled connections whose native handles get the store's
/// pragmas once, times as INTEGER microseconds since the Unix epoch, and SQLite result codes classified.
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    private const int Constraint = 19, Busy = 5, Locked = 6;
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly bool _synchronousFull;
    // Pooled connections keep their native handle and its pragmas: configure each handle once, not on every open, and
    // remember its synchronous setting so that it changes only when the next caller needs another durability.
    private readonly ConditionalWeakTable<object, StrongBox<Durability>> _configured = new();

    public SqliteDialect(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds)),
        };
        if (builder.Mode == SqliteOpenMode.ReadWrite) builder.Mode = SqliteOpenMode.ReadWriteCreate;
        _connectionString = builder.ToString();
        FilePath = Path.GetFullPath(builder.DataSource);
        _synchronousFull = options.SynchronousFull;
        _pragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {(options.SynchronousFull ? "FULL" : "NORMAL")}; PRAGMA foreign_keys = ON;");
    }

    /// <summary>The embedded Scripts/Sqlite-NNN-name.sql files.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> SchemaScripts { get; } =
        SqlSchemaMigrator.LoadScripts(typeof(SqliteDialect).Assembly, "Sqlite");

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    public override string Name => "SQLite";

    public override string Display => $"'{FilePath}'";

    public override IReadOnlyList<(int Version, string Name, string Sql)> Scripts => SchemaScripts;

    /// <summary>
    /// A pooled connection. In WAL mode synchronous=FULL fsyncs the log at every commit (survives power loss) and NORMAL
    /// does not (survives a process crash; the commit becomes power-safe at the next FULL commit or checkpoint, which
    /// fsync the whole log): <see cref="Durability.ProcessCrash"/> writes run with NORMAL.
    /// </summary>
    public override async ValueTask<DbConnection> OpenAsync(Durability durability, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            var directory = Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var handle = (object?)connection.Handle ?? connection;
            if (!_configured.TryGetValue(handle, out var current))
            {
                await ExecAsync(connection, _pragmas, cancellationToken).ConfigureAwait(false);
                current = new StrongBox<Durability>(Durability.PowerLoss);
                _configured.AddOrUpdate(handle, current);
            }
            if (_synchronousFull && current.Value != durability)
            {
                await ExecAsync(connection, durability == Durability.PowerLoss ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;", cancellationToken)
                    .ConfigureAwait(false);
                current.Value = durability;
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Microseconds since the Unix epoch (UTC): exact, ordered integer comparisons.</summary>
    public override object Time(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + reader.GetInt64(ordinal) * 10, TimeSpan.Zero);

    /// <summary>SQLite's clock functions stop at milliseconds: the client's clock, as a parameter.</summary>
    public override string Now(DbCommand command, DateTimeOffset clientNow)
    {
        var p = command.CreateParameter();
        p.ParameterName = "now";
        p.Value = Time(clientNow);
        command.Parameters.Add(p);
        return "@now";
    }

    public override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);";

    public override string RecordVersionSql =>
        "INSERT INTO schema_version (version, name, applied_at) VALUES (@v, @n, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));";

    /// <summary>WAL mode (persistent in the file); the migration's BEGIN IMMEDIATE transaction is the lock.</summary>
    public override async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        return NoLock.Instance;
    }

    public override StoreFailure Classify(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        SqliteException { SqliteErrorCode: Constraint } => StoreFailure.UniqueViolation,
        SqliteException { SqliteErrorCode: Busy or Locked } => StoreFailure.SerializationFailure,
        SqliteException or IOException or UnauthorizedAccessException => StoreFailure.Unavailable,
        _ => StoreFailure.None,
    };

    public override string Describe(Exception exception) =>
        exception is SqliteException ex ? $"{ex.Message} (SQLite error {ex.SqliteErrorCode})" : exception.Message;

    private static async Task ExecAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => default;
    }
}
