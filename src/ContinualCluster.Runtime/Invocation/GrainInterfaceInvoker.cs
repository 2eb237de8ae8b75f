using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.Invocation;

/// <summary>Generated per grain interface: makes references and decodes incoming requests by method id.</summary>
public abstract class GrainInterfaceInvoker
{
    public abstract Type InterfaceType { get; }

    public abstract int MethodCount { get; }

    /// <summary>The grain type name used in <see cref="GrainId"/>: the interface's full name.</summary>
    public string GrainType => InterfaceType.FullName!;

    public abstract GrainReference CreateReference(GrainId id, IGrainCallRuntime runtime);

    public abstract GrainRequest Decode(int methodId, ref ArgReader reader);
}
