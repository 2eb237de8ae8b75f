namespace ContinualCluster.Learning.Datasets;

/// <summary>Which Fashion-MNIST file pair to read: the 60,000-sample training set or the 10,000-sample test set.</summary>
public enum FashionMnistSplit
{
    Train,
    Test,
}
