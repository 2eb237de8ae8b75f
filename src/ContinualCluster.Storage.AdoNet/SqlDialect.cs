using System.Data.Common;

namespace ContinualCluster.Storage.AdoNet;

/// <summary>
/// Everything the ADO.NET stores need to know about one SQL vendor: how to open a connection, how times and JSON are
/// encoded, the statements that differ, its versioned schema scripts and what its exceptions mean. All statements the
/// stores run use @name parameters and the INSERT … ON CONFLICT … DO NOTHING / RETURNING forms both vendors accept.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>The vendor's name in messages, e.g. "SQLite".</summary>
    public abstract string Name { get; }

    /// <summary>Which database this is, for messages: a file path or host:port/database.</summary>
    public abstract string Display { get; }

    /// <summary>The vendor's schema scripts (Scripts/Vendor-NNN-name.sql), ordered by version 1, 2, 3….</summary>
    public abstract IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; }

    /// <summary>Opens a (pooled) connection configured for the stores, committing with at least <paramref name="durability"/>.</summary>
    public abstract ValueTask<DbConnection> OpenAsync(Durability durability, CancellationToken cancellationToken);

    /// <summary>Called after a <see cref="StoreFailure.ConnectionLost"/>: drop pooled connections that may be dead.</summary>
    public virtual void OnConnectionLost() { }

    /// <summary>The column value of a time (the vendor's time encoding).</summary>
    public abstract object Time(DateTimeOffset value);

    /// <summary>Reads a time column written with <see cref="Time"/> or <see cref="Now"/>.</summary>
    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>The SQL expression for "now" in <paramref name="command"/> (adding a parameter when the vendor has no precise clock function).</summary>
    public abstract string Now(DbCommand command, DateTimeOffset clientNow);

    /// <summary>The SQL expression that stores the JSON text parameter @<paramref name="parameter"/>.</summary>
    public virtual string Json(string parameter) => "@" + parameter;

    /// <summary>
    /// A statement that serializes transactions on one key (parameter @lock_key) until commit, or null when every write
    /// transaction of this vendor already runs alone (SQLite's BEGIN IMMEDIATE).
    /// </summary>
    public virtual string? KeyLockSql(int lockClass) => null;

    /// <summary>CREATE TABLE IF NOT EXISTS schema_version (version, name, applied_at).</summary>
    public abstract string SchemaVersionTableSql { get; }

    /// <summary>Records script @v named @n as applied.</summary>
    public abstract string RecordVersionSql { get; }

    /// <summary>Holds off other processes' migrations until disposed (taken before schema_version exists).</summary>
    public abstract Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>What <paramref name="exception"/> means; <see cref="StoreFailure.None"/> lets it through unchanged.</summary>
    public abstract StoreFailure Classify(Exception exception, CancellationToken cancellationToken);

    /// <summary>A one-line description of a store failure for the caller's message.</summary>
    public abstract string Describe(Exception exception);
}
