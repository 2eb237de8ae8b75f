namespace ContinualCluster.Abstractions.Api;

/// <summary>
/// A lossless compact form of images whose pixels are all 8-bit intensities scaled to [0, 1] (each exactly
/// <c>b / 255f</c>, as Fashion-MNIST and most image sources give them): one byte per pixel instead of four. Between
/// silos a batch of 128 images is then 100 KB instead of 401 KB, a quarter of the transport frames to move. Packing
/// checks every pixel bit for bit and refuses any batch it could not restore exactly, so unpacking always gives back
/// the very same floats and a prediction cannot change.
/// </summary>
public static class EightBitPixels
{
    private static readonly float[] Levels = CreateLevels();

    private static float[] CreateLevels()
    {
        var levels = new float[256];
        for (int b = 0; b < levels.Length; b++) levels[b] = b / 255f;
        return levels;
    }

    /// <summary>The intensities of <paramref name="images"/> row after row, or null when some pixel is not exactly <c>b / 255f</c>.</summary>
    public static byte[]? TryPack(IReadOnlyList<float[]> images)
    {
        int size = ApiLimits.ImageSize;
        var packed = new byte[images.Count * size];
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            if (image.Length != size) return null;
            int at = i * size;
            for (int j = 0; j < size; j++)
            {
                float p = image[j];
                float scaled = p * 255f;
                if (!(scaled >= 0f && scaled <= 255f)) return null;   // also refuses NaN
                int b = (int)MathF.Round(scaled);
                if (BitConverter.SingleToInt32Bits(Levels[b]) != BitConverter.SingleToInt32Bits(p)) return null;
                packed[at + j] = (byte)b;
            }
        }
        return packed;
    }

    /// <summary>The pixels <paramref name="packed"/> stands for, row after row (exactly the floats that were packed).</summary>
    public static float[] Unpack(byte[] packed)
    {
        var pixels = new float[packed.Length];
        for (int i = 0; i < packed.Length; i++) pixels[i] = Levels[packed[i]];
        return pixels;
    }
}
