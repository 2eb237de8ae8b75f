using System.Globalization;
using System.Text.RegularExpressions;

namespace ContinualCluster.Bench.Product;

/// <summary>
/// A silo's own runtime figures read from its /metrics (garbage-collection pauses and counts, CPU time), so a latency
/// tail can be told apart: the silo pausing itself, or waiting for the machine.
/// </summary>
public sealed record SiloRuntimeFigures(double GcPauseSeconds, double Gen0, double Gen1, double Gen2, double CpuSeconds)
{
    private static readonly Regex Line = new(@"^(?<key>[a-z_]+(\{[^}]*\})?) (?<value>\S+)$", RegexOptions.Multiline);

    public static async Task<SiloRuntimeFigures> ReadAsync(HttpClient http, Uri gateway, CancellationToken ct)
    {
        string text = await http.GetStringAsync(new Uri(gateway, "metrics"), ct);
        var values = Line.Matches(text).ToDictionary(m => m.Groups["key"].Value.TrimEnd('\r'),
            m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
        double Get(string key) => values.TryGetValue(key, out var v) ? v : double.NaN;
        return new(Get("ccl_gc_pause_seconds_total"), Get("ccl_gc_collections_total{generation=\"0\"}"),
            Get("ccl_gc_collections_total{generation=\"1\"}"), Get("ccl_gc_collections_total{generation=\"2\"}"), Get("process_cpu_seconds_total"));
    }

    /// <summary>What happened between <paramref name="before"/> and this reading.</summary>
    public string Since(SiloRuntimeFigures before) =>
        $"GC paused {(GcPauseSeconds - before.GcPauseSeconds) * 1000:0} ms in {Gen0 - before.Gen0:0} collections " +
        $"({Gen1 - before.Gen1:0} gen1, {Gen2 - before.Gen2:0} gen2), CPU {CpuSeconds - before.CpuSeconds:0.0} s";
}
