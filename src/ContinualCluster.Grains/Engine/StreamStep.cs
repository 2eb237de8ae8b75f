namespace ContinualCluster.Grains.Engine;

/// <summary>
/// What the task-agnostic learner did with one batch: the active expert, whether a switch took effect, the loss, and
/// the batches whose expert became final in this call (a suspicious batch may be held until the next one confirms it).
/// </summary>
public sealed record StreamStep(int Expert, bool Switched, bool NewExpert, double Loss, IReadOnlyList<ExpertAssignment> Assigned);
