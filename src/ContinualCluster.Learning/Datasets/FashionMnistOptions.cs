namespace ContinualCluster.Learning.Datasets;

/// <summary>Where the Fashion-MNIST IDX .gz files live and how samples are assigned to owners.</summary>
public sealed class FashionMnistOptions
{
    /// <summary>The directory Debian's <c>dataset-fashion-mnist</c> package installs to.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The environment variable that overrides <see cref="DefaultDirectory"/> when <see cref="Directory"/> is not set.</summary>
    public const string DirectoryEnvironmentVariable = "CC_FASHION_MNIST_DIR";

    /// <summary>The Debian package that provides the files.</summary>
    public const string DebianPackage = "dataset-fashion-mnist";

    /// <summary>An explicit directory; when null the environment variable, then the default, is used.</summary>
    public string? Directory { get; set; }

    /// <summary>How many distinct owners the samples are spread over (deterministically, by sample index).</summary>
    public int OwnerCount { get; set; } = 1000;

    /// <summary>The directory that will be read: the setting, else <c>CC_FASHION_MNIST_DIR</c>, else the default.</summary>
    public string ResolveDirectory()
    {
        if (!string.IsNullOrWhiteSpace(Directory)) return Directory;
        var env = Environment.GetEnvironmentVariable(DirectoryEnvironmentVariable);
        return string.IsNullOrWhiteSpace(env) ? DefaultDirectory : env;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (OwnerCount < 1)
            throw new ArgumentException($"FashionMnistOptions.OwnerCount must be at least 1 (was {OwnerCount}).", nameof(OwnerCount));
    }
}
