using Xunit;
using Xunit.Sdk;

namespace ContinualCluster.TestKit.Storage;

/// <summary>A fact that is skipped with a clear reason when its class is marked <see cref="RequiresPostgreSqlAttribute"/> and PostgreSQL cannot exist here.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("ContinualCluster.TestKit.Storage.StoreFactDiscoverer", "ContinualCluster.TestKit")]
public sealed class StoreFactAttribute : FactAttribute
{
}
