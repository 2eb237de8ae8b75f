namespace ContinualCluster.Runtime.InMemory;

/// <summary>One set of the four in-memory stores sharing an outage switch; silos of one in-process cluster share it.</summary>
public sealed class InMemoryStores
{
    public StoreOutageSwitch Outage { get; } = new();

    public InMemoryStores()
    {
        State = new InMemoryGrainStateStore(Outage);
        Membership = new InMemoryMembershipStore(Outage);
        Directory = new InMemoryGrainDirectoryStore(Outage);
        RequestLog = new InMemoryRequestLog(Outage);
    }

    public InMemoryGrainStateStore State { get; }

    public InMemoryMembershipStore Membership { get; }

    public InMemoryGrainDirectoryStore Directory { get; }

    public InMemoryRequestLog RequestLog { get; }
}
