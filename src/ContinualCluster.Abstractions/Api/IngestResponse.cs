namespace ContinualCluster.Abstractions.Api;

/// <summary>What happened to an ingested batch: which expert learned it and whether a task switch was detected.</summary>
public sealed record IngestResponse(
    string RequestId,
    int Accepted,
    bool Duplicate,
    int Expert,
    bool SwitchDetected,
    int Experts,
    long BatchIndex,
    double Loss);
