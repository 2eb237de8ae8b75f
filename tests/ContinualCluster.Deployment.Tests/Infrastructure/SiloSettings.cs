namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>The configuration the silo host reads from the environment (prefix CCL_, sections split by "__").</summary>
public static class SiloSettings
{
    public const string Prefix = "CCL_";
    public const string GatewayPort = "CCL_Gateway__Port";
    public const string SiloPort = "CCL_Silo__Port";
    public const string SiloName = "CCL_Silo__Name";
    public const string SiloLabels = "CCL_Silo__Labels";

    /// <summary>Exact names (no index) the silo binds; indexed lists (Keys__0, Keys__1, ...) are in <see cref="IndexedLists"/>.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "CCL_Store__Kind", "CCL_Store__ConnectionString",
        SiloName, SiloPort, SiloLabels, "CCL_Silo__ListenAddress", "CCL_Silo__AdvertisedHost",
        "CCL_Learning__BackboneCache",
        GatewayPort, "CCL_Gateway__Host",
        "CCL_Cluster__Secret",
    };

    public static readonly IReadOnlySet<string> IndexedLists = new HashSet<string>(StringComparer.Ordinal) { "CCL_Gateway__Keys" };

    /// <summary>True when the silo reads this CCL_ variable.</summary>
    public static bool IsKnown(string name)
    {
        if (Names.Contains(name)) return true;
        int cut = name.LastIndexOf("__", StringComparison.Ordinal);
        return cut > 0 && IndexedLists.Contains(name[..cut]) && int.TryParse(name[(cut + 2)..], out var i) && i >= 0;
    }
}
