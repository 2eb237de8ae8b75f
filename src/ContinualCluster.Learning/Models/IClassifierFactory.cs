namespace ContinualCluster.Learning.Models;

/// <summary>Creates fresh classifiers of one kind (an expert or selector network) with a given number of outputs.</summary>
public interface IClassifierFactory
{
    /// <summary>A short name for reports, e.g. "lenet5".</summary>
    string Name { get; }

    IClassifierModel Create(int outputs, OptimizerSettings optimizer);
}
