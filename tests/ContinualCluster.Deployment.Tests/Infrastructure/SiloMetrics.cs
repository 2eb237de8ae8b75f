using System.Globalization;
using System.Text.RegularExpressions;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>The gauges one silo's GET /metrics reports (Prometheus text): its activations and its retraining jobs.</summary>
public sealed record SiloMetrics(int Activations, int RetrainingJobs, int DeletionsPending)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Reads the silo's gauges; null when it does not answer (stopped, or not listening yet).</summary>
    public static async Task<SiloMetrics?> ReadAsync(Uri gateway)
    {
        try
        {
            string text = await Http.GetStringAsync(new Uri(gateway, "/metrics"));
            return new SiloMetrics(Gauge(text, @"ccl_activations\{[^}]*\}"), Gauge(text, "ccl_retraining_jobs"), Gauge(text, "ccl_deletions_pending"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return null; }
    }

    private static int Gauge(string text, string name)
    {
        var m = Regex.Matches(text, $@"^{name} (\S+)$", RegexOptions.Multiline);
        return m.Sum(x => (int)double.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture));
    }
}
