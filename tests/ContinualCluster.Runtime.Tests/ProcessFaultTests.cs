using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.PostgreSql;
using ContinualCluster.Storage.Sqlite;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace ContinualCluster.Runtime.Tests;

/// <summary>kill -9 of a real silo process hosting a stateful grain in the middle of calls, over SQLite and PostgreSQL.</summary>
public sealed class ProcessFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Kill_9_of_the_hosting_silo_over_sqlite_loses_no_acknowledged_write()
    {
        var dir = Directory.CreateTempSubdirectory("ccl-kill9.");
        try
        {
            string cs = $"Data Source={Path.Combine(dir.FullName, "cluster.db")}";
            var db = new SqliteDatabase(new SqliteStoreOptions { ConnectionString = cs, SynchronousFull = false });
            await KillNineScenario.RunAsync("sqlite", cs, new SqliteGrainStateStore(db), new SqliteGrainDirectoryStore(db), new SqliteMembershipStore(db), output.WriteLine);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [PostgresFact]
    public async Task Kill_9_of_the_hosting_silo_over_postgresql_loses_no_acknowledged_write()
    {
        var admin = Environment.GetEnvironmentVariable("CC_TEST_POSTGRES")!;
        string name = "ccl_kill9_" + Guid.NewGuid().ToString("N")[..10];
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            await cmd.ExecuteNonQueryAsync();
        }
        string cs = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        await using var db = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = cs });
        await KillNineScenario.RunAsync("postgresql", cs, new PostgreSqlGrainStateStore(db), new PostgreSqlGrainDirectoryStore(db), new PostgreSqlMembershipStore(db), output.WriteLine);
    }
}
