using ContinualCluster.Runtime.Invocation;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime;

/// <summary>
/// A grain with persistent state: read before OnActivateAsync, written explicitly, guarded by an ETag so a stale
/// (zombie) activation's write fails with <see cref="InconsistentStateException"/>.
/// </summary>
public abstract class Grain<TState> : Grain
{
    /// <summary>The state as last read or written.</summary>
    protected TState State { get; set; } = EmptyState();

    /// <summary>A fresh state: an empty array for array states, else the type's parameterless constructor.</summary>
    private static TState EmptyState() => typeof(TState).IsArray
        ? (TState)(object)Array.CreateInstance(typeof(TState).GetElementType()!, 0)
        : Activator.CreateInstance<TState>();

    /// <summary>The ETag of the stored version this activation last saw (null: nothing stored).</summary>
    protected string? StateETag { get; private set; }

    /// <summary>Whether the store held state for this grain at the last read or write.</summary>
    protected bool RecordExists => StateETag is not null;

    internal override Task LoadStateAsync(CancellationToken cancellationToken) => ReadStateAsync();

    protected async Task ReadStateAsync()
    {
        var prefetch = StatePrefetch;
        StatePrefetch = null;
        var stored = await (prefetch ?? Activation.Runtime.StateStore.ReadAsync(GrainId));
        if (stored is null)
        {
            State = EmptyState();
            StateETag = null;
            return;
        }
        State = Decode(stored.Data);
        StateETag = stored.ETag;
    }

    protected async Task WriteStateAsync()
    {
        var writer = new ArgWriter();
        BinaryCodec.Write(writer, State);
        StateETag = await Activation.Runtime.StateStore.WriteAsync(GrainId, writer.WrittenSpan.ToArray(), StateETag);
    }

    protected async Task ClearStateAsync()
    {
        await Activation.Runtime.StateStore.ClearAsync(GrainId, StateETag);
        StateETag = null;
        State = EmptyState();
    }

    private TState Decode(byte[] data)
    {
        var reader = new ArgReader(data);
        var state = BinaryCodec.Read<TState>(ref reader);
        reader.EnsureEnd();
        return state ?? EmptyState();
    }
}
