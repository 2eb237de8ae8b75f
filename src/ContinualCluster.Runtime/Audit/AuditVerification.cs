namespace ContinualCluster.Runtime.Audit;

/// <summary>
/// The result of walking an audit chain: valid or the first tampered entry and why. <see cref="HeadHash"/> is the hash
/// of the last valid entry; keeping a copy of it elsewhere also detects removal of entries at the end of the chain.
/// </summary>
public sealed record AuditVerification(
    string Log,
    bool IsValid,
    long EntriesChecked,
    long? FirstTamperedSequence,
    string? Problem,
    byte[] HeadHash);
