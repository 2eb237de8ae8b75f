using System.Buffers.Binary;
using System.IO.Compression;

namespace ContinualCluster.Learning.Datasets;

/// <summary>Reads gzip-compressed IDX files (the MNIST format), checking magic numbers, dimensions and lengths.</summary>
public static class IdxReader
{
    /// <summary>Magic number of an IDX file of unsigned bytes with three dimensions (images).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX file of unsigned bytes with one dimension (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an IDX3 image file; throws <see cref="DatasetFormatException"/> on any inconsistency.</summary>
    public static IdxImages ReadImages(string path)
    {
        using var stream = Open(path);
        var header = ReadExactly(stream, 16, path, "the image header");
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != ImagesMagic)
            throw new DatasetFormatException($"{path}: bad magic number 0x{magic:X8}, expected 0x{ImagesMagic:X8} (an IDX3 image file).");
        int count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        int rows = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8));
        int cols = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(12));
        if (count <= 0 || rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096 || (long)count * rows * cols > int.MaxValue)
            throw new DatasetFormatException($"{path}: implausible dimensions {count}×{rows}×{cols}.");
        var pixels = ReadExactly(stream, count * rows * cols, path, $"{count} images of {rows}×{cols}");
        ExpectEnd(stream, path);
        return new IdxImages(count, rows, cols, pixels);
    }

    /// <summary>Reads an IDX1 label file; throws <see cref="DatasetFormatException"/> on any inconsistency.</summary>
    public static byte[] ReadLabels(string path)
    {
        using var stream = Open(path);
        var header = ReadExactly(stream, 8, path, "the label header");
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != LabelsMagic)
            throw new DatasetFormatException($"{path}: bad magic number 0x{magic:X8}, expected 0x{LabelsMagic:X8} (an IDX1 label file).");
        int count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        if (count <= 0)
            throw new DatasetFormatException($"{path}: implausible label count {count}.");
        var labels = ReadExactly(stream, count, path, $"{count} labels");
        ExpectEnd(stream, path);
        return labels;
    }

    private static Stream Open(string path)
    {
        if (!File.Exists(path))
            throw new DatasetNotFoundException(
                $"Dataset file '{path}' does not exist. Install the Debian package '{FashionMnistOptions.DebianPackage}' " +
                $"(apt-get install {FashionMnistOptions.DebianPackage}) or point {FashionMnistOptions.DirectoryEnvironmentVariable} " +
                "(or FashionMnistOptions.Directory) at a directory holding the IDX .gz files.", path);
        var file = File.OpenRead(path);
        var magic = new byte[2];
        int n = file.Read(magic, 0, 2);
        file.Position = 0;
        if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            return new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16);
        file.Dispose();
        throw new DatasetFormatException($"{path}: not a gzip file (expected an IDX .gz file).");
    }

    private static byte[] ReadExactly(Stream stream, int length, string path, string what)
    {
        var buffer = new byte[length];
        int read = 0;
        try
        {
            while (read < length)
            {
                int n = stream.Read(buffer, read, length - read);
                if (n == 0) break;
                read += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"{path}: corrupt gzip data after {read} of {length} bytes of {what}.", e);
        }
        catch (EndOfStreamException e)
        {
            throw new DatasetFormatException($"{path}: truncated after {read} of {length} bytes of {what}.", e);
        }
        if (read < length)
            throw new DatasetFormatException($"{path}: truncated: {read} of {length} bytes of {what}.");
        return buffer;
    }

    private static void ExpectEnd(Stream stream, string path)
    {
        try
        {
            if (stream.ReadByte() != -1)
                throw new DatasetFormatException($"{path}: trailing data after the declared contents.");
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"{path}: corrupt gzip data at the end of the file.", e);
        }
    }
}
