using Microsoft.Data.Sqlite;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite store: one database file shared by every silo on the machine.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>A Microsoft.Data.Sqlite connection string naming a file, e.g. "Data Source=/var/lib/ccl/cluster.db".</summary>
    public string ConnectionString { get; set; } = "Data Source=continualcluster.db";

    /// <summary>How long one command may run (including waiting for the write lock) before it fails.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long SQLite itself waits for a lock held by another connection or process (PRAGMA busy_timeout).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>PRAGMA synchronous=FULL (the default: a commit survives power loss) or NORMAL (survives process crashes only).</summary>
    public bool SynchronousFull { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new ArgumentException("SqliteStoreOptions.ConnectionString must not be empty", nameof(ConnectionString));
        SqliteConnectionStringBuilder builder;
        try { builder = new SqliteConnectionStringBuilder(ConnectionString); }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"SqliteStoreOptions.ConnectionString is not a valid SQLite connection string: {ex.Message}", nameof(ConnectionString), ex);
        }
        if (string.IsNullOrWhiteSpace(builder.DataSource))
            throw new ArgumentException("SqliteStoreOptions.ConnectionString must name a database file (Data Source=...)", nameof(ConnectionString));
        if (builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            throw new ArgumentException("SqliteStoreOptions.ConnectionString must name a file: an in-memory SQLite database is not durable and not shared between connections", nameof(ConnectionString));
        if (builder.Mode == SqliteOpenMode.ReadOnly)
            throw new ArgumentException("SqliteStoreOptions.ConnectionString must not be read-only (Mode=ReadOnly): the stores write", nameof(ConnectionString));
        CheckTimeout(CommandTimeout, nameof(CommandTimeout));
        CheckTimeout(BusyTimeout, nameof(BusyTimeout));
    }

    private static void CheckTimeout(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromMinutes(10))
            throw new ArgumentException($"SqliteStoreOptions.{name} must be between 0 and 10 minutes, got {value}", name);
    }
}
