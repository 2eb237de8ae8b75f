namespace ContinualCluster.Learning.Unlearning.Metrics;

/// <summary>Classification figures computed from row-major logits.</summary>
public static class Accuracy
{
    /// <summary>Fraction of rows whose arg-max equals the label (0 for no rows).</summary>
    public static double Of(float[] logits, IReadOnlyList<int> labels, int classes)
    {
        if (logits.Length != labels.Count * classes) throw new ArgumentException($"{logits.Length} logits for {labels.Count} labels × {classes} classes");
        if (labels.Count == 0) return 0;
        int correct = 0;
        for (int i = 0; i < labels.Count; i++)
            if (ArgMax(logits, i * classes, classes) == labels[i]) correct++;
        return correct / (double)labels.Count;
    }

    /// <summary>Per-row cross-entropy −log softmax(logits)[label].</summary>
    public static double[] CrossEntropy(float[] logits, IReadOnlyList<int> labels, int classes)
    {
        var losses = new double[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++) max = Math.Max(max, logits[i * classes + c]);
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.Exp(logits[i * classes + c] - max);
            losses[i] = max + Math.Log(sum) - logits[i * classes + labels[i]];
        }
        return losses;
    }

    /// <summary>Index of the largest of <paramref name="count"/> values starting at <paramref name="offset"/>.</summary>
    public static int ArgMax(float[] values, int offset, int count)
    {
        int best = 0;
        for (int c = 1; c < count; c++) if (values[offset + c] > values[offset + best]) best = c;
        return best;
    }
}
