using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// Checks a stream's served lineage continuously while a scenario runs. Every round (a) posts a probe deletion that
/// re-lists every acknowledged deleted id, so the stream checks each model it serves against all of them afresh (the
/// ids are already gone: nothing retrains; the probe's "retrained" receipt carries the check), and (b) reads receipts
/// of acknowledged deletions, which must stay readable, excluded or retrained, with a clean lineage check. Anything
/// else is recorded with the time it was seen. A probe counts as clean only when it checked at least one served model.
/// </summary>
public sealed class LineageWatch(ServiceEndpoints endpoints, string key, string stream)
{
    private readonly ConcurrentDictionary<string, string[]> _acknowledged = new();
    private readonly ConcurrentQueue<string> _violations = new(), _lost = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ServiceClient _client = new(endpoints, key, 17);
    private int _probe, _cursor;
    private long _rounds, _cleanProbes, _receiptsRead, _lastOkMs;
    private double _longestGap;

    /// <summary>A served model's lineage held an acknowledged deleted id, or a receipt's lineage check failed.</summary>
    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>An acknowledged deletion whose receipt or samples the stream no longer knows (or whose receipt went back to accepted).</summary>
    public IReadOnlyCollection<string> Lost => _lost;

    public long Rounds => Interlocked.Read(ref _rounds);
    public long CleanProbes => Interlocked.Read(ref _cleanProbes);
    public long ReceiptsRead => Interlocked.Read(ref _receiptsRead);
    public int Acknowledged => _acknowledged.Count;
    public double LongestGapSeconds { get { lock (_clock) return _longestGap; } }
    public IEnumerable<string> DeletedIds => _acknowledged.Values.SelectMany(v => v);

    /// <summary>Registers a deletion the gateway acknowledged (202) with the ids it deleted.</summary>
    public void Acknowledge(string requestId, string[] ids) => _acknowledged[requestId] = ids;

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await RoundAsync(receipts: 6, TimeSpan.FromSeconds(2));
            try { await Task.Delay(150, stop); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>One probe and <paramref name="receipts"/> receipt reads (round robin; all of them when int.MaxValue).</summary>
    public async Task<bool> RoundAsync(int receipts, TimeSpan retryFor)
    {
        var acknowledged = _acknowledged.ToArray();
        bool ok = true;
        if (acknowledged.Length > 0) ok &= await ProbeAsync(acknowledged.SelectMany(a => a.Value).Distinct().ToArray(), retryFor);
        int n = Math.Min(receipts, acknowledged.Length);
        for (int i = 0; i < n; i++)
        {
            var (rid, _) = acknowledged[(int)((uint)Interlocked.Increment(ref _cursor) % acknowledged.Length)];
            ok &= await ReceiptAsync(rid, retryFor);
        }
        Interlocked.Increment(ref _rounds);
        long now = _clock.ElapsedMilliseconds;
        if (ok)
            lock (_clock)
            {
                if (_lastOkMs > 0) _longestGap = Math.Max(_longestGap, (now - _lastOkMs) / 1000.0);
                _lastOkMs = now;
            }
        return ok;
    }

    private string At => $"t={_clock.Elapsed.TotalSeconds:0.0}s";

    private async Task<bool> ProbeAsync(string[] ids, TimeSpan retryFor)
    {
        string rid = $"lineage-probe-{Interlocked.Increment(ref _probe)}";
        var o = await _client.PostAsync($"/v1/streams/{stream}/deletions", Samples.Delete(rid, ids), retryFor);
        if (o.Final is null || ServiceClient.Retryable(o.Status)) return false;   // unavailable for now: the gap shows it
        if (o.Status == 404) { _lost.Enqueue($"{At} probe {rid}: the stream no longer knows an acknowledged deleted sample: {o}"); return false; }
        if (o.Status != 202) { _violations.Enqueue($"{At} probe {rid}: {o}"); return false; }
        if (!Clean(o.Final.Body, out _)) { _violations.Enqueue($"{At} probe {rid} over {ids.Length} acknowledged deleted ids: {o}"); return false; }
        // At acknowledgement a deletion checks only the experts its (here: no) live ids touched; its "retrained" receipt,
        // which follows at once because nothing retrains, holds the check of every served model against all the ids.
        var until = DateTime.UtcNow + retryFor;
        while (DateTime.UtcNow < until)
        {
            var r = await _client.GetAsync($"/v1/streams/{stream}/deletions/{rid}", until - DateTime.UtcNow);
            if (r.Final is null || ServiceClient.Retryable(r.Status)) return false;
            if (r.Status != 200) { _lost.Enqueue($"{At} probe {rid}: acknowledged, then its receipt answered {r}"); return false; }
            if (JsonDocument.Parse(r.Final.Body).RootElement.GetProperty("state").GetString() != "retrained") { await Task.Delay(50); continue; }
            if (!Clean(r.Final.Body, out int models))
            {
                _violations.Enqueue($"{At} probe {rid} over {ids.Length} acknowledged deleted ids: a served model's lineage holds one: {r}");
                return false;
            }
            if (models > 0) Interlocked.Increment(ref _cleanProbes);
            return true;
        }
        return false;
    }

    /// <summary>True unless the receipt's lineage check reports a violation; <paramref name="models"/>: models it checked.</summary>
    private static bool Clean(string receipt, out int models)
    {
        models = 0;
        if (!JsonDocument.Parse(receipt).RootElement.TryGetProperty("lineage", out var l) || l.ValueKind != JsonValueKind.Object) return true;
        models = l.GetProperty("modelsChecked").GetInt32();
        return l.GetProperty("clean").GetBoolean() && l.GetProperty("violations").GetInt32() == 0;
    }

    private async Task<bool> ReceiptAsync(string rid, TimeSpan retryFor)
    {
        var o = await _client.GetAsync($"/v1/streams/{stream}/deletions/{rid}", retryFor);
        if (o.Final is null || ServiceClient.Retryable(o.Status)) return false;
        if (o.Status == 404) { _lost.Enqueue($"{At} acknowledged deletion {rid}: receipt gone: {o}"); return false; }
        if (o.Status != 200) { _violations.Enqueue($"{At} receipt {rid}: {o}"); return false; }
        Interlocked.Increment(ref _receiptsRead);
        var r = JsonDocument.Parse(o.Final.Body).RootElement;
        string state = r.GetProperty("state").GetString() ?? "";
        if (state is not ("excluded" or "retrained")) { _lost.Enqueue($"{At} acknowledged deletion {rid}: receipt says '{state}'"); return false; }
        if (!Clean(o.Final.Body, out _))
        {
            _violations.Enqueue($"{At} receipt {rid}: lineage check failed: {o}");
            return false;
        }
        return true;
    }

    /// <summary>A final, full round (the probe and every receipt), retrying for <paramref name="retryFor"/>.</summary>
    public Task<bool> FullRoundAsync(TimeSpan retryFor) => RoundAsync(int.MaxValue, retryFor);

    public string Summary() =>
        $"{Rounds} rounds, {CleanProbes} clean probes, {ReceiptsRead} receipts read over {Acknowledged} acknowledged deletions, " +
        $"longest gap between clean rounds {LongestGapSeconds:0.0} s, {_violations.Count} violations, {_lost.Count} lost";
}
