using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime.Transport;

/// <summary>This silo's outgoing connections, one per remote endpoint, replaced when one fails.</summary>
internal sealed class ConnectionPool : IDisposable
{
    private readonly ConcurrentDictionary<string, SiloConnection> _connections = new(StringComparer.Ordinal);
    private readonly TransportSettings _settings;
    private readonly SocketsHttpHandler _handler;

    public ConnectionPool(string localSiloId, string secret, int maxMessageBytes, TimeSpan responseTimeout, TimeSpan connectTimeout, ILogger logger)
    {
        _handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = connectTimeout,
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            InitialHttp2StreamWindowSize = 16 * 1024 * 1024,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _settings = new TransportSettings(client, localSiloId, secret, maxMessageBytes, responseTimeout, logger,
            c => _connections.TryRemove(new KeyValuePair<string, SiloConnection>(c.Endpoint, c)));
    }

    public SiloConnection Get(string endpoint)
    {
        while (true)
        {
            var c = _connections.GetOrAdd(endpoint, static (e, settings) => new SiloConnection(e, settings), _settings);
            if (!c.IsFailed) return c;
            _connections.TryRemove(new KeyValuePair<string, SiloConnection>(endpoint, c));
        }
    }

    public void Dispose()
    {
        foreach (var c in _connections.Values) c.Close();
        _connections.Clear();
        _handler.Dispose();
    }
}
