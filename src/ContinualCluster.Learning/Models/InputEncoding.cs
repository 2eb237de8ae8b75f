namespace ContinualCluster.Learning.Models;

/// <summary>How images become network input: zero-padding on every side, then (x − mean)/std (TAME's MNIST transform: pad 2, mean 0.1307, std 0.3081).</summary>
public sealed record InputEncoding(int Padding = 2, float Mean = 0.1307f, float Std = 0.3081f)
{
    public void Validate()
    {
        if (Padding < 0) throw new ArgumentException($"padding must be non-negative (was {Padding}).");
        if (!(Std > 0)) throw new ArgumentException($"std must be positive (was {Std}).");
    }

    /// <summary>Encodes <paramref name="count"/> images of h×w into a [count, 1, h+2p, w+2p] buffer.</summary>
    public float[] Encode(ReadOnlySpan<float> pixels, int count, int height, int width)
    {
        int oh = height + 2 * Padding, ow = width + 2 * Padding;
        var result = new float[count * oh * ow];
        float pad = (0f - Mean) / Std, inv = 1f / Std;
        if (Padding > 0) Array.Fill(result, pad);
        for (int i = 0; i < count; i++)
        {
            var src = pixels.Slice(i * height * width, height * width);
            int dst = i * oh * ow;
            for (int y = 0; y < height; y++)
            {
                int row = dst + (y + Padding) * ow + Padding;
                for (int x = 0; x < width; x++) result[row + x] = (src[y * width + x] - Mean) * inv;
            }
        }
        return result;
    }
}
