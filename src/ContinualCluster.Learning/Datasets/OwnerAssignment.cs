namespace ContinualCluster.Learning.Datasets;

/// <summary>Deterministically spreads sample indices over owners with a fixed hash, so an owner's samples are scattered across the stream.</summary>
public static class OwnerAssignment
{
    /// <summary>The owner id ("owner-0042") of sample <paramref name="index"/> of the named split.</summary>
    public static string OwnerOf(string split, int index, int ownerCount)
    {
        if (ownerCount < 1) throw new ArgumentOutOfRangeException(nameof(ownerCount), ownerCount, "ownerCount must be at least 1.");
        ulong h = Mix((ulong)(uint)index ^ ((ulong)StableHash(split) << 32));
        return "owner-" + ((int)(h % (ulong)ownerCount)).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static uint StableHash(string s)
    {
        uint h = 2166136261;
        foreach (char c in s) h = (h ^ c) * 16777619;
        return h;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
