using System;

namespace AutoGradGen;

/// <summary>
/// Weight penalties added to a loss, as <see cref="DifferentiableAttribute"/> methods with generated
/// <c>…Gradient</c>/<c>…Pullback</c>. (Decoupled weight decay is <c>AdamW</c>'s; the L2 term of SGD and
/// Adam is their <c>WeightDecay</c> option, which adds λθ to the gradient — the gradient of <see cref="L2"/>.)
/// </summary>
public static partial class Penalty
{
    /// <summary>L2 weight decay as a loss term: ½λ‖w‖² = ½λ Σᵢ wᵢ², with ∂/∂wᵢ = λwᵢ.</summary>
    [Differentiable]
    public static double L2(ReadOnlySpan<double> weights, [NoDiff] double lambda)
    {
        double sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            sum += weights[i] * weights[i];
        }

        return 0.5 * lambda * sum;
    }

    /// <summary>L1 penalty: λ‖w‖₁ = λ Σᵢ |wᵢ|, with ∂/∂wᵢ = λ sign(wᵢ) (0 at 0, the subgradient PyTorch uses).</summary>
    [Differentiable]
    public static double L1(ReadOnlySpan<double> weights, [NoDiff] double lambda)
    {
        double sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            sum += Math.Abs(weights[i]);
        }

        return lambda * sum;
    }
}
