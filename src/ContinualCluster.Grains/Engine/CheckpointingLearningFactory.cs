namespace ContinualCluster.Grains.Engine;

/// <summary>A stream's Learning factory that hands every expert model it creates to the stream's <see cref="CheckpointStore"/>, so its checkpoints are persisted after each change.</summary>
public sealed class CheckpointingLearningFactory(ILearningFactory inner, CheckpointStore checkpoints) : ILearningFactory
{
    public IStreamLearner CreateLearner(string streamId) => inner.CreateLearner(streamId);

    public IConceptUnlearner CreateUnlearner(string streamId) => inner.CreateUnlearner(streamId);

    public IExpertModel CreateExpert(string streamId, int expert)
    {
        var model = inner.CreateExpert(streamId, expert);
        checkpoints.Track(model);
        return model;
    }
}
