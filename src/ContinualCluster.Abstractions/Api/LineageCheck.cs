namespace ContinualCluster.Abstractions.Api;

/// <summary>The result of checking every served model's lineage against the deleted sample ids.</summary>
public sealed record LineageCheck(bool Clean, int ModelsChecked, int Violations, DateTimeOffset CheckedAt);
