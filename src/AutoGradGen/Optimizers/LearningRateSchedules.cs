using System;
using System.Collections.Generic;

namespace AutoGradGen.Optimizers;

/// <summary>
/// A learning-rate schedule over an optimizer's groups, stepped once per epoch after the
/// optimizer's steps, as PyTorch's <c>lr_scheduler</c>s (their chainable forms): each
/// <see cref="Step"/> computes the next rate of every group from its current one.
/// </summary>
public abstract class LearningRateSchedule
{
    private readonly double[] baseRates;

    /// <summary>Attaches to <paramref name="optimizer"/>, remembering its groups' initial rates.</summary>
    protected LearningRateSchedule(ILearningRateGroups optimizer)
    {
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        baseRates = new double[optimizer.GroupCount];
        for (int g = 0; g < baseRates.Length; g++)
        {
            baseRates[g] = optimizer.GetLearningRate(g);
        }
    }

    /// <summary>The optimizer whose rates this schedule sets.</summary>
    public ILearningRateGroups Optimizer { get; }

    /// <summary>Epochs completed (PyTorch's <c>last_epoch</c>), 0 at construction.</summary>
    public int Epoch { get; private set; }

    /// <summary>The groups' rates at construction.</summary>
    public IReadOnlyList<double> BaseRates => baseRates;

    /// <summary>Advances one epoch and sets every group's learning rate.</summary>
    public void Step()
    {
        Epoch++;
        for (int g = 0; g < baseRates.Length; g++)
        {
            Optimizer.SetLearningRate(g, Next(Optimizer.GetLearningRate(g), baseRates[g], Epoch));
        }
    }

    /// <summary>The rate for epoch <paramref name="epoch"/> from the current rate and the group's base rate.</summary>
    protected abstract double Next(double current, double baseRate, int epoch);
}

/// <summary>Multiplies the rate by γ every <c>stepSize</c> epochs: γₑ = γ₀ · γ^⌊e / stepSize⌋ (PyTorch's <c>StepLR</c>).</summary>
public sealed class StepSchedule : LearningRateSchedule
{
    private readonly int stepSize;
    private readonly double gamma;

    /// <summary>Every <paramref name="stepSize"/> epochs, multiply by <paramref name="gamma"/> (default 0.1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> &lt; 1 or γ not finite.</exception>
    public StepSchedule(ILearningRateGroups optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        if (!double.IsFinite(gamma))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be finite.");
        }

        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    /// <inheritdoc/>
    protected override double Next(double current, double baseRate, int epoch) => epoch % stepSize == 0 ? current * gamma : current;
}

/// <summary>Multiplies the rate by γ every epoch: γₑ = γ₀ · γᵉ (PyTorch's <c>ExponentialLR</c>).</summary>
public sealed class ExponentialSchedule : LearningRateSchedule
{
    private readonly double gamma;

    /// <summary>Multiply by <paramref name="gamma"/> each epoch.</summary>
    public ExponentialSchedule(ILearningRateGroups optimizer, double gamma)
        : base(optimizer)
    {
        if (!double.IsFinite(gamma))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be finite.");
        }

        this.gamma = gamma;
    }

    /// <inheritdoc/>
    protected override double Next(double current, double baseRate, int epoch) => current * gamma;
}

/// <summary>
/// Cosine annealing from the base rate γ₀ to η over T epochs (PyTorch's <c>CosineAnnealingLR</c>,
/// chainable form): γₑ = η + (γₑ₋₁ − η)(1 + cos(πe/T)) / (1 + cos(π(e − 1)/T)), and at the restarts
/// (e − 1 − T divisible by 2T) γₑ = γₑ₋₁ + (γ₀ − η)(1 − cos(π/T)) / 2; on the first cycle this is
/// γₑ = η + (γ₀ − η)(1 + cos(πe/T)) / 2.
/// </summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    private readonly int period;
    private readonly double minimum;

    /// <summary>Anneal over <paramref name="period"/> epochs down to <paramref name="minimum"/>.</summary>
    public CosineSchedule(ILearningRateGroups optimizer, int period, double minimum = 0)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        this.period = period;
        minimum = double.IsFinite(minimum) ? minimum : throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "The minimum must be finite.");
        this.minimum = minimum;
    }

    /// <inheritdoc/>
    protected override double Next(double current, double baseRate, int epoch)
    {
        if ((epoch - 1 - period) % (2 * period) == 0)
        {
            return current + ((baseRate - minimum) * (1 - Math.Cos(Math.PI / period)) / 2);
        }

        return ((1 + Math.Cos(Math.PI * epoch / period)) / (1 + Math.Cos(Math.PI * (epoch - 1) / period)) * (current - minimum)) + minimum;
    }
}
