namespace ContinualCluster.Grains.Engine;

/// <summary>The synchronous answer of an expert to a deletion: samples removed, served version, whether retraining started, whether the raw pixels are gone.</summary>
public sealed record ExpertDeletion(int Removed, long ServedVersion, bool RetrainingStarted, double ElapsedMilliseconds, bool RawDataDropped);
