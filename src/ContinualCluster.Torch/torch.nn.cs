using ContinualCluster.Torch.Modules;

namespace ContinualCluster.Torch;

public static partial class torch
{
    /// <summary>Network building blocks (TorchSharp's factory functions).</summary>
    public static partial class nn
    {
        public static Linear Linear(long inputSize, long outputSize, bool hasBias = true) => new(inputSize, outputSize, hasBias);

        public static Conv2d Conv2d(long in_channels, long out_channels, long kernelSize, long stride = 1, long padding = 0, long dilation = 1, long groups = 1, bool bias = true) =>
            new(in_channels, out_channels, kernelSize, stride, padding, dilation, groups, bias);

        public static MaxPool2d MaxPool2d(long kernel_size, long? stride = null, long? padding = null, long? dilation = null, bool ceil_mode = false) =>
            new(kernel_size, stride, padding, dilation, ceil_mode);

        public static ReLU ReLU(bool inplace = false) => new();
        public static Sigmoid Sigmoid() => new();
        public static Tanh Tanh() => new();
        public static Identity Identity() => new();
        public static Flatten Flatten(long startDim = 1, long endDim = -1) => new(startDim, endDim);
        public static Dropout Dropout(double p = 0.5, bool inplace = false) => new(p);
        public static LogSoftmax LogSoftmax(long dim) => new(dim);
        public static Softmax Softmax(long dim) => new(dim);
        public static Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) => new(modules);
        public static Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);

        public static LoRALinear LoRALinear(long inputSize, long outputSize, int rank, double alpha, bool hasBias = true) => new(inputSize, outputSize, rank, alpha, hasBias);
        public static LoRALinear LoRALinear(Linear baseLayer, int rank, double alpha) => new(baseLayer, rank, alpha);

        public static Parameter Parameter(Tensor data, bool requires_grad = true) => new(data, requires_grad);
    }
}
