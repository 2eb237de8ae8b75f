namespace ContinualCluster.Abstractions.Api;

/// <summary>One answer: the predicted global class, the expert that answered and the unlearning gate's weight.</summary>
public sealed record Prediction(int Label, int Expert, float Gate);
