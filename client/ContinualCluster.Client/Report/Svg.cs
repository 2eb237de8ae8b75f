using System.Globalization;
using System.Net;
using System.Text;

namespace ContinualCluster.Client.Report;

/// <summary>A tiny SVG writer: a canvas with a plot area, linear axes with ticks, and primitives in data coordinates.</summary>
public sealed class Svg
{
    public static readonly string[] Palette = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f" };
    private readonly StringBuilder _sb = new();
    private readonly double _w, _h, _left = 64, _right = 20, _top = 34, _bottom = 52;
    private double _x0, _x1 = 1, _y0, _y1 = 1;

    public Svg(double width, double height, string title)
    {
        _w = width; _h = height;
        _sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\" font-family=\"sans-serif\" font-size=\"12\">");
        _sb.Append($"<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        Text(width / 2, 20, title, anchor: "middle", size: 15, weight: "bold");
    }

    public double PlotLeft => _left;
    public double PlotRight => _w - _right;
    public double PlotTop => _top;
    public double PlotBottom => _h - _bottom;

    public static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public void Domain(double x0, double x1, double y0, double y1)
    {
        _x0 = x0; _x1 = x1 > x0 ? x1 : x0 + 1; _y0 = y0; _y1 = y1 > y0 ? y1 : y0 + 1;
    }

    public double X(double v) => _left + (v - _x0) / (_x1 - _x0) * (PlotRight - _left);
    public double Y(double v) => PlotBottom - (v - _y0) / (_y1 - _y0) * (PlotBottom - _top);

    public void Axes(string xLabel, string yLabel, int xTicks = 8, int yTicks = 5, string yFormat = "0.##")
    {
        _sb.Append($"<rect x=\"{F(_left)}\" y=\"{F(_top)}\" width=\"{F(PlotRight - _left)}\" height=\"{F(PlotBottom - _top)}\" fill=\"none\" stroke=\"#444\"/>");
        for (int i = 0; i <= yTicks; i++)
        {
            double v = _y0 + (_y1 - _y0) * i / yTicks, y = Y(v);
            Line(_left, y, PlotRight, y, "#e5e5e5", 1);
            Text(_left - 6, y + 4, v.ToString(yFormat, CultureInfo.InvariantCulture), anchor: "end");
        }
        double span = _x1 - _x0, step = span / xTicks;
        if (span >= xTicks)
        {
            double mag = Math.Pow(10, Math.Floor(Math.Log10(step)));
            step = new[] { 1, 2, 5, 10 }.Select(m => m * mag).First(c => c >= step);
        }
        for (double v = _x0; v <= _x1 + 1e-9; v += step)
        {
            double x = X(v);
            Line(x, PlotBottom, x, PlotBottom + 5, "#444", 1);
            Text(x, PlotBottom + 18, v.ToString("0.#", CultureInfo.InvariantCulture), anchor: "middle");
        }
        Text((_left + PlotRight) / 2, _h - 14, xLabel, anchor: "middle", size: 13);
        _sb.Append($"<text transform=\"translate(16,{F((_top + PlotBottom) / 2)}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">{WebUtility.HtmlEncode(yLabel)}</text>");
    }

    public void Polyline(IEnumerable<(double X, double Y)> points, string color, double width = 1.5, string? dash = null)
    {
        var pts = string.Join(" ", points.Select(p => $"{F(X(p.X))},{F(Y(p.Y))}"));
        if (pts.Length == 0) return;
        _sb.Append($"<polyline points=\"{pts}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{F(width)}\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")}/>");
    }

    public void Dot(double x, double y, string color, double r = 3) =>
        _sb.Append($"<circle cx=\"{F(X(x))}\" cy=\"{F(Y(y))}\" r=\"{F(r)}\" fill=\"{color}\"/>");

    public void VerticalMarker(double x, string color, string? dash, double width = 1.5) =>
        Line(X(x), _top, X(x), PlotBottom, color, width, dash);

    public void Line(double x1, double y1, double x2, double y2, string color, double width, string? dash = null) =>
        _sb.Append($"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" stroke=\"{color}\" stroke-width=\"{F(width)}\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")}/>");

    public void Rect(double x, double y, double w, double h, string fill, string? stroke = null) =>
        _sb.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(Math.Max(0, w))}\" height=\"{F(Math.Max(0, h))}\" fill=\"{fill}\"{(stroke is null ? "" : $" stroke=\"{stroke}\"")}/>");

    public void Text(double x, double y, string text, string anchor = "start", double size = 12, string weight = "normal", string color = "#222") =>
        _sb.Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" text-anchor=\"{anchor}\" font-size=\"{F(size)}\" font-weight=\"{weight}\" fill=\"{color}\">{WebUtility.HtmlEncode(text)}</text>");

    /// <summary>A legend box in the top-right corner of the plot area.</summary>
    public void Legend(IReadOnlyList<(string Label, string Color, string? Dash)> entries)
    {
        double width = 26 + entries.Max(e => e.Label.Length) * 6.8, x = PlotRight - width - 8, y = _top + 8;
        Rect(x, y, width, entries.Count * 18 + 6, "white", "#bbb");
        for (int i = 0; i < entries.Count; i++)
        {
            double ly = y + 14 + i * 18;
            Line(x + 6, ly - 4, x + 22, ly - 4, entries[i].Color, 2.5, entries[i].Dash);
            Text(x + 26, ly, entries[i].Label);
        }
    }

    public override string ToString() => _sb + "</svg>";
}
