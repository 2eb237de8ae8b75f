namespace ContinualCluster.Torch;

/// <summary>Where a tensor lives; this build of libtorch is CPU-only, so only the CPU device exists.</summary>
public sealed class Device
{
    private Device(string type) => type_name = type;

    /// <summary>The device type name ("cpu").</summary>
    public string type_name { get; }

    public static Device CPU { get; } = new("cpu");

    public override string ToString() => type_name;
}
