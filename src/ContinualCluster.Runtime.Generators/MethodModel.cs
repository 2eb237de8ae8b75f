namespace ContinualCluster.Runtime.Generators;

/// <summary>One grain interface method.</summary>
internal sealed record MethodModel(string Name, string? ResultType, EquatableList<ParameterModel> Parameters, bool ReadOnly, bool AlwaysInterleave);
