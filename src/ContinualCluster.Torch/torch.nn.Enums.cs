namespace ContinualCluster.Torch;

public static partial class torch
{
    /// <summary>How padding fills the border (TorchSharp's names).</summary>
    public enum PaddingModes { Zeros = 0, Reflect = 1, Replicate = 2, Circular = 3, Constant = 4 }

    public static partial class nn
    {
        /// <summary>How a loss reduces per-element values (libtorch's numbering).</summary>
        public enum Reduction : long { None = 0, Mean = 1, Sum = 2 }
    }
}
