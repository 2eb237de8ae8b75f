using ContinualCluster.Learning.Scenarios;

namespace ContinualCluster.Learning.Tame;

/// <summary>A batch held back because it looked like a task switch, waiting for the next batch to confirm or reject it.</summary>
internal sealed record PendingBatch(long Sequence, LearnerBatch Batch, double[] Features, double Loss, double InputShift, string Reason);
