namespace ContinualCluster.Learning.Unlearning.O3;

/// <summary>A request to forget a concept: its samples (row-major pixels and true labels), available only during the call.</summary>
public sealed record O3Request(string RequestId, float[] Pixels, int[] Labels)
{
    public int Count => Labels.Length;

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when the request is malformed.</summary>
    public void Validate(int pixelsPerSample, int classes)
    {
        if (string.IsNullOrWhiteSpace(RequestId)) throw new ArgumentException("RequestId is blank", nameof(RequestId));
        if (Labels is null || Labels.Length < 10) throw new ArgumentException("an unlearning request needs at least 10 samples", nameof(Labels));
        if (Pixels is null || Pixels.Length != Labels.Length * pixelsPerSample)
            throw new ArgumentException($"Pixels has {Pixels?.Length ?? 0} values, expected {Labels.Length}×{pixelsPerSample}", nameof(Pixels));
        if (Labels.Any(l => l < 0 || l >= classes)) throw new ArgumentException($"Labels must be in 0..{classes - 1}", nameof(Labels));
    }
}
