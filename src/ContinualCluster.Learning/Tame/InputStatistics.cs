namespace ContinualCluster.Learning.Tame;

/// <summary>Running mean and full covariance of the inputs an expert was trained on, in a pooled (block-averaged) pixel space,
/// and a batch shift score against them: d = B·(m − μ)ᵀ(Σ + λI)⁻¹(m − μ) / D, about 1 when a batch of B samples comes from the same
/// distribution (whatever B is) and growing with B·‖Δμ‖² when it does not. Full covariance matters: the class mix of a batch moves all
/// pixels together, which a per-pixel (diagonal) score mistakes for a shift.</summary>
public sealed class InputStatistics
{
    private readonly double[] _sum;
    private readonly double[] _outer;
    private double[]? _precision;
    private long _precisionCount;

    public InputStatistics(int height, int width, int pool, double ridge)
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), "image size must be positive.");
        if (pool < 1) throw new ArgumentOutOfRangeException(nameof(pool), pool, "pool must be at least 1.");
        if (!(ridge > 0)) throw new ArgumentOutOfRangeException(nameof(ridge), ridge, "ridge must be positive.");
        Height = height;
        Width = width;
        Pool = pool;
        Ridge = ridge;
        PooledHeight = (height + pool - 1) / pool;
        PooledWidth = (width + pool - 1) / pool;
        Dimensions = PooledHeight * PooledWidth;
        _sum = new double[Dimensions];
        _outer = new double[Dimensions * Dimensions];
    }

    public int Height { get; }

    public int Width { get; }

    public int Pool { get; }

    public double Ridge { get; }

    public int PooledHeight { get; }

    public int PooledWidth { get; }

    /// <summary>Length of the pooled feature vector.</summary>
    public int Dimensions { get; }

    /// <summary>Samples folded in so far.</summary>
    public long Count { get; private set; }

    /// <summary>Block-averages each image: one row of <see cref="Dimensions"/> values per image.</summary>
    public double[] Features(ReadOnlySpan<float> images, int count)
    {
        int p = Height * Width;
        if (count < 1 || images.Length != (long)count * p)
            throw new ArgumentException($"expected {count} images of {Height}×{Width}, got {images.Length} values.");
        var f = new double[count * Dimensions];
        var cellSize = new double[Dimensions];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++) cellSize[(y / Pool) * PooledWidth + x / Pool]++;
        for (int i = 0; i < count; i++)
        {
            var img = images.Slice(i * p, p);
            var row = f.AsSpan(i * Dimensions, Dimensions);
            for (int y = 0; y < Height; y++)
            {
                int rowBase = (y / Pool) * PooledWidth;
                for (int x = 0; x < Width; x++) row[rowBase + x / Pool] += img[y * Width + x];
            }
            for (int k = 0; k < Dimensions; k++) row[k] /= cellSize[k];
        }
        return f;
    }

    /// <summary>Folds pooled features (from <see cref="Features"/>) into the sums.</summary>
    public void Add(double[] features)
    {
        int d = Dimensions, n = CheckFeatures(features);
        for (int i = 0; i < n; i++)
        {
            var row = features.AsSpan(i * d, d);
            for (int a = 0; a < d; a++)
            {
                double fa = row[a];
                _sum[a] += fa;
                var o = _outer.AsSpan(a * d, a + 1);
                for (int b = 0; b <= a; b++) o[b] += fa * row[b];
            }
        }
        Count += n;
    }

    /// <summary>The shift score of a batch given as pooled features; NaN while fewer than <see cref="Dimensions"/>+1 samples are folded in.</summary>
    public double Shift(double[] features)
    {
        int d = Dimensions, n = CheckFeatures(features);
        if (Count <= d) return double.NaN;
        if (_precision is null || Count > _precisionCount * 1.05) _precision = Invert();
        var delta = new double[d];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++) delta[a] += features[i * d + a];
        for (int a = 0; a < d; a++) delta[a] = delta[a] / n - _sum[a] / Count;
        double q = 0;
        for (int a = 0; a < d; a++)
        {
            double t = 0;
            var prow = _precision.AsSpan(a * d, d);
            for (int b = 0; b < d; b++) t += prow[b] * delta[b];
            q += delta[a] * t;
        }
        return n * q / d;
    }

    private int CheckFeatures(double[] features)
    {
        if (features.Length == 0 || features.Length % Dimensions != 0)
            throw new ArgumentException($"features must hold whole rows of {Dimensions} values (got {features.Length}).", nameof(features));
        return features.Length / Dimensions;
    }

    /// <summary>(Σ + λI)⁻¹ by Cholesky: Σ is the unbiased covariance from the sums.</summary>
    private double[] Invert()
    {
        int d = Dimensions;
        var l = new double[d * d];
        for (int a = 0; a < d; a++)
            for (int b = 0; b <= a; b++)
            {
                double cov = (_outer[a * d + b] - _sum[a] * _sum[b] / Count) / (Count - 1);
                l[a * d + b] = cov + (a == b ? Ridge : 0);
            }
        for (int j = 0; j < d; j++)
        {
            double s = l[j * d + j];
            for (int k = 0; k < j; k++) s -= l[j * d + k] * l[j * d + k];
            if (!(s > 0)) throw new InvalidOperationException("input covariance is not positive definite; raise the ridge.");
            double diag = Math.Sqrt(s);
            l[j * d + j] = diag;
            for (int i = j + 1; i < d; i++)
            {
                double t = l[i * d + j];
                for (int k = 0; k < j; k++) t -= l[i * d + k] * l[j * d + k];
                l[i * d + j] = t / diag;
            }
        }
        // inverse of L (lower), then Σ⁻¹ = L⁻ᵀ L⁻¹
        var li = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            li[i * d + i] = 1 / l[i * d + i];
            for (int j = 0; j < i; j++)
            {
                double t = 0;
                for (int k = j; k < i; k++) t -= l[i * d + k] * li[k * d + j];
                li[i * d + j] = t / l[i * d + i];
            }
        }
        var p = new double[d * d];
        for (int a = 0; a < d; a++)
            for (int b = 0; b <= a; b++)
            {
                double t = 0;
                for (int k = a; k < d; k++) t += li[k * d + a] * li[k * d + b];
                p[a * d + b] = t;
                p[b * d + a] = t;
            }
        _precisionCount = Count;
        return p;
    }
}
