namespace ContinualCluster.Client.Report;

/// <summary>A value measured at a batch index of the stream (e.g. accuracy on the tasks seen so far).</summary>
public sealed record TimePoint(int Batch, double Value, string Series);
