using ContinualCluster.Abstractions.Api;

namespace ContinualCluster.Grains.Engine;

/// <summary>Exact deletion: resolve, log durably, exclude synchronously, then finish retraining in the background.</summary>
public sealed partial class StreamEngine
{
    private long _selectorWanted, _selectorDone;
    private int _selectorLoop;

    /// <summary>Retrains the selector at least once after this call (requests arriving together share one retraining).</summary>
    private async Task RetrainSelectorAfterAsync()
    {
        long generation = Interlocked.Increment(ref _selectorWanted);
        while (Interlocked.Read(ref _selectorDone) < generation)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            if (Interlocked.CompareExchange(ref _selectorLoop, 1, 0) == 0)
                _ = Task.Factory.StartNew(SelectorLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await Task.Delay(20);
        }
    }

    private void SelectorLoop()
    {
        ContinualCluster.Learning.Unlearning.S3T.TrainingThreads.LowerCurrent();   // its own LongRunning thread: predictions and deletions keep priority
        try
        {
            while (!IsDisposed && Interlocked.Read(ref _selectorDone) < Interlocked.Read(ref _selectorWanted))
            {
                long target = Interlocked.Read(ref _selectorWanted);
                try { TrainSelectorLocked(); }
                catch (Exception e) { Console.Error.WriteLine($"selector retraining failed: {e.Message}"); }
                Interlocked.Exchange(ref _selectorDone, target);
            }
        }
        finally { Volatile.Write(ref _selectorLoop, 0); }
    }

    public async Task<DeletionReceipt> DeleteAsync(DeletionRequest request, CancellationToken ct)
    {
        Interlocked.Increment(ref _acknowledging);
        try { await _turn.WaitAsync(ct); }
        catch { Interlocked.Decrement(ref _acknowledging); throw; }
        LedgerEntry entry;
        try
        {
            string[] ids;
            if (request.Owner is { } owner)
                ids = _byOwner.TryGetValue(owner, out var list) ? list.ToArray()
                    : throw ApiException.NotFound("owner", $"owner '{owner}' has no samples in stream '{_id}'");
            else
            {
                ids = request.SampleIds!.Distinct(StringComparer.Ordinal).ToArray();
                for (int i = 0; i < request.SampleIds!.Length; i++)
                    if (!_samples.ContainsKey(request.SampleIds[i]))
                        throw ApiException.NotFound($"sampleIds[{i}]", $"sample '{request.SampleIds[i]}' was never ingested in stream '{_id}'");
            }
            string fingerprint = Fingerprint(request.Owner is null ? request.SampleIds!.Order(StringComparer.Ordinal) : new[] { "owner:" + request.Owner });
            var (e, added) = await AcceptDeletionAsync(request.RequestId!, fingerprint, ids, request.Owner, ct);
            if (!added)
                return e.Fingerprint == fingerprint ? e.Receipt(duplicate: true)
                    : throw ApiException.Conflict("requestId", $"request id '{request.RequestId}' was already used for a different deletion");
            entry = e;
                var live = ids.Where(id => !_deleted.Contains(id)).ToList();
            _deleted.UnionWith(live);
            bool rawDropped = true;
            foreach (var group in live.GroupBy(id => _samples[id].Expert))
            {
                if (group.Key < 0)
                {
                    foreach (var id in group) _unassigned.Remove(id);
                    continue;
                }
                var result = _experts[group.Key].Delete(group.ToList());
                InvalidateUnlearning(group.Key);
                if (result.RetrainingStarted) entry.PendingExperts.Add(group.Key);
                rawDropped &= result.RawDataDropped;
            }
                // The selector buffer drops the deleted samples now (at acknowledgement); the selector is retrained after.
            entry.PendingSelector = live.Count > 0 && _learner.RemoveFromSelectorBuffer(live.ToHashSet(StringComparer.Ordinal)) > 0;
            entry.RedactBatches = live.Select(id => _samples[id].Batch).Distinct().Select(b => _batchRequests[(int)b]).ToList();
                Interlocked.Increment(ref _version);
            entry.ExcludedAt = _time.GetUtcNow();
            entry.ServedModels = _experts.SelectMany(x => x.Served).ToList();
            // Only experts that held a deleted sample can have changed: check their lineage now, every expert's at "retrained".
            entry.Lineage = CheckLineage(ids, live.Select(id => _samples[id].Expert).Where(k => k >= 0).ToHashSet());
            entry.RawDataRemoved = rawDropped && (_archive is null || entry.RedactBatches.Count == 0);
        }
        finally
        {
            Interlocked.Decrement(ref _acknowledging);
            _turn.Release();
        }
        // The request row is durable (appended before exclusion); the "excluded" row is a journal entry that a restart
        // does not need (replay excludes every logged deletion by construction), so the journal thread writes it.
        Journal(entry, DeletionState.Excluded);
        return entry.Receipt(duplicate: false);
    }

    public DeletionReceipt GetDeletion(string requestId) =>
        (Ledger.Find(requestId) ?? throw ApiException.NotFound("rid", $"no deletion '{requestId}' in stream '{_id}'")).Receipt(false);

    private LineageCheck CheckLineage(IEnumerable<string> ids, IReadOnlySet<int>? experts = null)
    {
        var set = ids.ToHashSet(StringComparer.Ordinal);
        int checkedModels = 0, violations = 0;
        foreach (var e in _experts)
        {
            if (experts is not null && !experts.Contains(e.Expert)) continue;
            var (c, v) = e.CheckLineage(set);
            checkedModels += c;
            violations += v;
        }
        return new LineageCheck(violations == 0, checkedModels, violations, _time.GetUtcNow());
    }

    /// <summary>
    /// After the journal wrote "excluded" and redacted the raw samples: waits for the experts' background retraining and
    /// the (coalesced) selector retraining, checks every expert's lineage and journals "retrained".
    /// </summary>
    private async Task FinishRetrainingAsync(LedgerEntry entry)
    {
        try
        {
            foreach (int k in entry.PendingExperts) await _experts[k].WaitForRetrainingAsync(CancellationToken.None);
            // The buffer was cleaned at acknowledgement; the selector trained on it is retrained before "retrained".
            if (entry.PendingSelector && _options.RetrainSelectorOnDeletion) await RetrainSelectorAfterAsync();
            await _turn.WaitAsync();
            try
            {
                entry.RetrainedAt = _time.GetUtcNow();
                entry.ServedModels = _experts.SelectMany(x => x.Served).ToList();
                entry.Lineage = CheckLineage(entry.SampleIds);
            }
            finally { _turn.Release(); }
            Journal(entry, DeletionState.Retrained);
        }
        catch (ObjectDisposedException) when (IsDisposed)
        {
            // The stream was deactivated first; the receipt stays "excluded" in the log and completes on the next activation's retraining.
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"deletion {entry.RequestId}: completing failed: {e.Message}");
        }
    }
}
