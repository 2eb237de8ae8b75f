namespace ContinualCluster.Learning.Models;

/// <summary>A forward pass whose loss is known and whose update is not yet applied: <see cref="Commit"/> applies it, disposing without committing discards it.</summary>
public interface ITrainingStep : IDisposable
{
    /// <summary>The loss before the update.</summary>
    double Loss { get; }

    /// <summary>Back-propagates and takes the optimiser step (at most once).</summary>
    void Commit();
}
