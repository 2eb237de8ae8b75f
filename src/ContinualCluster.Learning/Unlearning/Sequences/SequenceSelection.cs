namespace ContinualCluster.Learning.Unlearning.Sequences;

/// <summary>Chooses the B training sequences (permutations of a shard's L slices) that S3T trains per shard.</summary>
public static class SequenceSelection
{
    /// <summary>
    /// Cyclic rotation: for B ≤ L, the first B rotations of (0..L−1), so each sequence starts with a different slice.
    /// For B > L, every slice leads ⌈B/L⌉ or ⌊B/L⌋ sequences and the suffixes after it are chosen the same way,
    /// recursively on the remaining slices. B may not exceed L! (the number of distinct sequences).
    /// </summary>
    public static IReadOnlyList<int[]> CyclicRotation(int slices, int budget)
    {
        if (slices < 1) throw new ArgumentOutOfRangeException(nameof(slices), slices, "slices must be at least 1");
        if (budget < 1) throw new ArgumentOutOfRangeException(nameof(budget), budget, "budget must be at least 1");
        if (budget > Factorial(slices))
            throw new ArgumentOutOfRangeException(nameof(budget), budget, $"budget exceeds the {Factorial(slices)} distinct sequences of {slices} slices");
        return Rotate(Enumerable.Range(0, slices).ToArray(), budget);
    }

    private static List<int[]> Rotate(int[] items, int budget)
    {
        int n = items.Length;
        var result = new List<int[]>(budget);
        if (budget <= n)
        {
            for (int k = 0; k < budget; k++)
                result.Add(Enumerable.Range(0, n).Select(i => items[(k + i) % n]).ToArray());
            return result;
        }
        // Spread the budget over the n possible first elements as evenly as possible, then recurse on each suffix.
        long suffixMax = Factorial(n - 1);
        var share = new int[n];
        int left = budget;
        while (left > 0)
            for (int k = 0; k < n && left > 0; k++)
                if (share[k] < suffixMax) { share[k]++; left--; }
        // Emit round-robin so that the first n sequences are the plain rotations.
        var perHead = new List<int[]>[n];
        for (int k = 0; k < n; k++)
        {
            var rotated = Enumerable.Range(0, n).Select(i => items[(k + i) % n]).ToArray();
            perHead[k] = Rotate(rotated[1..], share[k]).Select(s => new[] { rotated[0] }.Concat(s).ToArray()).ToList();
        }
        for (int r = 0; result.Count < budget; r++)
            for (int k = 0; k < n; k++)
                if (r < perHead[k].Count) result.Add(perHead[k][r]);
        return result;
    }

    /// <summary>
    /// Bipartite-matching selection: given each slice's deletion probability, sequence b is a minimum-cost assignment of
    /// slices to positions with cost p(s)·(L − position), so likely-deleted slices come late; (slice, position) pairs
    /// used by earlier sequences are penalised so that the B ≤ L sequences start with different slices.
    /// </summary>
    public static IReadOnlyList<int[]> BipartiteMatching(IReadOnlyList<double> deletionProbabilities, int budget)
    {
        ArgumentNullException.ThrowIfNull(deletionProbabilities);
        int n = deletionProbabilities.Count;
        if (n < 1) throw new ArgumentException("at least one slice probability is needed", nameof(deletionProbabilities));
        if (budget < 1 || budget > n)
            throw new ArgumentOutOfRangeException(nameof(budget), budget, $"bipartite selection needs 1 ≤ B ≤ L = {n}");
        foreach (var p in deletionProbabilities)
            if (!double.IsFinite(p) || p < 0 || p > 1)
                throw new ArgumentException($"deletion probabilities must lie in [0, 1], got {p}", nameof(deletionProbabilities));

        double penalty = 1.0 + n * (double)n; // larger than any achievable cost difference
        var used = new bool[n, n];
        var result = new List<int[]>(budget);
        for (int b = 0; b < budget; b++)
        {
            var cost = new double[n, n];
            for (int s = 0; s < n; s++)
                for (int j = 0; j < n; j++)
                    // A tiny slice-index tie-break keeps the result deterministic when probabilities are equal.
                    cost[s, j] = deletionProbabilities[s] * (n - j) + (used[s, j] ? penalty : 0) + 1e-9 * s * j;
            var assign = HungarianAlgorithm.Solve(cost);
            var order = new int[n];
            for (int s = 0; s < n; s++) { order[assign[s]] = s; used[s, assign[s]] = true; }
            result.Add(order);
        }
        return result;
    }

    private static long Factorial(int n)
    {
        long f = 1;
        for (int i = 2; i <= n; i++) f = f > long.MaxValue / i ? long.MaxValue : f * i;
        return f;
    }
}
