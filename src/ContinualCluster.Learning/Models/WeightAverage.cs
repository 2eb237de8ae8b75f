using ContinualCluster.Torch;
using ContinualCluster.Torch.Modules;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Models;

/// <summary>An exponential moving average of a model's trained parameters (Polyak averaging) that can stand in for them during a forward pass.</summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly List<(Parameter Live, Tensor Average, Tensor Spare)> _slots = new();
    private long _steps;
    private bool _swapped;

    /// <summary>Starts the average at the parameters' current values.</summary>
    public WeightAverage(IEnumerable<Parameter> parameters, double decay)
    {
        if (decay is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(decay), decay, "the averaging decay must be in (0, 1).");
        Decay = decay;
        using var noGrad = no_grad();
        foreach (var p in parameters)
        {
            var average = p.detach().clone().DetachFromDisposeScope();
            var spare = p.detach().clone().DetachFromDisposeScope();
            _slots.Add((p, average, spare));
        }
    }

    public double Decay { get; }

    /// <summary>Optimiser steps folded in so far.</summary>
    public long Steps => _steps;

    /// <summary>The decay used at step t: min(decay, (1 + t)/(10 + t)), so a young average follows the weights closely.</summary>
    public static double DecayAt(double decay, long step) => Math.Min(decay, (1.0 + step) / (10.0 + step));

    /// <summary>Folds the parameters' current values in: average ← d·average + (1 − d)·parameter.</summary>
    public void Update()
    {
        if (_swapped) throw new InvalidOperationException("the averaged weights are in use; restore the live weights before updating.");
        double d = DecayAt(Decay, ++_steps);
        using var noGrad = no_grad();
        foreach (var (live, average, _) in _slots) average.mul_(d).add_(live, 1 - d);
    }

    /// <summary>Puts the averaged values into the parameters until the returned scope is disposed, which restores the live values.</summary>
    public IDisposable Use()
    {
        if (_swapped) throw new InvalidOperationException("the averaged weights are already in use.");
        using (no_grad())
            foreach (var (live, average, spare) in _slots)
            {
                spare.copy_(live);
                live.copy_(average);
            }
        _swapped = true;
        return new Restore(this);
    }

    private void RestoreLive()
    {
        if (!_swapped) return;
        using (no_grad())
            foreach (var (live, _, spare) in _slots) live.copy_(spare);
        _swapped = false;
    }

    /// <summary>Makes the averaged values the parameters' own for good and releases the average.</summary>
    public void Adopt()
    {
        RestoreLive();
        using (no_grad())
            foreach (var (live, average, _) in _slots) live.copy_(average);
        Dispose();
    }

    public void Dispose()
    {
        RestoreLive();
        foreach (var (_, average, spare) in _slots)
        {
            average.Dispose();
            spare.Dispose();
        }
        _slots.Clear();
    }

    private sealed class Restore(WeightAverage owner) : IDisposable
    {
        public void Dispose() => owner.RestoreLive();
    }
}
