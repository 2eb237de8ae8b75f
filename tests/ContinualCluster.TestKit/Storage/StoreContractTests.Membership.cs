using ContinualCluster.Runtime.Storage;
using Xunit;

namespace ContinualCluster.TestKit.Storage;

public abstract partial class StoreContractTests<TFixture>
{
    private MembershipEntry NewSilo(DateTimeOffset heartbeat, long generation = 1, SiloStatus status = SiloStatus.Joining) =>
        new(NewName("silo"), generation, "https://127.0.0.1:7001",
            new Dictionary<string, string> { ["gpu"] = "true", ["gpu.memory"] = "81920", ["zone"] = "a" },
            status, Micros(heartbeat.AddSeconds(-1)), Micros(heartbeat));

    private async Task<MembershipEntry> RowAsync(string siloId, long generation) =>
        Assert.Single(await Fixture.Membership.ReadAllAsync(), e => e.SiloId == siloId && e.Generation == generation);

    [StoreFact]
    public async Task Membership_register_then_read_all_round_trips_every_field()
    {
        var entry = NewSilo(DateTimeOffset.UtcNow);
        await Fixture.Membership.RegisterAsync(entry);
        var row = await RowAsync(entry.SiloId, entry.Generation);
        Assert.Equal(entry.Endpoint, row.Endpoint);
        Assert.Equal(entry.Status, row.Status);
        Assert.Equal(entry.StartedAt, row.StartedAt);
        Assert.Equal(entry.LastHeartbeat, row.LastHeartbeat);
        Assert.Equal(entry.Labels.OrderBy(kv => kv.Key), row.Labels.OrderBy(kv => kv.Key));
    }

    [StoreFact]
    public async Task Membership_registering_the_same_generation_twice_fails()
    {
        var entry = NewSilo(DateTimeOffset.UtcNow);
        await Fixture.Membership.RegisterAsync(entry);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Fixture.Membership.RegisterAsync(entry with { Endpoint = "elsewhere" }));
        Assert.Contains(entry.SiloId, ex.Message);
        Assert.Equal(entry.Endpoint, (await RowAsync(entry.SiloId, entry.Generation)).Endpoint);
    }

    [StoreFact]
    public async Task Membership_heartbeat_renews_a_live_row_and_fails_for_a_missing_one()
    {
        var t0 = Micros(DateTimeOffset.UtcNow);
        var entry = NewSilo(t0);
        await Fixture.Membership.RegisterAsync(entry);
        Assert.True(await Fixture.Membership.HeartbeatAsync(entry.SiloId, 1, t0.AddSeconds(5)));
        Assert.Equal(t0.AddSeconds(5), (await RowAsync(entry.SiloId, 1)).LastHeartbeat);
        Assert.False(await Fixture.Membership.HeartbeatAsync(entry.SiloId, 2, t0.AddSeconds(5)));
        Assert.False(await Fixture.Membership.HeartbeatAsync(NewName("missing"), 1, t0));
    }

    [StoreFact]
    public async Task Membership_status_moves_until_dead_and_dead_is_final()
    {
        var t0 = Micros(DateTimeOffset.UtcNow);
        var entry = NewSilo(t0);
        await Fixture.Membership.RegisterAsync(entry);
        Assert.True(await Fixture.Membership.SetStatusAsync(entry.SiloId, 1, SiloStatus.Active));
        Assert.Equal(SiloStatus.Active, (await RowAsync(entry.SiloId, 1)).Status);
        Assert.True(await Fixture.Membership.SetStatusAsync(entry.SiloId, 1, SiloStatus.ShuttingDown));
        Assert.True(await Fixture.Membership.SetStatusAsync(entry.SiloId, 1, SiloStatus.Dead));
        Assert.False(await Fixture.Membership.SetStatusAsync(entry.SiloId, 1, SiloStatus.Active));
        Assert.False(await Fixture.Membership.HeartbeatAsync(entry.SiloId, 1, t0.AddSeconds(1)));
        var row = await RowAsync(entry.SiloId, 1);
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal(t0, row.LastHeartbeat);
    }

    [StoreFact]
    public async Task Membership_declare_dead_only_when_the_heartbeat_is_still_older_than_the_bound()
    {
        var t0 = Micros(DateTimeOffset.UtcNow);
        var entry = NewSilo(t0, status: SiloStatus.Active);
        await Fixture.Membership.RegisterAsync(entry);
        Assert.False(await Fixture.Membership.DeclareDeadAsync(entry.SiloId, 1, t0));          // not older than the bound
        Assert.True(await Fixture.Membership.HeartbeatAsync(entry.SiloId, 1, t0.AddSeconds(10))); // renewed meanwhile
        Assert.False(await Fixture.Membership.DeclareDeadAsync(entry.SiloId, 1, t0.AddSeconds(5)));
        Assert.Equal(SiloStatus.Active, (await RowAsync(entry.SiloId, 1)).Status);
        Assert.True(await Fixture.Membership.DeclareDeadAsync(entry.SiloId, 1, t0.AddSeconds(11)));
        Assert.False(await Fixture.Membership.DeclareDeadAsync(entry.SiloId, 1, t0.AddSeconds(11))); // already dead
        Assert.False(await Fixture.Membership.HeartbeatAsync(entry.SiloId, 1, t0.AddSeconds(12)));
        Assert.Equal(SiloStatus.Dead, (await RowAsync(entry.SiloId, 1)).Status);
    }

    [StoreFact]
    public async Task Membership_a_new_generation_lives_beside_its_dead_predecessor()
    {
        var t0 = Micros(DateTimeOffset.UtcNow);
        var first = NewSilo(t0, generation: 1, status: SiloStatus.Active);
        await Fixture.Membership.RegisterAsync(first);
        Assert.True(await Fixture.Membership.DeclareDeadAsync(first.SiloId, 1, t0.AddSeconds(1)));
        await Fixture.Membership.RegisterAsync(first with { Generation = 2, Status = SiloStatus.Joining });
        Assert.True(await Fixture.Membership.HeartbeatAsync(first.SiloId, 2, t0.AddSeconds(2)));
        Assert.Equal(SiloStatus.Dead, (await RowAsync(first.SiloId, 1)).Status);
        Assert.Equal(SiloStatus.Joining, (await RowAsync(first.SiloId, 2)).Status);
    }

    [StoreFact]
    public async Task Membership_parallel_declarations_declare_a_silo_dead_once()
    {
        var t0 = Micros(DateTimeOffset.UtcNow);
        var entry = NewSilo(t0, status: SiloStatus.Active);
        await Fixture.Membership.RegisterAsync(entry);
        var results = await RunTogetherAsync(Parallelism, _ => Fixture.Membership.DeclareDeadAsync(entry.SiloId, 1, t0.AddSeconds(1)));
        Assert.Single(results, declared => declared);
    }
}
