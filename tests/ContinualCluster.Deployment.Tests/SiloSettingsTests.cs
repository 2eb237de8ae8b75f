using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;

namespace ContinualCluster.Deployment.Tests;

/// <summary>The list of settings the manifest tests trust is the silo's own: its option types and the keys its code reads.</summary>
public sealed class SiloSettingsTests
{
    [Fact]
    public void Known_names_follow_the_option_types()
    {
        Assert.True(SiloSettings.IsKnown("CCL_Gateway__Port"));
        Assert.True(SiloSettings.IsKnown("CCL_Gateway__Keys__3"));
        Assert.False(SiloSettings.IsKnown("CCL_Gateway__Keys"));
        Assert.False(SiloSettings.IsKnown("CCL_Gateway__Port__0"));
        Assert.True(SiloSettings.IsKnown("CCL_Silo__AdvertisedHost"));
        Assert.False(SiloSettings.IsKnown("CCL_Silo__Adress"));
        Assert.False(SiloSettings.IsKnown("CCL_Nothing__Port"));
        Assert.False(SiloSettings.IsKnown("Gateway__Port"));
    }

    [Fact]
    public void Every_directly_read_key_is_read_by_the_silo_source_and_documented()
    {
        var source = string.Join('\n', Directory.GetFiles(RepoPaths.Combine("silo", "ContinualCluster.Silo"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")).Select(File.ReadAllText));
        var doc = File.ReadAllText(RepoPaths.Combine("docs", "CONFIGURATION.md"));
        foreach (var key in SiloSettings.DirectKeys)
        {
            Assert.Contains($"configuration[\"{key}\"]", source);
            Assert.Contains($"`CCL_{key.Replace(":", "__")}`", doc);
        }
    }
}
