using System.Buffers;
using System.Text;

namespace ContinualCluster.Runtime.Placement;

/// <summary>A 64-bit FNV-1a hash with a final mix, stable across processes and runs (unlike string.GetHashCode).</summary>
internal static class StableHash
{
    public static ulong Of(string a, string b = "")
    {
        ulong h = 14695981039346656037UL;
        h = Mix(h, a);
        h = Mix(h, b);
        h ^= h >> 33; h *= 0xff51afd7ed558ccdUL; h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53UL; h ^= h >> 33;
        return h;
    }

    /// <summary>FNV-1a over the UTF-8 bytes of <paramref name="s"/>, then a 0xff separator (no allocation for short strings).</summary>
    private static ulong Mix(ulong h, string s)
    {
        int max = Encoding.UTF8.GetMaxByteCount(s.Length);
        byte[]? rented = max > 512 ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> buffer = rented ?? stackalloc byte[512];
        int n = Encoding.UTF8.GetBytes(s, buffer);
        foreach (byte x in buffer[..n]) { h ^= x; h *= 1099511628211UL; }
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        h ^= 0xff; h *= 1099511628211UL;
        return h;
    }
}
