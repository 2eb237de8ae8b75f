namespace ContinualCluster.Learning.Datasets;

/// <summary>An in-memory set of single-channel images with float pixels in [0,1], labels, stable sample ids and owner ids.</summary>
public sealed class ImageDataset
{
    private Dictionary<string, int>? _indexById;

    private ImageDataset(string name, int height, int width, int classCount, float[] pixels, int[] labels, string[] ids, string[] owners)
    {
        Name = name;
        Height = height;
        Width = width;
        ClassCount = classCount;
        Pixels = pixels;
        Labels = labels;
        Ids = ids;
        Owners = owners;
    }

    /// <summary>A label for reports, e.g. "fashion-mnist/train".</summary>
    public string Name { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Number of classes (labels are in 0..ClassCount-1).</summary>
    public int ClassCount { get; }

    /// <summary>All pixels, sample after sample, row-major, each in [0,1].</summary>
    public float[] Pixels { get; }

    public int[] Labels { get; }

    /// <summary>Stable sample ids, e.g. "train-000123".</summary>
    public string[] Ids { get; }

    /// <summary>Owner ids, e.g. "owner-0042".</summary>
    public string[] Owners { get; }

    public int Count => Labels.Length;

    public int PixelsPerSample => Height * Width;

    /// <summary>Creates a dataset after checking that every array agrees in length and every value is in range.</summary>
    public static ImageDataset Create(string name, int height, int width, int classCount, float[] pixels, int[] labels, string[] ids, string[] owners)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(owners);
        if (height <= 0 || width <= 0) throw new ArgumentException($"Image size must be positive (was {height}×{width}).");
        if (classCount <= 0) throw new ArgumentException($"classCount must be positive (was {classCount}).", nameof(classCount));
        int n = labels.Length;
        if (ids.Length != n || owners.Length != n)
            throw new ArgumentException($"ids ({ids.Length}) and owners ({owners.Length}) must match the {n} labels.");
        if (pixels.Length != (long)n * height * width)
            throw new ArgumentException($"pixels has {pixels.Length} values; {n} images of {height}×{width} need {(long)n * height * width}.", nameof(pixels));
        for (int i = 0; i < n; i++)
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException($"label {labels[i]} of sample {i} is outside 0..{classCount - 1}.", nameof(labels));
        foreach (var p in pixels)
            if (!(p >= 0f && p <= 1f))
                throw new ArgumentException($"pixel value {p} is outside [0,1].", nameof(pixels));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
            if (string.IsNullOrEmpty(id) || !seen.Add(id))
                throw new ArgumentException($"sample id '{id}' is empty or duplicated.", nameof(ids));
        return new ImageDataset(name, height, width, classCount, pixels, labels, ids, owners);
    }

    /// <summary>The pixels of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(CheckIndex(index) * PixelsPerSample, PixelsPerSample);

    /// <summary>A copy of sample <paramref name="index"/> with its id, owner and label.</summary>
    public Sample GetSample(int index) => new(Ids[CheckIndex(index)], Owners[index], Labels[index], Image(index).ToArray());

    /// <summary>The index of the sample with this id, or -1.</summary>
    public int IndexOf(string id)
    {
        _indexById ??= Ids.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        return _indexById.TryGetValue(id, out var i) ? i : -1;
    }

    /// <summary>A new dataset holding the given samples (in the given order, ids and owners kept).</summary>
    public ImageDataset Subset(IReadOnlyList<int> indices, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int pps = PixelsPerSample;
        var pixels = new float[(long)indices.Count * pps];
        var labels = new int[indices.Count];
        var ids = new string[indices.Count];
        var owners = new string[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = CheckIndex(indices[k]);
            Array.Copy(Pixels, (long)i * pps, pixels, (long)k * pps, pps);
            labels[k] = Labels[i];
            ids[k] = Ids[i];
            owners[k] = Owners[i];
        }
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Length)
            throw new ArgumentException("indices select the same sample twice; sample ids must stay unique.", nameof(indices));
        return new ImageDataset(name ?? Name, Height, Width, ClassCount, pixels, labels, ids, owners);
    }

    /// <summary>The indices of the samples whose label is in <paramref name="classes"/>, in dataset order.</summary>
    public int[] IndicesOfClasses(IReadOnlyCollection<int> classes)
    {
        var set = classes.ToHashSet();
        return Enumerable.Range(0, Count).Where(i => set.Contains(Labels[i])).ToArray();
    }

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{Name} has {Count} samples.");
        return index;
    }
}
