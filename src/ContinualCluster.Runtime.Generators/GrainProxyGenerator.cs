using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ContinualCluster.Runtime.Generators;

/// <summary>Emits, at build time, a proxy, one request class per method and an invoker for every grain interface, and registers grain classes.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainProxyGenerator : IIncrementalGenerator
{
    internal const string MarkerInterface = "ContinualCluster.Runtime.IGrainWithStringKey";
    internal const string GrainBase = "ContinualCluster.Runtime.Grain";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var interfaces = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax,
                static (ctx, ct) => ctx.SemanticModel.GetDeclaredSymbol(ctx.Node, ct) as INamedTypeSymbol)
            .Where(static s => s is not null && IsGrainInterface(s))
            .Select(static (s, _) => InterfaceModelBuilder.Build(s!));
        context.RegisterSourceOutput(interfaces, static (spc, model) =>
        {
            foreach (var d in model.Errors)
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.Unsupported, Location.None, model.FullName, d));
            if (model.Errors.Count == 0)
                spc.AddSource(model.HintName + ".g.cs", SourceText.From(ProxyEmitter.Emit(model), Encoding.UTF8));
        });

        var classes = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax c && c.BaseList is not null,
                static (ctx, ct) => ctx.SemanticModel.GetDeclaredSymbol(ctx.Node, ct) as INamedTypeSymbol)
            .Where(static s => s is not null && !s.IsAbstract && !s.IsGenericType && DerivesFromGrain(s) && s.AllInterfaces.Any(IsGrainInterface))
            .Select(static (s, _) => s!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            .Collect();
        context.RegisterSourceOutput(classes, static (spc, names) =>
        {
            if (names.IsDefaultOrEmpty) return;
            spc.AddSource("GrainClasses.g.cs", SourceText.From(ProxyEmitter.EmitClassRegistration(names.Distinct().OrderBy(n => n).ToImmutableArray()), Encoding.UTF8));
        });
    }

    internal static bool IsGrainInterface(INamedTypeSymbol s) =>
        s.TypeKind == TypeKind.Interface && s.ToDisplayString() != MarkerInterface && !s.IsGenericType
        && s.AllInterfaces.Any(i => i.ToDisplayString() == MarkerInterface);

    private static bool DerivesFromGrain(INamedTypeSymbol s)
    {
        for (var b = s.BaseType; b is not null; b = b.BaseType)
            if (b.OriginalDefinition.ToDisplayString() is GrainBase or GrainBase + "<TState>") return true;
        return false;
    }
}
