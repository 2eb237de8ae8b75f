using System.Buffers.Binary;
using System.Text;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Serialization;

/// <summary>
/// Named tensors to and from bytes (format version 1, docs/TORCH.md): header "CCSD", version, count, payload length;
/// per tensor name, dtype, shape and raw little-endian elements; a CRC-32 of everything before it at the end.
/// </summary>
public static class StateDictSerializer
{
    public const uint Version = 1;
    private static ReadOnlySpan<byte> Magic => "CCSD"u8;
    private const int HeaderSize = 4 + 4 + 4 + 8;

    public static byte[] Serialize(IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("state dict serialisation needs a little-endian host");
        using var body = new MemoryStream();
        var count = 0u;
        Span<byte> scratch = stackalloc byte[8];
        foreach (var (name, t) in tensors)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            if (nameBytes.Length is 0 or > ushort.MaxValue) throw new ArgumentException($"tensor name '{name}' must be 1..65535 UTF-8 bytes");
            var shape = t.shape;
            if (shape.Length > byte.MaxValue) throw new ArgumentException($"tensor '{name}' has too many dimensions ({shape.Length})");
            BinaryPrimitives.WriteUInt16LittleEndian(scratch, (ushort)nameBytes.Length);
            body.Write(scratch[..2]);
            body.Write(nameBytes);
            body.WriteByte((byte)t.dtype);
            body.WriteByte((byte)shape.Length);
            foreach (var d in shape)
            {
                BinaryPrimitives.WriteInt64LittleEndian(scratch, d);
                body.Write(scratch);
            }
            var raw = RawBytes(t);
            BinaryPrimitives.WriteInt64LittleEndian(scratch, raw.Length);
            body.Write(scratch);
            body.Write(raw);
            count++;
        }
        var payload = body.GetBuffer().AsSpan(0, (int)body.Length);
        var blob = new byte[HeaderSize + payload.Length + 4];
        Magic.CopyTo(blob);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), count);
        BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(12), payload.Length);
        payload.CopyTo(blob.AsSpan(HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(blob.Length - 4), Crc32.Compute(blob.AsSpan(0, blob.Length - 4)));
        return blob;
    }

    private static byte[] RawBytes(Tensor t) => t.dtype switch
    {
        ScalarType.Float32 => AsBytes(t.data<float>().ToArray()),
        ScalarType.Float64 => AsBytes(t.data<double>().ToArray()),
        ScalarType.Int64 => AsBytes(t.data<long>().ToArray()),
        ScalarType.Int32 => AsBytes(t.data<int>().ToArray()),
        ScalarType.Byte => t.data<byte>().ToArray(),
        ScalarType.Bool => AsBytes(t.data<bool>().ToArray()),
        var other => throw new NotSupportedException($"state dict serialisation does not support dtype {other}"),
    };

    private static byte[] AsBytes<T>(T[] values) where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    /// <summary>Reads a blob into new tensors (owned by the caller); a corrupt or truncated blob throws InvalidDataException.</summary>
    public static Dictionary<string, Tensor> Deserialize(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < HeaderSize + 4) throw new InvalidDataException($"state dict blob is truncated: {blob.Length} bytes, the header and checksum alone take {HeaderSize + 4}");
        if (!blob[..4].SequenceEqual(Magic)) throw new InvalidDataException("state dict blob does not start with the magic 'CCSD'");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if (version != Version) throw new InvalidDataException($"state dict blob has format version {version}; this build reads version {Version}");
        var count = BinaryPrimitives.ReadUInt32LittleEndian(blob[8..]);
        var payloadLength = BinaryPrimitives.ReadInt64LittleEndian(blob[12..]);
        var expected = HeaderSize + payloadLength + 4;
        if (payloadLength < 0 || blob.Length != expected)
            throw new InvalidDataException($"state dict blob is truncated or padded: the header promises {expected} bytes, the blob has {blob.Length}");
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(blob[^4..]);
        var actual = Crc32.Compute(blob[..^4]);
        if (stored != actual) throw new InvalidDataException($"state dict blob is corrupt: CRC-32 is {actual:x8}, the blob says {stored:x8}");
        var reader = new BlobReader(blob[HeaderSize..^4]);
        var result = new Dictionary<string, Tensor>();
        try
        {
            for (var i = 0u; i < count; i++)
            {
                var (name, t) = reader.ReadTensor(i);
                if (!result.TryAdd(name, t))
                {
                    t.Dispose();
                    throw new InvalidDataException($"state dict blob holds the name '{name}' twice");
                }
            }
            if (!reader.AtEnd) throw new InvalidDataException($"state dict blob has {reader.Remaining} bytes after its {count} tensors");
            return result;
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
    }
}
