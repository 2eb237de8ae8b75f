using System.Reflection;
using ContinualCluster.Runtime.Invocation;

namespace ContinualCluster.Bench.Runtime;

/// <summary>A grain request that calls its method by reflection (the baseline for the generated request classes).</summary>
internal sealed class ReflectionRequest : GrainRequest
{
    private readonly MethodInfo _method;
    private readonly object?[] _args;

    public ReflectionRequest(MethodInfo method, object?[] args)
    {
        _method = method;
        _args = args;
    }

    public override int MethodId => 0;

    public override string MethodName => _method.Name;

    public override RequestFlags Flags => RequestFlags.None;

    public override Task Invoke(object grain) => (Task)_method.Invoke(grain, _args)!;

    public override void WriteArguments(ArgWriter writer) => throw new NotSupportedException("local baseline only");

    public override void WriteResult(Task completed, ArgWriter writer) => throw new NotSupportedException("local baseline only");
}
