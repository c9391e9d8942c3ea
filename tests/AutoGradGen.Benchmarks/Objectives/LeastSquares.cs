using System;
using AutoGradGen;

namespace AutoGradGen.Benchmarks.Objectives;

/// <summary>
/// Polynomial least squares: ½ Σᵢ (Σⱼ wⱼ tᵢʲ − yᵢ)² over points tᵢ with targets yᵢ, gradient with
/// respect to the coefficients w.
/// </summary>
public static partial class LeastSquares
{
    [Differentiable]
    public static double Objective(ReadOnlySpan<double> w, [NoDiff] ReadOnlySpan<double> t, [NoDiff] ReadOnlySpan<double> y)
    {
        double loss = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double power = 1;
            double prediction = 0;
            for (int j = 0; j < w.Length; j++)
            {
                prediction += w[j] * power;
                power *= t[i];
            }

            double residual = prediction - y[i];
            loss += 0.5 * residual * residual;
        }

        return loss;
    }
}
