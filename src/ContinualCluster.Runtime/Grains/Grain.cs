using ContinualCluster.Runtime.Activations;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime;

/// <summary>The base class of every grain: identity, lifecycle hooks, timers and memory accounting.</summary>
public abstract class Grain
{
    private Activation? _activation;

    internal Activation Activation => _activation ?? throw new InvalidOperationException("This grain is not attached to an activation.");

    internal void Attach(Activation activation) => _activation = activation;

    /// <summary>The grain's identity (grain type name and key).</summary>
    public GrainId GrainId => Activation.Id;

    public string GetPrimaryKeyString() => Activation.Id.Key;

    /// <summary>Creates references to other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.Runtime.Factory;

    /// <summary>The id of the silo that hosts this activation.</summary>
    protected string SiloId => Activation.Runtime.SiloId;

    /// <summary>Called once, as the activation's first turn, after persistent state was read.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once, as the activation's last turn, on graceful deactivation (persist here).</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Heavy grains report their memory here; the silo evicts least recently used activations over its budget.</summary>
    public virtual long EstimatedMemoryBytes => 0;

    /// <summary>
    /// Runs <paramref name="callback"/> as a turn of this activation after <paramref name="dueTime"/> and then every
    /// <paramref name="period"/> (Timeout.InfiniteTimeSpan: once). Timers do not keep an activation from idle collection.
    /// </summary>
    protected IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(callback, dueTime, period);
    }

    /// <summary>Deactivates this activation gracefully once the current turn ends.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation(DeactivationReason.ApplicationRequested);

    internal virtual Task LoadStateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The state read the runtime started while it claimed the directory entry (consumed by the first load).</summary>
    internal Task<StoredState?>? StatePrefetch { get; set; }
}
