using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

public static partial class ArrayProbe
{
    [Differentiable]
    public static double SumOfSquares(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
        }

        return s;
    }

    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            m = Math.Max(m, x[i]);
        }

        double s = 0;
        foreach (double v in x)
        {
            s += Math.Exp(v - m);
        }

        return Math.Log(s) + m;
    }
}
