using System.Diagnostics;
using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;

namespace ContinualCluster.Client.Demo;

/// <summary>Asks for predictions continuously in the background (alternating silos) and records latency and failures.</summary>
public sealed class PredictionLoad
{
    private readonly IReadOnlyList<IStreamService> _services;
    private readonly string _stream;
    private readonly float[][] _images;
    private readonly List<double> _latencies = new();
    private long _served, _failed, _warming;
    private string? _firstFailure;

    public PredictionLoad(IReadOnlyList<IStreamService> services, string stream, float[][] images)
    {
        _services = services;
        _stream = stream;
        _images = images;
    }

    public long Served => Interlocked.Read(ref _served);
    public long Failed => Interlocked.Read(ref _failed);
    public long WarmingUp => Interlocked.Read(ref _warming);
    public string? FirstFailure => _firstFailure;
    public List<double> Latencies { get { lock (_latencies) return _latencies.ToList(); } }

    public async Task RunAsync(int batch, TimeSpan pause, CancellationToken ct)
    {
        var rng = new Random(5);
        int call = 0;
        while (!ct.IsCancellationRequested)
        {
            var images = Enumerable.Range(0, batch).Select(_ => _images[rng.Next(_images.Length)]).ToArray();
            var watch = Stopwatch.StartNew();
            try
            {
                var r = await _services[call++ % _services.Count].PredictAsync(_stream, new PredictRequest(images), ct);
                lock (_latencies) _latencies.Add(watch.Elapsed.TotalMilliseconds);
                Interlocked.Add(ref _served, r.Predictions.Count);
            }
            catch (ApiException e) when (e.Status == 503 && e.Error == "warming_up") { Interlocked.Increment(ref _warming); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                Interlocked.Add(ref _failed, batch);
                _firstFailure ??= e.Message;
            }
            try { await Task.Delay(pause, ct); } catch (OperationCanceledException) { break; }
        }
    }
}
