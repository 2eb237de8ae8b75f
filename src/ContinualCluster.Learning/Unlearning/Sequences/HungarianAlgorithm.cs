namespace ContinualCluster.Learning.Unlearning.Sequences;

/// <summary>Minimum-cost perfect assignment on a square cost matrix (Hungarian algorithm with potentials, O(n³)).</summary>
public static class HungarianAlgorithm
{
    /// <summary>Returns assignment[row] = column minimising the total cost; the matrix must be square and finite.</summary>
    public static int[] Solve(double[,] cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        int n = cost.GetLength(0);
        if (n != cost.GetLength(1)) throw new ArgumentException($"cost matrix must be square, got {n}×{cost.GetLength(1)}", nameof(cost));
        if (n == 0) return [];
        foreach (var c in cost)
            if (!double.IsFinite(c)) throw new ArgumentException("cost matrix entries must be finite", nameof(cost));

        // 1-based arrays: u/v are row/column potentials, p[j] the row matched to column j, way[j] the previous column.
        var u = new double[n + 1];
        var v = new double[n + 1];
        var p = new int[n + 1];
        var way = new int[n + 1];
        for (int i = 1; i <= n; i++)
        {
            p[0] = i;
            int j0 = 0;
            var minv = new double[n + 1];
            var used = new bool[n + 1];
            Array.Fill(minv, double.PositiveInfinity);
            do
            {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    double cur = cost[i0 - 1, j - 1] - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (int j = 0; j <= n; j++)
                {
                    if (used[j]) { u[p[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (p[j0] != 0);
            do
            {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        var assignment = new int[n];
        for (int j = 1; j <= n; j++) assignment[p[j] - 1] = j - 1;
        return assignment;
    }
}
