using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>Scalar functions exercising calls to differentiable and non-differentiable methods.</summary>
public static partial class Calls
{
    /// <summary>A small differentiable building block used by the other methods.</summary>
    [Differentiable]
    public static double Blend(double a, double b) => (a * Math.Sin(b)) + (b * b);

    /// <summary>The innermost level of a three-level call chain.</summary>
    [Differentiable]
    public static double Inner(double x) => Math.Exp(-x * x);

    /// <summary>The middle level: calls <see cref="Inner"/>.</summary>
    [Differentiable]
    public static double Middle(double x, double y) => Inner(x * y) + (y * Inner(x));

    /// <summary>The outer level: calls <see cref="Middle"/>, which calls <see cref="Inner"/>.</summary>
    [Differentiable]
    public static double Outer(double x, double y)
    {
        double m = Middle(x + 1.0, y);
        return m * Middle(y, x);
    }

    /// <summary>A call in the same type with expression arguments.</summary>
    [Differentiable]
    public static double ExpressionArguments(double x, double y) => Blend(2.0 * x, y + 1.0) + Blend(x * y, x);

    /// <summary>The same variable passed to both differentiable parameters.</summary>
    [Differentiable]
    public static double SameVariableTwice(double x) => Blend(x, x);

    /// <summary>Constant arguments (a literal and a [NoDiff] value) to differentiable parameters.</summary>
    [Differentiable]
    public static double ConstantArguments(double x, [NoDiff] double c) => Blend(x, 2.0) + Blend(1.5, x) + Blend(c, c * x);

    /// <summary>A call whose result is stored in a local that is then overwritten by another call.</summary>
    [Differentiable]
    public static double CallResultsInLocals(double x, double y)
    {
        double t = Blend(x, y);
        t = Blend(t, x) * t;
        t += Inner(t * 0.1);
        return t;
    }

    /// <summary>Calls into another partial type.</summary>
    [Differentiable]
    public static double OtherType(double x, double y) => Geometry.Distance(x, y, 1.0, -2.0) * Geometry.Norm(x, y);

    /// <summary>Recursion with an int depth parameter: Horner evaluation of 1 + x + x² + … + x^depth.</summary>
    [Differentiable]
    public static double GeometricSeries(double x, int depth)
    {
        if (depth == 0)
        {
            return 1.0;
        }

        return 1.0 + (x * GeometricSeries(x, depth - 1));
    }

    /// <summary>Calls to ordinary helpers whose arguments are all inactive (ints, literals, [NoDiff] values).</summary>
    [Differentiable]
    public static double InactiveHelperCalls(double x, int n, [NoDiff] double c)
    {
        int k = TriangularNumber(n);
        double s = PlainScale(c, 2.0);
        double w = PlainScale(3.0, n);
        return (x * k) + (s * x * x) + w;
    }

    /// <summary>A call to a float differentiable method from a double method, with narrowing and widening.</summary>
    [Differentiable]
    public static double CallsFloatMethod(double x, float f) => x * FloatFunctions.Polynomial(f, (float)2.0) + f;

    private static int TriangularNumber(int n) => n * (n + 1) / 2;

    private static double PlainScale(double a, double b) => (a * b) + 1.0;

    /// <summary>Differentiable calls in an if condition, in a branch, and in both arms of a conditional.</summary>
    [Differentiable]
    public static double CallsInConditions(double x, double y)
    {
        if (Blend(x, y) > 1.0)
        {
            return Blend(y, x);
        }

        return x > 0.0 ? Inner(x) : Blend(x * 2.0, 1.0);
    }

    /// <summary>A call with a Sqrt argument in the untaken arm of a conditional.</summary>
    [Differentiable]
    public static double ConditionalGuardsCall(double x) => x > 0.0 ? Geometry.Norm(Math.Sqrt(x), 1.0) : -x;

    /// <summary>An active double narrowed with (float) into a differentiable float parameter.</summary>
    [Differentiable]
    public static double ActiveIntoFloatParameter(double x) => FloatFunctions.Polynomial((float)x, 2f) * x;

    /// <summary>A public method calling a private differentiable method.</summary>
    [Differentiable]
    public static double CallsPrivate(double x) => PrivateCube(x + 1.0) * x;

    /// <summary>A private differentiable method: its Gradient and Pullback are private too.</summary>
    [Differentiable]
    private static double PrivateCube(double x) => x * x * x;

    /// <summary>A partial type nested in <see cref="Calls"/>.</summary>
    public static partial class Nested
    {
        /// <summary>A differentiable method in a nested type, called from a struct.</summary>
        [Differentiable]
        public static double Scaled(double x, double y) => x * Math.Cos(y);
    }
}

/// <summary>A second partial type whose differentiable methods are called from <see cref="Calls"/>.</summary>
public static partial class Geometry
{
    /// <summary>Euclidean norm of (x, y) written with Sqrt.</summary>
    [Differentiable]
    public static double Norm(double x, double y) => Math.Sqrt((x * x) + (y * y));

    /// <summary>Distance between two points, calling <see cref="Norm"/> with expression arguments.</summary>
    [Differentiable]
    public static double Distance(double x0, double y0, double x1, double y1) => Norm(x1 - x0, y1 - y0);
}

/// <summary>A partial struct hosting a differentiable method that calls into a nested type.</summary>
public partial struct StructHost
{
    /// <summary>Calls <see cref="Calls.Nested.Scaled"/> with the same variable twice.</summary>
    [Differentiable]
    public static double InStruct(double x) => Calls.Nested.Scaled(x, x) * 2.0;
}

/// <summary>A non-static partial class hosting an internal differentiable method.</summary>
public partial class InstanceClassHost
{
    /// <summary>An internal method calling a method of a struct.</summary>
    [Differentiable]
    internal static double InClass(double x) => StructHost.InStruct(x) + x;
}
