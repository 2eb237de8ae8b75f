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
        int n = images.Length, size = ApiLimits.ImageSize;
        var experts = _serving;
        var ready = Enumerable.Range(0, experts.Length).Where(k => experts[k].Ready).ToHashSet();
        if (ready.Count == 0) throw new ApiException(503, "warming_up", null, $"stream '{_id}' has no trained expert yet");
        var pixels = new float[n * size];
        for (int i = 0; i < n; i++) images[i].CopyTo(pixels, i * size);
        var route = _learner.Route(pixels, n, ready);
        var labels = new int[n];
        foreach (var group in Enumerable.Range(0, n).GroupBy(i => route[i]))
        {
            var idx = group.ToArray();
            var sub = new float[idx.Length * size];
            for (int j = 0; j < idx.Length; j++) Array.Copy(pixels, idx[j] * size, sub, j * size, size);
            var local = experts[group.Key].Predict(sub, idx.Length);
            for (int j = 0; j < idx.Length; j++) labels[idx[j]] = _labels.Global(group.Key, local[j]);
        }
        var gates = new float[n];
        if (_unlearner.Requests > 0)
        {
            gates = _unlearner.Gate(pixels, n);
            var gated = Enumerable.Range(0, n).Where(i => gates[i] > _options.GateThreshold).ToArray();
            if (gated.Length > 0)
            {
                var sub = new float[gated.Length * size];
                for (int j = 0; j < gated.Length; j++) Array.Copy(pixels, gated[j] * size, sub, j * size, size);
                var forgotten = _unlearner.PredictForgotten(sub, gated.Length);
                for (int j = 0; j < gated.Length; j++) labels[gated[j]] = forgotten[j];
            }
        }
        return new PredictResponse(Enumerable.Range(0, n).Select(i => new Prediction(labels[i], route[i], gates[i])).ToList(), ModelVersion);
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
            var appended = await _log.AppendAsync($"unlearning/{_id}", request.RequestId!, "unlearning",
                Encoding.UTF8.GetBytes($"{fingerprint}\nclass:{request.ClassLabel}\nsamples:{request.Samples.Length}"), ct);
            var accepted = _time.GetUtcNow();
            if (!appended.Added)
                return new UnlearningReceipt(request.RequestId!, "accepted-earlier", request.ClassLabel, request.Samples.Length, -1, appended.Request.AppendedAt, null, true);
            var forget = request.Samples.Select((s, i) => new Sample(s.Id ?? $"{request.RequestId}-{i}", "unlearning", request.ClassLabel ?? s.Label ?? 0, s.Pixels!)).ToList();
            _unlearner.Forget(forget);
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
