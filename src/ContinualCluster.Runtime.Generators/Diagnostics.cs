using Microsoft.CodeAnalysis;

namespace ContinualCluster.Runtime.Generators;

/// <summary>Diagnostics the grain proxy generator reports.</summary>
internal static class Diagnostics
{
    public static readonly DiagnosticDescriptor Unsupported = new(
        "CCG001", "Unsupported grain interface member",
        "Grain interface '{0}': {1}", "ContinualCluster.Runtime", DiagnosticSeverity.Error, isEnabledByDefault: true);
}
