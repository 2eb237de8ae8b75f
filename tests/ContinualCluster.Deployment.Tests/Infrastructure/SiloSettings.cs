using System.Reflection;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Grains.Learning;
using ContinualCluster.Silo.Gateway;
using ContinualCluster.Silo.Hosting;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// The configuration the silo host reads from the environment (prefix CCL_, sections split by "__"), taken from its
/// own option types, plus the keys it reads directly (<see cref="DirectKeys"/>, each checked against its source).
/// </summary>
public static class SiloSettings
{
    public const string Prefix = ConfigurationExtensions.EnvironmentPrefix;
    public const string GatewayPort = "CCL_Gateway__Port";
    public const string SiloPort = "CCL_Silo__Port";
    public const string SiloName = "CCL_Silo__Name";
    public const string SiloLabels = "CCL_Silo__Labels";

    /// <summary>Each configuration section and the type the silo binds it to.</summary>
    public static readonly IReadOnlyList<(string Section, Type Options)> Sections =
    [
        (Silo.Hosting.SiloOptions.Section, typeof(Silo.Hosting.SiloOptions)),
        (GatewayOptions.Section, typeof(GatewayOptions)),
        (StoreOptions.Section, typeof(StoreOptions)),
        (ClusterOptions.Section, typeof(ClusterOptions)),
        (LearningOptions.Section, typeof(LearningOptions)),
        ("Stream", typeof(StreamEngineOptions)),
    ];

    /// <summary>Keys the silo reads with configuration["..."] rather than through an option type.</summary>
    public static readonly IReadOnlyList<string> DirectKeys = ["Silo:ListenAddress", "Silo:AdvertisedHost"];

    /// <summary>True when the silo reads this CCL_ variable (list properties take an index: CCL_Gateway__Keys__0).</summary>
    public static bool IsKnown(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = name[Prefix.Length..].Split("__");
        if (DirectKeys.Contains(string.Join(':', parts), StringComparer.OrdinalIgnoreCase)) return true;
        if (parts.Length < 2) return false;
        var type = Sections.FirstOrDefault(s => string.Equals(s.Section, parts[0], StringComparison.OrdinalIgnoreCase)).Options;
        var prop = type?.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (prop is null || !prop.CanWrite) return false;
        bool isList = prop.PropertyType != typeof(string) && prop.PropertyType.IsAssignableTo(typeof(System.Collections.IEnumerable));
        return parts.Length == 2 ? !isList : parts.Length == 3 && isList && int.TryParse(parts[2], out var i) && i >= 0;
    }
}
