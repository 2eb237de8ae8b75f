using ContinualCluster.Runtime.Audit;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.TestKit.Storage;

/// <summary>One store implementation's instances, as the contract suite exercises them (one fresh database per test class).</summary>
public interface IStoreFixture
{
    /// <summary>A short name for messages: "in-memory", "sqlite", "postgresql".</summary>
    string Name { get; }

    IGrainStateStore State { get; }
    IMembershipStore Membership { get; }
    IGrainDirectoryStore Directory { get; }
    IRequestLog Requests { get; }
    IAuditLog Audit { get; }
}
