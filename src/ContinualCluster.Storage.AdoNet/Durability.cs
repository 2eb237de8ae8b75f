namespace ContinualCluster.Storage.AdoNet;

/// <summary>What a committed write must survive before the call returns (the vendor decides what it can relax).</summary>
public enum Durability
{
    /// <summary>Power loss and operating-system crashes (SQLite: synchronous=FULL unless configured otherwise).</summary>
    PowerLoss,

    /// <summary>
    /// A crash of the writing process only: rows whose loss on a machine crash is harmless because every silo that
    /// relied on them died with the machine (the directory entries of an embedded SQLite file).
    /// </summary>
    ProcessCrash,
}
