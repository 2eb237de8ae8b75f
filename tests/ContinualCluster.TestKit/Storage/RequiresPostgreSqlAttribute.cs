namespace ContinualCluster.TestKit.Storage;

/// <summary>
/// Marks a test class whose <see cref="StoreFactAttribute"/> tests need PostgreSQL: they are skipped, with the reason,
/// only where PostgreSQL cannot exist (or, with <see cref="PrivateServer"/>, where no local server can be started).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresPostgreSqlAttribute : Attribute
{
    /// <summary>True when the tests start (and stop) a server of their own, which needs the local server binaries.</summary>
    public bool PrivateServer { get; set; }
}
