using ContinualCluster.Runtime.Storage;
using ContinualCluster.Runtime.Transport;
using ContinualCluster.TestKit.Cluster;
using ContinualCluster.TestKit.Grains;
using Xunit;

namespace ContinualCluster.Runtime.Tests;

/// <summary>Forged or broken requests on the transport get an error answer and the silo keeps serving.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task Unknown_type_unknown_method_and_garbage_arguments_are_answered_with_errors()
    {
        await using var cluster = await InProcessCluster.StartAsync(2);
        var target = cluster.Silos[1];
        var connection = cluster.Silos[0].Runtime.Connections.Get(target.Endpoint);
        var timeout = TimeSpan.FromSeconds(5);
        string ping = typeof(IPingGrain).FullName!;

        var unknownType = await connection.CallRawAsync(new GrainId("No.Such.IGrain", "k"), 0, [], timeout);
        AssertError(unknownType, "UnknownGrainTypeException", "No.Such.IGrain");

        var unknownMethod = await connection.CallRawAsync(new GrainId(ping, "k"), 99, [], timeout);
        AssertError(unknownMethod, "UnknownGrainMethodException", "99");

        var truncated = await connection.CallRawAsync(new GrainId(ping, "k"), 0, [1, 2], timeout);
        AssertError(truncated, "MessageDecodeException", "ended early");

        var trailing = await connection.CallRawAsync(new GrainId(ping, "k"), 0, [1, 0, 0, 0, 9, 9], timeout);
        AssertError(trailing, "MessageDecodeException", "trailing");

        var badLength = await connection.CallRawAsync(new GrainId(ping, "k"), 1, [0xff, 0xff, 0xff, 0x7f], timeout);
        AssertError(badLength, "MessageDecodeException", "array length");

        Assert.Equal(10, await cluster.Silos[0].GrainFactory.GetGrain<IPingGrain>("still-fine").PingAsync(9));
        var ok = await connection.CallRawAsync(new GrainId(ping, "raw-ok"), 0, BitConverter.GetBytes(41), timeout);
        Assert.Equal(ResponseStatus.Ok, ok.Status);
        Assert.Equal(42, BitConverter.ToInt32(ok.Payload));
    }

    [Fact]
    public async Task Unknown_grain_class_on_the_silo_is_an_error_to_the_caller()
    {
        await using var cluster = await InProcessCluster.StartAsync(1);
        var e = await Assert.ThrowsAsync<UnknownGrainTypeException>(() => cluster.Client.GetGrain<INoImplementationGrain>("x").NothingAsync());
        Assert.Contains(nameof(INoImplementationGrain), e.Message);
        Assert.Equal(3, await cluster.Client.GetGrain<IPingGrain>("after").PingAsync(2));
    }

    private static void AssertError(ResponseFrame frame, string type, string fragment)
    {
        Assert.Equal(ResponseStatus.Error, frame.Status);
        var r = new Invocation.ArgReader(frame.Payload);
        Assert.Contains(type, r.ReadString());
        Assert.Contains(fragment, r.ReadString());
    }
}
