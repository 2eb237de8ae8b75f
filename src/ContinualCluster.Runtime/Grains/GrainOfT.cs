using ContinualCluster.Runtime.Invocation;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime;

/// <summary>
/// A grain with persistent state: read before OnActivateAsync, written explicitly, guarded by an ETag so a stale
/// (zombie) activation's write fails with <see cref="InconsistentStateException"/>.
/// </summary>
public abstract class Grain<TState> : Grain where TState : new()
{
    /// <summary>The state as last read or written.</summary>
    protected TState State { get; set; } = new();

    /// <summary>The ETag of the stored version this activation last saw (null: nothing stored).</summary>
    protected string? StateETag { get; private set; }

    /// <summary>Whether the store held state for this grain at the last read or write.</summary>
    protected bool RecordExists => StateETag is not null;

    internal override Task LoadStateAsync(CancellationToken cancellationToken) => ReadStateAsync();

    protected async Task ReadStateAsync()
    {
        var stored = await Activation.Runtime.StateStore.ReadAsync(GrainId);
        if (stored is null)
        {
            State = new TState();
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
        State = new TState();
    }

    private TState Decode(byte[] data)
    {
        var reader = new ArgReader(data);
        var state = BinaryCodec.Read<TState>(ref reader);
        reader.EnsureEnd();
        return state ?? new TState();
    }
}
