using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Unlearning.Placement;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>
/// The deletable training set a model keeps: every sample's placement (recorded at ingestion), its label and pixels,
/// grouped by (shard, slice). Deleting a sample drops its pixels; its placement record stays for audits and receipts.
/// Not thread-safe: the owning model serialises access.
/// </summary>
public sealed class DeletableSampleStore
{
    private sealed class Entry(SamplePlacement placement, int label, float[]? pixels)
    {
        public SamplePlacement Placement { get; } = placement;
        public int Label { get; } = label;
        public float[]? Pixels { get; set; } = pixels;
    }

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _byOwner = new(StringComparer.Ordinal);
    private readonly SortedSet<string>[,] _slices;

    /// <summary>Creates an empty store that places samples with <paramref name="placement"/>.</summary>
    public DeletableSampleStore(PlacementFunction placement, int pixelsPerSample)
    {
        ArgumentNullException.ThrowIfNull(placement);
        placement.Validate();
        if (pixelsPerSample < 1) throw new ArgumentOutOfRangeException(nameof(pixelsPerSample));
        Placement = placement;
        PixelsPerSample = pixelsPerSample;
        _slices = new SortedSet<string>[placement.Shards, placement.Slices];
        for (int h = 0; h < placement.Shards; h++)
            for (int s = 0; s < placement.Slices; s++)
                _slices[h, s] = new SortedSet<string>(StringComparer.Ordinal);
    }

    /// <summary>The persisted placement function (name, version, seed, m, L).</summary>
    public PlacementFunction Placement { get; }

    public int PixelsPerSample { get; }

    /// <summary>Samples not deleted.</summary>
    public int LiveCount { get; private set; }

    /// <summary>Every placement ever recorded, deleted samples included (for audits).</summary>
    public IEnumerable<SamplePlacement> Placements => _entries.Values.Select(e => e.Placement);

    /// <summary>Adds samples; all are checked first (size, label, duplicate id) so that a bad batch adds nothing.</summary>
    public IReadOnlyList<SamplePlacement> Add(IReadOnlyList<Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < samples.Count; i++)
        {
            var s = samples[i] ?? throw new ArgumentException($"samples[{i}] is null", nameof(samples));
            if (string.IsNullOrWhiteSpace(s.Id)) throw new ArgumentException($"samples[{i}].Id is blank", nameof(samples));
            if (s.OwnerId is null) throw new ArgumentException($"samples[{i}].OwnerId is null", nameof(samples));
            if (s.Pixels is null || s.Pixels.Length != PixelsPerSample)
                throw new ArgumentException($"samples[{i}] ({s.Id}) has {s.Pixels?.Length ?? 0} pixels, expected {PixelsPerSample}", nameof(samples));
            if (s.Label < 0) throw new ArgumentException($"samples[{i}] ({s.Id}) has negative label {s.Label}", nameof(samples));
            if (!seen.Add(s.Id) || _entries.ContainsKey(s.Id))
                throw new ArgumentException($"sample id '{s.Id}' is already present", nameof(samples));
        }
        var placed = new List<SamplePlacement>(samples.Count);
        foreach (var s in samples)
        {
            var p = Placement.Place(s.Id, s.OwnerId);
            _entries.Add(s.Id, new Entry(p, s.Label, (float[])s.Pixels.Clone()));
            if (!_byOwner.TryGetValue(s.OwnerId, out var list)) _byOwner[s.OwnerId] = list = new List<string>();
            list.Add(s.Id);
            _slices[p.Shard, p.Slice].Add(s.Id);
            placed.Add(p);
        }
        LiveCount += placed.Count;
        return placed;
    }

    /// <summary>The recorded placement of an id, deleted or not; null when it was never ingested.</summary>
    public SamplePlacement? Find(string sampleId) => _entries.TryGetValue(sampleId, out var e) ? e.Placement : null;

    /// <summary>True when the id was ingested and later deleted.</summary>
    public bool IsDeleted(string sampleId) => _entries.TryGetValue(sampleId, out var e) && e.Pixels is null;

    /// <summary>All ids ever ingested for an owner (empty when unknown).</summary>
    public IReadOnlyList<string> IdsOfOwner(string ownerId) =>
        _byOwner.TryGetValue(ownerId, out var list) ? list : Array.Empty<string>();

    /// <summary>Deletes a live sample: removes it from its slice and drops its pixels. Returns false when not live.</summary>
    public bool Remove(string sampleId)
    {
        if (!_entries.TryGetValue(sampleId, out var e) || e.Pixels is null) return false;
        e.Pixels = null;
        _slices[e.Placement.Shard, e.Placement.Slice].Remove(sampleId);
        LiveCount--;
        return true;
    }

    /// <summary>The live ids of one slice in ordinal order.</summary>
    public IReadOnlyCollection<string> SliceIds(int shard, int slice) => _slices[shard, slice];

    /// <summary>
    /// The live contents of one slice, ordered by id, without copying pixels (cheap enough to take under a lock). The
    /// pixel arrays are never mutated, so the caller may copy them later, outside the lock, with <see cref="SliceSnapshot.Copy"/>.
    /// </summary>
    public SliceContents Contents(int shard, int slice)
    {
        var ids = _slices[shard, slice].ToArray();
        var labels = new int[ids.Length];
        var pixels = new float[ids.Length][];
        for (int i = 0; i < ids.Length; i++)
        {
            var e = _entries[ids[i]];
            labels[i] = e.Label;
            pixels[i] = e.Pixels!;
        }
        return new SliceContents(shard, slice, ids, labels, pixels);
    }

    /// <summary>A copy of the live contents of one slice, ordered by id, for a training stage.</summary>
    public SliceSnapshot Snapshot(int shard, int slice) => SliceSnapshot.Copy(Contents(shard, slice), PixelsPerSample);
}
