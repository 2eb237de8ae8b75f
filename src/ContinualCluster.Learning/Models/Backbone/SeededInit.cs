namespace ContinualCluster.Learning.Models.Backbone;

/// <summary>Parameter initialisation from a seeded managed RNG, so that results never depend on the native RNG's state.</summary>
public static class SeededInit
{
    /// <summary>Values uniform in [−bound, bound) (PyTorch's default Linear/LoRA-A bound is 1/√fan_in).</summary>
    public static float[] Uniform(Random rng, int count, double bound)
    {
        var v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
        return v;
    }

    /// <summary>A permutation of 0..n−1 (Fisher–Yates).</summary>
    public static int[] Permutation(Random rng, int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
