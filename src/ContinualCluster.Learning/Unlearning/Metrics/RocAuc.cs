namespace ContinualCluster.Learning.Unlearning.Metrics;

/// <summary>Area under the ROC curve from scores of positives and negatives (Mann–Whitney U; ties count one half).</summary>
public static class RocAuc
{
    /// <summary>P(score of a random positive &gt; score of a random negative) + ½·P(tie).</summary>
    public static double Compute(IReadOnlyList<double> positives, IReadOnlyList<double> negatives)
    {
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(negatives);
        if (positives.Count == 0 || negatives.Count == 0) throw new ArgumentException("AUROC needs at least one positive and one negative");
        var all = positives.Select(s => (Score: s, Positive: true)).Concat(negatives.Select(s => (Score: s, Positive: false)))
            .OrderBy(x => x.Score).ToArray();
        double rankSumPositive = 0;
        for (int i = 0; i < all.Length;)
        {
            int j = i;
            while (j < all.Length && all[j].Score.Equals(all[i].Score)) j++;
            double midRank = (i + 1 + j) / 2.0; // ranks i+1..j share their mean
            for (int k = i; k < j; k++) if (all[k].Positive) rankSumPositive += midRank;
            i = j;
        }
        double np = positives.Count, nn = negatives.Count;
        return (rankSumPositive - np * (np + 1) / 2) / (np * nn);
    }

    /// <summary>
    /// Loss-threshold membership inference: members are predicted by low loss. Returns the attack's AUC
    /// (0.5: the attacker cannot tell forgotten training samples from never-seen ones).
    /// </summary>
    public static double MembershipInference(IReadOnlyList<double> memberLosses, IReadOnlyList<double> nonMemberLosses) =>
        Compute(memberLosses.Select(l => -l).ToArray(), nonMemberLosses.Select(l => -l).ToArray());
}
