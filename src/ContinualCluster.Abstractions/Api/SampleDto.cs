namespace ContinualCluster.Abstractions.Api;

/// <summary>One labelled training sample as the gateway receives it: a 28×28 grey image as 784 floats in [0, 1].</summary>
public sealed record SampleDto(string? Id, string? Owner, int? Label, float[]? Pixels);
