namespace ContinualCluster.Learning.Tame;

/// <summary>A sample's random priority in [0,1), drawn once per (seed, sample id) by hashing, so a sample seen again in a later epoch keeps its draw.</summary>
public static class SamplePriority
{
    public static double Of(string sampleId, int seed)
    {
        ArgumentNullException.ThrowIfNull(sampleId);
        ulong h = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (char c in sampleId) h = (h ^ c) * 1099511628211UL;
        h += 0x9E3779B97F4A7C15UL;
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return (h >> 11) * (1.0 / (1UL << 53));
    }
}
