using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace ContinualCluster.Runtime.Invocation;

/// <summary>What the runtime knows about a grain class, read once from its attributes when it is registered.</summary>
public sealed class GrainClassInfo
{
    public GrainClassInfo(Type grainClass, Type grainInterface)
    {
        GrainClass = grainClass;
        GrainInterface = grainInterface;
        Reentrant = grainClass.GetCustomAttribute<ReentrantAttribute>() is not null;
        CollectionAgeLimit = grainClass.GetCustomAttribute<CollectionAgeLimitAttribute>()?.Limit;
        Placement = grainClass.GetCustomAttribute<PlacementAttribute>() ?? new HashPlacementAttribute();
        Factory = ActivatorUtilities.CreateFactory(grainClass, Type.EmptyTypes);
        for (var t = grainClass; t is not null && !HasState; t = t.BaseType)
            HasState = t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Grain<>);
    }

    public Type GrainClass { get; }

    public Type GrainInterface { get; }

    public string GrainType => GrainInterface.FullName!;

    public bool Reentrant { get; }

    public TimeSpan? CollectionAgeLimit { get; }

    public PlacementAttribute Placement { get; }

    /// <summary>Whether the class derives from <see cref="Grain{TState}"/>: activation reads its persistent state.</summary>
    public bool HasState { get; }

    /// <summary>Creates an instance with constructor arguments from the silo's services (compiled once).</summary>
    public ObjectFactory Factory { get; }
}
