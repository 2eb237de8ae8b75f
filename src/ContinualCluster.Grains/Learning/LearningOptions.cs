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

    /// <summary>TAME's expert and selector networks: "mlp" (fast on CPU) or "lenet5" (as the public TAME code).</summary>
    public string TameModel { get; set; } = "mlp";

    /// <summary>Selector training epochs and pruned fine-tuning epochs (the paper's 200 are too slow to retrain on every change).</summary>
    public int SelectorEpochs { get; set; } = 20;
    public int SelectorFineTuneEpochs { get; set; } = 5;

    /// <summary>
    /// TAME's loss window W. The public code's 35 suits 10 epochs per task; a service sees each sample once (tens of
    /// batches per task), and a window still full of its ln C seed hides the first switch, so the default is shorter.
    /// </summary>
    public int TameWindow { get; set; } = 10;

    /// <summary>Samples TAME folds into an expert's input statistics before input shift counts (its default 2000 exceeds a short task).</summary>
    public int TameInputWarmup { get; set; } = 600;

    /// <summary>Epochs of the O3 unlearning adapter per request.</summary>
    public int UnlearningEpochs { get; set; } = 5;

    /// <summary>Selector buffer capacity C_s.</summary>
    public int SelectorBuffer { get; set; } = 2000;

    /// <summary>Serve experts with their adapters merged into backbone copies (built once per served checkpoint).</summary>
    public bool MergedServing { get; set; } = true;

    /// <summary>
    /// What merged serving computes in: "auto" (bfloat16 where the processor has native bfloat16 arithmetic, about 3×
    /// faster; float32 elsewhere), "float32" (exactly the checkpoints' arithmetic) or "bfloat16".
    /// </summary>
    public string ServingPrecision { get; set; } = "auto";

    /// <summary><see cref="ServingPrecision"/> parsed.</summary>
    public ContinualCluster.Learning.Unlearning.S3T.ServingPrecision ParsedServingPrecision() => ServingPrecision switch
    {
        "auto" => ContinualCluster.Learning.Unlearning.S3T.ServingPrecision.Auto,
        "float32" => ContinualCluster.Learning.Unlearning.S3T.ServingPrecision.Float32,
        "bfloat16" => ContinualCluster.Learning.Unlearning.S3T.ServingPrecision.BFloat16,
        _ => throw new ArgumentException($"Learning:ServingPrecision is '{ServingPrecision}'; use auto, float32 or bfloat16"),
    };

    public void Validate()
    {
        if (PretrainSamples < 100) throw new ArgumentException($"Learning:PretrainSamples must be at least 100 (was {PretrainSamples})");
        if (PretrainEpochs < 1) throw new ArgumentException($"Learning:PretrainEpochs must be at least 1 (was {PretrainEpochs})");
        if (Shards < 1 || Slices < 1 || Sequences < 1) throw new ArgumentException("Learning:Shards, Slices and Sequences must be at least 1");
        if (StageEpochs < 1) throw new ArgumentException($"Learning:StageEpochs must be at least 1 (was {StageEpochs})");
        if (TameModel is not ("mlp" or "lenet5")) throw new ArgumentException($"Learning:TameModel is '{TameModel}'; use mlp or lenet5");
        if (SelectorEpochs < 1 || SelectorFineTuneEpochs < 0) throw new ArgumentException("Learning:SelectorEpochs must be ≥ 1 and SelectorFineTuneEpochs ≥ 0");
        if (TameInputWarmup < 100) throw new ArgumentException($"Learning:TameInputWarmup must be at least 100 (was {TameInputWarmup})");
        if (TameWindow < 2) throw new ArgumentException($"Learning:TameWindow must be at least 2 (was {TameWindow})");
        if (SelectorBuffer < 10) throw new ArgumentException($"Learning:SelectorBuffer must be at least 10 (was {SelectorBuffer})");
        ParsedServingPrecision();
        if (ClassesPerTask < 2) throw new ArgumentException($"Learning:ClassesPerTask must be at least 2 (was {ClassesPerTask})");
    }
}
