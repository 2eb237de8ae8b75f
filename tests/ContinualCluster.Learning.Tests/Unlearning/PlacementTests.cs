using ContinualCluster.Learning.Unlearning.Placement;
using Xunit;

namespace ContinualCluster.Learning.Tests.Unlearning;

public sealed class PlacementTests
{
    [Fact]
    public void Placement_is_deterministic_spread_and_auditable()
    {
        var f = PlacementFunction.Create(42, 5, 6);
        var placed = Enumerable.Range(0, 6000).Select(i => f.Place($"train-{i:000000}", $"owner-{i % 7}")).ToList();
        var again = PlacementFunction.Create(42, 5, 6);
        Assert.All(placed, p => Assert.Equal((p.Shard, p.Slice), again.Locate(p.SampleId)));
        // Every (shard, slice) receives roughly its share (200 expected each).
        var counts = placed.GroupBy(p => (p.Shard, p.Slice)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(30, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 140, 260));
        Assert.Empty(PlacementAudit.Mismatches(f, placed));
        // A different key moves most samples: the seed is really an input of the function.
        var other = PlacementFunction.Create(43, 5, 6);
        Assert.True(placed.Count(p => other.Locate(p.SampleId) != (p.Shard, p.Slice)) > 5000);
        // A tampered record is caught by the audit.
        var tampered = placed.Take(10).Select(p => p with { Slice = (p.Slice + 1) % 6 }).ToList();
        Assert.Equal(10, PlacementAudit.Mismatches(f, tampered).Count);
    }

    [Fact]
    public void Placement_rejects_bad_inputs_and_unknown_functions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PlacementFunction.Create(1, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlacementFunction.Create(1, 3, 0));
        var f = PlacementFunction.Create(1, 3, 3);
        Assert.Throws<ArgumentException>(() => f.Place("", "o"));
        Assert.Throws<InvalidOperationException>(() => (f with { Name = "md5" }).Locate("x"));
        Assert.Throws<InvalidOperationException>(() => (f with { Version = 9 }).Locate("x"));
        Assert.Throws<InvalidOperationException>(() => (f with { SeedHex = "zz" }).Locate("x"));
    }
}
