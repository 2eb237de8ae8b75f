namespace ContinualCluster.Learning.Metrics;

/// <summary>Task-agnostic test accuracy: within-task (the routed expert's label is right), class-incremental (mapped back to the global class) and routing (the routed expert belongs to the sample's task), overall and per task.</summary>
public sealed record RoutedAccuracy(
    double WithinTask,
    double ClassIncremental,
    double Routing,
    double[] WithinTaskPerTask,
    double[] ClassIncrementalPerTask,
    double[] RoutingPerTask,
    int Samples);
