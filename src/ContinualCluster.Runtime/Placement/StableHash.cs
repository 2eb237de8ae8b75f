using System.Text;

namespace ContinualCluster.Runtime.Placement;

/// <summary>A 64-bit FNV-1a hash with a final mix, stable across processes and runs (unlike string.GetHashCode).</summary>
internal static class StableHash
{
    public static ulong Of(string a, string b = "")
    {
        ulong h = 14695981039346656037UL;
        foreach (var s in new[] { a, b })
        {
            foreach (byte x in Encoding.UTF8.GetBytes(s)) { h ^= x; h *= 1099511628211UL; }
            h ^= 0xff; h *= 1099511628211UL;
        }
        h ^= h >> 33; h *= 0xff51afd7ed558ccdUL; h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53UL; h ^= h >> 33;
        return h;
    }
}
