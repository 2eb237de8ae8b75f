namespace ContinualCluster.Silo.Hosting;

/// <summary>Settings of this silo (section "Silo"): its name, the port other silos reach it on, and its labels.</summary>
public sealed class SiloOptions
{
    public const string Section = "Silo";

    /// <summary>A name unique in the cluster (default: the host name).</summary>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>The silo-to-silo port (0: pick a free one).</summary>
    public int Port { get; set; } = 11111;

    /// <summary>Labels as "key=value" pairs separated by commas, e.g. "gpu=true,zone=a"; placement filters on them.</summary>
    public string Labels { get; set; } = "";

    /// <summary>
    /// Intra-op threads of libtorch (OpenMP) and OpenBLAS in this process; 0 keeps libtorch's default (one per core the
    /// process sees). Set it to the pod's CPU request: silos sharing cores each spinning up a thread per core contend.
    /// </summary>
    public int TorchThreads { get; set; }

    /// <summary>
    /// Predictions this silo computes at once; the others wait in arrival order (0: one per core the process sees). Each
    /// computes on <see cref="TorchThreads"/> threads, so slots × threads above the cores a silo really gets oversubscribes them.
    /// </summary>
    public int ServingSlots { get; set; }

    public IReadOnlyDictionary<string, string> ParsedLabels() => ParseLabels(Labels);

    public static IReadOnlyDictionary<string, string> ParseLabels(string labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1) throw new ArgumentException($"Silo:Labels: '{part}' is not key=value (e.g. gpu=true,zone=a)");
            string key = part[..eq].Trim(), value = part[(eq + 1)..].Trim();
            if (!result.TryAdd(key, value)) throw new ArgumentException($"Silo:Labels: the label '{key}' is given twice");
        }
        return result;
    }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("Silo:Name must not be empty");
        if (Port is < 0 or > 65535) throw new ArgumentException($"Silo:Port {Port} is outside 0..65535");
        ParseLabels(Labels);
        if (TorchThreads is < 0 or > 1024) throw new ArgumentException($"Silo:TorchThreads {TorchThreads} is outside 0..1024 (0: libtorch's default)");
        if (ServingSlots is < 0 or > 1024) throw new ArgumentException($"Silo:ServingSlots {ServingSlots} is outside 0..1024 (0: one per core)");
    }
}
