using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Unlearning.O3;

/// <summary>
/// O3's out-of-distribution detector for one unlearning request, built from feature statistics only (no raw data):
/// per layer l the score s_l(x) = −½·Mahalanobis²(f_l(x); μ_l, Σ_l⁻¹) + γ·max cos(f_l(x), bank_l), a linear one-class
/// SVM on the vector s(x), and a soft gate on its decision value.
/// </summary>
public sealed class RequestDetector
{
    private const int Chunk = 1024;

    internal RequestDetector(string requestId, IReadOnlyList<LayerStatistics> layers, double gamma)
    {
        RequestId = requestId;
        Layers = layers;
        Gamma = gamma;
    }

    public string RequestId { get; }
    public IReadOnlyList<LayerStatistics> Layers { get; }
    public double Gamma { get; }
    public LinearOneClassSvm? Boundary { get; internal set; }
    public SoftGate? Gate { get; internal set; }

    /// <summary>Builds the statistics of every layer from the "used" features (row-major n×d per layer).</summary>
    internal static RequestDetector Build(string requestId, IReadOnlyList<float[]> usedFeatures, IReadOnlyList<int> dims, int n, O3Options options)
    {
        var layers = new List<LayerStatistics>();
        for (int l = 0; l < usedFeatures.Count; l++)
        {
            int d = dims[l];
            var (mean, cov) = SymmetricMatrix.MeanAndCovariance(usedFeatures[l], n, d, options.CovarianceShrinkage);
            var inv = SymmetricMatrix.Inverse(cov);
            var precision = new float[d * d];
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) precision[a * d + b] = (float)inv[a, b];
            int k = Math.Min(options.BankLimit, n);
            var bank = new float[k * d];
            for (int i = 0; i < k; i++)
            {
                double norm = 0;
                for (int j = 0; j < d; j++) norm += (double)usedFeatures[l][i * d + j] * usedFeatures[l][i * d + j];
                float inverse = (float)(1 / (Math.Sqrt(norm) + 1e-8));
                for (int j = 0; j < d; j++) bank[i * d + j] = usedFeatures[l][i * d + j] * inverse;
            }
            layers.Add(new LayerStatistics(d, mean.Select(v => (float)v).ToArray(), precision, bank, k));
        }
        return new RequestDetector(requestId, layers, options.Gamma);
    }

    /// <summary>
    /// Score vectors s(x) for n samples given their per-layer features (row-major n×d). When
    /// <paramref name="excludeSelf"/> is set, row i is not compared with bank row i (used samples are in the bank).
    /// </summary>
    public double[][] ScoreVectors(IReadOnlyList<float[]> features, int n, bool excludeSelf = false)
    {
        var result = new double[n][];
        for (int i = 0; i < n; i++) result[i] = new double[Layers.Count];
        using var noGrad = no_grad();
        for (int l = 0; l < Layers.Count; l++)
        {
            var st = Layers[l];
            using var scope = NewDisposeScope();
            var mu = tensor(st.Mean, new long[] { st.Dim });
            var precision = tensor(st.Precision, new long[] { st.Dim, st.Dim });
            var bankT = tensor(st.Bank, new long[] { st.BankSize, st.Dim }).t();
            for (int s = 0; s < n; s += Chunk)
            {
                using var inner = NewDisposeScope();
                int m = Math.Min(Chunk, n - s);
                var f = tensor(features[l].AsSpan(s * st.Dim, m * st.Dim), new long[] { m, st.Dim });
                var diff = f.sub(mu);
                var maha = diff.matmul(precision).mul(diff).sum(1);
                var sim = f.div(f.norm(1, true).add(1e-8)).matmul(bankT);
                if (excludeSelf && s < st.BankSize)
                {
                    var mask = new float[m * st.BankSize];
                    for (int i = 0; i < m && s + i < st.BankSize; i++) mask[i * st.BankSize + s + i] = 3f;
                    sim = sim.sub(tensor(mask, new long[] { m, st.BankSize }));
                }
                var score = maha.mul(-0.5).add(sim.max(1).values.mul(Gamma));
                var values = score.data<float>().ToArray();
                for (int i = 0; i < m; i++) result[s + i][l] = values[i];
            }
        }
        return result;
    }

    /// <summary>One-class decision values d(x) (positive inside the request's distribution).</summary>
    public double[] Decisions(IReadOnlyList<float[]> features, int n, bool excludeSelf = false)
    {
        var boundary = Boundary ?? throw new InvalidOperationException("the detector's boundary is not fitted yet");
        return ScoreVectors(features, n, excludeSelf).Select(boundary.Decision).ToArray();
    }

    /// <summary>Gate weights w_t(x) in [0, 1].</summary>
    public double[] Weights(IReadOnlyList<float[]> features, int n)
    {
        var gate = Gate ?? throw new InvalidOperationException("the detector's gate is not fitted yet");
        return Decisions(features, n).Select(gate.Weight).ToArray();
    }
}
