using System.Globalization;
using System.Text.RegularExpressions;
using ContinualCluster.Silo.Gateway;
using Xunit;

namespace ContinualCluster.Silo.Tests;

/// <summary>The metrics endpoint's text: request counters and the process's runtime figures, each a well-formed sample line.</summary>
public sealed class MetricsRenderTests
{
    private static readonly Regex Sample = new(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>\S+)$", RegexOptions.Compiled);

    private static Dictionary<string, double> Parse(string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            var m = Sample.Match(line);
            Assert.True(m.Success, $"not a Prometheus sample line: '{line}'");
            string key = m.Groups["labels"].Success ? $"{m.Groups["name"].Value}{{{m.Groups["labels"].Value}}}" : m.Groups["name"].Value;
            values[key] = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return values;
    }

    [Fact]
    public void Render_gives_request_counts_and_the_process_runtime_figures_in_prometheus_format()
    {
        var metrics = new GatewayMetrics();
        metrics.Observe("predict", 200, 0.004);
        metrics.Observe("predict", 400, 0.001);
        var before = Parse(metrics.Render(null));
        var garbage = Enumerable.Range(0, 64).Select(i => new byte[100_000]).ToList();
        GC.Collect(0);
        var after = Parse(metrics.Render(null));

        Assert.Equal(1, after["ccl_gateway_requests_total{route=\"predict\",code=\"200\"}"]);
        Assert.Equal(2, after["ccl_gateway_request_seconds_count{route=\"predict\"}"]);
        for (int g = 0; g <= GC.MaxGeneration; g++) Assert.True(after.ContainsKey($"ccl_gc_collections_total{{generation=\"{g}\"}}"));
        Assert.True(after["ccl_gc_collections_total{generation=\"0\"}"] > before["ccl_gc_collections_total{generation=\"0\"}"]);
        Assert.True(after["ccl_gc_allocated_bytes_total"] >= before["ccl_gc_allocated_bytes_total"] + 64 * 100_000);
        Assert.True(after["ccl_gc_pause_seconds_total"] >= before["ccl_gc_pause_seconds_total"]);
        Assert.True(after["ccl_threadpool_threads"] >= 1);
        Assert.True(after.ContainsKey("ccl_threadpool_queue_length"));
        Assert.True(after["process_cpu_seconds_total"] > 0);
        GC.KeepAlive(garbage);
    }
}
