using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Tests.Backbone;
using ContinualCluster.Learning.Unlearning.S3T;

namespace ContinualCluster.Learning.Tests.Unlearning;

/// <summary>Small S3T / SISA / full-retraining models on the tiny backbone, for fast tests.</summary>
internal static class S3TModelFactory
{
    public static S3TOptions Options(UnlearningStrategy strategy = UnlearningStrategy.S3T, int m = 3, int l = 3, int b = 3, bool background = false) =>
        strategy switch
        {
            UnlearningStrategy.Sisa => Fast(S3TOptions.Sisa(m, l, 3)),
            UnlearningStrategy.FullRetrain => Fast(S3TOptions.FullRetrain(3)),
            _ => Fast(new S3TOptions { Shards = m, Slices = l, Sequences = b, Classes = 3, BackgroundRetraining = background }),
        };

    public static ShardedUnlearningModel Trained(S3TOptions options, IReadOnlyList<Sample> data)
    {
        var model = new ShardedUnlearningModel(new LoRAExpertTrainer(TinyBackbone.Instance), options);
        model.Ingest(data);
        model.TrainAll();
        return model;
    }

    private static S3TOptions Fast(S3TOptions o)
    {
        o.Training = new ExpertTrainingOptions { Epochs = 8, BatchSize = 16, LearningRate = 1e-2 };
        return o;
    }
}
