namespace ContinualCluster.Runtime.Generators;

/// <summary>One method parameter; cancellation tokens are not serialised.</summary>
internal sealed record ParameterModel(string Name, string Type, bool IsCancellationToken);
