using System.CommandLine;

namespace ContinualCluster.Client.Commands;

/// <summary>Options every networked verb shares: the gateway address, the bearer key and the stream id.</summary>
public sealed class CommonOptions
{
    public Option<string> Gateway { get; } = new("--gateway", "-g")
    {
        Description = "Gateway base address of any silo (env CCL_GATEWAY)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CCL_GATEWAY") ?? "http://127.0.0.1:8080",
    };

    public Option<string> Key { get; } = new("--key", "-k")
    {
        Description = "Bearer key with the verb's role: ingest, delete, predict or admin (env CCL_KEY)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CCL_KEY") ?? "",
    };

    public Option<string> Stream { get; } = new("--stream", "-s")
    {
        Description = "Stream id",
        DefaultValueFactory = _ => "default",
    };

    public void AddTo(Command command)
    {
        command.Add(Gateway);
        command.Add(Key);
        command.Add(Stream);
    }

    public GatewayClient Client(ParseResult p)
    {
        string key = p.GetValue(Key) ?? "";
        if (key.Length == 0) throw new ArgumentException("no bearer key: pass --key or set CCL_KEY");
        return new GatewayClient(p.GetValue(Gateway)!, key);
    }
}
