namespace ContinualCluster.Grains.Engine;

/// <summary>Creates the Learning-backed parts of one stream: its learner, expert serving models and concept unlearner.</summary>
public interface ILearningFactory
{
    IStreamLearner CreateLearner(string streamId);
    IExpertModel CreateExpert(string streamId, int expert);
    IConceptUnlearner CreateUnlearner(string streamId);
}
