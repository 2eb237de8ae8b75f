using System.Linq;
using Microsoft.CodeAnalysis;

namespace ContinualCluster.Runtime.Generators;

/// <summary>Reads a grain interface symbol into an <see cref="InterfaceModel"/>.</summary>
internal static class InterfaceModelBuilder
{
    public static InterfaceModel Build(INamedTypeSymbol type)
    {
        var methods = new EquatableList<MethodModel>();
        var errors = new EquatableList<string>();
        var all = new[] { type }.Concat(type.AllInterfaces.Where(GrainProxyGenerator.IsGrainInterface));
        foreach (var iface in all)
        {
            foreach (var member in iface.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } m)
                {
                    if (m.IsStatic) continue;
                    if (m.IsGenericMethod) { errors.Add($"method {m.Name} is generic"); continue; }
                    string ret = m.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                    string? result;
                    if (ret == "global::System.Threading.Tasks.Task") result = null;
                    else if (m.ReturnType is INamedTypeSymbol { IsGenericType: true } g
                             && g.ConstructedFrom.ToDisplayString() == "System.Threading.Tasks.Task<TResult>")
                        result = g.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                    else { errors.Add($"method {m.Name} must return Task or Task<T>"); continue; }
                    var ps = new EquatableList<ParameterModel>();
                    foreach (var p in m.Parameters)
                    {
                        if (p.RefKind != RefKind.None) errors.Add($"method {m.Name}: parameter {p.Name} is by reference");
                        string pt = p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                        ps.Add(new ParameterModel(p.Name, pt, pt == "global::System.Threading.CancellationToken"));
                    }
                    bool ro = m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "ContinualCluster.Runtime.ReadOnlyAttribute");
                    bool ai = m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "ContinualCluster.Runtime.AlwaysInterleaveAttribute");
                    methods.Add(new MethodModel(m.Name, result, ps, ro, ai));
                }
                else if (member is IPropertySymbol or IEventSymbol)
                    errors.Add($"member {member.Name} is not a method");
            }
        }
        string full = type.ToDisplayString();
        string hint = full.Replace('<', '_').Replace('>', '_').Replace(',', '_').Replace(' ', '_');
        return new InterfaceModel(full, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), hint,
            hint.Replace('.', '_'), methods, errors);
    }
}
