namespace ContinualCluster.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>The activation of a fused convolution block (<see cref="functional.conv2d_block"/>); codes shared with the native shim.</summary>
        public enum ConvBlockActivation { None = 0, ReLU = 1, Sigmoid = 2, Tanh = 3 }
    }
}
