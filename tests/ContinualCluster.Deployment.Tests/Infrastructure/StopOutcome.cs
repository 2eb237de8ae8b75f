namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>How a kubelet-style stop went: the preStop hook's exit code and time, and whether SIGTERM sufficed.</summary>
public sealed record StopOutcome(int? PreStopExitCode, TimeSpan PreStopTime, bool ExitedAfterSigterm, int ExitCode);
