namespace ContinualCluster.Silo.Gateway;

/// <summary>Settings of the gateway HTTP API (section "Gateway"): its port, bearer keys as "role:key", body limit.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The HTTP port the gateway listens on (0: pick a free one).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>The address to bind ("127.0.0.1", or "0.0.0.0" in a pod).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Bearer keys, each "role:key" with role one of ingest, delete, predict, admin.</summary>
    public List<string> Keys { get; set; } = new();

    /// <summary>The largest request body accepted, in bytes.</summary>
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Throws naming the first bad setting.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentException($"Gateway:Port {Port} is outside 0..65535");
        if (MaxBodyBytes < 1024) throw new ArgumentException($"Gateway:MaxBodyBytes {MaxBodyBytes} is below 1024");
        if (Keys.Count == 0) throw new ArgumentException("Gateway:Keys is empty: give at least one \"role:key\" (e.g. CCL_Gateway__Keys__0=admin:secret)");
        for (int i = 0; i < Keys.Count; i++) ApiKeyRing.Parse(Keys[i], $"Gateway:Keys:{i}");
    }
}
