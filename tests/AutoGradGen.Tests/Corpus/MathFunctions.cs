using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>Scalar functions exercising the System.Math (and double.*) derivative table.</summary>
public static partial class MathFunctions
{
    /// <summary>Exp, Log with one argument, Log2 and Log10.</summary>
    [Differentiable]
    public static double ExpAndLogs(double x, double y)
        => Math.Exp(0.5 * x) + Math.Log(y) + (Math.Log2(y) * x) + Math.Log10(y + (x * x));

    /// <summary>Log with two arguments, both active: log base b of a.</summary>
    [Differentiable]
    public static double LogWithBase(double a, double b) => Math.Log(a, b) * a;

    /// <summary>Sqrt and Cbrt (Cbrt also of negative values).</summary>
    [Differentiable]
    public static double Roots(double x, double y) => (Math.Sqrt(x) * Math.Cbrt(y)) + Math.Cbrt(x * y);

    /// <summary>Pow with the literal exponents 2, 3 and 0.5.</summary>
    [Differentiable]
    public static double PowConstantExponents(double x)
        => Math.Pow(x, 2) + Math.Pow(x, 3.0) - Math.Pow(x, 0.5);

    /// <summary>Pow with both base and exponent active.</summary>
    [Differentiable]
    public static double PowVariableExponent(double x, double y) => Math.Pow(x, y) + Math.Pow(x * y, x);

    /// <summary>Pow with an active base and a [NoDiff] (non-literal) exponent, and a constant base with an active exponent.</summary>
    [Differentiable]
    public static double PowMixedConstants(double x, [NoDiff] double exponent)
        => Math.Pow(x, exponent) + Math.Pow(2.0, x) + Math.Pow(Math.E, -x);

    /// <summary>Sin, Cos, Tan.</summary>
    [Differentiable]
    public static double Trigonometric(double x, double y) => (Math.Sin(x) * Math.Cos(y)) + Math.Tan(x * y);

    /// <summary>Asin, Acos, Atan.</summary>
    [Differentiable]
    public static double InverseTrigonometric(double x, double y)
        => Math.Asin(x) + (Math.Acos(y) * x) + Math.Atan(x * y * 3.0);

    /// <summary>Atan2 in all four quadrants.</summary>
    [Differentiable]
    public static double Atan2(double y, double x) => Math.Atan2(y, x) * (1.0 + (x * x));

    /// <summary>Sinh, Cosh, Tanh.</summary>
    [Differentiable]
    public static double Hyperbolic(double x, double y) => (Math.Sinh(x) * Math.Cosh(y)) + Math.Tanh(x - y);

    /// <summary>Asinh, Acosh (argument above 1), Atanh (argument inside (-1, 1)).</summary>
    [Differentiable]
    public static double InverseHyperbolic(double x, double y)
        => Math.Asinh(x) + Math.Acosh(y) + Math.Atanh(x / (1.0 + y));

    /// <summary>Abs, Max, Min and Clamp with active arguments, tested away from their kinks.</summary>
    [Differentiable]
    public static double PiecewiseLinear(double x, double y)
        => Math.Abs(x) + Math.Max(x, y) + Math.Min(x * 2.0, y * y) + Math.Clamp(x, y - 1.0, y + 1.0);

    /// <summary>Math.FusedMultiplyAdd with three active arguments and double.Hypot.</summary>
    [Differentiable]
    public static double FusedMultiplyAddAndHypot(double x, double y)
        => Math.FusedMultiplyAdd(x, y, x * x) + double.Hypot(x, y);

    /// <summary>Math.CopySign (gradient only to the magnitude) and Math.IEEERemainder.</summary>
    [Differentiable]
    public static double CopySignAndRemainder(double x, double y)
        => Math.CopySign(x * 2.0, y) + Math.IEEERemainder(x, y);

    /// <summary>Math.ScaleB with an int exponent parameter.</summary>
    [Differentiable]
    public static double ScaleB(double x, int n) => Math.ScaleB(x * x, n) + x;

    /// <summary>Sign, Floor, Ceiling, Round and Truncate: piecewise constant, zero derivative.</summary>
    [Differentiable]
    public static double PiecewiseConstant(double x, double y)
        => (x * Math.Floor(y)) + Math.Round(x) + (Math.Ceiling(x) * y) + (Math.Truncate(y) * Math.Sign(x) * x);

    /// <summary>Math.Abs alone, for the kink convention |x|' = 0 at 0.</summary>
    [Differentiable]
    public static double Abs(double x) => Math.Abs(x);

    /// <summary>Math.Max alone, for the tie convention (half the gradient to each argument).</summary>
    [Differentiable]
    public static double Max(double a, double b) => Math.Max(a, b);

    /// <summary>Math.Min alone, for the tie convention (half the gradient to each argument).</summary>
    [Differentiable]
    public static double Min(double a, double b) => Math.Min(a, b);

    /// <summary>Math.Clamp alone with all three arguments active, for the closed-interval convention.</summary>
    [Differentiable]
    public static double Clamp(double value, double low, double high) => Math.Clamp(value, low, high);

    /// <summary>The same active variable passed to both arguments of Pow, Max, Atan2, FusedMultiplyAdd and Min.</summary>
    [Differentiable]
    public static double SameArgumentTwice(double x)
        => Math.Pow(x, x) + Math.Max(x, x) + Math.Atan2(x, x) + Math.FusedMultiplyAdd(x, x, x) + Math.Min(x, x);

    /// <summary>int overloads of Max, Abs and Sign (inactive), and Round with digits and with a MidpointRounding mode.</summary>
    [Differentiable]
    public static double IntOverloadsAndRoundingModes(double x, int n)
    {
        int k = Math.Max(n, 1) + Math.Abs(n) + Math.Sign(n);
        return (x * k) + Math.Round(x * 10.0, 1) + Math.Round(x, MidpointRounding.AwayFromZero);
    }

    /// <summary>Pow with literal integer exponents at negative bases, where ln(base) is undefined.</summary>
    [Differentiable]
    public static double PowNegativeBase(double x) => Math.Pow(x, 3.0) + Math.Pow(x, 2);

    /// <summary>Pow with the literal exponents 0.0 and 1.</summary>
    [Differentiable]
    public static double PowZeroAndOneExponents(double x) => (Math.Pow(x, 0.0) * x) + Math.Pow(x, 1);
}
