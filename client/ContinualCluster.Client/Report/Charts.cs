using System.Globalization;

namespace ContinualCluster.Client.Report;

/// <summary>The report's plots, each drawn as an inline SVG string from the demo's figures.</summary>
public static class Charts
{
    public static string LossWithSwitches(DemoReport r)
    {
        var svg = new Svg(900, 340, "Training loss per batch: detected task switches vs true boundaries");
        int n = Math.Max(1, r.BatchLoss.Count);
        double max = r.BatchLoss.Count == 0 ? 1 : Math.Min(r.BatchLoss.Max(), Percentile(r.BatchLoss, 0.99) * 1.5);
        svg.Domain(0, n, 0, Math.Max(max, 0.1));
        svg.Axes("batch index in the stream", "loss (active expert, before update)");
        foreach (var b in r.TrueBoundaries) svg.VerticalMarker(b, "#2ca02c", null, 2.5);
        foreach (var s in r.DetectedSwitches) svg.VerticalMarker(s, "#d62728", "6,4", 2);
        svg.Polyline(r.BatchLoss.Select((l, i) => ((double)i, Math.Min(l, max))), "#1f77b4", 1.2);
        svg.Legend(new (string, string, string?)[] { ("loss", "#1f77b4", null), ("true boundary", "#2ca02c", null), ("detected switch", "#d62728", "6,4") });
        return svg.ToString();
    }

    public static string AccuracyMatrix(List<List<double>> m, string title)
    {
        int rows = m.Count, cols = rows == 0 ? 0 : m.Max(r => r.Count);
        double cell = 64;
        var svg = new Svg(Math.Max(420, 140 + cols * cell), 110 + rows * cell, title);
        double x0 = 110, y0 = 56;
        for (int j = 0; j < cols; j++) svg.Text(x0 + j * cell + cell / 2, y0 - 6, $"task {j + 1}", anchor: "middle");
        for (int i = 0; i < rows; i++)
        {
            svg.Text(x0 - 8, y0 + i * cell + cell / 2 + 4, $"after task {i + 1}", anchor: "end");
            for (int j = 0; j < cols; j++)
            {
                if (j >= m[i].Count) continue;
                double v = m[i][j];
                bool seen = j <= i;
                svg.Rect(x0 + j * cell, y0 + i * cell, cell - 2, cell - 2, seen ? Heat(v) : "#f3f3f3", "#fff");
                svg.Text(x0 + j * cell + cell / 2 - 1, y0 + i * cell + cell / 2 + 4, (v * 100).ToString("0.0", CultureInfo.InvariantCulture),
                    anchor: "middle", size: 13, color: seen && v > 0.6 ? "white" : "#111");
            }
        }
        svg.Text(x0 - 100, y0 + rows * cell + 22, "accuracy (%) on task j after task i; grey: task not yet seen");
        return svg.ToString();
    }

    public static string AccuracyOverTime(DemoReport r)
    {
        var svg = new Svg(900, 320, "Accuracy over time (test sets of the tasks seen so far)");
        int n = Math.Max(1, r.BatchLoss.Count);
        svg.Domain(0, n, 0, 1);
        svg.Axes("batch index in the stream", "accuracy", yFormat: "0%");
        foreach (var b in r.TrueBoundaries) svg.VerticalMarker(b, "#cfcfcf", "2,3");
        var series = r.AccuracyOverTime.Select(p => p.Series).Distinct().ToList();
        var legend = new List<(string, string, string?)>();
        for (int k = 0; k < series.Count; k++)
        {
            var pts = r.AccuracyOverTime.Where(p => p.Series == series[k]).Select(p => ((double)p.Batch, p.Value)).ToList();
            string color = Svg.Palette[k % Svg.Palette.Length];
            svg.Polyline(pts, color, 2);
            foreach (var (x, y) in pts) svg.Dot(x, y, color);
            legend.Add((series[k], color, null));
        }
        if (legend.Count > 0) svg.Legend(legend);
        return svg.ToString();
    }

    public static string DeletionHistogram(DemoReport r)
    {
        var svg = new Svg(900, 320, "Deletion latency: accepted → excluded from serving");
        var v = r.DeletionLatenciesMs;
        double hi = v.Count == 0 ? 1 : Math.Max(1, Percentile(v, 1.0));
        int bins = 30;
        var counts = new int[bins];
        foreach (var x in v) counts[Math.Min(bins - 1, (int)(x / hi * bins))]++;
        svg.Domain(0, hi, 0, Math.Max(1, counts.Max()) * 1.1);
        svg.Axes("latency (ms)", "deletion requests");
        for (int i = 0; i < bins; i++)
            svg.Rect(svg.X(i * hi / bins) + 1, svg.Y(counts[i]), svg.X(hi / bins) - svg.X(0) - 2, svg.PlotBottom - svg.Y(counts[i]), "#1f77b4");
        if (v.Count > 0)
        {
            double p50 = Percentile(v, 0.5), p99 = Percentile(v, 0.99);
            svg.VerticalMarker(p50, "#2ca02c", "5,3");
            svg.VerticalMarker(p99, "#d62728", "5,3");
            svg.Legend(new (string, string, string?)[] { ($"p50 {p50:0.0} ms", "#2ca02c", "5,3"), ($"p99 {p99:0.0} ms", "#d62728", "5,3"), ($"{v.Count} requests", "#1f77b4", null) });
        }
        return svg.ToString();
    }

    public static string ServedPrefixes(DemoReport r)
    {
        var svg = new Svg(900, 320, "Served prefix length per shard as deletions arrive (S3T)");
        int maxDel = r.ServedPrefixes.Count == 0 ? 1 : Math.Max(1, r.ServedPrefixes.Max(p => p.Deletions));
        int maxSlices = r.ServedPrefixes.Count == 0 ? 1 : r.ServedPrefixes.Max(p => p.Slices);
        svg.Domain(0, maxDel, 0, maxSlices);
        svg.Axes("deletion requests applied", "served prefix (slices)", yTicks: Math.Max(1, maxSlices), yFormat: "0");
        var shards = r.ServedPrefixes.Select(p => p.Shard).Distinct().ToList();
        var legend = new List<(string, string, string?)>();
        for (int k = 0; k < shards.Count; k++)
        {
            string color = Svg.Palette[k % Svg.Palette.Length];
            var pts = r.ServedPrefixes.Where(p => p.Shard == shards[k]).OrderBy(p => p.Deletions).ToList();
            var step = new List<(double, double)>();
            for (int i = 0; i < pts.Count; i++)
            {
                double y = pts[i].Prefix + (k - shards.Count / 2.0) * 0.04;
                if (i > 0) step.Add((pts[i].Deletions, step[^1].Item2));
                step.Add((pts[i].Deletions, y));
            }
            svg.Polyline(step, color, 2);
            if (k < 8) legend.Add((shards[k], color, null));
        }
        if (legend.Count > 0) svg.Legend(legend);
        return svg.ToString();
    }

    public static string ForgetRetain(DemoReport r)
    {
        var svg = new Svg(560, 320, $"Concept unlearning (class {r.ForgottenClass?.ToString() ?? "-"}): forget vs retain accuracy");
        svg.Domain(0, 4, 0, 1);
        svg.Axes("", "accuracy", xTicks: 4, yFormat: "0%");
        var bars = new (string Label, double V, string Color)[]
        {
            ("forget, before", r.ForgetAccuracyBefore, "#d62728"), ("forget, after", r.ForgetAccuracyAfter, "#ff9896"),
            ("retain, before", r.RetainAccuracyBefore, "#1f77b4"), ("retain, after", r.RetainAccuracyAfter, "#aec7e8"),
        };
        for (int i = 0; i < bars.Length; i++)
        {
            double x = svg.X(i + 0.15), w = svg.X(0.7) - svg.X(0);
            svg.Rect(x, svg.Y(bars[i].V), w, svg.PlotBottom - svg.Y(bars[i].V), bars[i].Color);
            svg.Text(x + w / 2, svg.Y(bars[i].V) - 4, (bars[i].V * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%", anchor: "middle");
            svg.Text(x + w / 2, svg.PlotBottom + 32, bars[i].Label, anchor: "middle", size: 11);
        }
        return svg.ToString();
    }

    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) return 0;
        var s = values.OrderBy(v => v).ToArray();
        return s[Math.Clamp((int)Math.Ceiling(q * s.Length) - 1, 0, s.Length - 1)];
    }

    private static string Heat(double v)
    {
        v = Math.Clamp(v, 0, 1);
        int r = (int)(247 - v * 200), g = (int)(251 - v * 150), b = (int)(255 - v * 80);
        return $"rgb({r},{g},{b})";
    }
}
