using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>Scalar functions exercising arithmetic, locals and overwrites.</summary>
public static partial class Arithmetic
{
    /// <summary>Every arithmetic operator, unary minus, and a local overwritten several times.</summary>
    [Differentiable]
    public static double Overwrites(double x, double y)
    {
        double t = x * y;
        t = Math.Sin(t) + x;
        t = t * t - y / x;
        t = -t + 3.0 * x;
        return t;
    }
}
