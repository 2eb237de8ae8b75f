using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ContinualCluster.Client.Report;

/// <summary>Writes out/report.json (every figure) and out/report.html (summary table and inline SVG plots).</summary>
public static class ReportWriter
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static (string Json, string Html) Write(DemoReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        string json = Path.Combine(directory, "report.json"), html = Path.Combine(directory, "report.html");
        File.WriteAllText(json, JsonSerializer.Serialize(report, Json));
        File.WriteAllText(html, Html(report));
        return (json, html);
    }

    public static DemoReport Read(string jsonPath)
    {
        if (!File.Exists(jsonPath)) throw new FileNotFoundException($"no report at {jsonPath}: run `ccl demo` first", jsonPath);
        return JsonSerializer.Deserialize<DemoReport>(File.ReadAllText(jsonPath), Json)
            ?? throw new InvalidDataException($"{jsonPath} holds no report");
    }

    /// <summary>The headline figures, as (label, value) pairs, shared by the HTML page and the terminal summary.</summary>
    public static List<(string Label, string Value)> Summary(DemoReport r)
    {
        string P(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        string Ms(double v) => v.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
        var lat = r.DeletionLatenciesMs;
        return new()
        {
            ("mode", r.Mode),
            ("duration", TimeSpan.FromSeconds(r.DurationSeconds).ToString(@"m\:ss")),
            ("batches / experts", $"{r.BatchLoss.Count} / {r.Experts}"),
            ("true boundaries", string.Join(", ", r.TrueBoundaries)),
            ("detected switches", string.Join(", ", r.DetectedSwitches)),
            ("final accuracy (class-incremental)", P(r.FinalAccuracy)),
            ("final accuracy (within-task)", P(r.FinalWithinTaskAccuracy)),
            ("selector routing accuracy", P(r.RoutingAccuracy)),
            ("deletion requests / samples deleted", $"{r.DeletionRequests} / {r.SamplesDeleted} (owners: {r.OwnersDeleted})"),
            ("deletion accepted→excluded p50 / p99", lat.Count == 0 ? "-" : $"{Ms(Charts.Percentile(lat, 0.5))} / {Ms(Charts.Percentile(lat, 0.99))}"),
            ("lineage check", r.LineageClean ? $"clean (0 violations)" : $"{r.LineageViolations} violations"),
            ("raw data of deleted samples removed", r.RawDataRemoved ? "yes" : "no"),
            ("background retrainings", r.Retrainings.ToString(CultureInfo.InvariantCulture)),
            ($"forget class {r.ForgottenClass}: accuracy before → after", $"{P(r.ForgetAccuracyBefore)} → {P(r.ForgetAccuracyAfter)}"),
            ("retained classes: accuracy before → after", $"{P(r.RetainAccuracyBefore)} → {P(r.RetainAccuracyAfter)}"),
            ("predictions served / failed", $"{r.PredictionsServed} / {r.PredictionsFailed}"),
            ("predictions/s, p50 / p99", $"{r.PredictionsPerSecond:0} /s, {Ms(r.PredictP50Ms)} / {Ms(r.PredictP99Ms)}"),
            ("ingest samples/s while training", r.IngestSamplesPerSecond.ToString("0", CultureInfo.InvariantCulture)),
        };
    }

    private static string Html(DemoReport r)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
          .Append(WebUtility.HtmlEncode(r.Title)).Append("</title><style>")
          .Append("body{font-family:sans-serif;max-width:960px;margin:24px auto;color:#222}")
          .Append("table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}")
          .Append("th{background:#f4f4f4}figure{margin:18px 0}.note{color:#8a4b00}</style></head><body>");
        sb.Append("<h1>").Append(WebUtility.HtmlEncode(r.Title)).Append("</h1>");
        sb.Append("<p>Started ").Append(r.StartedAt.ToString("u", CultureInfo.InvariantCulture)).Append(". Split Fashion-MNIST streamed without task labels; deletions and a concept-unlearning request arrived while it trained.</p>");
        foreach (var n in r.Notes) sb.Append("<p class=\"note\">").Append(WebUtility.HtmlEncode(n)).Append("</p>");
        sb.Append("<table><tr><th>figure</th><th>value</th></tr>");
        foreach (var (label, value) in Summary(r))
            sb.Append("<tr><td>").Append(WebUtility.HtmlEncode(label)).Append("</td><td>").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
        sb.Append("</table>");
        Figure(sb, Charts.LossWithSwitches(r), "Green: where the stream really changed task; red dashed: where the stream grain detected a switch.");
        Figure(sb, Charts.AccuracyMatrix(r.AccuracyMatrix, "Accuracy matrix (class-incremental)"), "");
        if (r.WithinTaskMatrix.Count > 0) Figure(sb, Charts.AccuracyMatrix(r.WithinTaskMatrix, "Accuracy matrix (within-task)"), "");
        Figure(sb, Charts.AccuracyOverTime(r), "");
        Figure(sb, Charts.DeletionHistogram(r), "");
        Figure(sb, Charts.ServedPrefixes(r), "Each step down is a deletion that contaminated the shard's served sequence from that slice on.");
        Figure(sb, Charts.ForgetRetain(r), "Accuracy on the forgotten class should fall to chance or below; the other classes should not move.");
        sb.Append("<h2>Settings</h2><table>");
        foreach (var (k, v) in r.Settings) sb.Append("<tr><td>").Append(WebUtility.HtmlEncode(k)).Append("</td><td>").Append(WebUtility.HtmlEncode(v)).Append("</td></tr>");
        sb.Append("</table></body></html>");
        return sb.ToString();
    }

    private static void Figure(StringBuilder sb, string svg, string caption)
    {
        sb.Append("<figure>").Append(svg);
        if (caption.Length > 0) sb.Append("<figcaption>").Append(WebUtility.HtmlEncode(caption)).Append("</figcaption>");
        sb.Append("</figure>");
    }
}
