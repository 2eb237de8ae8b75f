namespace ContinualCluster.Grains.Learning;

/// <summary>Settings of the Learning parts a silo builds (section "Learning"): backbone cache, S3T shape, training budget.</summary>
public sealed class LearningOptions
{
    public const string Section = "Learning";

    /// <summary>Where the pretrained frozen backbone is cached between runs (empty: not cached).</summary>
    public string BackboneCache { get; set; } = ".data/backbone.bin";

    /// <summary>Samples of the public (non-deletable) split the backbone is pretrained on.</summary>
    public int PretrainSamples { get; set; } = 10_000;
    public int PretrainEpochs { get; set; } = 4;

    /// <summary>S3T: shards m, slices L, sequences B per expert.</summary>
    public int Shards { get; set; } = 3;
    public int Slices { get; set; } = 4;
    public int Sequences { get; set; } = 2;

    /// <summary>Epochs per S3T stage.</summary>
    public int StageEpochs { get; set; } = 2;

    /// <summary>Within-task classes (outputs of one expert).</summary>
    public int ClassesPerTask { get; set; } = 2;

    public int Seed { get; set; } = 7;

    public void Validate()
    {
        if (PretrainSamples < 100) throw new ArgumentException($"Learning:PretrainSamples must be at least 100 (was {PretrainSamples})");
        if (PretrainEpochs < 1) throw new ArgumentException($"Learning:PretrainEpochs must be at least 1 (was {PretrainEpochs})");
        if (Shards < 1 || Slices < 1 || Sequences < 1) throw new ArgumentException("Learning:Shards, Slices and Sequences must be at least 1");
        if (StageEpochs < 1) throw new ArgumentException($"Learning:StageEpochs must be at least 1 (was {StageEpochs})");
        if (ClassesPerTask < 2) throw new ArgumentException($"Learning:ClassesPerTask must be at least 2 (was {ClassesPerTask})");
    }
}
