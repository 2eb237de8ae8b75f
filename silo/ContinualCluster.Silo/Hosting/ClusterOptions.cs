namespace ContinualCluster.Silo.Hosting;

/// <summary>Settings shared by every silo of one cluster (section "Cluster"): its id and the secret silos authenticate with.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    public string Id { get; set; } = "ccl";

    /// <summary>Shared secret for silo-to-silo calls; at least 16 characters outside development.</summary>
    public string Secret { get; set; } = "";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Id)) throw new ArgumentException("Cluster:Id must not be empty");
        if (Secret.Length is > 0 and < 16) throw new ArgumentException("Cluster:Secret is shorter than 16 characters");
    }
}
