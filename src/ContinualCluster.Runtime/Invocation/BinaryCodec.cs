using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace ContinualCluster.Runtime.Invocation;

/// <summary>
/// Encodes grain arguments and results: primitives, strings, arrays of primitives and byte arrays are written
/// directly; any other type goes through System.Text.Json with a contract cached per type (no per-call reflection).
/// </summary>
public static class BinaryCodec
{
    public static void Write<T>(ArgWriter w, T value)
    {
        if (typeof(T) == typeof(int)) w.WriteInt32(Unsafe.As<T, int>(ref value));
        else if (typeof(T) == typeof(long)) w.WriteInt64(Unsafe.As<T, long>(ref value));
        else if (typeof(T) == typeof(bool)) w.WriteByte(Unsafe.As<T, bool>(ref value) ? (byte)1 : (byte)0);
        else if (typeof(T) == typeof(double)) w.WriteDouble(Unsafe.As<T, double>(ref value));
        else if (typeof(T) == typeof(float)) w.WriteSingle(Unsafe.As<T, float>(ref value));
        else if (typeof(T) == typeof(byte)) w.WriteByte(Unsafe.As<T, byte>(ref value));
        else if (typeof(T) == typeof(Guid)) { Span<byte> b = stackalloc byte[16]; Unsafe.As<T, Guid>(ref value).TryWriteBytes(b); w.WriteRaw(b); }
        else if (typeof(T) == typeof(TimeSpan)) w.WriteInt64(Unsafe.As<T, TimeSpan>(ref value).Ticks);
        else if (typeof(T) == typeof(DateTimeOffset)) { var d = Unsafe.As<T, DateTimeOffset>(ref value); w.WriteInt64(d.UtcTicks); w.WriteInt64(d.Offset.Ticks); }
        else if (typeof(T) == typeof(string)) w.WriteString((string?)(object?)value);
        else if (typeof(T) == typeof(byte[])) WriteArray(w, (byte[]?)(object?)value);
        else if (typeof(T) == typeof(float[])) WriteArray(w, (float[]?)(object?)value);
        else if (typeof(T) == typeof(int[])) WriteArray(w, (int[]?)(object?)value);
        else if (typeof(T) == typeof(long[])) WriteArray(w, (long[]?)(object?)value);
        else if (typeof(T) == typeof(double[])) WriteArray(w, (double[]?)(object?)value);
        else WriteJson(w, value);
    }

    public static T Read<T>(ref ArgReader r)
    {
        if (typeof(T) == typeof(int)) { int v = r.ReadInt32(); return Unsafe.As<int, T>(ref v); }
        if (typeof(T) == typeof(long)) { long v = r.ReadInt64(); return Unsafe.As<long, T>(ref v); }
        if (typeof(T) == typeof(bool)) { bool v = r.ReadByte() != 0; return Unsafe.As<bool, T>(ref v); }
        if (typeof(T) == typeof(double)) { double v = r.ReadDouble(); return Unsafe.As<double, T>(ref v); }
        if (typeof(T) == typeof(float)) { float v = r.ReadSingle(); return Unsafe.As<float, T>(ref v); }
        if (typeof(T) == typeof(byte)) { byte v = r.ReadByte(); return Unsafe.As<byte, T>(ref v); }
        if (typeof(T) == typeof(Guid)) { var v = new Guid(r.ReadSpan(16)); return Unsafe.As<Guid, T>(ref v); }
        if (typeof(T) == typeof(TimeSpan)) { var v = new TimeSpan(r.ReadInt64()); return Unsafe.As<TimeSpan, T>(ref v); }
        if (typeof(T) == typeof(DateTimeOffset))
        {
            long utc = r.ReadInt64(), off = r.ReadInt64();
            DateTimeOffset v;
            try { v = new DateTimeOffset(utc + off, new TimeSpan(off)); }
            catch (ArgumentException e) { throw new MessageDecodeException("A DateTimeOffset was out of range.", e); }
            return Unsafe.As<DateTimeOffset, T>(ref v);
        }
        if (typeof(T) == typeof(string)) return (T)(object?)r.ReadString()!;
        if (typeof(T) == typeof(byte[])) return (T)(object?)ReadArray<byte>(ref r)!;
        if (typeof(T) == typeof(float[])) return (T)(object?)ReadArray<float>(ref r)!;
        if (typeof(T) == typeof(int[])) return (T)(object?)ReadArray<int>(ref r)!;
        if (typeof(T) == typeof(long[])) return (T)(object?)ReadArray<long>(ref r)!;
        if (typeof(T) == typeof(double[])) return (T)(object?)ReadArray<double>(ref r)!;
        return ReadJson<T>(ref r);
    }

    private static void WriteArray<TItem>(ArgWriter w, TItem[]? a) where TItem : unmanaged
    {
        if (a is null) { w.WriteInt32(-1); return; }
        w.WriteInt32(a.Length);
        w.WriteRaw(MemoryMarshal.AsBytes(a.AsSpan()));
    }

    private static TItem[]? ReadArray<TItem>(ref ArgReader r) where TItem : unmanaged
    {
        int n = r.ReadInt32();
        if (n == -1) return null;
        int size = Unsafe.SizeOf<TItem>();
        if (n < 0 || (long)n * size > r.Remaining) throw new MessageDecodeException($"An array length {n} does not fit the message.");
        var result = new TItem[n];
        r.ReadSpan(n * size).CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    private static void WriteJson<T>(ArgWriter w, T value)
    {
        int lengthAt = w.Length;
        w.WriteInt32(0);
        using (var json = new Utf8JsonWriter(w))
            JsonSerializer.Serialize(json, value, JsonContracts<T>.Info);
        w.PatchInt32(lengthAt, w.Length - lengthAt - 4);
    }

    private static T ReadJson<T>(ref ArgReader r)
    {
        var bytes = r.ReadBytes();
        try { return JsonSerializer.Deserialize(bytes, JsonContracts<T>.Info)!; }
        catch (JsonException e) { throw new MessageDecodeException($"Could not decode a {typeof(T).Name}: {e.Message}", e); }
    }
}
