using System.Net;
using System.Net.Sockets;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>Finds a TCP port that is free on loopback right now.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
