using Npgsql;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>A fresh PostgreSQL database on the server named by CC_TEST_POSTGRES, dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _admin;
    public string Name { get; }
    public string ConnectionString { get; }

    private TestDatabase(string admin, string name, string connectionString) { _admin = admin; Name = name; ConnectionString = connectionString; }

    public static async Task<TestDatabase> CreateAsync()
    {
        string admin = Environment.GetEnvironmentVariable("CC_TEST_POSTGRES")
            ?? throw new InvalidOperationException("CC_TEST_POSTGRES is not set");
        string name = "ccl_deploy_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var b = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(admin, name, b.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
