using ContinualCluster.Grains.Engine;
using ContinualCluster.Runtime.Audit;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Grains;

/// <summary>Creates a stream's engine from the silo's services: options, the Learning factory, the store's request log, grain state and audit log.</summary>
public sealed class StreamEngineFactory
{
    private readonly StreamEngineOptions _options;
    private readonly ILearningFactory _learning;
    private readonly IRequestLog _log;
    private readonly IGrainStateStore _state;
    private readonly IAuditLog? _audit;

    public StreamEngineFactory(StreamEngineOptions options, ILearningFactory learning, IRequestLog log, IGrainStateStore state,
        IAuditLog? audit = null)
    {
        _audit = audit;
        _state = state;
        options.Validate();
        _options = options;
        _learning = learning;
        _log = log;
    }

    private readonly List<WeakReference<StreamEngine>> _created = new();

    /// <summary>Engines created here that are still alive (for this silo's gauges).</summary>
    public IReadOnlyList<StreamEngine> Live
    {
        get
        {
            lock (_created)
            {
                _created.RemoveAll(w => !w.TryGetTarget(out var e) || e.IsDisposed);
                return _created.Select(w => w.TryGetTarget(out var e) ? e : null).OfType<StreamEngine>().ToList();
            }
        }
    }

    public StreamEngine Create(string streamId, string siloId)
    {
        var checkpoints = _options.PersistCheckpoints ? new CheckpointStore(_state, streamId) : null;
        var learning = checkpoints is null ? _learning : new CheckpointingLearningFactory(_learning, checkpoints);
        var engine = new StreamEngine(streamId, _options, learning, _log, archive: new SampleArchive(_state, streamId), audit: _audit) { Checkpoints = checkpoints };
        lock (_created) _created.Add(new WeakReference<StreamEngine>(engine));
        return engine;
    }
}
