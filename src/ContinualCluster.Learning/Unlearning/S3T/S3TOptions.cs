using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>Settings of a sharded, sliced unlearning model (S3T, or the SISA / full-retraining baselines).</summary>
public sealed class S3TOptions
{
    public UnlearningStrategy Strategy { get; set; } = UnlearningStrategy.S3T;

    /// <summary>m, the number of shards (1 for full retraining).</summary>
    public int Shards { get; set; } = 5;

    /// <summary>L, the number of slices per shard; S3T needs a backbone with at least L blocks.</summary>
    public int Slices { get; set; } = 4;

    /// <summary>B, the training sequences per shard (1 for SISA and full retraining).</summary>
    public int Sequences { get; set; } = 4;

    /// <summary>Per-slice deletion probabilities: when set, sequences are chosen by bipartite matching, else by cyclic rotation.</summary>
    public IReadOnlyList<double>? SliceDeletionProbabilities { get; set; }

    /// <summary>Classes of the task head.</summary>
    public int Classes { get; set; } = 2;

    /// <summary>The placement key and the root of every training seed.</summary>
    public ulong Seed { get; set; } = 0x5317;

    /// <summary>How each stage trains (epochs, batch, learning rate).</summary>
    public ExpertTrainingOptions Training { get; set; } = new();

    /// <summary>S3T: retrain dead shards in the background (otherwise only on <c>RetrainPendingAsync</c>); read at every deletion, so it may be switched at run time.</summary>
    public bool BackgroundRetraining { get; set; } = true;

    /// <summary>S3T: also regrow truncated (not dead) sequences in the background.</summary>
    public bool RegrowTruncated { get; set; }

    /// <summary>Options for SISA with m shards and L slices.</summary>
    public static S3TOptions Sisa(int shards, int slices, int classes) =>
        new() { Strategy = UnlearningStrategy.Sisa, Shards = shards, Slices = slices, Sequences = 1, Classes = classes };

    /// <summary>Options for one model retrained from scratch on every deletion.</summary>
    public static S3TOptions FullRetrain(int classes) =>
        new() { Strategy = UnlearningStrategy.FullRetrain, Shards = 1, Slices = 1, Sequences = 1, Classes = classes };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Shards < 1) throw new ArgumentException($"Shards must be ≥ 1, got {Shards}", nameof(Shards));
        if (Slices < 1) throw new ArgumentException($"Slices must be ≥ 1, got {Slices}", nameof(Slices));
        if (Sequences < 1) throw new ArgumentException($"Sequences must be ≥ 1, got {Sequences}", nameof(Sequences));
        if (Classes < 2) throw new ArgumentException($"Classes must be ≥ 2, got {Classes}", nameof(Classes));
        if (Strategy != UnlearningStrategy.S3T && Sequences != 1)
            throw new ArgumentException($"{Strategy} trains exactly one sequence per shard, got Sequences = {Sequences}", nameof(Sequences));
        if (Strategy == UnlearningStrategy.FullRetrain && (Shards != 1 || Slices != 1))
            throw new ArgumentException("FullRetrain uses one shard and one slice", nameof(Shards));
        if (SliceDeletionProbabilities is { } p && p.Count != Slices)
            throw new ArgumentException($"SliceDeletionProbabilities has {p.Count} entries, expected L = {Slices}", nameof(SliceDeletionProbabilities));
        ArgumentNullException.ThrowIfNull(Training, nameof(Training));
        Training.Validate();
    }
}
