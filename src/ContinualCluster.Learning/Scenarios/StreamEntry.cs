namespace ContinualCluster.Learning.Scenarios;

/// <summary>One sample's place in a stream: schedule segment, task, index into the task's training set, epoch.</summary>
public readonly record struct StreamEntry(int Segment, int TaskId, int SampleIndex, int Epoch);
