using System.Buffers.Binary;
using System.IO.Compression;
using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Learning.Tests.Datasets;

public sealed class IdxReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cc-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Images(int magic, int count, int rows, int cols, int bodyBytes)
    {
        var bytes = new byte[16 + bodyBytes];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (int i = 16; i < bytes.Length; i++) bytes[i] = (byte)(i * 7);
        return bytes;
    }

    private static byte[] Labels(int magic, int count, int bodyBytes, byte value = 3)
    {
        var bytes = new byte[8 + bodyBytes];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        Array.Fill(bytes, value, 8, bodyBytes);
        return bytes;
    }

    private string WriteGz(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(content);
        return path;
    }

    private void WriteSplit(byte[] images, byte[] labels)
    {
        WriteGz("t10k-images-idx3-ubyte.gz", images);
        WriteGz("t10k-labels-idx1-ubyte.gz", labels);
    }

    [Fact]
    public void ReadsAWellFormedPairIntoUnitRangePixelsWithStableIdsAndOwners()
    {
        WriteSplit(Images(IdxReader.ImagesMagic, 3, 2, 2, 12), Labels(IdxReader.LabelsMagic, 3, 3));
        var ds = FashionMnist.Read(_dir, FashionMnistSplit.Test, ownerCount: 7);
        Assert.Equal(3, ds.Count);
        Assert.Equal(4, ds.PixelsPerSample);
        Assert.All(ds.Pixels, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal((byte)(16 * 7) / 255f, ds.Pixels[0], 6);
        Assert.Equal(["test-000000", "test-000001", "test-000002"], ds.Ids);
        Assert.All(ds.Owners, o => Assert.Matches("^owner-000[0-6]$", o));
        Assert.Equal(ds.Owners, FashionMnist.Read(_dir, FashionMnistSplit.Test, ownerCount: 7).Owners);
    }

    [Fact]
    public void MissingFileNamesTheDebianPackage()
    {
        var e = Assert.Throws<DatasetNotFoundException>(() => FashionMnist.Read(_dir, FashionMnistSplit.Train));
        Assert.Contains("dataset-fashion-mnist", e.Message);
        Assert.Contains("CC_FASHION_MNIST_DIR", e.Message);
    }

    [Fact]
    public void BadImageMagicIsAFormatError()
    {
        WriteSplit(Images(0x00000801, 3, 2, 2, 12), Labels(IdxReader.LabelsMagic, 3, 3));
        var e = Assert.Throws<DatasetFormatException>(() => FashionMnist.Read(_dir, FashionMnistSplit.Test));
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void BadLabelMagicIsAFormatError()
    {
        WriteSplit(Images(IdxReader.ImagesMagic, 3, 2, 2, 12), Labels(0x00000803, 3, 3));
        Assert.Throws<DatasetFormatException>(() => FashionMnist.Read(_dir, FashionMnistSplit.Test));
    }

    [Fact]
    public void TruncatedImageBodyIsAFormatError()
    {
        WriteSplit(Images(IdxReader.ImagesMagic, 3, 2, 2, 11), Labels(IdxReader.LabelsMagic, 3, 3));
        var e = Assert.Throws<DatasetFormatException>(() => FashionMnist.Read(_dir, FashionMnistSplit.Test));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TruncatedGzipStreamIsAFormatError()
    {
        var path = WriteGz("t10k-images-idx3-ubyte.gz", Images(IdxReader.ImagesMagic, 50, 28, 28, 50 * 784));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        WriteGz("t10k-labels-idx1-ubyte.gz", Labels(IdxReader.LabelsMagic, 50, 50));
        Assert.Throws<DatasetFormatException>(() => FashionMnist.Read(_dir, FashionMnistSplit.Test));
    }

    [Fact]
    public void CountMismatchAndOutOfRangeLabelsAreFormatErrors()
    {
        WriteSplit(Images(IdxReader.ImagesMagic, 3, 2, 2, 12), Labels(IdxReader.LabelsMagic, 2, 2));
        Assert.Throws<DatasetFormatException>(() => FashionMnist.Read(_dir, FashionMnistSplit.Test));
        WriteSplit(Images(IdxReader.ImagesMagic, 3, 2, 2, 12), Labels(IdxReader.LabelsMagic, 3, 3, value: 10));
        Assert.Throws<DatasetFormatException>(() => FashionMnist.Read(_dir, FashionMnistSplit.Test));
    }

    [Fact]
    public void TrailingBytesAndNonGzipFilesAreFormatErrors()
    {
        WriteSplit(Images(IdxReader.ImagesMagic, 3, 2, 2, 13), Labels(IdxReader.LabelsMagic, 3, 3));
        Assert.Throws<DatasetFormatException>(() => FashionMnist.Read(_dir, FashionMnistSplit.Test));
        File.WriteAllBytes(Path.Combine(_dir, "t10k-images-idx3-ubyte.gz"), [1, 2, 3, 4]);
        Assert.Throws<DatasetFormatException>(() => FashionMnist.Read(_dir, FashionMnistSplit.Test));
    }

    [Fact]
    public void DirectoryResolutionPrefersSettingThenEnvironmentThenDefault()
    {
        Assert.Equal("/x", new FashionMnistOptions { Directory = "/x" }.ResolveDirectory());
        var env = Environment.GetEnvironmentVariable(FashionMnistOptions.DirectoryEnvironmentVariable);
        var expected = string.IsNullOrWhiteSpace(env) ? FashionMnistOptions.DefaultDirectory : env;
        Assert.Equal(expected, new FashionMnistOptions().ResolveDirectory());
        Assert.Throws<ArgumentException>(() => new FashionMnistOptions { OwnerCount = 0 }.Validate());
    }
}
