namespace ContinualCluster.Learning.Metrics;

/// <summary>A task-agnostic prediction: the expert the input was routed to and that expert's within-task label.</summary>
public readonly record struct RoutedPrediction(int Expert, int Label);
