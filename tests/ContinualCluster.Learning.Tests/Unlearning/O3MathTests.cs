using ContinualCluster.Learning.Unlearning.Metrics;
using ContinualCluster.Learning.Unlearning.O3;
using Xunit;

namespace ContinualCluster.Learning.Tests.Unlearning;

public sealed class O3MathTests
{
    [Fact]
    public void Auroc_is_one_for_separated_scores_one_half_for_ties_and_counts_pairs()
    {
        Assert.Equal(1.0, RocAuc.Compute(new[] { 3.0, 4 }, new[] { 1.0, 2 }));
        Assert.Equal(0.0, RocAuc.Compute(new[] { 1.0 }, new[] { 2.0 }));
        Assert.Equal(0.5, RocAuc.Compute(new[] { 1.0, 1 }, new[] { 1.0 }));
        // 2 of 4 pairs won, one tie: (2 + 0.5) / 4 ... positives {1,3}, negatives {2,3}: (1>2 no,1>3 no,3>2 yes,3=3 half) = 1.5/4.
        Assert.Equal(0.375, RocAuc.Compute(new[] { 1.0, 3 }, new[] { 2.0, 3 }));
        Assert.Throws<ArgumentException>(() => RocAuc.Compute(Array.Empty<double>(), new[] { 1.0 }));
        // Members with lower loss are detected.
        Assert.Equal(1.0, RocAuc.MembershipInference(new[] { 0.1, 0.2 }, new[] { 1.0, 2.0 }));
    }

    [Fact]
    public void One_class_svm_keeps_about_one_minus_nu_inside_and_rejects_far_points()
    {
        var rng = new Random(1);
        var inside = Enumerable.Range(0, 600).Select(_ => new[] { 5 + Gauss(rng), 5 + Gauss(rng), 3 + 0.5 * Gauss(rng) }).ToList();
        var svm = LinearOneClassSvm.Fit(inside, nu: 0.1);
        double fracInside = inside.Count(x => svm.Decision(x) >= -1e-9) / (double)inside.Count;
        Assert.InRange(fracInside, 0.85, 0.95);
        Assert.True(svm.Decision(new[] { 0.5, 0.5, 0.3 }) < 0);
        Assert.True(svm.Decision(new[] { 6.0, 6.0, 3.5 }) > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearOneClassSvm.Fit(inside, nu: 0));
        Assert.Throws<ArgumentException>(() => LinearOneClassSvm.Fit(new[] { new[] { 1.0 } }));
    }

    [Fact]
    public void Soft_gate_is_one_at_the_centre_and_falls_to_zero_outside()
    {
        var rng = new Random(2);
        var used = Enumerable.Range(0, 400).Select(_ => 1 + 0.2 * Gauss(rng)).ToList();
        var rest = Enumerable.Range(0, 100).Select(_ => 0.9 + 0.25 * Gauss(rng)).ToList();
        var gate = SoftGate.Fit(used, rest);
        Assert.True(gate.Weight(gate.Center) > 0.99);
        Assert.True(gate.Weight(gate.Center + 5) > 0.99);      // deeper inside is still inside
        Assert.True(gate.Weight(gate.Center - 3) < 0.01);      // far outside
        Assert.InRange(gate.Weight(gate.Center - 0.3), 0.01, 0.99);
        var raw = SoftGate.Fit(used, rest, rescale: false);
        Assert.InRange(raw.Weight(raw.Center - 3), 0.11, 0.13); // the paper's floor: sigmoid(−2)
        Assert.Equal(0.5, SoftGate.Phi(0), 6);
        Assert.Equal(0.975, SoftGate.Phi(1.959964), 4);
    }

    [Fact]
    public void Cholesky_inverse_times_matrix_is_identity()
    {
        var rng = new Random(4);
        int n = 200, d = 6;
        var rows = new float[n * d];
        for (int i = 0; i < rows.Length; i++) rows[i] = (float)Gauss(rng) * (1 + i % d);
        var (_, cov) = SymmetricMatrix.MeanAndCovariance(rows, n, d, shrinkage: 0.01);
        var inv = SymmetricMatrix.Inverse(cov);
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++)
            {
                double s = 0;
                for (int k = 0; k < d; k++) s += cov[a, k] * inv[k, b];
                Assert.Equal(a == b ? 1.0 : 0.0, s, 8);
            }
        Assert.Throws<InvalidOperationException>(() => SymmetricMatrix.Inverse(new double[,] { { 1, 2 }, { 2, 1 } }));
    }

    private static double Gauss(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
