using System.Text.RegularExpressions;

namespace ContinualCluster.Runtime.Hosting;

/// <summary>Everything a silo needs to join a cluster; <see cref="Validate"/> names the first wrong setting.</summary>
public sealed partial class SiloOptions
{
    /// <summary>Stable name of this silo (letters, digits, '.', '-', '_'); a restart keeps it and gets a new generation.</summary>
    public string SiloId { get; set; } = Environment.MachineName;

    /// <summary>Address Kestrel listens on for silo-to-silo traffic.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Host name or address other silos use to reach this one.</summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port; 0 picks a free one.</summary>
    public int SiloPort { get; set; }

    /// <summary>Labels published in membership, e.g. gpu=true, gpu-memory=24GiB, zone=a.</summary>
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>False for a silo that only calls grains (a gateway or test client): nothing is placed on it.</summary>
    public bool HostsGrains { get; set; } = true;

    public StoreKind StoreKind { get; set; } = StoreKind.InMemory;

    /// <summary>Connection string for SQLite or PostgreSQL stores.</summary>
    public string? StoreConnectionString { get; set; }

    /// <summary>Shared secret every silo presents to the others (at least 16 characters).</summary>
    public string ClusterSecret { get; set; } = "";

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo that could not renew its heartbeat for this long stops serving (must be below DeadTimeout).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Others declare a silo dead after seeing its heartbeat unchanged for this long.</summary>
    public TimeSpan DeadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MembershipRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Activations idle this long are deactivated (a grain class can override it with [CollectionAgeLimit]).</summary>
    public TimeSpan IdleCollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sum of EstimatedMemoryBytes allowed on this silo before LRU eviction; 0 means no budget.</summary>
    public long MemoryBudgetBytes { get; set; }

    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How often a call is re-routed after "not here" or an unreachable silo before it fails.</summary>
    public int MaxCallAttempts { get; set; } = 5;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(SiloId) || !IdPattern().IsMatch(SiloId))
            throw new ArgumentException($"SiloId '{SiloId}' must be 1-100 letters, digits, '.', '-' or '_'.", nameof(SiloId));
        if (SiloPort is < 0 or > 65535) throw new ArgumentException($"SiloPort {SiloPort} must be 0-65535.", nameof(SiloPort));
        if (string.IsNullOrWhiteSpace(ListenAddress)) throw new ArgumentException("ListenAddress is required.", nameof(ListenAddress));
        if (string.IsNullOrWhiteSpace(AdvertisedHost)) throw new ArgumentException("AdvertisedHost is required.", nameof(AdvertisedHost));
        if (ClusterSecret is null || ClusterSecret.Length < 16)
            throw new ArgumentException("ClusterSecret must be at least 16 characters.", nameof(ClusterSecret));
        foreach (var (k, v) in Labels)
            if (string.IsNullOrWhiteSpace(k) || k.Contains('=') || k.Contains(',') || v is null || v.Contains(','))
                throw new ArgumentException($"Label '{k}={v}' must have a non-empty key without '=' or ',' and a value without ','.", nameof(Labels));
        Positive(HeartbeatInterval, nameof(HeartbeatInterval));
        Positive(MembershipRefreshInterval, nameof(MembershipRefreshInterval));
        Positive(IdleCollectionAge, nameof(IdleCollectionAge));
        Positive(CollectionInterval, nameof(CollectionInterval));
        Positive(ResponseTimeout, nameof(ResponseTimeout));
        Positive(ConnectTimeout, nameof(ConnectTimeout));
        if (Lease < HeartbeatInterval * 2)
            throw new ArgumentException($"Lease {Lease} must be at least twice HeartbeatInterval {HeartbeatInterval}.", nameof(Lease));
        if (DeadTimeout <= Lease + HeartbeatInterval)
            throw new ArgumentException($"DeadTimeout {DeadTimeout} must exceed Lease + HeartbeatInterval ({Lease + HeartbeatInterval}) so a silo stops serving before it can be declared dead.", nameof(DeadTimeout));
        if (MemoryBudgetBytes < 0) throw new ArgumentException("MemoryBudgetBytes must not be negative.", nameof(MemoryBudgetBytes));
        if (MaxMessageBytes < 1024) throw new ArgumentException("MaxMessageBytes must be at least 1024.", nameof(MaxMessageBytes));
        if (MaxCallAttempts < 1) throw new ArgumentException("MaxCallAttempts must be at least 1.", nameof(MaxCallAttempts));
        if (StoreKind != StoreKind.InMemory && string.IsNullOrWhiteSpace(StoreConnectionString))
            throw new ArgumentException($"StoreConnectionString is required for store kind {StoreKind}.", nameof(StoreConnectionString));
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero) throw new ArgumentException($"{name} must be positive.", name);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex IdPattern();
}
