namespace ContinualCluster.Runtime.Hosting;

/// <summary>Which engine holds membership, the directory, grain state and the request log.</summary>
public enum StoreKind
{
    InMemory = 0,
    Sqlite = 1,
    PostgreSql = 2,
}
