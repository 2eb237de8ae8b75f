namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>Where a container's environment variable comes from in a rendered manifest.</summary>
public enum EnvSource { Literal, ConfigMap, Secret, FieldRef, ResourceFieldRef }

/// <summary>One resolved environment variable of a container: its source and value (field path for a FieldRef).</summary>
public sealed record EnvVar(string Name, EnvSource Source, string Value, string? From = null);
