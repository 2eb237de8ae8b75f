using ContinualCluster.Runtime.Invocation;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime;

/// <summary>
/// A grain with persistent state: read before OnActivateAsync, written explicitly, guarded by an ETag so a stale
/// (zombie) activation's write fails with <see cref="InconsistentStateException"/>. A failed write or clear rolls the
/// in-memory state back to the last stored version, so a call that failed is never persisted by a later write.
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

    /// <summary>The encoded state as last read or written: what a failed write rolls back to.</summary>
    private byte[]? _stored;

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
            _stored = null;
            return;
        }
        State = Decode(stored.Data);
        StateETag = stored.ETag;
        _stored = stored.Data;
    }

    protected async Task WriteStateAsync()
    {
        var writer = new ArgWriter();
        BinaryCodec.Write(writer, State);
        byte[] data = writer.WrittenSpan.ToArray();
        try { StateETag = await Activation.Runtime.StateStore.WriteAsync(GrainId, data, StateETag); }
        catch (Exception e) { RollBack(e); throw; }
        _stored = data;
    }

    protected async Task ClearStateAsync()
    {
        try { await Activation.Runtime.StateStore.ClearAsync(GrainId, StateETag); }
        catch (Exception e) { RollBack(e); throw; }
        StateETag = null;
        State = EmptyState();
        _stored = null;
    }

    /// <summary>
    /// Puts back the last stored version after a failed write: the failed call's changes must not reach the store with
    /// the next write. A stale ETag (another activation wrote) also deactivates this one, which is a zombie.
    /// </summary>
    private void RollBack(Exception error)
    {
        State = _stored is null ? EmptyState() : Decode(_stored);
        if (error is InconsistentStateException) DeactivateOnIdle();
    }

    private TState Decode(byte[] data)
    {
        var reader = new ArgReader(data);
        var state = BinaryCodec.Read<TState>(ref reader);
        reader.EnsureEnd();
        return state ?? EmptyState();
    }
}
