using ContinualCluster.Runtime.Audit;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.PostgreSql;
using ContinualCluster.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ContinualCluster.Storage.Tests;

/// <summary>Options validation and the Add*Stores registrations: bad settings are refused before anything starts.</summary>
public sealed class StoreOptionsTests
{
    [Theory]
    [InlineData("", "ConnectionString")]
    [InlineData("Data Source=:memory:", "in-memory")]
    [InlineData("Data Source=x.db;Mode=Memory", "in-memory")]
    [InlineData("Data Source=x.db;Mode=ReadOnly", "read-only")]
    [InlineData("Data Source=x.db;Bogus Key=1", "not a valid SQLite connection string")]
    public void Sqlite_options_reject_unusable_connection_strings(string connectionString, string expected)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new SqliteStoreOptions { ConnectionString = connectionString }.Validate());
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Sqlite_options_reject_bad_timeouts()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new SqliteStoreOptions { BusyTimeout = TimeSpan.Zero }.Validate());
        Assert.Contains("BusyTimeout", ex.Message);
        ex = Assert.ThrowsAny<ArgumentException>(() => new SqliteStoreOptions { CommandTimeout = TimeSpan.FromHours(1) }.Validate());
        Assert.Contains("CommandTimeout", ex.Message);
    }

    [Theory]
    [InlineData("", "ConnectionString")]
    [InlineData("Database=x", "Host")]
    [InlineData("Host=h;Nonsense=1", "not a valid Npgsql connection string")]
    public void PostgreSql_options_reject_unusable_connection_strings(string connectionString, string expected)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new PostgreSqlStoreOptions { ConnectionString = connectionString }.Validate());
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void PostgreSql_options_reject_bad_limits()
    {
        Assert.Contains("MaxPoolSize", Assert.ThrowsAny<ArgumentException>(() =>
            new PostgreSqlStoreOptions { ConnectionString = "Host=h", MaxPoolSize = 0 }.Validate()).Message);
        Assert.Contains("ConnectTimeout", Assert.ThrowsAny<ArgumentException>(() =>
            new PostgreSqlStoreOptions { ConnectionString = "Host=h", ConnectTimeout = TimeSpan.FromMilliseconds(10) }.Validate()).Message);
    }

    [Fact]
    public async Task AddSqliteStores_registers_every_store_over_one_file()
    {
        var dir = Directory.CreateTempSubdirectory("ccl-di-test.");
        try
        {
            var services = new ServiceCollection().AddSqliteStores($"Data Source={Path.Combine(dir.FullName, "c.db")}", o => o.BusyTimeout = TimeSpan.FromSeconds(2));
            using var provider = services.BuildServiceProvider();
            Assert.IsType<SqliteGrainStateStore>(provider.GetRequiredService<IGrainStateStore>());
            Assert.IsType<SqliteMembershipStore>(provider.GetRequiredService<IMembershipStore>());
            Assert.IsType<SqliteGrainDirectoryStore>(provider.GetRequiredService<IGrainDirectoryStore>());
            Assert.IsType<SqliteAuditLog>(provider.GetRequiredService<IAuditLog>());
            var log = provider.GetRequiredService<IRequestLog>();
            Assert.True((await log.AppendAsync("l", "r", "k", [1])).Added);
            Assert.Equal(TimeSpan.FromSeconds(2), provider.GetRequiredService<SqliteStoreOptions>().BusyTimeout);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void AddPostgreSqlStores_validates_before_registering()
    {
        var services = new ServiceCollection();
        Assert.ThrowsAny<ArgumentException>(() => services.AddPostgreSqlStores("Host=h", o => o.CommandTimeout = TimeSpan.Zero));
        Assert.Empty(services);
        services.AddPostgreSqlStores("Host=127.0.0.1;Database=ccl");
        using var provider = services.BuildServiceProvider();
        Assert.IsType<PostgreSqlRequestLog>(provider.GetRequiredService<IRequestLog>());
        Assert.IsType<PostgreSqlAuditLog>(provider.GetRequiredService<IAuditLog>());
    }
}
