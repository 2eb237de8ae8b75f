using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ContinualCluster.Runtime.Invocation;

/// <summary>A growable little-endian byte buffer that grain requests and results are encoded into.</summary>
public sealed class ArgWriter : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _position;

    public ArgWriter(int capacity = 256) => _buffer = new byte[Math.Max(16, capacity)];

    public int Length => _position;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _position);

    public void Reset() => _position = 0;

    /// <summary>Overwrites four bytes at <paramref name="offset"/> (for length prefixes written after the fact).</summary>
    public void PatchInt32(int offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(offset, 4), value);

    public void Advance(int count) => _position += count;

    public Memory<byte> GetMemory(int sizeHint = 0) { Ensure(sizeHint); return _buffer.AsMemory(_position); }

    public Span<byte> GetSpan(int sizeHint = 0) { Ensure(sizeHint); return _buffer.AsSpan(_position); }

    public void WriteByte(byte v) { Ensure(1); _buffer[_position++] = v; }

    public void WriteInt32(int v) { Ensure(4); BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_position), v); _position += 4; }

    public void WriteInt64(long v) { Ensure(8); BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_position), v); _position += 8; }

    public void WriteDouble(double v) => WriteInt64(BitConverter.DoubleToInt64Bits(v));

    public void WriteSingle(float v) => WriteInt32(BitConverter.SingleToInt32Bits(v));

    public void WriteString(string? v)
    {
        if (v is null) { WriteInt32(-1); return; }
        int max = Encoding.UTF8.GetMaxByteCount(v.Length);
        Ensure(4 + max);
        int n = Encoding.UTF8.GetBytes(v, _buffer.AsSpan(_position + 4));
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_position), n);
        _position += 4 + n;
    }

    public void WriteBytes(ReadOnlySpan<byte> v)
    {
        WriteInt32(v.Length);
        WriteRaw(v);
    }

    public void WriteRaw(ReadOnlySpan<byte> v)
    {
        Ensure(v.Length);
        v.CopyTo(_buffer.AsSpan(_position));
        _position += v.Length;
    }

    private void Ensure(int extra)
    {
        if (_buffer.Length - _position >= extra) return;
        long want = Math.Max((long)_buffer.Length * 2, (long)_position + Math.Max(extra, 16));
        if (want > Array.MaxLength) want = Array.MaxLength;
        if (want < (long)_position + extra) throw new MessageTooLargeException("A message exceeded the largest array .NET can hold.");
        Array.Resize(ref _buffer, (int)want);
    }
}
