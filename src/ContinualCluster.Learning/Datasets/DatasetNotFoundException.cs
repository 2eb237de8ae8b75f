namespace ContinualCluster.Learning.Datasets;

/// <summary>Thrown when a dataset file is missing; the message names the file, the setting that moves it and the Debian package that installs it.</summary>
public sealed class DatasetNotFoundException : FileNotFoundException
{
    public DatasetNotFoundException(string message, string fileName) : base(message, fileName)
    {
    }
}
