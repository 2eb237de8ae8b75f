using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Grains.Learning;

/// <summary>
/// Merges an expert checkpoint's LoRA adapters into a copy of the frozen backbone (W' = W + (α/r)·B·A) so serving runs
/// plain linear layers; the unmerged checkpoint stays the source of truth, so "unmerging" is dropping the copy.
/// </summary>
public static class AdapterMerge
{
    /// <summary>A merged backbone and the head-only state to serve with it; dispose the backbone when the checkpoint changes.</summary>
    public static (FrozenBackbone Backbone, ExpertState Head) Merge(FrozenBackbone backbone, ExpertState state)
    {
        int layers = backbone.Layers;
        var weights = new float[layers][];
        var biases = new float[layers][];
        float scale = (float)backbone.LoRAScale;
        for (int l = 0; l < layers; l++)
        {
            var w = (float[])backbone.WeightArrays[l].Clone();
            biases[l] = (float[])backbone.BiasArrays[l].Clone();
            if (l < state.Adapters.Count && state.Adapters[l] is { } f)
            {
                int rows = f.OutFeatures, cols = f.InFeatures, rank = f.Rank;
                for (int o = 0; o < rows; o++)
                    for (int r = 0; r < rank; r++)
                    {
                        float b = scale * f.B[o * rank + r];
                        if (b == 0) continue;
                        int wo = o * cols, ar = r * cols;
                        for (int i = 0; i < cols; i++) w[wo + i] += b * f.A[ar + i];
                    }
            }
            weights[l] = w;
        }
        var merged = FrozenBackbone.FromArrays(backbone.Options, weights, biases);
        var head = new ExpertState(new LoRAFactors?[state.Adapters.Count], state.Classes, state.FeatureSize, state.HeadWeight, state.HeadBias);
        return (merged, head);
    }
}
