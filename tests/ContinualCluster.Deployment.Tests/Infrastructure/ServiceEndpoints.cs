using System.Collections.Concurrent;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// The ready endpoints behind the ccl-gateway Service: a pod leaves them when it stops being ready (before its preStop
/// hook runs, or as soon as its container dies) and rejoins once /readyz answers again.
/// </summary>
public sealed class ServiceEndpoints
{
    private readonly ConcurrentDictionary<int, Uri> _ready = new();

    public void Add(int ordinal, Uri gateway) => _ready[ordinal] = gateway;

    public void Remove(int ordinal) => _ready.TryRemove(ordinal, out _);

    public IReadOnlyList<Uri> Ready => _ready.OrderBy(kv => kv.Key).Select(kv => kv.Value).ToList();

    /// <summary>One ready endpoint at random (as kube-proxy picks one), or null while none is ready.</summary>
    public Uri? Pick(Random rng)
    {
        var all = _ready.Values.ToArray();
        return all.Length == 0 ? null : all[rng.Next(all.Length)];
    }
}
