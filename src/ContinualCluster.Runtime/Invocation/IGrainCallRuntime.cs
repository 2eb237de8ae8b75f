namespace ContinualCluster.Runtime.Invocation;

/// <summary>What generated proxies call: routes a request to the grain's activation, local or remote.</summary>
public interface IGrainCallRuntime
{
    Task<T> InvokeAsync<T>(GrainReference target, GrainRequest request, CancellationToken cancellationToken);

    Task InvokeVoidAsync(GrainReference target, GrainRequest request, CancellationToken cancellationToken);
}
