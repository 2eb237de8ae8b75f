using ContinualCluster.Abstractions.Api;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Unlearning.S3T;
using LearningDeletion = ContinualCluster.Learning.Unlearning.Deletion;

namespace ContinualCluster.Grains.Learning;

/// <summary>An expert's serving model: Learning's S3T <see cref="ShardedUnlearningModel"/> (exact deletions, background retraining).</summary>
public sealed class ShardedExpertModel : IExpertModel
{
    private readonly ShardedUnlearningModel _model;
    private readonly string _stream;
    private readonly object _gate = new();
    private int _requests;
    private volatile bool _trained;

    private readonly MergedServing? _merged;

    /// <summary>Wraps <paramref name="model"/>; with <paramref name="merged"/>, predictions run on adapters merged into backbone copies.</summary>
    public ShardedExpertModel(string stream, int expert, ShardedUnlearningModel model, MergedServing? merged = null)
    {
        _merged = merged;
        _stream = stream;
        Expert = expert;
        _model = model;
    }

    public int Expert { get; }
    public bool Trained => _trained;
    public bool Ready => _trained && _model.Served.Configuration.LiveShards > 0;

    public void Add(IReadOnlyList<Sample> samples) => _model.Ingest(samples);

    public void Train()
    {
        _model.TrainAll();
        _trained = true;
        PrepareMerged();
    }

    public IExpertServing? CurrentServing()
    {
        if (!_trained) return null;
        var snapshot = _model.Served;
        var states = snapshot.LiveStates.ToArray();
        return states.Length == 0 ? null : new Serving(this, snapshot.Configuration.Version, states);
    }

    public int[] Predict(float[] pixels, int count, IReadOnlySet<int>? excluded = null) =>
        (CurrentServing() ?? throw new ApiException(503, "retraining", null,
            $"expert {Expert} of stream '{_stream}' has no live shard: deletions reached every shard and their retraining is running"))
        .Predict(pixels, count, excluded);

    /// <summary>Builds the merged copies of what is served now in the background (a prediction never merges).</summary>
    private void PrepareMerged()
    {
        if (_merged is not null && _trained) _merged.Prepare(_model.Served.LiveStates.ToArray());
    }

    private sealed class Serving(ShardedExpertModel owner, long version, ExpertState[] states) : IExpertServing
    {
        public long Version => version;
        public int Shards => states.Length;

        public int[] Predict(float[] pixels, int count, IReadOnlySet<int>? excluded = null)
        {
            int classes = owner._model.Options.Classes;
            var logits = owner._merged is not null
                ? owner._merged.Logits(states, pixels, count, classes)
                : owner._model.PredictLogits(states, pixels, count);
            var labels = new int[count];
            for (int i = 0; i < count; i++)
            {
                int best = -1;
                for (int c = 0; c < classes; c++)
                    if ((excluded is null || !excluded.Contains(c)) && (best < 0 || logits[i * classes + c] > logits[i * classes + best])) best = c;
                labels[i] = Math.Max(best, 0);
            }
            return labels;
        }
    }

    public ExpertDeletion Delete(IReadOnlyCollection<string> sampleIds)
    {
        string id;
        lock (_gate) id = $"{_stream}/{Expert}/{++_requests}";
        var result = _model.Delete(new LearningDeletion.DeletionRequest(id, sampleIds.ToArray()));
        bool dead = result.Served.Shards.Any(s => !s.IsLive);
        bool dropped = result.Outcomes.All(o => o.Status is LearningDeletion.DeletionStatus.Deleted or LearningDeletion.DeletionStatus.AlreadyDeleted);
        PrepareMerged();
        return new ExpertDeletion(result.DeletedCount, result.Served.Version, dead, result.ElapsedMilliseconds, dropped);
    }

    public IReadOnlyList<ServedModel> Served => _model.Served.Configuration.Shards
        .Select(s => new ServedModel($"{_stream}/expert-{Expert}/shard-{s.Shard}", _model.Served.Configuration.Version, s.Prefix, _model.Options.Slices))
        .ToList();

    public (int Checked, int Violations) CheckLineage(IReadOnlySet<string> deleted)
    {
        var check = _model.CheckLineage();
        return (check.ServedCheckpoints, check.Violations.Count);
    }

    /// <summary>The checkpoint of the first live shard (what an unlearning adapter wraps), or null when none serves.</summary>
    public ExpertState? ServedState() => _model.Served.LiveStates.FirstOrDefault();

    public int RetrainingJobs => _model.Served.Configuration.Shards.Count(s => !s.IsLive);

    public Task WaitForRetrainingAsync(CancellationToken cancellationToken) => _model.RetrainPendingAsync().WaitAsync(cancellationToken);

    public void Dispose() => _merged?.Dispose();
}
