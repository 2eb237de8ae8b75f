namespace ContinualCluster.Learning.Unlearning.O3;

/// <summary>Covariance and inverse of small symmetric positive-definite matrices (Cholesky), in plain doubles.</summary>
public static class SymmetricMatrix
{
    /// <summary>Mean and covariance (1/(n−1)) of the rows of an n×d row-major array, with shrinkage toward (trace/d)·I.</summary>
    public static (double[] Mean, double[,] Covariance) MeanAndCovariance(float[] rows, int n, int d, double shrinkage)
    {
        if (n < 2) throw new ArgumentException("covariance needs at least two rows", nameof(n));
        var mean = new double[d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) mean[k] += rows[i * d + k];
        for (int k = 0; k < d; k++) mean[k] /= n;
        var cov = new double[d, d];
        var centred = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < d; k++) centred[k] = rows[i * d + k] - mean[k];
            for (int a = 0; a < d; a++)
            {
                double ca = centred[a];
                if (ca == 0) continue;
                for (int b = a; b < d; b++) cov[a, b] += ca * centred[b];
            }
        }
        double trace = 0;
        for (int a = 0; a < d; a++)
        {
            for (int b = a; b < d; b++) { cov[a, b] /= n - 1; cov[b, a] = cov[a, b]; }
            trace += cov[a, a];
        }
        double target = Math.Max(trace / d, 1e-8);
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++)
                cov[a, b] = (1 - shrinkage) * cov[a, b] + (a == b ? shrinkage * target : 0);
        return (mean, cov);
    }

    /// <summary>The inverse of a symmetric positive-definite matrix via Cholesky (throws when it is not).</summary>
    public static double[,] Inverse(double[,] m)
    {
        int d = m.GetLength(0);
        var l = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = m[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (s <= 0) throw new InvalidOperationException("matrix is not positive definite");
                    l[i, i] = Math.Sqrt(s);
                }
                else l[i, j] = s / l[j, j];
            }
        // inv(L) by forward substitution, then inv(M) = inv(L)ᵀ·inv(L).
        var li = new double[d, d];
        for (int c = 0; c < d; c++)
        {
            li[c, c] = 1 / l[c, c];
            for (int i = c + 1; i < d; i++)
            {
                double s = 0;
                for (int k = c; k < i; k++) s -= l[i, k] * li[k, c];
                li[i, c] = s / l[i, i];
            }
        }
        var inv = new double[d, d];
        for (int a = 0; a < d; a++)
            for (int b = a; b < d; b++)
            {
                double s = 0;
                for (int k = b; k < d; k++) s += li[k, a] * li[k, b];
                inv[a, b] = s;
                inv[b, a] = s;
            }
        return inv;
    }
}
