namespace ContinualCluster.Learning.Datasets;

/// <summary>Thrown when a dataset file exists but is corrupt, truncated or of the wrong kind.</summary>
public sealed class DatasetFormatException : IOException
{
    public DatasetFormatException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
