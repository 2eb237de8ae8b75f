namespace ContinualCluster.Silo.Hosting;

/// <summary>Where the cluster keeps membership, directory, grain state and request logs (section "Store").</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>"sqlite" (embedded, one machine) or "postgresql".</summary>
    public string Kind { get; set; } = "sqlite";

    /// <summary>The ADO.NET connection string (SQLite: "Data Source=.data/cluster.db").</summary>
    public string ConnectionString { get; set; } = "Data Source=.data/cluster.db";

    public void Validate()
    {
        if (Kind is not ("sqlite" or "postgresql"))
            throw new ArgumentException($"Store:Kind is '{Kind}'; use sqlite or postgresql");
        if (string.IsNullOrWhiteSpace(ConnectionString)) throw new ArgumentException("Store:ConnectionString must not be empty");
    }
}
