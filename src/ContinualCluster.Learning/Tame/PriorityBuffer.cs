namespace ContinualCluster.Learning.Tame;

/// <summary>Per-pool random-priority reservoirs: each pool keeps its highest-priority samples, which is a uniform random subsample of what it was offered.
/// The capacity is either split evenly over the pools seen so far (TAME's selector buffer: pools are classes) or given per pool (the pruning buffer: pools are experts).</summary>
public sealed class PriorityBuffer
{
    private readonly Dictionary<int, SortedSet<BufferedSample>> _pools = new();
    private readonly Dictionary<string, (int Pool, BufferedSample Sample)> _byId = new(StringComparer.Ordinal);
    private readonly Func<BufferedSample, int> _poolOf;

    private static readonly Comparer<BufferedSample> ByPriority = Comparer<BufferedSample>.Create((a, b) =>
    {
        int c = a.Priority.CompareTo(b.Priority);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    });

    public PriorityBuffer(int capacity, bool capacityPerPool, Func<BufferedSample, int> poolOf)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be at least 1.");
        Capacity = capacity;
        CapacityPerPool = capacityPerPool;
        _poolOf = poolOf ?? throw new ArgumentNullException(nameof(poolOf));
    }

    public int Capacity { get; }

    public bool CapacityPerPool { get; }

    public int Count => _byId.Count;

    public int PoolCount => _pools.Count;

    /// <summary>How many samples one pool may hold now.</summary>
    public int PoolCapacity => CapacityPerPool ? Capacity : Math.Max(1, Capacity / Math.Max(1, _pools.Count));

    public bool Contains(string id) => _byId.ContainsKey(id);

    /// <summary>Samples held per pool.</summary>
    public IReadOnlyDictionary<int, int> PoolSizes => _pools.ToDictionary(p => p.Key, p => p.Value.Count);

    /// <summary>Would a sample of this priority enter the pool now? (Lets callers skip copying pixels that would be rejected.)</summary>
    public bool WouldAccept(int pool, double priority)
    {
        if (!_pools.TryGetValue(pool, out var set)) return true;
        int cap = CapacityPerPool || _pools.ContainsKey(pool) ? PoolCapacity : Math.Max(1, Capacity / (_pools.Count + 1));
        return set.Count < cap || priority > set.Min!.Priority;
    }

    /// <summary>Offers a sample; an id already held is ignored. Returns whether the sample is held afterwards.</summary>
    public bool Offer(BufferedSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (_byId.ContainsKey(sample.Id)) return false;
        int pool = _poolOf(sample);
        if (!_pools.TryGetValue(pool, out var set))
        {
            set = new SortedSet<BufferedSample>(ByPriority);
            _pools[pool] = set;
        }
        set.Add(sample);
        _byId[sample.Id] = (pool, sample);
        Trim();
        return _byId.ContainsKey(sample.Id);
    }

    /// <summary>Removes a sample by id (a deletion). Returns whether it was held.</summary>
    public bool Remove(string id)
    {
        if (!_byId.Remove(id, out var entry)) return false;
        var set = _pools[entry.Pool];
        set.Remove(entry.Sample);
        if (set.Count == 0) _pools.Remove(entry.Pool);
        return true;
    }

    /// <summary>Removes every sample of an owner; returns how many were held.</summary>
    public int RemoveOwner(string ownerId) =>
        _byId.Values.Where(e => e.Sample.OwnerId == ownerId).Select(e => e.Sample.Id).ToList().Count(Remove);

    /// <summary>A snapshot of the held samples, pool by pool, highest priority first.</summary>
    public IReadOnlyList<BufferedSample> Samples() =>
        _pools.OrderBy(p => p.Key).SelectMany(p => p.Value.Reverse()).ToList();

    /// <summary>The held samples of one pool.</summary>
    public IReadOnlyList<BufferedSample> Pool(int pool) =>
        _pools.TryGetValue(pool, out var set) ? set.Reverse().ToList() : [];

    private void Trim()
    {
        int cap = PoolCapacity;
        foreach (var set in _pools.Values)
            while (set.Count > cap)
            {
                var min = set.Min!;
                set.Remove(min);
                _byId.Remove(min.Id);
            }
    }
}
