namespace ContinualCluster.Bench.Product;

/// <summary>
/// The prediction rows and TARGET lines both product sections report: throughput at saturation (2 closed-loop callers)
/// for several batch sizes, the ≥ 5,000/s target read at one stated size, then the p99 target read at that size with
/// the requests offered open-loop at 5,000 images/s (latency at the target rate, as the runtime benchmark reads its p99).
/// </summary>
public static class PredictionTargets
{
    public const int Batch = 128;
    public const double Rate = 5000;

    /// <summary>Measures and reports; <paramref name="label"/> prefixes rows and suffixes targets ("" in process).</summary>
    public static async Task ReportAsync(BenchReport report, ProductBenchSteps steps, string label, string transport, CancellationToken ct)
    {
        string row = label.Length == 0 ? "" : label + " ";
        string target = label.Length == 0 ? "" : " " + label;
        await steps.PredictAsync(64, 2, TimeSpan.FromSeconds(2), ct);   // warm-up (JIT, connections, merged copies), not reported
        foreach (int size in new[] { 64, Batch, 256 })
        {
            var (perSecond, p50, p99, requests) = await steps.PredictAsync(size, 2, TimeSpan.FromSeconds(size == Batch ? 10 : 6), ct);
            report.Row($"{row}batched predictions, batches of {size}", $"{perSecond:0}/s",
                $"{transport}at saturation: 2 closed-loop callers, {requests} requests, p50 {p50:0.0} ms, p99 {p99:0.0} ms");
            if (size == Batch) report.TargetAtLeast($"batched predictions/s (batches of {size}){target}", perSecond, 5000, "/s", "0");
        }
        var paced = await steps.PredictAtRateAsync(Batch, Rate, TimeSpan.FromSeconds(15), ct);
        report.Row($"{row}predictions offered at {Rate:0} images/s, batches of {Batch}", $"p50 {paced.P50:0.0} ms",
            $"{transport}open loop from the scheduled send time: p99 {paced.P99:0.0} ms, {paced.Requests} requests, {paced.PerSecond:0} images/s answered, at most {paced.MaxInFlight} in flight");
        report.TargetAtMost($"prediction p99 latency at {Rate:0} images/s (batches of {Batch}){target}", paced.P99, 20, " ms", "0.0");
    }
}
