namespace ContinualCluster.Learning.Unlearning.Sequences;

/// <summary>
/// The deletion bookkeeping of one shard: its B sequences, how many stages of each are trained and how long a prefix
/// of each is still untouched by deletions. Pure integers, no tensors: Delete() runs on this alone.
/// </summary>
public sealed class ShardSequenceState
{
    private readonly int[][] _orders;
    private readonly int[][] _positionOf;
    private readonly int[] _trained;
    private readonly int[] _live;

    /// <summary>Creates the state for the given sequences (each a permutation of 0..L−1), none trained yet.</summary>
    public ShardSequenceState(IReadOnlyList<int[]> orders, int slices)
    {
        ArgumentNullException.ThrowIfNull(orders);
        if (orders.Count == 0) throw new ArgumentException("a shard needs at least one sequence", nameof(orders));
        Slices = slices;
        _orders = orders.Select(o => (int[])o.Clone()).ToArray();
        _positionOf = new int[_orders.Length][];
        for (int b = 0; b < _orders.Length; b++)
        {
            var order = _orders[b];
            if (order.Length != slices || order.Distinct().Count() != slices || order.Any(s => s < 0 || s >= slices))
                throw new ArgumentException($"sequence {b} is not a permutation of 0..{slices - 1}", nameof(orders));
            _positionOf[b] = new int[slices];
            for (int j = 0; j < slices; j++) _positionOf[b][order[j]] = j;
        }
        _trained = new int[_orders.Length];
        _live = new int[_orders.Length];
    }

    /// <summary>L, the number of slices.</summary>
    public int Slices { get; }

    /// <summary>B, the number of sequences.</summary>
    public int Sequences => _orders.Length;

    /// <summary>The slice order of sequence <paramref name="sequence"/>.</summary>
    public IReadOnlyList<int> Order(int sequence) => _orders[sequence];

    /// <summary>Stages of the sequence that have been trained (and whose checkpoints exist).</summary>
    public int Trained(int sequence) => _trained[sequence];

    /// <summary>Length of the longest prefix of the sequence whose checkpoints are free of deleted samples.</summary>
    public int LivePrefix(int sequence) => _live[sequence];

    /// <summary>Records that the sequence now has <paramref name="stages"/> trained, clean stages.</summary>
    public void SetTrained(int sequence, int stages)
    {
        if (stages < 0 || stages > Slices) throw new ArgumentOutOfRangeException(nameof(stages), stages, $"stages must be in 0..{Slices}");
        _trained[sequence] = stages;
        _live[sequence] = stages;
    }

    /// <summary>Limits the live prefix of a sequence to at most <paramref name="prefix"/> stages.</summary>
    public void Restrict(int sequence, int prefix)
    {
        if (prefix < 0) throw new ArgumentOutOfRangeException(nameof(prefix), prefix, "prefix must be ≥ 0");
        _live[sequence] = Math.Min(_live[sequence], prefix);
    }

    /// <summary>A sample of <paramref name="slice"/> was deleted: every sequence falls back to the stage before it.</summary>
    /// <returns>The number of sequences whose live prefix shrank.</returns>
    public int Truncate(int slice)
    {
        if (slice < 0 || slice >= Slices) throw new ArgumentOutOfRangeException(nameof(slice), slice, $"slice must be in 0..{Slices - 1}");
        int changed = 0;
        for (int b = 0; b < _orders.Length; b++)
        {
            int pos = _positionOf[b][slice];
            if (pos < _live[b]) { _live[b] = pos; changed++; }
        }
        return changed;
    }

    /// <summary>The sequence with the longest live prefix (lowest index on ties); prefix 0 means the shard is dead.</summary>
    public (int Sequence, int Prefix) Best()
    {
        int best = 0;
        for (int b = 1; b < _orders.Length; b++)
            if (_live[b] > _live[best]) best = b;
        return (best, _live[best]);
    }

    /// <summary>True when no sequence has a live prefix: the shard cannot serve until it is retrained.</summary>
    public bool IsDead => Best().Prefix == 0;

    /// <summary>Marks every sequence fully trained and clean again (used by simulations between trials).</summary>
    public void ResetAllTrained()
    {
        for (int b = 0; b < _orders.Length; b++) SetTrained(b, Slices);
    }
}
