using System.Buffers;
using System.Text;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Grains.Engine;

/// <summary>Predictions (selector → expert serving model → unlearning gate), concept unlearning and status.</summary>
public sealed partial class StreamEngine
{
    public PredictResponse Predict(PredictRequest request)
    {
        var images = request.Images!;
        var pixels = new float[images.Length * ApiLimits.ImageSize];
        for (int i = 0; i < images.Length; i++) images[i].CopyTo(pixels, i * ApiLimits.ImageSize);
        return Predict(pixels, images.Length);
    }

    private long _waitedForRetraining;

    /// <summary>Predictions that waited because every expert was retraining all its shards (all time).</summary>
    public long WaitedForRetraining => Interlocked.Read(ref _waitedForRetraining);

    /// <summary>
    /// Predicts like <see cref="Predict(float[], int)"/>, but when deletions left every expert retraining all its
    /// shards it waits (up to <see cref="StreamEngineOptions.PredictWaitForRetraining"/>) for the first clean
    /// checkpoint instead of failing: predictions keep succeeding while retraining runs.
    /// </summary>
    public async Task<PredictResponse> PredictAsync(float[] pixels, int n, CancellationToken ct)
    {
        long deadline = Environment.TickCount64 + (long)_options.PredictWaitForRetraining.TotalMilliseconds;
        bool waited = false;
        while (true)
        {
            try { return await ServingSlots.RunAsync(() => Predict(pixels, n), ct); }
            catch (ApiException e) when (e.Status == 503 && e.Error == "retraining" && Environment.TickCount64 < deadline && !IsDisposed)
            {
                if (!waited) Interlocked.Increment(ref _waitedForRetraining);
                waited = true;
            }
            await Task.Delay(10, ct);
        }
    }

    /// <summary>Predicts <paramref name="n"/> images given row after row in <paramref name="pixels"/>.</summary>
    public PredictResponse Predict(float[] pixels, int n)
    {
        int size = ApiLimits.ImageSize;
        if (n < 1 || pixels.Length != n * size) throw ApiException.Invalid("images", $"{pixels.Length} pixel values do not make {n} images of {size}");
        if (_recovering) throw new ApiException(503, "recovering", null, $"stream '{_id}' is recovering after a restart (retraining its selector over the restored experts and re-applying logged unlearning requests); retry shortly");
        ContinualCluster.Learning.Unlearning.S3T.IntraOpThreads.Apply();
        var experts = _serving;
        // Every expert's served checkpoints are captured once, before routing: the prediction answers from exactly
        // these (a deletion acknowledged before this call already truncated them; one acknowledged during it is
        // ordered after it), and an expert that a deletion leaves without a live shard meanwhile cannot fail it.
        var views = new IExpertServing?[experts.Length];
        var live = new HashSet<int>();
        var down = new HashSet<int>();
        for (int k = 0; k < experts.Length; k++)
        {
            views[k] = experts[k].CurrentServing();
            if (views[k] is not null) live.Add(k);
            else if (experts[k].Trained) down.Add(k);
        }
        if (live.Count == 0)
            throw down.Count > 0
                ? new ApiException(503, "retraining", null, $"stream '{_id}': deletions reached every shard of every expert and their retraining is running")
                : new ApiException(503, "warming_up", null, $"stream '{_id}' has no trained expert yet");
        var route = _learner.Route(pixels, n, down.Count == 0 ? live : live.Union(down).ToHashSet());
        int routedAround = down.Count == 0 ? 0 : RouteAround(pixels, route, live);
        var labels = new int[n];
        var gates = new float[n];
        var unlearned = _unlearner.Requests > 0 ? _unlearner.Experts : Array.Empty<int>();
        foreach (var group in Enumerable.Range(0, n).GroupBy(i => route[i]))
        {
            var idx = group.ToArray();
            bool masked = _masked.TryGetValue(group.Key, out var mask);
            bool gatedExpert = !masked && unlearned.Contains(group.Key);
            // One expert takes the whole batch: no copy. Otherwise its rows go to a pooled buffer (a batch's pixels are
            // hundreds of KB per request, most of a serving silo's garbage), except where the unlearning gate reads them too.
            float[]? pooled = idx.Length == n || gatedExpert ? null : ArrayPool<float>.Shared.Rent(idx.Length * ApiLimits.ImageSize);
            var sub = idx.Length == n ? pixels : pooled is null ? Slice(pixels, idx) : SliceInto(pixels, idx, pooled);
            int[] local;
            try { local = views[group.Key]!.Predict(sub, idx.Length, masked ? mask.Labels : null); }
            finally { if (pooled is not null) ArrayPool<float>.Shared.Return(pooled); }
            if (gatedExpert)
            {
                var w = _unlearner.Gate(group.Key, sub, idx.Length);
                var gated = Enumerable.Range(0, idx.Length).Where(j => w[j] > _options.GateThreshold).ToArray();
                if (gated.Length > 0)
                {
                    var forgotten = _unlearner.Predict(group.Key, Slice(sub, gated), gated.Length);
                    for (int j = 0; j < gated.Length; j++) if (forgotten[j] >= 0) local[gated[j]] = forgotten[j];
                }
                for (int j = 0; j < idx.Length; j++) gates[idx[j]] = w[j];
            }
            for (int j = 0; j < idx.Length; j++) labels[idx[j]] = _labels.Global(group.Key, local[j]);
        }
        if (routedAround > 0) Interlocked.Add(ref _routedAround, routedAround);
        return new PredictResponse(Enumerable.Range(0, n).Select(i => new Prediction(labels[i], route[i], gates[i])).ToList(), ModelVersion, routedAround);
    }

    private long _routedAround;

    /// <summary>Images answered by another expert because the selector's choice had no live shard (all time).</summary>
    public long RoutedAround => Interlocked.Read(ref _routedAround);

    /// <summary>
    /// Images the selector sent to an expert that is retraining every shard go to the selector's best live expert
    /// instead (exact: only live, clean checkpoints answer); returns how many were routed around.
    /// </summary>
    private int RouteAround(float[] pixels, int[] route, IReadOnlySet<int> live)
    {
        var moved = Enumerable.Range(0, route.Length).Where(i => !live.Contains(route[i])).ToArray();
        if (moved.Length == 0) return 0;
        var second = _learner.Route(Slice(pixels, moved), moved.Length, live);
        for (int j = 0; j < moved.Length; j++) route[moved[j]] = second[j];
        return moved.Length;
    }

    private static float[] Slice(float[] pixels, int[] rows) => SliceInto(pixels, rows, new float[rows.Length * ApiLimits.ImageSize]);

    private static float[] SliceInto(float[] pixels, int[] rows, float[] into)
    {
        int size = ApiLimits.ImageSize;
        for (int j = 0; j < rows.Length; j++) Array.Copy(pixels, rows[j] * size, into, j * size, size);
        return into;
    }

    public async Task<UnlearningReceipt> UnlearnAsync(UnlearningRequest request, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            string fingerprint = Fingerprint(new[] { $"class:{request.ClassLabel}", $"n:{request.Samples!.Length}" }
                .Concat(request.Samples.Select(s => s.Id ?? "")));
            if (_unlearned.TryGetValue(request.RequestId!, out var seen))
                return seen.Fingerprint == fingerprint ? seen.Receipt with { Duplicate = true }
                    : throw ApiException.Conflict("requestId", $"request id '{request.RequestId}' was already used for a different unlearning request");
            if (_archive is not null)
                await _archive.WriteAsync("unlearning", request.RequestId!, request.Samples.Select((s, i) => new Sample(s.Id ?? $"{request.RequestId}-{i}",
                    "unlearning", request.ClassLabel ?? s.Label ?? 0, s.Pixels!)).ToList(), ct);
            var appended = await _log.AppendAsync($"unlearning/{_id}", request.RequestId!, "unlearning",
                Encoding.UTF8.GetBytes($"{fingerprint}\nclass:{request.ClassLabel}\nsamples:{request.Samples.Length}"), ct);
            var accepted = _time.GetUtcNow();
            if (!appended.Added)
                return new UnlearningReceipt(request.RequestId!, "accepted-earlier", request.ClassLabel, request.Samples.Length, -1, appended.Request.AppendedAt, null, true);
            var forget = request.Samples.Select((s, i) => new Sample(s.Id ?? $"{request.RequestId}-{i}", "unlearning",
                _labels.Local(request.ClassLabel ?? s.Label ?? 0), s.Pixels!)).ToList();
            var experts = _serving;
            var ready = Enumerable.Range(0, experts.Length).Where(k => experts[k].Ready).ToHashSet();
            if (ready.Count == 0) throw new ApiException(503, "warming_up", null, $"stream '{_id}' has no trained expert to unlearn from yet");
            var pixels = new float[forget.Count * ApiLimits.ImageSize];
            for (int i = 0; i < forget.Count; i++) forget[i].Pixels.CopyTo(pixels, i * ApiLimits.ImageSize);
            int expert = _learner.Route(pixels, forget.Count, ready).GroupBy(e => e).MaxBy(g => g.Count())!.Key;
            _unlearner.Forget(expert, experts[expert], forget);
            RecordForgotten(expert, request.RequestId!, forget);
            if (_masked.ContainsKey(expert)) InvalidateUnlearning(expert);   // a rebuild in flight must include this request
            Interlocked.Increment(ref _version);
            var receipt = new UnlearningReceipt(request.RequestId!, "completed", request.ClassLabel, forget.Count, _unlearner.Requests - 1, accepted, _time.GetUtcNow(), false);
            _unlearned[request.RequestId!] = (fingerprint, receipt);
            return receipt;
        }
        finally { _turn.Release(); }
    }

    public async Task<StreamStatus> StatusAsync(CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            return new(_id, _batches, _samples.Count - _deleted.Count, _experts.Count, _active, _switches.ToList(),
                Ledger.Pending, Ledger.Completed, RetrainingJobs, _unlearner.Requests, ModelVersion, _experts.SelectMany(e => e.Served).ToList());
        }
        finally { _turn.Release(); }
    }
}
