namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>How a sharded model trains and how it answers a deletion.</summary>
public enum UnlearningStrategy
{
    /// <summary>S3T: B sequences per shard, stage i trains LoRA block i from the top plus the head; deletions truncate.</summary>
    S3T,

    /// <summary>SISA: one sequence per shard, every stage trains all blocks plus the head; deletions retrain from the slice.</summary>
    Sisa,

    /// <summary>Full retraining: one shard, one slice; every deletion retrains the whole model.</summary>
    FullRetrain,
}
