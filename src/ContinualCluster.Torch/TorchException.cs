namespace ContinualCluster.Torch;

/// <summary>A native libtorch operation failed: names the operation, the input shapes and libtorch's message.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string operation, string inputs, string nativeMessage)
        : base($"torch operation '{operation}' failed for {inputs}: {nativeMessage}")
    {
        Operation = operation;
        Inputs = inputs;
        NativeMessage = nativeMessage;
    }

    /// <summary>The operation's name, e.g. "matmul".</summary>
    public string Operation { get; }

    /// <summary>The inputs' shapes and dtypes, e.g. "[2, 3] Float32, [4, 5] Float32".</summary>
    public string Inputs { get; }

    /// <summary>libtorch's own message (without the C++ backtrace).</summary>
    public string NativeMessage { get; }
}
