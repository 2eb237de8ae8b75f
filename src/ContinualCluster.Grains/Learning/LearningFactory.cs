using ContinualCluster.Grains.Engine;
using ContinualCluster.Learning.Models;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Tame;
using ContinualCluster.Learning.Unlearning.S3T;

namespace ContinualCluster.Grains.Learning;

/// <summary>
/// Builds the Learning parts of every stream on a silo: one frozen backbone shared by all experts (pretrained lazily,
/// cached on disk), an S3T model per expert, the stream's task-agnostic learner and its concept unlearner.
/// </summary>
public sealed partial class LearningFactory : ILearningFactory, IDisposable
{
    private readonly LearningOptions _options;
    private readonly Lazy<FrozenBackbone> _backbone;

    private LearningFactory(LearningOptions options, Action<string>? log)
    {
        options.Validate();
        _options = options;
        var backbone = new BackboneOptions { PretrainSamples = options.PretrainSamples, PretrainEpochs = options.PretrainEpochs, Seed = options.Seed };
        _backbone = new Lazy<FrozenBackbone>(() => BackboneStore.LoadOrPretrain(backbone, options.BackboneCache, log), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public LearningOptions Options => _options;

    /// <summary>The shared backbone (pretrained or loaded on first use).</summary>
    public FrozenBackbone Backbone => _backbone.Value;

    public static LearningFactory Create(LearningOptions options, Action<string>? log = null) => new(options, log);

    public IStreamLearner CreateLearner(string streamId)
    {
        var tame = new TameOptions
        {
            ClassesPerTask = _options.ClassesPerTask, Seed = _options.Seed, WindowSize = _options.TameWindow, InputWarmupSamples = _options.TameInputWarmup, SelectorEpochs = _options.SelectorEpochs,
            SelectorFineTuneEpochs = _options.SelectorFineTuneEpochs, SelectorBufferCapacity = _options.SelectorBuffer,
            SelectorTarget = SelectorTarget.Expert,
        };
        var kind = _options.TameModel == "lenet5" ? ModelKind.LeNet5 : ModelKind.Mlp;
        var selectors = new GuardedSelectorFactory(new ClassifierFactory(kind));
        return new TameStreamLearner(new TameLearner(tame, new ClassifierFactory(kind), selectors), selectors);
    }

    public IConceptUnlearner CreateUnlearner(string streamId) =>
        new O3ConceptUnlearner(new LoRAExpertTrainer(Backbone), new ContinualCluster.Learning.Unlearning.O3.O3Options { Epochs = _options.UnlearningEpochs, Seed = _options.Seed });

    public IExpertModel CreateExpert(string streamId, int expert)
    {
        var s3t = new S3TOptions
        {
            Shards = _options.Shards, Slices = _options.Slices, Sequences = _options.Sequences, Classes = _options.ClassesPerTask,
            Seed = (ulong)(uint)HashCode.Combine(_options.Seed, streamId, expert) | 1UL << 40,
            Training = new ExpertTrainingOptions { Epochs = _options.StageEpochs },
        };
        return new ShardedExpertModel(streamId, expert, new ShardedUnlearningModel(new LoRAExpertTrainer(Backbone), s3t),
            _options.MergedServing ? new MergedServing(Backbone, _options.ParsedServingPrecision()) : null);
    }

    public void Dispose()
    {
        if (_backbone.IsValueCreated) _backbone.Value.Dispose();
    }
}
