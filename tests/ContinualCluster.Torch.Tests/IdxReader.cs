using System.Buffers.Binary;
using System.IO.Compression;

namespace ContinualCluster.Torch.Tests;

/// <summary>A minimal reader of gzip-compressed IDX files (MNIST's format): big-endian header, then unsigned bytes.</summary>
internal static class IdxReader
{
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The dimensions and raw bytes of an IDX file of unsigned bytes (type code 0x08).</summary>
    public static (int[] dims, byte[] data) Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing; install the Debian package dataset-fashion-mnist", path);
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        var bytes = ms.GetBuffer().AsSpan(0, (int)ms.Length);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08)
            throw new InvalidDataException($"{path} is not an IDX file of unsigned bytes");
        int rank = bytes[3];
        var dims = new int[rank];
        for (var i = 0; i < rank; i++) dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + 4 * i)..]);
        var offset = 4 + 4 * rank;
        var expected = dims.Aggregate(1L, (a, d) => a * d);
        if (bytes.Length - offset != expected)
            throw new InvalidDataException($"{path} holds {bytes.Length - offset} data bytes, its header promises {expected}");
        return (dims, bytes[offset..].ToArray());
    }
}
