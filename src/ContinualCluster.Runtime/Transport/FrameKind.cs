namespace ContinualCluster.Runtime.Transport;

/// <summary>The kinds of frame silos exchange on a transport stream.</summary>
internal enum FrameKind : byte
{
    Request = 1,
    Response = 2,
    Cancel = 3,
    StatsRequest = 4,
    StatsResponse = 5,
}
