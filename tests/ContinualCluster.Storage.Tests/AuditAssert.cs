using ContinualCluster.Runtime.Audit;
using Xunit;

namespace ContinualCluster.Storage.Tests;

/// <summary>Checks that verification of a tampered audit log fails, and where.</summary>
internal static class AuditAssert
{
    /// <summary>Verifies <paramref name="log"/>, asserts it is invalid from <paramref name="firstTampered"/> on, and returns the verdict.</summary>
    public static async Task<AuditVerification> TamperedAsync(IAuditLog audit, string log, long firstTampered)
    {
        var verdict = await audit.VerifyAsync(log);
        Assert.False(verdict.IsValid);
        Assert.Equal(firstTampered, verdict.FirstTamperedSequence);
        return verdict;
    }
}
