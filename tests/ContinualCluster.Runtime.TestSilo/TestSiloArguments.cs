using ContinualCluster.Runtime.Hosting;

namespace ContinualCluster.Runtime.TestSilo;

/// <summary>
/// Parses `--silo-id ID --store sqlite|postgresql --connection CS [--label k=v]... [--timings test|production]`; production
/// keeps SiloOptions' default heartbeat, lease and dead timeout, test uses the short process timings.
/// </summary>
internal static class TestSiloArguments
{
    public static (string SiloId, StoreKind Store, string Connection, Dictionary<string, string> Labels, bool Production) Parse(string[] args)
    {
        string? id = null, connection = null;
        var store = StoreKind.Sqlite;
        bool production = false;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--silo-id": id = Next(); break;
                case "--connection": connection = Next(); break;
                case "--store":
                    store = Next() switch
                    {
                        "sqlite" => StoreKind.Sqlite,
                        "postgresql" => StoreKind.PostgreSql,
                        var s => throw new ArgumentException($"--store must be sqlite or postgresql, not '{s}'"),
                    };
                    break;
                case "--label":
                    var kv = Next().Split('=', 2);
                    if (kv.Length != 2) throw new ArgumentException("--label needs key=value");
                    labels[kv[0]] = kv[1];
                    break;
                case "--timings":
                    production = Next() switch
                    {
                        "production" => true,
                        "test" => false,
                        var t => throw new ArgumentException($"--timings must be test or production, not '{t}'"),
                    };
                    break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        return (id ?? throw new ArgumentException("--silo-id is required"),
                store,
                connection ?? throw new ArgumentException("--connection is required"),
                labels,
                production);
    }
}
