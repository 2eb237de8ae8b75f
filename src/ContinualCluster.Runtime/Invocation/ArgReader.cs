using System.Buffers.Binary;
using System.Text;

namespace ContinualCluster.Runtime.Invocation;

/// <summary>Reads what an <see cref="ArgWriter"/> wrote; any read past the end is a <see cref="MessageDecodeException"/>.</summary>
public ref struct ArgReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ArgReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    public float ReadSingle() => BitConverter.Int32BitsToSingle(ReadInt32());

    public string? ReadString()
    {
        int n = ReadInt32();
        if (n == -1) return null;
        if (n < 0) throw new MessageDecodeException($"Negative string length {n}.");
        try { return Encoding.UTF8.GetString(Take(n)); }
        catch (ArgumentException e) { throw new MessageDecodeException("A string was not valid UTF-8.", e); }
    }

    /// <summary>The UTF-8 bytes of a non-null string written by <see cref="ArgWriter.WriteString"/>, without decoding them.</summary>
    public ReadOnlySpan<byte> ReadStringUtf8()
    {
        int n = ReadInt32();
        if (n < 0) throw new MessageDecodeException($"Expected a string, found length {n}.");
        return Take(n);
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        int n = ReadInt32();
        if (n < 0) throw new MessageDecodeException($"Negative byte array length {n}.");
        return Take(n);
    }

    public ReadOnlySpan<byte> ReadSpan(int count) => Take(count);

    /// <summary>The bytes not read yet, consuming them.</summary>
    public ReadOnlySpan<byte> ReadRest() => Take(Remaining);

    public readonly void EnsureEnd()
    {
        if (Remaining != 0) throw new MessageDecodeException($"{Remaining} unexpected trailing bytes in a message.");
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > _data.Length - _position)
            throw new MessageDecodeException($"A message ended early: wanted {n} bytes at offset {_position} of {_data.Length}.");
        var s = _data.Slice(_position, n);
        _position += n;
        return s;
    }
}
