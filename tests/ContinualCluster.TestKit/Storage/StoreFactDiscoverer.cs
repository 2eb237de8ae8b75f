using Xunit.Abstractions;
using Xunit.Sdk;

namespace ContinualCluster.TestKit.Storage;

/// <summary>Discovers <see cref="StoreFactAttribute"/> tests, turning them into skipped tests where their store cannot exist.</summary>
public sealed class StoreFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnostics;

    public StoreFactDiscoverer(IMessageSink diagnosticMessageSink) => _diagnostics = diagnosticMessageSink;

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var requirement = testMethod.TestClass.Class
            .GetCustomAttributes(typeof(RequiresPostgreSqlAttribute).AssemblyQualifiedName).FirstOrDefault();
        string? reason = null;
        if (requirement is not null)
            reason = requirement.GetNamedArgument<bool>(nameof(RequiresPostgreSqlAttribute.PrivateServer))
                ? PostgreSqlTestServer.PrivateServerUnavailableReason
                : PostgreSqlTestServer.UnavailableReason;
        IXunitTestCase testCase = reason is null
            ? new XunitTestCase(_diagnostics, display, displayOptions, testMethod)
            : new SkippedStoreTestCase(_diagnostics, display, displayOptions, testMethod, reason);
        return [testCase];
    }
}
