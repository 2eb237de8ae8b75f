using System.Globalization;

namespace ContinualCluster.Bench;

/// <summary>Collects a benchmark's table rows and target verdicts and prints them in the project's fixed format.</summary>
public sealed class BenchReport
{
    private readonly List<string[]> _rows = new();
    private readonly List<string> _targets = new();
    private string[]? _header;

    /// <summary>True when every target recorded so far passed.</summary>
    public bool AllPassed { get; private set; } = true;

    public void Header(params string[] columns) => _header = columns;

    public void Row(params object[] cells) =>
        _rows.Add(cells.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? "").ToArray());

    /// <summary>Records `TARGET what: measured (target bound) PASS|FAIL`.</summary>
    public void Target(string what, string measured, string bound, bool pass)
    {
        AllPassed &= pass;
        _targets.Add($"TARGET {what}: {measured} (target {bound}) {(pass ? "PASS" : "FAIL")}");
    }

    /// <summary>Target for "measured ≤ bound".</summary>
    public void TargetAtMost(string what, double measured, double bound, string unit = "", string format = "0.###") =>
        Target(what, Fmt(measured, format) + unit, "≤ " + Fmt(bound, format) + unit, measured <= bound);

    /// <summary>Target for "measured ≥ bound".</summary>
    public void TargetAtLeast(string what, double measured, double bound, string unit = "", string format = "0.###") =>
        Target(what, Fmt(measured, format) + unit, "≥ " + Fmt(bound, format) + unit, measured >= bound);

    private static string Fmt(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Prints the table (aligned columns) followed by the TARGET lines.</summary>
    public void Print(TextWriter output)
    {
        var all = _header is null ? _rows : new List<string[]> { _header }.Concat(_rows).ToList();
        if (all.Count > 0)
        {
            int cols = all.Max(r => r.Length);
            var widths = Enumerable.Range(0, cols).Select(c => all.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
            foreach (var (row, i) in all.Select((r, i) => (r, i)))
            {
                output.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
                if (i == 0 && _header is not null)
                    output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
            output.WriteLine();
        }
        foreach (var t in _targets) output.WriteLine(t);
    }
}
