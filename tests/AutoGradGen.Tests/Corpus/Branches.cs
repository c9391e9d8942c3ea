using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>Scalar functions exercising branches, conditions, early returns and guards.</summary>
public static partial class Branches
{
    /// <summary>if / else if / else assigning a local declared without an initializer.</summary>
    [Differentiable]
    public static double IfElseIfElse(double x, double y)
    {
        double r;
        if (x < -1.0)
        {
            r = x * y;
        }
        else if (x < 1.0)
        {
            r = Math.Sin(x) * y * y;
        }
        else
        {
            r = x / y;
        }

        return r + x;
    }

    /// <summary>Nested if / else on two conditions, every branch updating the same local.</summary>
    [Differentiable]
    public static double NestedIfs(double x, double y)
    {
        double t = x + y;
        if (x > 0.0)
        {
            if (y > 0.0)
            {
                t *= x;
            }
            else
            {
                t = t - (y * y);
            }
        }
        else
        {
            if (y > x)
            {
                t = Math.Exp(t);
            }

            t += x * y;
        }

        return t * y;
    }

    /// <summary>The conditional operator as the whole returned expression.</summary>
    [Differentiable]
    public static double Conditional(double x, double y) => x > y ? x * y : x + (y * y);

    /// <summary>Nested conditional operators inside a larger arithmetic expression.</summary>
    [Differentiable]
    public static double NestedConditionalInExpression(double x, double y)
        => (2.0 * x) + ((x > 0.0 ? (y > 0.0 ? x * y : y * y) : Math.Sin(x)) * y) - (x < y ? 1.0 : x);

    /// <summary>&amp;&amp;, ||, ! and == / != / &lt;= / &gt;= on active doubles, an int, a [NoDiff] value and a bool.</summary>
    [Differentiable]
    public static double LogicalConditions(double x, double y, int n, [NoDiff] double c, bool flip)
    {
        double r = x * y;
        if ((x > 0.0 && y <= 1.0) || !(n >= 2))
        {
            r += x * x;
        }

        if (n != 3 && (c == 0.5 || flip))
        {
            r *= y;
        }

        bool large = x >= c;
        if (!large || flip)
        {
            r -= y;
        }

        return r;
    }

    /// <summary>Early returns from the if, the else if and the else branch.</summary>
    [Differentiable]
    public static double EarlyReturnEveryBranch(double x, double y)
    {
        double s = x * y;
        if (s > 1.0)
        {
            return s * x;
        }
        else if (s < -1.0)
        {
            return -s + y;
        }
        else
        {
            return Math.Exp(s);
        }
    }

    /// <summary>Nested ifs where one branch returns and the other falls through to later code.</summary>
    [Differentiable]
    public static double EarlyReturnOrFallThrough(double x, double y)
    {
        double t = x * x;
        if (x > 0.0)
        {
            if (y > 0.0)
            {
                return t * y;
            }

            t = t + y;
        }
        else
        {
            t = t * y;
            if (y < -1.0)
            {
                return t - x;
            }
        }

        t *= x + 2.0;
        return t + y;
    }

    /// <summary>A guard branch that throws; the gradient is unaffected for valid inputs.</summary>
    [Differentiable]
    public static double GuardWithThrow(double x, double y)
    {
        if (x < -100.0)
        {
            throw new ArgumentOutOfRangeException(nameof(x));
        }

        return (x * x * y) + y;
    }

    /// <summary>Branches chosen by an int parameter and a [NoDiff] parameter only.</summary>
    [Differentiable]
    public static double BranchOnInactiveValues(double x, int n, [NoDiff] double c)
    {
        if (n > 2)
        {
            return x * c;
        }

        if (c < 0.0)
        {
            return x * x;
        }

        return Math.Sin(x) * n;
    }

    /// <summary>A branch that returns a constant, so the gradient is zero on that side.</summary>
    [Differentiable]
    public static double ConstantBranch(double x)
    {
        if (x > 2.0)
        {
            return 4.0;
        }

        return x * x;
    }

    /// <summary>Locals with the same name declared in both branches; a parameter assigned in each branch.</summary>
    [Differentiable]
    public static double SameLocalNameInBothBranches(double x, double y)
    {
        if (x > 0.0)
        {
            double t = x * y;
            y = t + 1.0;
        }
        else
        {
            double t = Math.Exp(x);
            y = t * y;
        }

        return y * x;
    }

    /// <summary>Parameters reassigned inside branches, then a parameter overwritten from a conditional that reads it.</summary>
    [Differentiable]
    public static double ParameterReassignedInBranch(double x, double y)
    {
        if (x > 0.0)
        {
            x *= x;
        }
        else
        {
            y = x - y;
        }

        x = x > 1.0 ? x * y : -x;
        return x * y;
    }

    /// <summary>Several overwrites inside one branch, a self-referencing conditional assignment and a bare block scope.</summary>
    [Differentiable]
    public static double OverwritesInsideBranch(double x, double y)
    {
        double t = x + y;
        if (x > 0.0)
        {
            t = t * t;
            t = t * x;
            t -= y;
        }

        t = t > 1.0 ? t * t : t + x;
        {
            double inner = t * y;
            t = inner + t;
        }

        return t;
    }

    /// <summary>ReLU written with an int literal 0 in the conditional operator.</summary>
    [Differentiable]
    public static double ReluWithIntLiteral(double x) => x > 0 ? x : 0;

    /// <summary>An early return of an int literal from one branch.</summary>
    [Differentiable]
    public static double ReturnsIntLiteral(double x)
    {
        if (x > 1.0)
        {
            return 0;
        }

        return x * x;
    }

    /// <summary>A throw in the first branch of an else-if chain whose second branch returns.</summary>
    [Differentiable]
    public static double ThrowInElseIfChain(double x, double y)
    {
        if (y > 1000.0)
        {
            throw new ArgumentException("too big", nameof(y));
        }
        else if (x > 0.0)
        {
            return x * y;
        }

        double z = x * x;
        return z + y;
    }

    /// <summary>A bool computed before the value it tests is overwritten, used in a later branch.</summary>
    [Differentiable]
    public static double DecisionTakenBeforeOverwrite(double x)
    {
        bool big = x > 1.0;
        x = x * x;
        if (big)
        {
            return x - 1.0;
        }

        return Math.Sin(x);
    }

    /// <summary>Sqrt in the untaken arm of a conditional must not poison the gradient with NaN.</summary>
    [Differentiable]
    public static double ConditionalGuardsSqrt(double x) => x > 0.0 ? Math.Sqrt(x) : x * x;

    /// <summary>Log in the untaken arm of a conditional nested in an expression, including at x = 0.</summary>
    [Differentiable]
    public static double ConditionalGuardsLog(double x) => (2.0 * (x > 0.0 ? Math.Log(x) : 0.0)) + x;

    /// <summary>Acosh outside its domain in the untaken arm.</summary>
    [Differentiable]
    public static double ConditionalGuardsAcosh(double x) => x >= 1.0 ? Math.Acosh(x) : x * 0.5;

    /// <summary>sinc with the 0/0 arm guarded by the conditional operator.</summary>
    [Differentiable]
    public static double Sinc(double x) => Math.Abs(x) < 1e-12 ? 1.0 : Math.Sin(x) / x;

    /// <summary>A dead local (Sqrt of a negative number at the test point) that the result does not depend on.</summary>
    [Differentiable]
    public static double DeadLocal(double x)
    {
        double unused = Math.Sqrt(x);
        return x * x;
    }
}
