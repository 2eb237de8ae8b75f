namespace ContinualCluster.Learning.Unlearning.O3;

/// <summary>
/// O3's soft gate for one request: Gaussians fitted to the detector's decision values on the "used" and "rest" parts of
/// the request, x0 the midpoint of their means, F the CDF of their 50/50 mixture, and
/// w(d) = sigmoid(ζ·(1 − |F(d) − F(2·x0 − d)|) − offset). Values deeper inside the boundary than x0 count as x0
/// (one-sided), and the result is rescaled so that the far-outside limit is 0 and x0 is 1 (see docs/ARCHITECTURE.md).
/// </summary>
public sealed record SoftGate(double UsedMean, double UsedStd, double RestMean, double RestStd, double Zeta, double Offset, bool Rescale)
{
    /// <summary>Fits the two Gaussians.</summary>
    public static SoftGate Fit(IReadOnlyList<double> used, IReadOnlyList<double> rest, double zeta = 10, double offset = 2, bool rescale = true)
    {
        if (used.Count < 2 || rest.Count < 2) throw new ArgumentException("the gate needs at least two used and two rest values");
        static (double, double) MeanStd(IReadOnlyList<double> v)
        {
            double m = v.Average();
            double s = Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
            return (m, Math.Max(s, 1e-9));
        }
        var (mu, su) = MeanStd(used);
        var (mr, sr) = MeanStd(rest);
        return new SoftGate(mu, su, mr, sr, zeta, offset, rescale);
    }

    /// <summary>x0, the midpoint of the two means.</summary>
    public double Center => (UsedMean + RestMean) / 2;

    /// <summary>The gate weight in [0, 1] for decision value <paramref name="d"/>.</summary>
    public double Weight(double d)
    {
        if (double.IsNaN(d)) return 0;
        double x0 = Center;
        if (d > x0) d = x0;
        double raw = Sigmoid(Zeta * (1 - Math.Abs(Mixture(d) - Mixture(2 * x0 - d))) - Offset);
        if (!Rescale) return raw;
        double lo = Sigmoid(-Offset), hi = Sigmoid(Zeta - Offset);
        return Math.Clamp((raw - lo) / (hi - lo), 0, 1);
    }

    private double Mixture(double z) => 0.5 * Phi((z - UsedMean) / UsedStd) + 0.5 * Phi((z - RestMean) / RestStd);

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>Standard normal CDF via erf (Abramowitz–Stegun 7.1.26, |error| &lt; 1.5e−7).</summary>
    public static double Phi(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

    private static double Erf(double x)
    {
        double sign = Math.Sign(x);
        x = Math.Abs(x);
        double t = 1 / (1 + 0.3275911 * x);
        double y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }
}
