using ContinualCluster.Abstractions;
using ContinualCluster.Grains;

namespace ContinualCluster.Silo.Hosting;

/// <summary>This silo's gauges for /metrics: pending deletions and retraining jobs of its stream engines, its activations.</summary>
public sealed class SiloGauges : IClusterGauges
{
    private readonly Runtime.Hosting.Silo _silo;
    private readonly StreamEngineFactory _engines;

    public SiloGauges(Runtime.Hosting.Silo silo, StreamEngineFactory engines)
    {
        _silo = silo;
        _engines = engines;
    }

    public int DeletionsPending => _engines.Live.Sum(e => e.Ledger.Pending);
    public int RetrainingJobs => _engines.Live.Sum(e => e.RetrainingJobs);
    public IReadOnlyDictionary<string, int> ActivationsPerSilo => new Dictionary<string, int> { [_silo.SiloId] = _silo.ActivationCount };
}
