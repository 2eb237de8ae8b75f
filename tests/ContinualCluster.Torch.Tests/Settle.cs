namespace ContinualCluster.Torch.Tests;

/// <summary>Runs pending finalizers so that tensors leaked by earlier tests do not move the live counter mid-test.</summary>
internal static class Settle
{
    public static void Finalizers()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
