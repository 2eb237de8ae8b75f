using Npgsql;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>Settings of the PostgreSQL store: the shared source of truth for a multi-machine cluster.</summary>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>An Npgsql connection string, e.g. "Host=db;Database=ccl;Username=ccl;Password=…".</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long one command may run before it fails with a StoreUnavailableException.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long opening a connection may take (server down, network partition) before the call fails.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most pooled connections one silo keeps to the server.</summary>
    public int MaxPoolSize { get; set; } = 50;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new ArgumentException("PostgreSqlStoreOptions.ConnectionString must not be empty", nameof(ConnectionString));
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(ConnectionString); }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"PostgreSqlStoreOptions.ConnectionString is not a valid Npgsql connection string: {ex.Message}", nameof(ConnectionString), ex);
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
            throw new ArgumentException("PostgreSqlStoreOptions.ConnectionString must name a Host", nameof(ConnectionString));
        if (CommandTimeout <= TimeSpan.Zero || CommandTimeout > TimeSpan.FromMinutes(10))
            throw new ArgumentException($"PostgreSqlStoreOptions.CommandTimeout must be between 0 and 10 minutes, got {CommandTimeout}", nameof(CommandTimeout));
        if (ConnectTimeout < TimeSpan.FromSeconds(1) || ConnectTimeout > TimeSpan.FromMinutes(2))
            throw new ArgumentException($"PostgreSqlStoreOptions.ConnectTimeout must be between 1 s and 2 minutes, got {ConnectTimeout}", nameof(ConnectTimeout));
        if (MaxPoolSize is < 1 or > 1000)
            throw new ArgumentException($"PostgreSqlStoreOptions.MaxPoolSize must be between 1 and 1000, got {MaxPoolSize}", nameof(MaxPoolSize));
    }
}
