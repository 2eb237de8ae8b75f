using System.Collections.Concurrent;
using System.Globalization;

namespace ContinualCluster.Learning.Datasets;

/// <summary>Loads Fashion-MNIST from its IDX .gz files into an <see cref="ImageDataset"/> (cached per directory, split and owner count).</summary>
public static class FashionMnist
{
    /// <summary>The ten class names, by label.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly ConcurrentDictionary<(string, FashionMnistSplit, int), Lazy<ImageDataset>> Cache = new();

    /// <summary>Loads (or returns the cached) split; ids are "train-000123" / "test-001234".</summary>
    public static ImageDataset Load(FashionMnistSplit split, FashionMnistOptions? options = null)
    {
        options ??= new FashionMnistOptions();
        options.Validate();
        var dir = Path.GetFullPath(options.ResolveDirectory());
        var key = (dir, split, options.OwnerCount);
        var lazy = Cache.GetOrAdd(key, k => new Lazy<ImageDataset>(() => Read(k.Item1, k.Item2, k.Item3)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Cache.TryRemove(key, out _);
            throw;
        }
    }

    /// <summary>Reads a split from <paramref name="directory"/> without caching.</summary>
    public static ImageDataset Read(string directory, FashionMnistSplit split, int ownerCount = 1000)
    {
        string prefix = split == FashionMnistSplit.Train ? "train" : "t10k";
        string idPrefix = split == FashionMnistSplit.Train ? "train" : "test";
        string imagesPath = Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz");
        string labelsPath = Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz");
        var images = IdxReader.ReadImages(imagesPath);
        var rawLabels = IdxReader.ReadLabels(labelsPath);
        if (rawLabels.Length != images.Count)
            throw new DatasetFormatException($"{labelsPath} holds {rawLabels.Length} labels but {imagesPath} holds {images.Count} images.");
        var labels = new int[rawLabels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (rawLabels[i] >= ClassNames.Count)
                throw new DatasetFormatException($"{labelsPath}: label {rawLabels[i]} at index {i} is outside 0..{ClassNames.Count - 1}.");
            labels[i] = rawLabels[i];
        }
        var pixels = new float[images.Pixels.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = images.Pixels[i] / 255f;
        var ids = new string[labels.Length];
        var owners = new string[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            ids[i] = idPrefix + "-" + i.ToString("D6", CultureInfo.InvariantCulture);
            owners[i] = OwnerAssignment.OwnerOf(idPrefix, i, ownerCount);
        }
        return ImageDataset.Create($"fashion-mnist/{idPrefix}", images.Rows, images.Columns, ClassNames.Count, pixels, labels, ids, owners);
    }
}
