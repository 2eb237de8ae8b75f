using ContinualCluster.Learning.Unlearning.Metrics;
using ContinualCluster.Learning.Unlearning.Sequences;
using Xunit;

namespace ContinualCluster.Learning.Tests.Unlearning;

public sealed class DeletionRateTests
{
    [Theory]
    [InlineData(5, 6, 1)]
    [InlineData(5, 6, 2)]
    [InlineData(5, 6, 3)]
    [InlineData(5, 6, 4)]
    [InlineData(5, 6, 5)]
    [InlineData(5, 6, 6)]
    [InlineData(5, 4, 4)]
    public void Simulated_delta_is_within_five_percent_of_the_closed_form(int m, int l, int b)
    {
        var r = DeletionRateSimulator.Simulate(m, l, b, trials: 3000, samplesPerSlice: 400, seed: (ulong)(100 * l + b));
        Assert.True(r.RelativeError < 0.05, $"m={m} L={l} B={b}: measured {r.Measured:F1} ± {r.StandardError:F1}, predicted {r.Predicted:F1}");
    }

    [Fact]
    public void Closed_form_matches_the_authors_simulated_values()
    {
        // ALGORITHMS.md: m = 5, L = 6: SISA 67.4; S3T B=2 88.2, B=4 107.2, B=6 120.4 (from the authors' simulation).
        Assert.InRange(DeletionRateSimulator.Predicted(5, 6, 1), 67.4 * 0.95, 67.4 * 1.05);
        Assert.InRange(DeletionRateSimulator.Predicted(5, 6, 2), 88.2 * 0.95, 88.2 * 1.05);
        Assert.InRange(DeletionRateSimulator.Predicted(5, 6, 4), 107.2 * 0.95, 107.2 * 1.05);
        Assert.InRange(DeletionRateSimulator.Predicted(5, 6, 6), 120.4 * 0.95, 120.4 * 1.05);
    }

    [Fact]
    public void Truncation_falls_back_to_the_stage_before_the_deleted_slice()
    {
        var state = new ShardSequenceState(SequenceSelection.CyclicRotation(4, 2), 4); // (0,1,2,3) and (1,2,3,0)
        state.ResetAllTrained();
        Assert.Equal((0, 4), state.Best());
        state.Truncate(2);                     // positions 2 and 1
        Assert.Equal(2, state.LivePrefix(0));
        Assert.Equal(1, state.LivePrefix(1));
        state.Truncate(0);                     // kills sequence 0, sequence 1 keeps prefix 1
        Assert.Equal((1, 1), state.Best());
        Assert.False(state.IsDead);
        state.Truncate(1);
        Assert.True(state.IsDead);
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Truncate(4));
        Assert.Throws<ArgumentException>(() => new ShardSequenceState(new[] { new[] { 0, 0, 1 } }, 3));
    }
}
