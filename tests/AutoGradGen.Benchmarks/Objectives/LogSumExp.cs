using System;
using AutoGradGen;

namespace AutoGradGen.Benchmarks.Objectives;

/// <summary>log Σ exp(xᵢ), shifted by the maximum for stability.</summary>
public static partial class LogSumExp
{
    [Differentiable]
    public static double Objective(ReadOnlySpan<double> x)
    {
        double max = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            max = Math.Max(max, x[i]);
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Exp(x[i] - max);
        }

        return Math.Log(sum) + max;
    }
}
