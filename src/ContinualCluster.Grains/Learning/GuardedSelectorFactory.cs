using ContinualCluster.Learning.Models;
using ContinualCluster.Learning.Scenarios;

namespace ContinualCluster.Grains.Learning;

/// <summary>
/// Creates selector networks whose disposal waits for scoring calls in flight, so predictions can score with the
/// current selector while TAME trains its replacement and disposes the old one.
/// </summary>
public sealed class GuardedSelectorFactory(IClassifierFactory inner) : IClassifierFactory
{
    public string Name => inner.Name;

    /// <summary>Raised on the creating thread before a selector is created (TAME has then taken its buffer snapshot).</summary>
    public event Action? Creating;

    public IClassifierModel Create(int outputs, OptimizerSettings optimizer)
    {
        Creating?.Invoke();
        return new Guarded(inner.Create(outputs, optimizer));
    }

    /// <summary>A selector whose Scores and Dispose exclude each other; Scores after Dispose throws ObjectDisposedException.</summary>
    public sealed class Guarded(IClassifierModel model) : IClassifierModel
    {
        private readonly ReaderWriterLockSlim _lock = new();
        private bool _disposed;

        public int Outputs => model.Outputs;
        public long ParameterCount => model.ParameterCount;
        public long TrainableParameterCount => model.TrainableParameterCount;
        public long NonZeroTrainableParameterCount() => model.NonZeroTrainableParameterCount();
        public double Loss(LearnerBatch batch) => model.Loss(batch);
        public double TrainStep(LearnerBatch batch) => model.TrainStep(batch);
        public ITrainingStep BeginStep(LearnerBatch batch) => model.BeginStep(batch);
        public int[] Predict(LearnerBatch batch) => model.Predict(batch);
        public void Prune(double fraction) => model.Prune(fraction);
        public void ResetOptimizer(double learningRate) => model.ResetOptimizer(learningRate);

        public float[] Scores(LearnerBatch batch)
        {
            _lock.EnterReadLock();
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return model.Scores(batch);
            }
            finally { _lock.ExitReadLock(); }
        }

        public void Dispose()
        {
            _lock.EnterWriteLock();
            try
            {
                if (_disposed) return;
                _disposed = true;
                model.Dispose();
            }
            finally { _lock.ExitWriteLock(); }
        }
    }
}
