using System.Security.Cryptography;
using System.Text;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Runtime.Audit;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// One stream's orchestration (what the stream, expert, shard, selector, unlearning and ledger grains do together):
/// mutations run one at a time as turns; predictions read immutable served models concurrently.
/// </summary>
public sealed partial class StreamEngine : IDisposable
{
    private readonly string _id;
    private readonly StreamEngineOptions _options;
    private readonly ILearningFactory _factory;
    private readonly IRequestLog _log;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly IStreamLearner _learner;
    private readonly IConceptUnlearner _unlearner;
    private readonly List<IExpertModel> _experts = new();
    private volatile IExpertModel[] _serving = Array.Empty<IExpertModel>();
    private readonly List<int> _untrained = new();
    private readonly Dictionary<int, Task> _training = new();
    private readonly Dictionary<string, SampleRecord> _samples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sample> _unassigned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _byOwner = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Fingerprint, IngestResponse Response)> _ingested = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Fingerprint, UnlearningReceipt Receipt)> _unlearned = new(StringComparer.Ordinal);
    private readonly List<long> _switches = new();
    private readonly List<string> _batchRequests = new();
    private readonly HashSet<string> _inflight = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);
    private readonly SampleArchive? _archive;
    private readonly LabelMap _labels;
    private long _batches, _version;
    private int _active = -1;

    public StreamEngine(string streamId, StreamEngineOptions options, ILearningFactory factory, IRequestLog log, TimeProvider? time = null,
        SampleArchive? archive = null, IAuditLog? audit = null)
    {
        _archive = archive;
        options.Validate();
        _id = streamId;
        _options = options;
        _factory = factory;
        _log = log;
        _time = time ?? TimeProvider.System;
        _labels = new LabelMap(options.ClassesPerTask);
        _learner = factory.CreateLearner(streamId);
        _unlearner = factory.CreateUnlearner(streamId);
        Ledger = new DeletionLedger(log, streamId);
        Audit = audit is null ? null : new DeletionAudit(audit, streamId);
    }

    public DeletionLedger Ledger { get; }

    /// <summary>Where this stream's deletion transitions are audited (null: no audit log in this process).</summary>
    public DeletionAudit? Audit { get; }
    public int RetrainingJobs { get { lock (_training) return _training.Count(t => !t.Value.IsCompleted) + _serving.Sum(e => e.RetrainingJobs); } }
    public long ModelVersion => Interlocked.Read(ref _version);

    public async Task<IngestResponse> IngestAsync(IngestRequest request, CancellationToken ct)
    {
        var items = request.Samples!;
        string rid = request.RequestId!;
        string fingerprint = Fingerprint(items.Select(s => $"{s.Id}|{s.Owner}|{s.Label}"));
        await _turn.WaitAsync(ct);
        try
        {
            if (_ingested.TryGetValue(rid, out var seen))
                return seen.Fingerprint == fingerprint ? seen.Response with { Duplicate = true }
                    : throw ApiException.Conflict("requestId", $"request id '{rid}' was already used for a different batch");
            if (!_inflight.Add(rid)) throw new ApiException(503, "in_progress", "requestId", $"request id '{rid}' is being applied; retry it");
            for (int i = 0; i < items.Length; i++)
                if (_samples.ContainsKey(items[i].Id!) || _reserved.Contains(items[i].Id!))
                {
                    _inflight.Remove(rid);
                    throw ApiException.Conflict($"samples[{i}].id", $"sample id '{items[i].Id}' was already ingested in this stream");
                }
            foreach (var s in items) _reserved.Add(s.Id!);
        }
        finally { _turn.Release(); }

        var raw = items.Select(s => new Sample(s.Id!, s.Owner ?? "anonymous", s.Label!.Value, s.Pixels!)).ToList();
        bool locked = false;
        try
        {
            // The raw samples are durable before the batch is logged, and the batch is logged before it is acknowledged:
            // a stream that moves or whose silo dies replays every logged batch from these records. The (large) archive
            // write runs outside the turn, so deletions and other batches do not wait for it.
            if (_archive is not null) await _archive.WriteAsync("ingest", rid, raw, ct);
            await _turn.WaitAsync(ct);
            locked = true;
            var payload = Encoding.UTF8.GetBytes(fingerprint + "\n" + string.Join('\n', raw.Select(s => s.Id + "\t" + s.OwnerId)));
            var appended = await _log.AppendAsync($"ingest/{_id}", rid, "ingest", payload, ct);
            if (!appended.Added)
                return new IngestResponse(rid, 0, true, _active, false, _experts.Count, _batches, double.NaN);
            return Apply(rid, fingerprint, raw.Select(s => (s.Id, s.OwnerId)).ToList(), raw);
        }
        finally
        {
            if (!locked) await _turn.WaitAsync(CancellationToken.None);
            _inflight.Remove(rid);
            foreach (var s in items) _reserved.Remove(s.Id!);
            _turn.Release();
        }
    }

    /// <summary>
    /// Applies one logged batch (live or replayed): indexes every id and owner, lets TAME learn the samples still live
    /// (<paramref name="learn"/>, global labels) and schedules training. Runs inside a turn.
    /// </summary>
    private IngestResponse Apply(string requestId, string fingerprint, IReadOnlyList<(string Id, string Owner)> ids, IReadOnlyList<Sample> learn)
    {
        var labelOf = learn.ToDictionary(s => s.Id, s => s.Label, StringComparer.Ordinal);
        foreach (var (id, owner) in ids)
        {
            _samples[id] = new SampleRecord(id, owner, labelOf.GetValueOrDefault(id, -1), -1, _batches);
            if (!_byOwner.TryGetValue(owner, out var list)) _byOwner[owner] = list = new();
            list.Add(id);
        }
        _batchRequests.Add(requestId);
        IngestResponse response;
        if (learn.Count == 0)
            response = new IngestResponse(requestId, 0, false, _active, false, Math.Max(_experts.Count, _learner.Experts), _batches, double.NaN);
        else
        {
            ContinualCluster.Learning.Unlearning.S3T.IntraOpThreads.Apply();
            var batch = learn.Select(s => new Sample(s.Id, s.OwnerId, _labels.Local(s.Label), s.Pixels)).ToList();
            var step = _learner.Observe(batch);
            int previous = _active;
            _active = step.Expert;
            if (step.Switched) _switches.Add(_batches);
            foreach (var s in batch) _unassigned[s.Id] = s;
            Assign(step.Assigned);
            if (!_replaying && previous >= 0 && previous != step.Expert && previous < _untrained.Count && _untrained[previous] > 0) ScheduleTraining(previous);
            if (!_replaying && step.Expert < _untrained.Count && _untrained[step.Expert] >= _options.TrainEverySamples) ScheduleTraining(step.Expert);
            response = new IngestResponse(requestId, learn.Count, false, step.Expert, step.Switched, Math.Max(_experts.Count, _learner.Experts), _batches, step.Loss);
        }
        _batches++;
        _ingested[requestId] = (fingerprint, response);
        return response;
    }

    /// <summary>Trains every expert that holds untrained samples and the selector, and waits for it (end of a stream, tests).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            Assign(_learner.FlushPending());
            for (int k = 0; k < _experts.Count; k++) if (_untrained[k] > 0 || !_experts[k].Ready) ScheduleTraining(k);
        }
        finally { _turn.Release(); }
        Task[] pending;
        lock (_training) pending = _training.Values.ToArray();
        await Task.WhenAll(pending).WaitAsync(ct);
        foreach (var e in _serving) await e.WaitForRetrainingAsync(ct);
        await RetrainSelectorAfterAsync();
    }

    /// <summary>Hands samples whose expert became final to that expert's serving model (deleted ones were already dropped).</summary>
    private void Assign(IReadOnlyList<ExpertAssignment> assignments)
    {
        foreach (var a in assignments)
        {
            while (_experts.Count <= a.Expert) { _experts.Add(_factory.CreateExpert(_id, _experts.Count)); _untrained.Add(0); }
            _serving = _experts.ToArray();
            var samples = new List<Sample>(a.SampleIds.Length);
            foreach (var id in a.SampleIds)
            {
                if (!_unassigned.Remove(id, out var sample)) continue;
                samples.Add(sample);
                _samples[id] = _samples[id] with { Expert = a.Expert };
                _labels.Observe(a.Expert, _samples[id].Label);
            }
            if (samples.Count == 0) continue;
            _experts[a.Expert].Add(samples);
            _untrained[a.Expert] += samples.Count;
        }
    }

    private void ScheduleTraining(int k)
    {
        _untrained[k] = 0;
        var expert = _experts[k];
        // The selector is small: retrain it with every expert training once there is more than one expert to route to.
        bool trainSelector = _learner.Experts > 1;
        lock (_training)
        {
            var previous = _training.GetValueOrDefault(k) ?? Task.CompletedTask;
            // Training blocks for seconds: it runs on its own thread, never on the pool the silo's heartbeats need.
            _training[k] = previous.ContinueWith(_ =>
            {
                ContinualCluster.Learning.Unlearning.S3T.TrainingThreads.LowerCurrent();   // a dedicated thread (LongRunning): requests keep priority over training
                try
                {
                    expert.Train();
                    if (trainSelector) TrainSelectorLocked();
                    Interlocked.Increment(ref _version);
                }
                catch (Exception e) { Console.Error.WriteLine($"stream {_id}: training expert {k} failed: {e.Message}"); }
            }, CancellationToken.None, TaskContinuationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    private readonly object _selectorGate = new();

    private void TrainSelectorLocked()
    {
        lock (_selectorGate) _learner.TrainSelector();
    }

    private static string Fingerprint(IEnumerable<string> parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts)));
        return Convert.ToHexString(bytes, 0, 16);
    }

    public bool IsDisposed { get; private set; }

    public void Dispose()
    {
        if (IsDisposed) return;
        IsDisposed = true;
        Task[] pending;
        lock (_training) pending = _training.Values.ToArray();
        try { Task.WaitAll(pending, TimeSpan.FromSeconds(30)); } catch (AggregateException) { }
        StopJournal();
        foreach (var e in _experts) e.Dispose();
        _learner.Dispose();
        _unlearner.Dispose();
        _turn.Dispose();
    }
}
