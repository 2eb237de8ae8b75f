namespace ContinualCluster.Runtime.Transport;

/// <summary>
/// A silo generation that answered a grain call: grain references cache it to send later calls straight to its
/// connection. It is marked dead when membership declares that generation dead, which sends calls back through
/// resolution.
/// </summary>
internal sealed class RemoteSilo
{
    private volatile SiloConnection? _connection;
    private volatile bool _dead;

    public RemoteSilo(string siloId, long generation, string endpoint)
    {
        SiloId = siloId;
        Generation = generation;
        Endpoint = endpoint;
    }

    public string SiloId { get; }

    public long Generation { get; }

    public string Endpoint { get; }

    public bool IsDead => _dead;

    public void MarkDead() => _dead = true;

    /// <summary>The open connection to this silo (replaced from the pool once it failed).</summary>
    public SiloConnection Connection(ConnectionPool pool)
    {
        var c = _connection;
        if (c is null || c.IsFailed) _connection = c = pool.Get(Endpoint);
        return c;
    }
}
