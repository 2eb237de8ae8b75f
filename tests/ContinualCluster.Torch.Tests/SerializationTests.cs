using ContinualCluster.Torch.Serialization;
using Xunit;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Tests;

public sealed class SerializationTests
{
    private static nn.Module<Tensor, Tensor> Net() => nn.Sequential(nn.Linear(5, 7), nn.ReLU(), nn.LoRALinear(7, 3, rank: 2, alpha: 2));

    [Fact]
    public void Round_trip_restores_every_parameter_exactly()
    {
        manual_seed(7);
        using var a = Net();
        manual_seed(8);
        using var b = Net();
        var blob = a.state_dict_bytes();
        b.load_state_dict_bytes(blob);
        foreach (var ((n1, p1), (n2, p2)) in a.named_parameters().Zip(b.named_parameters()))
        {
            Assert.Equal(n1, n2);
            Assert.True(p1.equal(p2), n1);
        }
        using var mixed = tensor(new long[] { 1, -2, 3 }, new long[] { 3 });
        var back = StateDictSerializer.Deserialize(StateDictSerializer.Serialize(new Dictionary<string, Tensor> { ["ints"] = mixed }));
        Assert.Equal(new long[] { 1, -2, 3 }, back["ints"].data<long>().ToArray());
        back["ints"].Dispose();
    }

    [Fact]
    public void Corrupted_truncated_or_foreign_blobs_are_rejected_clearly_and_change_nothing()
    {
        manual_seed(9);
        using var net = Net();
        var blob = net.state_dict_bytes();
        var before = net.state_dict_bytes();

        var flipped = (byte[])blob.Clone();
        flipped[blob.Length / 2] ^= 0x40;
        Assert.Contains("CRC-32", Assert.Throws<InvalidDataException>(() => net.load_state_dict_bytes(flipped)).Message);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => net.load_state_dict_bytes(blob.AsSpan(0, blob.Length - 10))).Message);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => net.load_state_dict_bytes(blob.AsSpan(0, 7))).Message);
        var foreign = (byte[])blob.Clone();
        foreign[0] = (byte)'X';
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => net.load_state_dict_bytes(foreign)).Message);

        manual_seed(10);
        using var other = nn.Sequential(nn.Linear(5, 8));
        var mismatch = Assert.Throws<ArgumentException>(() => net.load_state_dict_bytes(other.state_dict_bytes()));
        Assert.Contains("missing keys", mismatch.Message);
        Assert.Equal(before, net.state_dict_bytes());
    }
}
