using ContinualCluster.Grains.Engine;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Grains;

/// <summary>Creates a stream's engine from the silo's services: options, the Learning factory and the store's request log.</summary>
public sealed class StreamEngineFactory
{
    private readonly StreamEngineOptions _options;
    private readonly ILearningFactory _learning;
    private readonly IRequestLog _log;

    public StreamEngineFactory(StreamEngineOptions options, ILearningFactory learning, IRequestLog log)
    {
        options.Validate();
        _options = options;
        _learning = learning;
        _log = log;
    }

    public StreamEngine Create(string streamId, string siloId) => new(streamId, _options, _learning, _log);
}
