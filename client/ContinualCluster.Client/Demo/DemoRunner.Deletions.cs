using System.Diagnostics;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Client.Report;

namespace ContinualCluster.Client.Demo;

/// <summary>The demo's deletions (random samples, whole owners), receipts, and the concept-unlearning request.</summary>
public sealed partial class DemoRunner
{
    private readonly List<string> _requestIds = new();

    /// <summary>Deletes DeletionFraction of the samples ingested so far, chosen at random among live ones, as they arrive.</summary>
    private async Task RandomDeletionsAsync(int ingested, int batch, CancellationToken ct)
    {
        _deletionCredit += ingested * _o.DeletionFraction;
        int n = (int)_deletionCredit;
        if (n == 0 || _live.Count < 2 * _o.BatchSize) return;
        _deletionCredit -= n;
        var ids = new List<string>();
        for (int i = 0; i < n; i++)
        {
            int k = _rng.Next(_live.Count);
            ids.Add(_live[k]);
            _live[k] = _live[^1];
            _live.RemoveAt(_live.Count - 1);
        }
        await DeleteAsync(new DeletionRequest($"delete-{batch}", ids.ToArray(), null), ct);
    }

    private async Task OwnerDeletionAsync(int batch, CancellationToken ct)
    {
        var owner = _ingestedOwners.OrderBy(o => o, StringComparer.Ordinal).ElementAt(_rng.Next(_ingestedOwners.Count));
        _ingestedOwners.Remove(owner);
        var receipt = await DeleteAsync(new DeletionRequest($"delete-owner-{batch}", null, owner), ct);
        _report.OwnersDeleted++;
        _live.RemoveAll(id => _ownerOf.TryGetValue(id, out var o) && o == owner);
        _report.Notes.Add($"owner {owner}: {receipt.SampleCount} samples deleted at batch {batch}");
    }

    private Dictionary<string, string> _ownerOf => _ownerIndex ??= _data.Stream.ToDictionary(s => s.Id!, s => s.Owner!, StringComparer.Ordinal);
    private Dictionary<string, string>? _ownerIndex;

    private async Task<DeletionReceipt> DeleteAsync(DeletionRequest request, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var receipt = await Next.DeleteAsync(StreamId, request, ct);
        double roundTrip = watch.Elapsed.TotalMilliseconds;
        if (receipt.State == DeletionState.Accepted) throw new InvalidOperationException($"deletion {request.RequestId} was acknowledged before it was excluded");
        double serverSide = (receipt.ExcludedAt!.Value - receipt.AcceptedAt).TotalMilliseconds;
        _report.DeletionLatenciesMs.Add(Math.Max(serverSide, 0));
        _roundTrips.Add(roundTrip);
        _report.DeletionRequests++;
        _report.SamplesDeleted += receipt.SampleCount;
        _requestIds.Add(request.RequestId!);
        foreach (var m in receipt.ServedModels)
            _report.ServedPrefixes.Add(new PrefixPoint(_report.DeletionRequests, m.Model.Split('/', 2)[^1], m.Prefix, m.Slices));
        if (receipt.Lineage is { Clean: false } l) _report.LineageViolations += l.Violations;
        return receipt;
    }

    private readonly List<double> _roundTrips = new();

    /// <summary>Client round trip of every deletion request (acknowledged, already excluded), in ms.</summary>
    public IReadOnlyList<double> DeletionRoundTrips => _roundTrips;

    /// <summary>Waits until every deletion is retrained, then checks the final receipts: lineage clean, raw data gone.</summary>
    private async Task WaitForReceiptsAsync(CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var pending = _requestIds.ToList();
        bool clean = true, raw = true;
        int retrained = 0;
        while (pending.Count > 0 && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            var still = new List<string>();
            foreach (var id in pending)
            {
                var r = await Next.GetDeletionAsync(StreamId, id, ct);
                if (r.State != DeletionState.Retrained) { still.Add(id); continue; }
                retrained++;
                clean &= r.Lineage?.Clean ?? false;
                raw &= r.RawDataRemoved;
                if (r.Lineage is { Clean: false } l) _report.LineageViolations += l.Violations;
            }
            pending = still;
            if (pending.Count > 0) await Task.Delay(250, ct);
        }
        _report.Retrainings = retrained;
        _report.LineageClean = clean && _report.LineageViolations == 0;
        _report.RawDataRemoved = raw;
        if (pending.Count > 0) _report.Notes.Add($"{pending.Count} deletions were not yet fully retrained when the demo ended.");
    }

    private async Task ForgetConceptAsync(int tasksSeen, DemoEvaluator evaluator, CancellationToken ct)
    {
        var (forgetBefore, retainBefore) = await evaluator.ForgetRetainAsync(_o.ForgetClass, tasksSeen, ct);
        var samples = _data.Stream.Where(s => s.Label == _o.ForgetClass).Take(_o.ForgetSamples).ToArray();
        var receipt = await Next.UnlearnAsync(StreamId, new UnlearningRequest($"forget-class-{_o.ForgetClass}", _o.ForgetClass, samples), ct);
        var (forgetAfter, retainAfter) = await evaluator.ForgetRetainAsync(_o.ForgetClass, tasksSeen, ct);
        _report.ForgottenClass = _o.ForgetClass;
        _report.ForgetAccuracyBefore = forgetBefore;
        _report.ForgetAccuracyAfter = forgetAfter;
        _report.RetainAccuracyBefore = retainBefore;
        _report.RetainAccuracyAfter = retainAfter;
        _report.Notes.Add($"concept unlearning of class {_o.ForgetClass}: {receipt.State} with {receipt.SampleCount} samples after task {tasksSeen}");
    }
}
