namespace ContinualCluster.Learning.Unlearning.O3;

/// <summary>
/// A linear one-class SVM (Schölkopf et al.): finds w, ρ maximising the margin of the data from the origin, with at most
/// a fraction ν of training points outside. Solved in the dual (min ½αᵀKα, 0 ≤ αᵢ ≤ 1/(νn), Σα = 1) by SMO on the
/// maximal violating pair. Decision d(x) = w·x − ρ: positive inside the boundary.
/// </summary>
public sealed class LinearOneClassSvm
{
    private LinearOneClassSvm(double[] w, double rho, double[] scale)
    {
        Weights = w;
        Rho = rho;
        Scale = scale;
    }

    /// <summary>w, in scaled coordinates.</summary>
    public IReadOnlyList<double> Weights { get; }

    public double Rho { get; }

    /// <summary>Per-dimension divisors applied before w (max |x| over the training set; the origin is kept).</summary>
    public IReadOnlyList<double> Scale { get; }

    /// <summary>Fits on the rows of <paramref name="x"/>; ν ∈ (0, 1].</summary>
    public static LinearOneClassSvm Fit(IReadOnlyList<double[]> x, double nu = 0.1, double tolerance = 1e-7, int maxIterations = 200_000)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count < 2) throw new ArgumentException("a one-class SVM needs at least two points", nameof(x));
        if (!(nu > 0 && nu <= 1)) throw new ArgumentOutOfRangeException(nameof(nu), nu, "ν must be in (0, 1]");
        int n = x.Count, d = x[0].Length;
        if (x.Any(r => r.Length != d || r.Any(v => !double.IsFinite(v)))) throw new ArgumentException("rows must be finite and of equal length", nameof(x));
        var scale = new double[d];
        for (int k = 0; k < d; k++) scale[k] = Math.Max(1e-12, x.Max(r => Math.Abs(r[k])));
        var z = x.Select(r => r.Select((v, k) => v / scale[k]).ToArray()).ToArray();

        double c = 1.0 / (nu * n);
        var alpha = new double[n];
        double left = 1.0;
        for (int i = 0; i < n && left > 0; i++) { alpha[i] = Math.Min(c, left); left -= alpha[i]; }
        var w = new double[d];
        for (int i = 0; i < n; i++) if (alpha[i] > 0) for (int k = 0; k < d; k++) w[k] += alpha[i] * z[i][k];
        var g = new double[n];
        for (int iter = 0; iter < maxIterations; iter++)
        {
            for (int i = 0; i < n; i++) g[i] = Dot(w, z[i]);
            // i may grow (α < C) with the smallest gradient, j may shrink (α > 0) with the largest.
            int up = -1, down = -1;
            for (int t = 0; t < n; t++)
            {
                if (alpha[t] < c - 1e-15 && (up < 0 || g[t] < g[up])) up = t;
                if (alpha[t] > 1e-15 && (down < 0 || g[t] > g[down])) down = t;
            }
            if (up < 0 || down < 0 || g[down] - g[up] < tolerance) break;
            double kk = 0;
            for (int k = 0; k < d; k++) { double diff = z[up][k] - z[down][k]; kk += diff * diff; }
            double step = kk > 0 ? (g[down] - g[up]) / kk : double.PositiveInfinity;
            step = Math.Min(step, Math.Min(c - alpha[up], alpha[down]));
            alpha[up] += step;
            alpha[down] -= step;
            for (int k = 0; k < d; k++) w[k] += step * (z[up][k] - z[down][k]);
        }
        for (int i = 0; i < n; i++) g[i] = Dot(w, z[i]);
        // ρ: the gradient on free support vectors, else the midpoint of the bounds they imply.
        var free = Enumerable.Range(0, n).Where(i => alpha[i] > 1e-12 && alpha[i] < c - 1e-12).ToList();
        double rho;
        if (free.Count > 0) rho = free.Average(i => g[i]);
        else
        {
            double lo = Enumerable.Range(0, n).Where(i => alpha[i] >= c - 1e-12).Select(i => g[i]).DefaultIfEmpty(double.NegativeInfinity).Max();
            double hi = Enumerable.Range(0, n).Where(i => alpha[i] <= 1e-12).Select(i => g[i]).DefaultIfEmpty(double.PositiveInfinity).Min();
            rho = double.IsFinite(lo) && double.IsFinite(hi) ? (lo + hi) / 2 : double.IsFinite(lo) ? lo : hi;
        }
        return new LinearOneClassSvm(w, rho, scale);
    }

    /// <summary>d(x) = w·(x / scale) − ρ.</summary>
    public double Decision(IReadOnlyList<double> x)
    {
        double s = 0;
        for (int k = 0; k < Weights.Count; k++) s += Weights[k] * x[k] / Scale[k];
        return s - Rho;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }
}
