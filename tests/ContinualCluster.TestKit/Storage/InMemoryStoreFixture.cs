using ContinualCluster.Runtime.Audit;
using ContinualCluster.Runtime.InMemory;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.TestKit.Storage;

/// <summary>The runtime's in-memory stores (and the in-memory audit log), fresh per test class.</summary>
public sealed class InMemoryStoreFixture : IStoreFixture
{
    private readonly InMemoryStores _stores = new();

    public string Name => "in-memory";
    public IGrainStateStore State => _stores.State;
    public IMembershipStore Membership => _stores.Membership;
    public IGrainDirectoryStore Directory => _stores.Directory;
    public IRequestLog Requests => _stores.RequestLog;
    public IAuditLog Audit { get; } = new InMemoryAuditLog();
}
