namespace ContinualCluster.Abstractions.Api;

/// <summary>
/// Answers for a predict batch, with the model version that served them and how many images were routed around an
/// expert that was retraining every shard (answered by the selector's best live expert instead).
/// </summary>
public sealed record PredictResponse(IReadOnlyList<Prediction> Predictions, long ModelVersion, int RoutedAround = 0);
