namespace ContinualCluster.Learning.Scenarios;

/// <summary>What the learner sees of a batch: images (float, [0,1], sample after sample), within-task labels, sample and owner ids; never the task.</summary>
public sealed record LearnerBatch(float[] Pixels, int Height, int Width, int[] Labels, string[] SampleIds, string[] OwnerIds)
{
    public int Count => Labels.Length;

    public int PixelsPerSample => Height * Width;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistency.</summary>
    public void Validate()
    {
        if (Height <= 0 || Width <= 0) throw new ArgumentException($"batch image size must be positive (was {Height}×{Width}).");
        if (Labels.Length == 0) throw new ArgumentException("batch is empty.");
        if (SampleIds.Length != Labels.Length || OwnerIds.Length != Labels.Length)
            throw new ArgumentException($"batch has {Labels.Length} labels but {SampleIds.Length} sample ids and {OwnerIds.Length} owner ids.");
        if (Pixels.Length != (long)Labels.Length * Height * Width)
            throw new ArgumentException($"batch pixels has {Pixels.Length} values; {Labels.Length} images of {Height}×{Width} need {(long)Labels.Length * Height * Width}.");
        foreach (var l in Labels)
            if (l < 0) throw new ArgumentException($"batch label {l} is negative.");
    }

    /// <summary>The batch restricted to the samples at <paramref name="indices"/>.</summary>
    public LearnerBatch Select(IReadOnlyList<int> indices)
    {
        int pps = PixelsPerSample;
        var pixels = new float[indices.Count * pps];
        for (int k = 0; k < indices.Count; k++) Array.Copy(Pixels, indices[k] * pps, pixels, k * pps, pps);
        return new LearnerBatch(pixels, Height, Width, indices.Select(i => Labels[i]).ToArray(),
            indices.Select(i => SampleIds[i]).ToArray(), indices.Select(i => OwnerIds[i]).ToArray());
    }

    /// <summary>Concatenates batches of the same image size.</summary>
    public static LearnerBatch Concat(IReadOnlyList<LearnerBatch> batches)
    {
        if (batches.Count == 0) throw new ArgumentException("nothing to concatenate.", nameof(batches));
        if (batches.Count == 1) return batches[0];
        var first = batches[0];
        if (batches.Any(b => b.Height != first.Height || b.Width != first.Width))
            throw new ArgumentException("batches differ in image size.", nameof(batches));
        return new LearnerBatch(batches.SelectMany(b => b.Pixels).ToArray(), first.Height, first.Width,
            batches.SelectMany(b => b.Labels).ToArray(), batches.SelectMany(b => b.SampleIds).ToArray(),
            batches.SelectMany(b => b.OwnerIds).ToArray());
    }
}
