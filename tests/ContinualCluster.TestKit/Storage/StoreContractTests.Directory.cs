using ContinualCluster.Runtime.Storage;
using Xunit;

namespace ContinualCluster.TestKit.Storage;

public abstract partial class StoreContractTests<TFixture>
{
    private static DirectoryEntry Owner(GrainId grain, string silo, long generation = 1) =>
        new(grain, silo, generation, $"https://{silo}:7001");

    [StoreFact]
    public async Task Directory_register_if_absent_keeps_the_first_owner()
    {
        var grain = NewGrain();
        var a = Owner(grain, NewName("a"));
        var b = Owner(grain, NewName("b"));
        Assert.Null(await Fixture.Directory.LookupAsync(grain));
        Assert.Equal(a, await Fixture.Directory.RegisterIfAbsentAsync(a));
        Assert.Equal(a, await Fixture.Directory.RegisterIfAbsentAsync(b));
        Assert.Equal(a, await Fixture.Directory.LookupAsync(grain));
    }

    [StoreFact]
    public async Task Directory_parallel_registrations_agree_on_one_owner()
    {
        var grain = NewGrain();
        var results = await RunTogetherAsync(Parallelism, i => Fixture.Directory.RegisterIfAbsentAsync(Owner(grain, $"silo-{i}")));
        var owner = Assert.Single(results.Distinct());
        Assert.Equal(owner, await Fixture.Directory.LookupAsync(grain));
    }

    [StoreFact]
    public async Task Directory_unregister_only_removes_the_named_generation()
    {
        var grain = NewGrain();
        var silo = NewName("silo");
        await Fixture.Directory.RegisterIfAbsentAsync(Owner(grain, silo, 2));
        Assert.False(await Fixture.Directory.UnregisterAsync(grain, silo, 1));
        Assert.False(await Fixture.Directory.UnregisterAsync(grain, NewName("other"), 2));
        Assert.NotNull(await Fixture.Directory.LookupAsync(grain));
        Assert.True(await Fixture.Directory.UnregisterAsync(grain, silo, 2));
        Assert.Null(await Fixture.Directory.LookupAsync(grain));
        Assert.False(await Fixture.Directory.UnregisterAsync(grain, silo, 2));
    }

    [StoreFact]
    public async Task Directory_take_over_replaces_only_the_named_dead_owner()
    {
        var grain = NewGrain();
        var dead = Owner(grain, NewName("dead"), 3);
        var heir = Owner(grain, NewName("heir"));
        await Fixture.Directory.RegisterIfAbsentAsync(dead);
        Assert.Equal(dead, await Fixture.Directory.TakeOverAsync(heir, dead.SiloId, 2));       // wrong generation
        Assert.Equal(dead, await Fixture.Directory.TakeOverAsync(heir, NewName("x"), 3));      // wrong silo
        Assert.Equal(heir, await Fixture.Directory.TakeOverAsync(heir, dead.SiloId, 3));
        Assert.Equal(heir, await Fixture.Directory.LookupAsync(grain));
        var late = Owner(grain, NewName("late"));
        Assert.Equal(heir, await Fixture.Directory.TakeOverAsync(late, dead.SiloId, 3));       // the dead owner is gone
    }

    [StoreFact]
    public async Task Directory_parallel_take_overs_have_one_winner()
    {
        var grain = NewGrain();
        var dead = Owner(grain, NewName("dead"));
        await Fixture.Directory.RegisterIfAbsentAsync(dead);
        var results = await RunTogetherAsync(Parallelism, i => Fixture.Directory.TakeOverAsync(Owner(grain, $"heir-{i}"), dead.SiloId, 1));
        var owner = Assert.Single(results.Distinct());
        Assert.StartsWith("heir-", owner.SiloId);
        Assert.Equal(owner, await Fixture.Directory.LookupAsync(grain));
    }

    [StoreFact]
    public async Task Directory_take_over_of_a_vanished_entry_registers_the_replacement()
    {
        var grain = NewGrain();
        var heir = Owner(grain, NewName("heir"));
        Assert.Equal(heir, await Fixture.Directory.TakeOverAsync(heir, NewName("gone"), 1));
        Assert.Equal(heir, await Fixture.Directory.LookupAsync(grain));
    }

    [StoreFact]
    public async Task Directory_remove_silo_removes_all_and_only_its_generation()
    {
        var silo = NewName("silo");
        var mine = Enumerable.Range(0, 5).Select(_ => Owner(NewGrain(), silo)).ToList();
        var older = Owner(NewGrain(), silo, 0);
        var other = Owner(NewGrain(), NewName("other"));
        foreach (var e in mine.Append(older).Append(other)) await Fixture.Directory.RegisterIfAbsentAsync(e);
        Assert.Equal(5, await Fixture.Directory.RemoveSiloAsync(silo, 1));
        foreach (var e in mine) Assert.Null(await Fixture.Directory.LookupAsync(e.Grain));
        Assert.Equal(older, await Fixture.Directory.LookupAsync(older.Grain));
        Assert.Equal(other, await Fixture.Directory.LookupAsync(other.Grain));
        Assert.Equal(0, await Fixture.Directory.RemoveSiloAsync(silo, 1));
    }
}
