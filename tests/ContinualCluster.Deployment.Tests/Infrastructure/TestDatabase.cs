using ContinualCluster.TestKit.Storage;
using Npgsql;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>A fresh PostgreSQL database on the test server (CC_TEST_POSTGRES or a throwaway one), dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly PostgreSqlTestServer _server;
    public string ConnectionString { get; }

    private TestDatabase(PostgreSqlTestServer server, string connectionString) { _server = server; ConnectionString = connectionString; }

    public static async Task<TestDatabase> CreateAsync(string prefix = "deploy")
    {
        var server = await PostgreSqlTestServer.GetSharedAsync();
        return new TestDatabase(server, await server.CreateDatabaseAsync(prefix));
    }

    public string Name => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    /// <summary>The same database as a libpq connection string, for psql, pg_dump and pg_restore.</summary>
    public string LibpqConnInfo
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(ConnectionString);
            var s = $"host={b.Host} port={b.Port} user={b.Username} dbname={b.Database}";
            return string.IsNullOrEmpty(b.Password) ? s : s + $" password={b.Password}";
        }
    }

    /// <summary>Runs SQL as the server's superuser in this database (tests use it to tamper past the append-only triggers).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of every row a query returns, as text.</summary>
    public async Task<List<string>> QueryStringsAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _server.DropDatabaseAsync(ConnectionString);
    }
}
