using Xunit;

namespace ContinualCluster.Silo.Tests;

/// <summary>A setting the silo cannot start with stops it at once with one line naming the setting and exit status 2, never a stack trace.</summary>
public sealed class ConfigurationErrorTests
{
    [Theory]
    [InlineData("CCL_Cluster__Secret", "short", "Cluster:Secret")]
    [InlineData("CCL_Stream__TrainEverySamples", "lots", "Stream:TrainEverySamples")]
    [InlineData("CCL_Stream__TrainAfterIdle", "-00:00:05", "TrainAfterIdle")]
    [InlineData("CCL_Silo__ServingSlots", "-1", "Silo:ServingSlots")]
    [InlineData("CCL_Learning__ServingPrecision", "half", "Learning:ServingPrecision")]
    public async Task A_bad_setting_is_named_and_the_silo_exits_with_status_2(string variable, string value, string named)
    {
        string dir = Directory.CreateTempSubdirectory("ccl-config-").FullName;
        try
        {
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync("bad-config", "sqlite",
                $"Data Source={Path.Combine(dir, "cluster.db")}", dir, new Dictionary<string, string> { [variable] = value }));
            Assert.Contains("exited with 2", e.Message);
            Assert.Contains("cannot start with this configuration", e.Message);
            Assert.Contains(named, e.Message);
            Assert.DoesNotContain("Unhandled exception", e.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
