using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Models.Backbone;

/// <summary>LoRA factors of one layer as tensors for a forward pass: the layer adds Scale·(h·Aᵀ)·Bᵀ (A: r×in, B: out×r).</summary>
public sealed record LayerAdapter(Tensor A, Tensor B, double Scale);
