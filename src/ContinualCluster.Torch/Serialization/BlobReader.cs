using System.Buffers.Binary;
using System.Text;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Serialization;

/// <summary>Reads the tensor records of a state dict blob, with bounds checks that name what was being read.</summary>
internal ref struct BlobReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public BlobReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    public readonly bool AtEnd => _pos == _data.Length;
    public readonly int Remaining => _data.Length - _pos;

    private ReadOnlySpan<byte> Take(long n, string what)
    {
        if (n < 0 || n > _data.Length - _pos)
            throw new InvalidDataException($"state dict blob is malformed: {what} needs {n} bytes at payload offset {_pos}, {_data.Length - _pos} remain");
        var s = _data.Slice(_pos, (int)n);
        _pos += (int)n;
        return s;
    }

    public (string name, Tensor tensor) ReadTensor(uint index)
    {
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(Take(2, $"tensor {index}'s name length"));
        var name = Encoding.UTF8.GetString(Take(nameLength, $"tensor {index}'s name"));
        var dtype = (ScalarType)(sbyte)Take(1, $"'{name}' dtype")[0];
        var ndim = Take(1, $"'{name}' rank")[0];
        var shape = new long[ndim];
        long count = 1;
        for (var d = 0; d < ndim; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt64LittleEndian(Take(8, $"'{name}' dimension {d}"));
            if (shape[d] < 0) throw new InvalidDataException($"state dict blob is malformed: '{name}' has negative dimension {shape[d]}");
            count = checked(count * shape[d]);
        }
        var byteLength = BinaryPrimitives.ReadInt64LittleEndian(Take(8, $"'{name}' data length"));
        int size = dtype switch
        {
            ScalarType.Float32 or ScalarType.Int32 => 4,
            ScalarType.Float64 or ScalarType.Int64 => 8,
            ScalarType.Byte or ScalarType.Bool => 1,
            _ => throw new InvalidDataException($"state dict blob is malformed: '{name}' has unsupported dtype code {(int)dtype}"),
        };
        if (byteLength != count * size)
            throw new InvalidDataException($"state dict blob is malformed: '{name}' [{string.Join(", ", shape)}] {dtype} needs {count * size} bytes, the record says {byteLength}");
        var raw = Take(byteLength, $"'{name}' data");
        var t = dtype switch
        {
            ScalarType.Float32 => tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw), shape),
            ScalarType.Int64 => tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(raw), shape),
            ScalarType.Float64 => tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(raw).ToArray(), shape),
            ScalarType.Int32 => tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(raw).ToArray(), shape),
            ScalarType.Byte => tensor(raw.ToArray(), shape),
            _ => tensor(raw.ToArray().Select(b => b != 0).ToArray(), shape),
        };
        return (name, t);
    }
}
