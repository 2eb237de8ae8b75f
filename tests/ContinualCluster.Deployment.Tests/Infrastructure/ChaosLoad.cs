using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// Training and deletion traffic on one stream through the gateway Service: batches of labelled samples (every
/// acknowledged batch is remembered) and, beside them, deletions of samples from recent acknowledged batches, each
/// handed to the <see cref="LineageWatch"/> once acknowledged. Every request is retried with its request id.
/// </summary>
public sealed class ChaosLoad(ServiceEndpoints endpoints, string key, string stream, LineageWatch watch)
{
    private readonly List<string[]> _batches = new();
    private readonly HashSet<string> _deleted = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<(double At, string RequestId)> _deletionTimes = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _batch, _deletion;

    public int BatchSize { get; init; } = 32;
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests that got no acknowledgement after retrying, or a final answer other than 202.</summary>
    public IReadOnlyCollection<string> Failures => _failures;
    public int AcknowledgedBatches { get { lock (_batches) return _batches.Count; } }
    public int AcknowledgedDeletions => _deletionTimes.Count;
    public IEnumerable<string> AcknowledgedRequestIds => _deletionTimes.Select(d => d.RequestId);
    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>Samples acknowledged and not deleted: what the stream's status must count.</summary>
    public long LiveSamples { get { lock (_batches) return _batches.Sum(b => b.Length) - _deleted.Count; } }

    /// <summary>Deletions acknowledged at or after <paramref name="since"/> (seconds on this load's clock).</summary>
    public int DeletionsSince(double since) => _deletionTimes.Count(d => d.At >= since);

    public async Task IngestAsync(CancellationToken stop, TimeSpan pause)
    {
        var client = new ServiceClient(endpoints, key, 101);
        while (!stop.IsCancellationRequested)
        {
            int n = Interlocked.Increment(ref _batch);
            string rid = $"{stream}-b{n}";
            var o = await client.PostAsync($"/v1/streams/{stream}/samples", Samples.Ingest(rid, $"b{n}", BatchSize, n, [0, 1]), RetryFor);
            if (o.Status == 202) { lock (_batches) _batches.Add(Enumerable.Range(0, BatchSize).Select(i => $"b{n}-{i}").ToArray()); }
            else _failures.Enqueue($"t={Now:0.0}s ingest {rid}: {o}");
            try { await Task.Delay(pause, stop); } catch (OperationCanceledException) { }
        }
    }

    public async Task DeleteAsync(CancellationToken stop, TimeSpan pause)
    {
        var client = new ServiceClient(endpoints, key, 202);
        var rng = new Random(5);
        while (!stop.IsCancellationRequested)
        {
            string[] ids;
            lock (_batches)
                ids = _batches.TakeLast(8).SelectMany(b => b).Where(id => !_deleted.Contains(id)).OrderBy(_ => rng.Next()).Take(2).ToArray();
            if (ids.Length > 0)
            {
                string rid = $"{stream}-d{Interlocked.Increment(ref _deletion)}";
                var o = await client.PostAsync($"/v1/streams/{stream}/deletions", Samples.Delete(rid, ids), RetryFor);
                if (o.Status == 202)
                {
                    lock (_batches) _deleted.UnionWith(ids);
                    watch.Acknowledge(rid, ids);
                    _deletionTimes.Enqueue((Now, rid));
                    var state = JsonDocument.Parse(o.Final!.Body).RootElement.GetProperty("state").GetString();
                    if (state is not ("excluded" or "retrained")) _failures.Enqueue($"t={Now:0.0}s deletion {rid} acknowledged as '{state}'");
                }
                else _failures.Enqueue($"t={Now:0.0}s deletion {rid} of {string.Join(',', ids)}: {o}");
            }
            try { await Task.Delay(pause, stop); } catch (OperationCanceledException) { }
        }
    }
}
