using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>Scalar functions exercising arithmetic, conversions, locals and overwrites.</summary>
public static partial class Arithmetic
{
    private const double ScaleField = 2.0;
    private static readonly double OffsetField = 0.25;

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

    /// <summary>+ - * / and unary minus (also applied twice) in one nested expression.</summary>
    [Differentiable]
    public static double AllOperators(double x, double y)
        => ((x + y) * (x - y) / (1.0 + (x * x))) - -y + (-(x * y) / 3.0);

    /// <summary>The remainder operator with both operands active: d(a % b)/da = 1, d/db = -trunc(a / b).</summary>
    [Differentiable]
    public static double Remainder(double x, double y) => (x * x) % y + (x % 1.5);

    /// <summary>Integer and real literals, Math.PI, Math.E and const locals folded into the result.</summary>
    [Differentiable]
    public static double LiteralsAndConstants(double x)
    {
        const double Half = 0.5;
        const int Three = 3;
        double scaled = (Math.PI * x * x) + (Math.E * x);
        return scaled + (Half * x) + (Three * x) + 1e-3 + 2;
    }

    /// <summary>Implicit int → double conversions and an int parameter that scales the computation.</summary>
    [Differentiable]
    public static double IntParameterInComputation(double x, double y, int n)
    {
        double scaled = x * n;
        double shifted = scaled + n;
        return (shifted * y) + (n / 2.0) + (x / n);
    }

    /// <summary>Explicit numeric conversions: (int) of an active value (zero derivative), (double) of an int.</summary>
    [Differentiable]
    public static double ExplicitConversions(double x, double y, int n)
    {
        int whole = (int)y;
        double widened = (double)n;
        double wholeAsDouble = (double)whole;
        return (x * wholeAsDouble) + (widened * y * y) + (int)x;
    }

    /// <summary>A float parameter in a double method, widened implicitly and explicitly; the float gets a float gradient.</summary>
    [Differentiable]
    public static double MixedPrecision(double x, float f, int n)
    {
        double implicitWide = f * x;
        double explicitWide = (double)f;
        return (implicitWide * n) + (explicitWide * explicitWide) + Math.Sin(x + f);
    }

    /// <summary>Inactive int arithmetic (index math, %, unary minus, division) mixed into an active result.</summary>
    [Differentiable]
    public static double InactiveIntegerMath(double x, double y, int n)
    {
        int k = (n * 3) + 1;
        int m = k % 4;
        int j = -k / 2;
        int index = (m * 2) - j;
        return (x * k) + (y * m) - j + (index * x * y);
    }

    /// <summary>A local declared, reassigned, then compound-assigned with += -= *= /=.</summary>
    [Differentiable]
    public static double CompoundAssignments(double x, double y)
    {
        double a = x;
        a = a * y;
        a += y;
        a *= x;
        a -= 2.0 * y;
        a /= 1.0 + (y * y);
        a += a;
        a *= a;
        return a;
    }

    /// <summary>Prefix and postfix ++ and -- on a double local as statements.</summary>
    [Differentiable]
    public static double IncrementDecrementStatements(double x)
    {
        double a = x * x;
        a++;
        ++a;
        a--;
        --a;
        a++;
        return a * x;
    }

    /// <summary>Both parameters reassigned in the body, one of them twice.</summary>
    [Differentiable]
    public static double ParametersReassigned(double x, double y)
    {
        x = x * y;
        y = Math.Sin(x) + y;
        x += y;
        return x * y;
    }

    /// <summary>An expression-bodied method.</summary>
    [Differentiable]
    public static double ExpressionBodied(double x, double y) => x * Math.Exp(-y) + (y * y);

    /// <summary>A [NoDiff] parameter used as a constant factor; only x and y get gradients.</summary>
    [Differentiable]
    public static double NoDiffParameter(double x, double y, int n, [NoDiff] double c)
        => (c * x * x) + (n * y) + (c * y * x);

    /// <summary>Several declarators in one statement, var, compound assignment with int literals, unary plus.</summary>
    [Differentiable]
    public static double DeclaratorsVarAndUnaryPlus(double x, double y)
    {
        double a = x * y, b = a + y;
        var c = a * b;
        c *= 2;
        c += 1;
        return +c - b;
    }

    /// <summary>A const field, a static readonly field, double.Epsilon, a float literal and int literal arguments to Math.</summary>
    [Differentiable]
    public static double FieldsAndMixedLiterals(double x)
        => (ScaleField * x * x) + OffsetField + (x * double.Epsilon) + (0.5f * x) + Math.Log(x, 10) + Math.Clamp(x, 0.0, 1.0);

    /// <summary>float literals that are not exact in binary, widened to double: the value must keep the float rounding.</summary>
    [Differentiable]
    public static double InexactFloatLiterals(double x) => (0.1f * x) + ((float)0.3 * x * x);

    /// <summary>Integer division in constant subexpressions: 1 / 2 is 0 and 7 / 2 is 3.</summary>
    [Differentiable]
    public static double IntegerDivisionInConstants(double x) => (x * (1 / 2)) + (x * (7 / 2)) + (x / 4);

    /// <summary>Literals that only survive a round-trip format (17 significant digits, subnormal range).</summary>
    [Differentiable]
    public static double LiteralRoundTrip(double x)
        => (x * 0.1) + (x * 123456789.123456789) + (x * 1e-300) + (x * 2.2250738585072014E-308);

    /// <summary>An int parameter reassigned, compound-assigned and incremented (inactive throughout).</summary>
    [Differentiable]
    public static double IntParameterReassigned(double x, int n)
    {
        n = (n * 2) + 1;
        n -= 1;
        n++;
        return x * n;
    }

    /// <summary>Locals named like the generator's own temporaries (result, resultBar, xGrad, xAdjoint, branch, …).</summary>
    [Differentiable]
    public static double LocalsNamedLikeGeneratedCode(double x, double y)
    {
        double result = x * x;
        double resultBar = y;
        double xGrad = y * 2.0;
        double xAdjoint = x + 1.0;
        bool branch = x > 0.0;
        double tSaved = 1.5;
        double exp = Math.Exp(x);
        double product = exp * y;
        double converted = product + result;
        if (branch)
        {
            converted *= resultBar;
        }

        return converted + (xGrad * xAdjoint) + tSaved;
    }

    /// <summary>A parameter named seed, which the Pullback also needs for its own seed parameter.</summary>
    [Differentiable]
    public static double ParameterNamedSeed(double seed, double x) => seed * x;

    /// <summary>Parameters named like the gradient and adjoint parameters of another parameter.</summary>
    [Differentiable]
    public static double ParametersNamedLikeGradients(double x, double xGrad, double xAdjoint) => (x * xGrad) + xAdjoint;

    /// <summary>An 'in' parameter, which is differentiable like a by-value one.</summary>
    [Differentiable]
    public static double InParameter(in double x, double y) => x * y;
}
