namespace ContinualCluster.Abstractions.Api;

/// <summary>A batch of images (784 floats each) to classify.</summary>
public sealed record PredictRequest(float[][]? Images);
