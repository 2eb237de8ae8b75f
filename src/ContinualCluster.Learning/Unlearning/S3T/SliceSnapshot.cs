namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>
/// The contents of one (shard, slice) at the moment a stage was trained on it: the sample ids (ordinal order), labels
/// and pixels. Checkpoints keep the ids as lineage; the pixels are only referenced while training.
/// </summary>
public sealed class SliceSnapshot
{
    /// <summary>Creates a snapshot; arrays are taken as they are and never changed afterwards.</summary>
    public SliceSnapshot(int shard, int slice, string[] ids, int[] labels, float[] pixels, int pixelsPerSample)
    {
        if (ids.Length != labels.Length || pixels.Length != ids.Length * pixelsPerSample)
            throw new ArgumentException("slice snapshot arrays disagree in length");
        Shard = shard;
        Slice = slice;
        Ids = ids;
        Labels = labels;
        Pixels = pixels;
        PixelsPerSample = pixelsPerSample;
    }

    /// <summary>Copies the pixels of <paramref name="contents"/> into one contiguous array.</summary>
    public static SliceSnapshot Copy(SliceContents contents, int pixelsPerSample)
    {
        var pixels = new float[contents.Ids.Length * pixelsPerSample];
        for (int i = 0; i < contents.Ids.Length; i++) contents.Pixels[i].CopyTo(pixels, i * pixelsPerSample);
        return new SliceSnapshot(contents.Shard, contents.Slice, contents.Ids, contents.Labels, pixels, pixelsPerSample);
    }

    public int Shard { get; }
    public int Slice { get; }
    public string[] Ids { get; }
    public int[] Labels { get; }
    public float[] Pixels { get; }
    public int PixelsPerSample { get; }
    public int Count => Ids.Length;
}
