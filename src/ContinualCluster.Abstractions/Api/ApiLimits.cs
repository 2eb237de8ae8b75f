namespace ContinualCluster.Abstractions.Api;

/// <summary>Fixed limits of the gateway contract (image size, batch sizes, id lengths, body size).</summary>
public static class ApiLimits
{
    public const int ImageSize = 784;
    public const int Classes = 10;
    public const int MaxSamplesPerRequest = 2048;
    public const int MaxImagesPerPredict = 4096;
    public const int MaxIdsPerDeletion = 20_000;
    public const int MaxIdLength = 128;
    public const long MaxBodyBytes = 64L * 1024 * 1024;
}
