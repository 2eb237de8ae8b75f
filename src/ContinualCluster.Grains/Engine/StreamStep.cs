namespace ContinualCluster.Grains.Engine;

/// <summary>What the task-agnostic learner did with one batch: the expert that trained on it, whether it switched, its loss.</summary>
public sealed record StreamStep(int Expert, bool Switched, bool NewExpert, double Loss);
