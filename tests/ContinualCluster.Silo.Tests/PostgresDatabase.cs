using Npgsql;

namespace ContinualCluster.Silo.Tests;

/// <summary>A fresh PostgreSQL database for one test class on the server named by CC_TEST_POSTGRES (set by ./run.sh test).</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private PostgresDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        string admin = Environment.GetEnvironmentVariable("CC_TEST_POSTGRES")
            ?? throw new InvalidOperationException("CC_TEST_POSTGRES is not set: run these tests with ./run.sh test, which starts a throwaway PostgreSQL");
        string name = "ccl_e2e_" + Guid.NewGuid().ToString("n")[..12];
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            await cmd.ExecuteNonQueryAsync();
        }
        var b = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new PostgresDatabase(admin, name, b.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var c = new NpgsqlConnection(_admin);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", c);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException) { }
    }
}
