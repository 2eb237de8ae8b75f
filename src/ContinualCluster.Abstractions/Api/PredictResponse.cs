namespace ContinualCluster.Abstractions.Api;

/// <summary>Answers for a predict batch, with the model version that served them.</summary>
public sealed record PredictResponse(IReadOnlyList<Prediction> Predictions, long ModelVersion);
