using ContinualCluster.Learning.Unlearning.Sequences;
using Xunit;

namespace ContinualCluster.Learning.Tests.Unlearning;

public sealed class SequenceSelectionTests
{
    [Theory]
    [InlineData(6, 1)]
    [InlineData(6, 4)]
    [InlineData(6, 6)]
    [InlineData(4, 10)]
    [InlineData(3, 6)]
    public void Cyclic_rotation_gives_distinct_permutations_with_spread_first_slices(int slices, int budget)
    {
        var seqs = SequenceSelection.CyclicRotation(slices, budget);
        Assert.Equal(budget, seqs.Count);
        Assert.All(seqs, s => Assert.Equal(Enumerable.Range(0, slices), s.OrderBy(x => x)));
        Assert.Equal(budget, seqs.Select(s => string.Join(',', s)).Distinct().Count());
        Assert.Equal(Math.Min(budget, slices), seqs.Select(s => s[0]).Distinct().Count());
        // For B ≤ L these are exactly the first B rotations of (0..L−1).
        if (budget <= slices)
            for (int k = 0; k < budget; k++)
                Assert.Equal(Enumerable.Range(0, slices).Select(i => (k + i) % slices), seqs[k]);
        // Every slice leads ⌊B/L⌋ or ⌈B/L⌉ sequences.
        var leads = seqs.GroupBy(s => s[0]).Select(g => g.Count()).ToList();
        Assert.True(leads.Max() - leads.Min() <= 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => SequenceSelection.CyclicRotation(3, 7));
    }

    [Fact]
    public void Hungarian_matches_brute_force_on_random_matrices()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = 1 + rng.Next(6);
            var cost = new double[n, n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) cost[i, j] = Math.Round(rng.NextDouble() * 10, 1);
            var a = HungarianAlgorithm.Solve(cost);
            Assert.Equal(n, a.Distinct().Count());
            double got = Enumerable.Range(0, n).Sum(i => cost[i, a[i]]);
            Assert.Equal(BruteForce(cost), got, 9);
        }
        Assert.Throws<ArgumentException>(() => HungarianAlgorithm.Solve(new double[2, 3]));
        Assert.Throws<ArgumentException>(() => HungarianAlgorithm.Solve(new double[,] { { double.NaN } }));
    }

    [Fact]
    public void Bipartite_matching_puts_likely_deleted_slices_late_and_leads_with_distinct_slices()
    {
        var p = new[] { 0.05, 0.6, 0.1, 0.9, 0.2 };
        var seqs = SequenceSelection.BipartiteMatching(p, 3);
        Assert.Equal(3, seqs.Count);
        Assert.All(seqs, s => Assert.Equal(Enumerable.Range(0, 5), s.OrderBy(x => x)));
        Assert.Equal(3, seqs.Select(s => s[0]).Distinct().Count());
        // The first sequence sorts slices by increasing deletion probability: the most likely deleted goes last.
        Assert.Equal(new[] { 0, 2, 4, 1, 3 }, seqs[0]);
        // Expected stages lost to the first deletion is never worse than plain rotation's first sequence.
        static double Lost(IReadOnlyList<int> s, double[] p) => s.Select((slice, j) => p[slice] * (s.Count - j)).Sum();
        Assert.True(Lost(seqs[0], p) <= Lost(SequenceSelection.CyclicRotation(5, 1)[0], p));
        Assert.Throws<ArgumentOutOfRangeException>(() => SequenceSelection.BipartiteMatching(p, 6));
        Assert.Throws<ArgumentException>(() => SequenceSelection.BipartiteMatching(new[] { 0.5, 1.5 }, 1));
    }

    private static double BruteForce(double[,] cost)
    {
        int n = cost.GetLength(0);
        double best = double.PositiveInfinity;
        void Go(int row, bool[] used, double acc)
        {
            if (row == n) { best = Math.Min(best, acc); return; }
            for (int j = 0; j < n; j++)
                if (!used[j]) { used[j] = true; Go(row + 1, used, acc + cost[row, j]); used[j] = false; }
        }
        Go(0, new bool[n], 0);
        return best;
    }
}
