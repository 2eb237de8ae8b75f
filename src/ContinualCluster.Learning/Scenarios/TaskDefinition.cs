namespace ContinualCluster.Learning.Scenarios;

using ContinualCluster.Learning.Datasets;

/// <summary>One task of a scenario: its global classes (in local-label order), an optional pixel permutation and its train/test data.</summary>
public sealed class TaskDefinition
{
    private readonly Dictionary<int, int> _localOf;

    public TaskDefinition(int id, string name, int[] classes, int[]? pixelPermutation, ImageDataset train, ImageDataset test, string idSuffix = "")
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (classes.Length == 0 || classes.Distinct().Count() != classes.Length)
            throw new ArgumentException($"task {name}: classes must be non-empty and distinct.", nameof(classes));
        if (pixelPermutation is not null &&
            (pixelPermutation.Length != train.PixelsPerSample || pixelPermutation.Order().Where((v, i) => v != i).Any()))
            throw new ArgumentException($"task {name}: pixel permutation must be a permutation of 0..{train.PixelsPerSample - 1}.", nameof(pixelPermutation));
        if (train.Count == 0 || test.Count == 0)
            throw new ArgumentException($"task {name}: train ({train.Count}) and test ({test.Count}) sets must be non-empty.");
        Id = id;
        Name = name;
        Classes = classes;
        PixelPermutation = pixelPermutation;
        Train = train;
        Test = test;
        IdSuffix = idSuffix;
        _localOf = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        foreach (var ds in new[] { train, test })
            foreach (var l in ds.Labels)
                if (!_localOf.ContainsKey(l))
                    throw new ArgumentException($"task {name}: {ds.Name} holds label {l}, which is not one of its classes.");
    }

    public int Id { get; }

    public string Name { get; }

    /// <summary>Global class of local label i is Classes[i].</summary>
    public int[] Classes { get; }

    /// <summary>When set, the image shown to the learner is pixel[j] = original[PixelPermutation[j]].</summary>
    public int[]? PixelPermutation { get; }

    public ImageDataset Train { get; }

    public ImageDataset Test { get; }

    /// <summary>Appended to sample ids so that one image shown under two permutations has two ids ("" for most tasks).</summary>
    public string IdSuffix { get; }

    public int LocalLabel(int globalLabel) => _localOf[globalLabel];

    /// <summary>Copies sample <paramref name="index"/> of <paramref name="data"/> (permuted if the task says so) into <paramref name="destination"/>.</summary>
    public void CopyImage(ImageDataset data, int index, Span<float> destination)
    {
        var src = data.Image(index);
        if (PixelPermutation is null)
        {
            src.CopyTo(destination);
            return;
        }
        for (int j = 0; j < PixelPermutation.Length; j++) destination[j] = src[PixelPermutation[j]];
    }
}
