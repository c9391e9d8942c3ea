using System;
using System.Numerics;

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
    public static T L2<T>(ReadOnlySpan<T> weights, [NoDiff] double lambda)
        where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < weights.Length; i++)
        {
            sum += weights[i] * weights[i];
        }

        return T.CreateChecked(0.5 * lambda) * sum;
    }

    /// <summary>L1 penalty: λ‖w‖₁ = λ Σᵢ |wᵢ|, with ∂/∂wᵢ = λ sign(wᵢ) (0 at 0, the subgradient PyTorch uses).</summary>
    [Differentiable]
    public static T L1<T>(ReadOnlySpan<T> weights, [NoDiff] double lambda)
        where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < weights.Length; i++)
        {
            sum += T.Abs(weights[i]);
        }

        return T.CreateChecked(lambda) * sum;
    }
}
