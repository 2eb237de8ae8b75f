using System.Globalization;

namespace ContinualCluster.Learning.Datasets;

/// <summary>Generates small class-conditional image sets (a random prototype per class plus pixel noise) for fast tests and demos.</summary>
public static class SyntheticImages
{
    /// <summary>Creates <paramref name="perClass"/> samples of each of <paramref name="classCount"/> classes, shuffled, ids "syn-000000"...</summary>
    public static ImageDataset Create(int classCount, int perClass, int height = 28, int width = 28, int seed = 0,
        float noise = 0.15f, int ownerCount = 100, string idPrefix = "syn")
    {
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "classCount must be at least 1.");
        if (perClass < 1) throw new ArgumentOutOfRangeException(nameof(perClass), perClass, "perClass must be at least 1.");
        if (noise < 0) throw new ArgumentOutOfRangeException(nameof(noise), noise, "noise must be non-negative.");
        var rng = new Random(seed);
        int pps = height * width;
        var prototypes = new float[classCount][];
        for (int c = 0; c < classCount; c++)
        {
            var proto = new float[pps];
            for (int blob = 0; blob < 3; blob++)
            {
                double cy = rng.NextDouble() * height, cx = rng.NextDouble() * width;
                double r = (0.12 + 0.2 * rng.NextDouble()) * Math.Min(height, width);
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                    {
                        double d2 = ((y - cy) * (y - cy) + (x - cx) * (x - cx)) / (r * r);
                        proto[y * width + x] += (float)Math.Exp(-d2);
                    }
            }
            for (int i = 0; i < pps; i++) proto[i] = Math.Clamp(proto[i], 0f, 1f);
            prototypes[c] = proto;
        }
        int n = classCount * perClass;
        var order = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        var pixels = new float[(long)n * pps];
        var labels = new int[n];
        var ids = new string[n];
        var owners = new string[n];
        for (int k = 0; k < n; k++)
        {
            int c = order[k] % classCount;
            labels[k] = c;
            ids[k] = idPrefix + "-" + k.ToString("D6", CultureInfo.InvariantCulture);
            owners[k] = OwnerAssignment.OwnerOf(idPrefix, k, ownerCount);
            for (int i = 0; i < pps; i++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                pixels[(long)k * pps + i] = Math.Clamp(prototypes[c][i] + (float)(noise * g), 0f, 1f);
            }
        }
        return ImageDataset.Create($"{idPrefix}/{classCount}x{perClass}", height, width, classCount, pixels, labels, ids, owners);
    }
}
