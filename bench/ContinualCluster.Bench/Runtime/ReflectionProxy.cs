using System.Reflection;
using ContinualCluster.Runtime.Invocation;

namespace ContinualCluster.Bench.Runtime;

/// <summary>
/// The baseline the source generator replaces: a DispatchProxy that builds each call by reflection (MethodInfo.Invoke,
/// MakeGenericMethod) and routes it through the same runtime.
/// </summary>
public class ReflectionProxy : DispatchProxy
{
    private static readonly MethodInfo InvokeAsyncOpen = typeof(IGrainCallRuntime).GetMethod(nameof(IGrainCallRuntime.InvokeAsync))!;

    public GrainReference Target { get; set; } = null!;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = targetMethod!;
        var request = new ReflectionRequest(method, args ?? []);
        var result = method.ReturnType.GetGenericArguments()[0];
        return InvokeAsyncOpen.MakeGenericMethod(result).Invoke(Target.Runtime, [Target, request, CancellationToken.None]);
    }
}
