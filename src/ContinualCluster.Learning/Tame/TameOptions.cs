namespace ContinualCluster.Learning.Tame;

/// <summary>Every setting of TAME (ALGORITHMS.md §1), defaulting to the public code's values, plus this project's detection and selector improvements.</summary>
public sealed class TameOptions
{
    /// <summary>Within-task classes C: outputs of an expert; the loss window is seeded with ln C.</summary>
    public int ClassesPerTask { get; set; } = 2;

    /// <summary>Loss window length W (code 35, paper 100).</summary>
    public int WindowSize { get; set; } = 35;

    /// <summary>Smoothing factor α (0.2; 0.1 on CIFAR-10).</summary>
    public double Smoothing { get; set; } = 0.2;

    /// <summary>Threshold = mean(window) + ThresholdSigmas·max(std(window), MinThresholdStd).</summary>
    public double ThresholdSigmas { get; set; } = 3;

    public double MinThresholdStd { get; set; } = 0.005;

    /// <summary>Selector buffer capacity C_s, split evenly over the classes seen (5000).</summary>
    public int SelectorBufferCapacity { get; set; } = 5000;

    /// <summary>Per-expert pruning buffer capacity C_p (code 500, paper 6000).</summary>
    public int PruneBufferCapacity { get; set; } = 500;

    /// <summary>Expert SGD: learning rate 0.1, momentum 0.9, weight decay 5e-4.</summary>
    public double LearningRate { get; set; } = 0.1;

    public double Momentum { get; set; } = 0.9;

    public double WeightDecay { get; set; } = 5e-4;

    /// <summary>
    /// Beyond TAME: each expert keeps an exponential moving average of its weights with this decay (Polyak averaging; 0: TAME, off)
    /// and predicts with it. Training and switch detection (its losses, windows and thresholds) use the trained weights unchanged.
    /// At the constant learning rate of 0.1 the last iterate wanders around the optimum; the average sits closer to it.
    /// </summary>
    public double ExpertWeightAveraging { get; set; }

    /// <summary>Selector SGD learning rate (0.1), epochs (200) and batch size (128).</summary>
    public double SelectorLearningRate { get; set; } = 0.1;

    public int SelectorEpochs { get; set; } = 200;

    public int SelectorBatchSize { get; set; } = 128;

    /// <summary>Fraction of the selector's weights removed by global L1 magnitude after training (0.5), then fine-tuned.</summary>
    public double SelectorPruneFraction { get; set; } = 0.5;

    /// <summary>Fine-tuning after selector pruning: epochs (code 200) and learning rate (code 1e-3).</summary>
    public int SelectorFineTuneEpochs { get; set; } = 200;

    public double SelectorFineTuneLearningRate { get; set; } = 1e-3;

    /// <summary>Selectors trained independently on the buffer and combined by adding their log-probabilities (1: TAME's single selector).</summary>
    public int SelectorEnsembleSize { get; set; } = 1;

    /// <summary>
    /// Beyond TAME: how many members of the selector ensemble (the last ones) train on buffer images shifted by up to
    /// <see cref="SelectorMaxShift"/> pixels and flipped left-right at random. Their errors differ from the plain members', so the
    /// ensemble routes better than one of identically trained members (0: TAME, every selector sees the buffer as stored).
    /// </summary>
    public int SelectorAugmentedMembers { get; set; }

    /// <summary>Largest shift, in pixels, of an augmented selector member's training images (2).</summary>
    public int SelectorMaxShift { get; set; } = 2;

    /// <summary>
    /// Beyond TAME: choose (expert, label) jointly by the selector's log-probability of the expert plus that expert's
    /// log-probability of the label, instead of the selector's argmax alone (false: TAME's hard routing).
    /// </summary>
    public bool SoftRouting { get; set; }

    /// <summary>
    /// Beyond TAME: each expert's training step sees its batch with every image shifted by up to <see cref="ExpertMaxShift"/> pixels
    /// and (with <see cref="ExpertFlip"/>) mirrored left-right at random, drawn afresh every step. Switch detection, the input
    /// statistics and the buffers still see the batch as stored: the loss that drives detection comes from a separate forward pass
    /// without gradient over the un-augmented batch (one extra forward per batch). false: TAME, experts train on the batch as stored.
    /// </summary>
    public bool ExpertAugmentation { get; set; }

    /// <summary>Largest shift, in pixels, of an expert's augmented training images (2).</summary>
    public int ExpertMaxShift { get; set; } = 2;

    /// <summary>Whether expert augmentation also mirrors images left-right (with probability ½).</summary>
    public bool ExpertFlip { get; set; } = true;

    /// <summary>What the selector learns: the expert id (TAME) or (expert, label) pairs.</summary>
    public SelectorTarget SelectorTarget { get; set; } = SelectorTarget.Expert;

    /// <summary>Fraction of each expert's weights removed by global L1 magnitude when experts are pruned (paper 0.98).</summary>
    public double ExpertPruneFraction { get; set; } = 0.98;

    /// <summary>Retraining of a pruned expert on its C_p buffer: epochs (code 200) and learning rate (0.1).</summary>
    public int ExpertRetrainEpochs { get; set; } = 200;

    public double ExpertRetrainLearningRate { get; set; } = 0.1;

    /// <summary>Classic (TAME as published) or Robust (this project's) switch detection.</summary>
    public TameDetection Detection { get; set; } = TameDetection.Robust;

    /// <summary>Robust: a suspected switch must be confirmed by the next batch's own loss or input score (one batch of delay, no false switch from one spike).</summary>
    public bool ConfirmSwitches { get; set; } = true;

    /// <summary>Robust, with <see cref="ConfirmSwitches"/>: how many following batches must each confirm a suspicion before the switch
    /// (1: the next one). Every held batch goes to the expert finally chosen, so the switch point stays on the boundary; each extra
    /// confirmation adds one batch of decision latency and rides out one more batch of an excursion (a blurred boundary's mixed batches).</summary>
    public int SwitchConfirmations { get; set; } = 1;

    /// <summary>Robust: watch the input distribution (pooled-pixel Mahalanobis shift against the active expert's running statistics).</summary>
    public bool WatchInputs { get; set; } = true;

    /// <summary>Input score threshold = mean + InputShiftSigmas·max(std, MinInputShiftStd) over the active expert's recent scores (window W).</summary>
    public double InputShiftSigmas { get; set; } = 4;

    public double MinInputShiftStd { get; set; } = 0.1;

    /// <summary>Block size of the pixel pooling for input statistics (4: 28×28 → 7×7) and the covariance ridge.</summary>
    public int InputPool { get; set; } = 4;

    public double InputRidge { get; set; } = 3e-4;

    /// <summary>Samples an expert must have trained on before its input scores count (the covariance needs data).</summary>
    public int InputWarmupSamples { get; set; } = 2000;

    /// <summary>Seeds model initialisation, priorities and shuffles.</summary>
    public int Seed { get; set; }

    /// <summary>The public TAME code's behaviour (classic detection, expert-id selector).</summary>
    public static TameOptions PublicCode() => new() { Detection = TameDetection.Classic, SelectorTarget = SelectorTarget.Expert };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(ClassesPerTask >= 2, nameof(ClassesPerTask), ClassesPerTask, "at least 2");
        Require(WindowSize >= 2, nameof(WindowSize), WindowSize, "at least 2");
        Require(Smoothing is > 0 and <= 1, nameof(Smoothing), Smoothing, "in (0, 1]");
        Require(ThresholdSigmas > 0, nameof(ThresholdSigmas), ThresholdSigmas, "positive");
        Require(MinThresholdStd >= 0, nameof(MinThresholdStd), MinThresholdStd, "non-negative");
        Require(SelectorBufferCapacity >= 1, nameof(SelectorBufferCapacity), SelectorBufferCapacity, "at least 1");
        Require(PruneBufferCapacity >= 1, nameof(PruneBufferCapacity), PruneBufferCapacity, "at least 1");
        Require(LearningRate > 0, nameof(LearningRate), LearningRate, "positive");
        Require(Momentum is >= 0 and < 1, nameof(Momentum), Momentum, "in [0, 1)");
        Require(WeightDecay >= 0, nameof(WeightDecay), WeightDecay, "non-negative");
        Require(ExpertWeightAveraging is >= 0 and < 1, nameof(ExpertWeightAveraging), ExpertWeightAveraging, "in [0, 1)");
        Require(SelectorLearningRate > 0, nameof(SelectorLearningRate), SelectorLearningRate, "positive");
        Require(SelectorEpochs >= 1, nameof(SelectorEpochs), SelectorEpochs, "at least 1");
        Require(SelectorBatchSize >= 1, nameof(SelectorBatchSize), SelectorBatchSize, "at least 1");
        Require(SelectorEnsembleSize >= 1, nameof(SelectorEnsembleSize), SelectorEnsembleSize, "at least 1");
        Require(SelectorAugmentedMembers >= 0 && SelectorAugmentedMembers <= SelectorEnsembleSize, nameof(SelectorAugmentedMembers),
            SelectorAugmentedMembers, $"in [0, SelectorEnsembleSize = {SelectorEnsembleSize}]");
        Require(SelectorMaxShift >= 0, nameof(SelectorMaxShift), SelectorMaxShift, "non-negative");
        Require(ExpertMaxShift >= 0, nameof(ExpertMaxShift), ExpertMaxShift, "non-negative");
        Require(SelectorPruneFraction is >= 0 and < 1, nameof(SelectorPruneFraction), SelectorPruneFraction, "in [0, 1)");
        Require(SelectorFineTuneEpochs >= 0, nameof(SelectorFineTuneEpochs), SelectorFineTuneEpochs, "non-negative");
        Require(SelectorFineTuneLearningRate > 0, nameof(SelectorFineTuneLearningRate), SelectorFineTuneLearningRate, "positive");
        Require(ExpertPruneFraction is >= 0 and < 1, nameof(ExpertPruneFraction), ExpertPruneFraction, "in [0, 1)");
        Require(ExpertRetrainEpochs >= 0, nameof(ExpertRetrainEpochs), ExpertRetrainEpochs, "non-negative");
        Require(ExpertRetrainLearningRate > 0, nameof(ExpertRetrainLearningRate), ExpertRetrainLearningRate, "positive");
        Require(SwitchConfirmations >= 1, nameof(SwitchConfirmations), SwitchConfirmations, "at least 1");
        Require(InputShiftSigmas > 0, nameof(InputShiftSigmas), InputShiftSigmas, "positive");
        Require(MinInputShiftStd >= 0, nameof(MinInputShiftStd), MinInputShiftStd, "non-negative");
        Require(InputPool >= 1, nameof(InputPool), InputPool, "at least 1");
        Require(InputRidge > 0, nameof(InputRidge), InputRidge, "positive");
        Require(InputWarmupSamples >= 0, nameof(InputWarmupSamples), InputWarmupSamples, "non-negative");
    }

    private static void Require(bool ok, string name, object value, string rule)
    {
        if (!ok) throw new ArgumentException($"TameOptions.{name} must be {rule} (was {value}).", name);
    }
}
