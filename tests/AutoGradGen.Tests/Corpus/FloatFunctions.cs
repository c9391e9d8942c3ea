using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>float methods: float parameters, locals, literals and the MathF functions; gradients are float.</summary>
public static partial class FloatFunctions
{
    /// <summary>float arithmetic: literals with the f suffix, a local, compound assignment, / and unary minus.</summary>
    [Differentiable]
    public static float Polynomial(float x, float y)
    {
        float t = (x * x) - (3f * y);
        t *= 0.5f;
        t -= -x / (1f + (y * y));
        return t + (x * y);
    }

    /// <summary>MathF.Sin, MathF.Exp and MathF.Sqrt.</summary>
    [Differentiable]
    public static float SinExpSqrt(float x) => (MathF.Sin(x) * MathF.Exp(-0.5f * x)) + MathF.Sqrt(x);

    /// <summary>MathF.Pow with a variable and a constant exponent, MathF.Log and MathF.Tanh.</summary>
    [Differentiable]
    public static float PowLogTanh(float x, float y) => MathF.Pow(x, y) + MathF.Pow(x, 2f) + (MathF.Log(x) * MathF.Tanh(y));

    /// <summary>MathF.Cos, MathF.Atan2, MathF.Cbrt, MathF.Log2, MathF.Abs and MathF.Max.</summary>
    [Differentiable]
    public static float MoreMathF(float x, float y)
        => MathF.Cos(x) + MathF.Atan2(y, x) + MathF.Cbrt(x * y) + MathF.Log2(MathF.Abs(y) + 1f) + MathF.Max(x, y * 2f);

    /// <summary>A float if / else with early return and a float conditional operator.</summary>
    [Differentiable]
    public static float Branches(float x, float y)
    {
        if (x > 1f)
        {
            return (x * y) - (y > 0f ? y * y : -y);
        }

        float t = MathF.Exp(x) * y;
        return t + x;
    }

    /// <summary>Explicit float → double → float conversions (widening to call Math) and (int) of a float.</summary>
    [Differentiable]
    public static float Conversions(float x, float y)
    {
        double wide = x;
        double alsoWide = (double)y;
        float back = (float)(Math.Exp(wide) * alsoWide);
        int k = (int)y;
        return back + (k * x) + (float)Math.Sin(wide * alsoWide);
    }

    /// <summary>A float method calling another float differentiable method, and ++ on a float local.</summary>
    [Differentiable]
    public static float CallsFloat(float x, float y)
    {
        float p = Polynomial(x, y);
        p++;
        return p * SinExpSqrt(y);
    }

    /// <summary>(float)Math.PI, MathF.PI, MathF.E, MathF.Round, MathF.Abs in a float method.</summary>
    [Differentiable]
    public static float Constants(float x)
        => ((float)Math.PI * x) + (MathF.PI * x * x) + MathF.E + MathF.Round(x) + MathF.Sqrt(MathF.Abs(x) + 1f);
}
