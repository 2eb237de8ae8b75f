namespace ContinualCluster.TestKit.Cluster;

/// <summary>Silos as real processes over one shared store: start N, kill -9, restart under the same id, add more.</summary>
public sealed class ProcessCluster : IDisposable
{
    private readonly List<ProcessSilo> _silos = new();
    private readonly string _store;
    private readonly string _connection;
    private readonly string _prefix;
    private readonly string[] _extra;

    private ProcessCluster(string store, string connection, string prefix, string[] extra)
    {
        _extra = extra;
        _store = store;
        _connection = connection;
        _prefix = prefix;
    }

    public IReadOnlyList<ProcessSilo> Silos => _silos;

    /// <summary>
    /// Starts <paramref name="count"/> silo processes named {prefix}0, {prefix}1, … concurrently; <paramref name="extra"/>
    /// arguments (e.g. "--timings", "production") go to every silo this cluster starts.
    /// </summary>
    public static async Task<ProcessCluster> StartAsync(int count, string store, string connection, string prefix, params string[] extra)
    {
        var cluster = new ProcessCluster(store, connection, prefix, extra);
        try
        {
            var started = await Task.WhenAll(Enumerable.Range(0, count).Select(i => ProcessSilo.StartAsync($"{prefix}{i}", store, connection, extra)));
            cluster._silos.AddRange(started);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
        return cluster;
    }

    public async Task<ProcessSilo> AddAsync(params string[] extra)
    {
        var silo = await ProcessSilo.StartAsync($"{_prefix}{_silos.Count}", _store, _connection, [.. _extra, .. extra]);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>SIGKILL: the process gets no chance to persist, deregister or say goodbye.</summary>
    public void Kill(int index) => _silos[index].Kill();

    /// <summary>SIGSTOP: silo <paramref name="index"/> freezes mid-work until <see cref="Resume"/> (or a kill).</summary>
    public void Pause(int index) => _silos[index].Pause();

    /// <summary>SIGCONT: a paused silo runs on from where it froze.</summary>
    public void Resume(int index) => _silos[index].Resume();

    /// <summary>Kills silo <paramref name="index"/> if alive and starts it again under the same id (a new generation).</summary>
    public async Task<ProcessSilo> RestartAsync(int index)
    {
        var old = _silos[index];
        old.Dispose();
        var silo = await ProcessSilo.StartAsync(old.SiloId, _store, _connection, _extra);
        _silos[index] = silo;
        return silo;
    }

    public void Dispose()
    {
        foreach (var s in _silos) s.Dispose();
    }
}
