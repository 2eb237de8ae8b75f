namespace ContinualCluster.Runtime.Generators;

/// <summary>What the emitter needs to know about one grain interface (value-equal for incremental caching).</summary>
internal sealed record InterfaceModel(string FullName, string GlobalName, string HintName, string TypeName, EquatableList<MethodModel> Methods, EquatableList<string> Errors);
