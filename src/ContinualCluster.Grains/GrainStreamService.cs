using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Runtime;

namespace ContinualCluster.Grains;

/// <summary>
/// <see cref="IStreamService"/> over stream grains anywhere in the cluster: what every silo's gateway calls. A refusal
/// thrown on another silo comes back as a GrainCallException and is turned back into the same ApiException.
/// </summary>
public sealed class GrainStreamService : IStreamService
{
    private readonly IGrainFactory _grains;

    public GrainStreamService(IGrainFactory grains) => _grains = grains;

    private IStreamGrain Grain(string id) => _grains.GetGrain<IStreamGrain>(id);

    public Task<IngestResponse> IngestAsync(string streamId, IngestRequest request, CancellationToken ct = default)
    {
        var s = request.Samples!;
        int size = ApiLimits.ImageSize;
        var pixels = new float[s.Length * size];
        for (int i = 0; i < s.Length; i++) s[i].Pixels!.CopyTo(pixels, i * size);
        return Call(() => Grain(streamId).IngestAsync(request.RequestId!, s.Select(x => x.Id!).ToArray(),
            s.Select(x => x.Owner ?? "anonymous").ToArray(), s.Select(x => x.Label!.Value).ToArray(), pixels));
    }
    public Task<DeletionReceipt> DeleteAsync(string streamId, DeletionRequest request, CancellationToken ct = default) => Call(() => Grain(streamId).DeleteAsync(request));
    public Task<DeletionReceipt> GetDeletionAsync(string streamId, string requestId, CancellationToken ct = default) => Call(() => Grain(streamId).GetDeletionAsync(requestId));
    public Task<UnlearningReceipt> UnlearnAsync(string streamId, UnlearningRequest request, CancellationToken ct = default) => Call(() => Grain(streamId).UnlearnAsync(request));
    public Task<PredictResponse> PredictAsync(string streamId, PredictRequest request, CancellationToken ct = default)
    {
        var images = request.Images!;
        // Most images are 8-bit intensities: sent as one byte per pixel when that is lossless (see EightBitPixels).
        if (EightBitPixels.TryPack(images) is { } packed)
            return Call(() => Grain(streamId).PredictEightBitAsync(packed, images.Length));
        int size = ApiLimits.ImageSize;
        var pixels = new float[images.Length * size];
        for (int i = 0; i < images.Length; i++) images[i].CopyTo(pixels, i * size);
        return Call(() => Grain(streamId).PredictAsync(pixels, images.Length));
    }
    public Task<StreamStatus> GetStatusAsync(string streamId, CancellationToken ct = default) => Call(() => Grain(streamId).GetStatusAsync());

    /// <summary>Trains every expert holding untrained samples and waits (used at the end of a stream).</summary>
    public Task FlushAsync(string streamId) => Call(async () => { await Grain(streamId).FlushAsync(); return true; });

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (GrainCallException e) when (e.RemoteType == typeof(ApiException).FullName && ApiException.FromMessage(e.RemoteMessage) is { } api)
        {
            throw api;
        }
        catch (SiloUnavailableException e)
        {
            throw new ApiException(503, "unavailable", null, e.Message);
        }
    }
}
