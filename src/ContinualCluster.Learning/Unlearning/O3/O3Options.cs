namespace ContinualCluster.Learning.Unlearning.O3;

/// <summary>Settings of O3 continual unlearning (defaults: the authors' code where it differs from the paper).</summary>
public sealed class O3Options
{
    public int Rank { get; set; } = 8;
    public double Alpha { get; set; } = 16;

    /// <summary>λ, the weight of the orthogonality loss Σ‖A_prev·A_curᵀ‖²_F.</summary>
    public double Lambda { get; set; } = 0.1;

    public int Epochs { get; set; } = 5;
    public int BatchSize { get; set; } = 64;
    public double LearningRate { get; set; } = 2e-3;

    /// <summary>Fraction of a request's data used to fit the detector and train the adapter ("used"); the rest fits the gate.</summary>
    public double UsedFraction { get; set; } = 0.8;

    /// <summary>γ, the weight of the max-cosine term of the layer score.</summary>
    public double Gamma { get; set; } = 1000;

    /// <summary>ν of the one-class SVM.</summary>
    public double Nu { get; set; } = 0.1;

    /// <summary>ζ of the soft gate.</summary>
    public double Zeta { get; set; } = 10;

    /// <summary>The constant subtracted inside the gate's sigmoid (the paper's 2).</summary>
    public double GateOffset { get; set; } = 2;

    /// <summary>Rescale the gate so that far-outside inputs get 0 instead of sigmoid(−offset) ≈ 0.12.</summary>
    public bool RescaleGate { get; set; } = true;

    /// <summary>Shrinkage of each layer's covariance toward a scaled identity before inversion.</summary>
    public double CovarianceShrinkage { get; set; } = 0.05;

    /// <summary>At most this many normalised features per layer are kept in a request's bank.</summary>
    public int BankLimit { get; set; } = 2000;

    public int Seed { get; set; } = 77;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Rank < 1) throw new ArgumentException($"Rank must be ≥ 1, got {Rank}", nameof(Rank));
        if (!(Alpha > 0)) throw new ArgumentException($"Alpha must be > 0, got {Alpha}", nameof(Alpha));
        if (!(Lambda >= 0)) throw new ArgumentException($"Lambda must be ≥ 0, got {Lambda}", nameof(Lambda));
        if (Epochs < 1 || BatchSize < 1) throw new ArgumentException("Epochs and BatchSize must be ≥ 1", nameof(Epochs));
        if (!(LearningRate > 0)) throw new ArgumentException($"LearningRate must be > 0, got {LearningRate}", nameof(LearningRate));
        if (!(UsedFraction > 0 && UsedFraction < 1)) throw new ArgumentException($"UsedFraction must be in (0, 1), got {UsedFraction}", nameof(UsedFraction));
        if (!(Gamma >= 0)) throw new ArgumentException($"Gamma must be ≥ 0, got {Gamma}", nameof(Gamma));
        if (!(Nu > 0 && Nu <= 1)) throw new ArgumentException($"Nu must be in (0, 1], got {Nu}", nameof(Nu));
        if (!(Zeta > 0)) throw new ArgumentException($"Zeta must be > 0, got {Zeta}", nameof(Zeta));
        if (!(CovarianceShrinkage >= 0 && CovarianceShrinkage < 1)) throw new ArgumentException($"CovarianceShrinkage must be in [0, 1), got {CovarianceShrinkage}", nameof(CovarianceShrinkage));
        if (BankLimit < 2) throw new ArgumentException($"BankLimit must be ≥ 2, got {BankLimit}", nameof(BankLimit));
    }
}
