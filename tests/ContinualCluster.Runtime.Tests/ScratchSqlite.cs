using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.Sqlite;

namespace ContinualCluster.Runtime.Tests;

/// <summary>A throwaway SQLite database file for the process tests: its stores are handed to a scenario and the file is removed afterwards.</summary>
internal static class ScratchSqlite
{
    public static async Task RunAsync(string prefix, Func<string, IGrainStateStore, IGrainDirectoryStore, IMembershipStore, Task> scenario)
    {
        var dir = Directory.CreateTempSubdirectory(prefix);
        try
        {
            string cs = $"Data Source={Path.Combine(dir.FullName, "cluster.db")}";
            var db = new SqliteDatabase(new SqliteStoreOptions { ConnectionString = cs, SynchronousFull = false });
            await scenario(cs, new SqliteGrainStateStore(db), new SqliteGrainDirectoryStore(db), new SqliteMembershipStore(db));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }
}
