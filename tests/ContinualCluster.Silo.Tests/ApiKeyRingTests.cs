using ContinualCluster.Abstractions.Api;
using ContinualCluster.Silo.Gateway;
using Xunit;

namespace ContinualCluster.Silo.Tests;

/// <summary>Bearer keys: missing or unknown → 401, a key without the role → 403, admin may do everything.</summary>
public sealed class ApiKeyRingTests
{
    private readonly ApiKeyRing _ring = new(new GatewayOptions { Keys = { "ingest:ingest-key-1", "predict:predict-key-1", "admin:admin-key-12" } });

    [Fact]
    public void Roles_are_enforced()
    {
        _ring.Authorize("Bearer ingest-key-1", ApiRole.Ingest);
        _ring.Authorize("Bearer admin-key-12", ApiRole.Delete);
        Assert.Equal(403, Assert.Throws<ApiException>(() => _ring.Authorize("Bearer predict-key-1", ApiRole.Delete)).Status);
        Assert.Equal(401, Assert.Throws<ApiException>(() => _ring.Authorize("Bearer nope-nope-nope", ApiRole.Predict)).Status);
        Assert.Equal(401, Assert.Throws<ApiException>(() => _ring.Authorize(null, ApiRole.Predict)).Status);
        Assert.Equal(401, Assert.Throws<ApiException>(() => _ring.Authorize("Basic abc", ApiRole.Predict)).Status);
    }

    [Theory]
    [InlineData("nokey")]
    [InlineData("root:abcdefgh")]
    [InlineData("ingest:short")]
    public void Malformed_key_settings_name_the_setting(string entry)
    {
        var e = Assert.Throws<ArgumentException>(() => new GatewayOptions { Keys = { entry } }.Validate());
        Assert.Contains("Gateway:Keys:0", e.Message);
    }
}
