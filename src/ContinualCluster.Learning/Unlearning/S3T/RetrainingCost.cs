namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>Training work done by a model: stages run, sample-steps (samples × epochs) and wall-clock seconds.</summary>
public sealed record RetrainingCost(int Stages, long SampleSteps, double Seconds)
{
    public static readonly RetrainingCost Zero = new(0, 0, 0);

    public RetrainingCost Add(RetrainingCost other) => new(Stages + other.Stages, SampleSteps + other.SampleSteps, Seconds + other.Seconds);
}
