namespace ContinualCluster.Runtime.Audit;

/// <summary>Checks the entries of one log in sequence order and remembers the first one that breaks the chain.</summary>
public sealed class AuditChainVerifier
{
    private readonly string _log;
    private byte[] _head = AuditChain.GenesisHash;
    private long _expectedSequence = 1;
    private long _checked;
    private long? _tampered;
    private string? _problem;

    public AuditChainVerifier(string log) => _log = log;

    /// <summary>False once a broken entry was found; later entries are then ignored.</summary>
    public bool IsValid => _tampered is null;

    /// <summary>Feeds the next entry (in ascending sequence order). Returns whether the chain still holds.</summary>
    public bool Add(AuditEntry entry)
    {
        if (_tampered is not null) return false;
        _checked++;
        string? problem = null;
        if (entry.Log != _log)
            problem = $"entry belongs to log '{entry.Log}', not '{_log}'";
        else if (entry.Sequence != _expectedSequence)
            problem = $"sequence {entry.Sequence} found where {_expectedSequence} was expected (an entry was removed or inserted)";
        else if (!entry.PreviousHash.AsSpan().SequenceEqual(_head))
            problem = "its previous-hash link does not match the hash of the entry before it";
        else if (!AuditChain.ComputeHash(entry.PreviousHash, entry.Log, entry.Sequence, entry.At, entry.Action, entry.Subject, entry.Details)
                     .AsSpan().SequenceEqual(entry.Hash))
            problem = "its stored hash does not match its contents (the entry was changed)";

        if (problem is not null)
        {
            _tampered = Math.Min(entry.Sequence, _expectedSequence);
            _problem = $"audit log '{_log}' entry {_tampered}: {problem}";
            return false;
        }
        _head = entry.Hash;
        _expectedSequence++;
        return true;
    }

    /// <summary>The verdict so far.</summary>
    public AuditVerification Result() =>
        new(_log, _tampered is null, _checked, _tampered, _problem, _head);
}
