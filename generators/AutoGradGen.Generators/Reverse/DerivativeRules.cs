using System.Collections.Generic;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// Derivative rules of the Math, MathF, double and float functions. A rule receives the adjoint
/// <c>g</c> of the call's result and returns <c>g · ∂f/∂argᵢ</c> for each argument (null where the
/// argument has zero derivative). Conventions at kinks follow PyTorch: |x|' = 0 at 0, max/min split
/// the gradient evenly at ties, clamp passes it through on the closed interval.
/// </summary>
internal static class DerivativeRules
{
    private const double Ln2 = 0.69314718055994530942;
    private const double Ln10 = 2.30258509299404568402;

    /// <summary>Where a rule reads its inputs: the argument values and the call's own result.</summary>
    internal readonly struct Inputs
    {
        public Inputs(TypeRef type, Expr[] arguments, Expr? result, Expr adjoint)
        {
            Type = type;
            Arguments = arguments;
            Result = result;
            Adjoint = adjoint;
        }

        public TypeRef Type { get; }

        public Expr[] Arguments { get; }

        public Expr? Result { get; }

        public Expr Adjoint { get; }

        public Expr A => Arguments[0];

        public Expr B => Arguments[1];

        public Expr C => Arguments[2];

        public Expr R => Result!;

        public Expr G => Adjoint;

        public Expr N(double value) => Ir.Number(value, Type);

        public Expr F(string name, params Expr[] args) => Ir.MathCall(name, Type, args);
    }

    internal delegate Expr?[] PartialsRule(Inputs x);

    /// <summary>A derivative rule: which values it reads (the result, the arguments) and the partials.</summary>
    internal sealed class Rule
    {
        public Rule(int arity, bool needsResult, bool needsArguments, PartialsRule partials)
        {
            Arity = arity;
            NeedsResult = needsResult;
            NeedsArguments = needsArguments;
            Partials = partials;
        }

        public int Arity { get; }

        /// <summary>The partials read the call's result (exp, sqrt, tanh, …).</summary>
        public bool NeedsResult { get; }

        /// <summary>The partials read the argument values.</summary>
        public bool NeedsArguments { get; }

        /// <summary>Null partials everywhere: the function is piecewise constant (Floor, Round, …).</summary>
        public bool IsPiecewiseConstant { get; init; }

        public PartialsRule Partials { get; }
    }

    private static readonly HashSet<string> ResultOnly = new()
    {
        "Exp", "Exp2", "Exp10", "ExpM1", "Sqrt", "Cbrt", "Tan", "Tanh", "ReciprocalEstimate", "ReciprocalSqrtEstimate",
    };

    private static readonly Dictionary<string, Rule> Rules = Build();

    /// <summary>Finds the rule for <paramref name="name"/> with <paramref name="arity"/> arguments.</summary>
    public static bool TryGet(string name, int arity, out Rule rule)
    {
        if (Rules.TryGetValue(name + "/" + arity, out Rule? found))
        {
            rule = found;
            return true;
        }

        rule = null!;
        return false;
    }

    /// <summary>The types whose static functions the table covers (a floating type parameter's <c>T.Exp</c> is recognized in lowering).</summary>
    public static bool IsMathType(string qualifiedTypeName)
        => qualifiedTypeName is "global::System.Math" or "global::System.MathF" or "double" or "float";

    private static Dictionary<string, Rule> Build()
    {
        var rules = new Dictionary<string, Rule>();

        // Rules whose partials read only the result (exp, sqrt, tanh, …) pass needsResult and no arguments.
        void Add(string name, int arity, bool needsResult, PartialsRule partials)
            => rules.Add(name + "/" + arity, new Rule(arity, needsResult, !ResultOnly.Contains(name), partials));

        void Constant(string name, int arity)
            => rules.Add(name + "/" + arity, new Rule(arity, false, false, x => new Expr?[arity]) { IsPiecewiseConstant = true });

        // exp(a)' = exp(a)
        Add("Exp", 1, true, x => new[] { Ir.Mul(x.G, x.R) });
        // (2^a)' = 2^a ln 2, (10^a)' = 10^a ln 10, (e^a - 1)' = e^a
        Add("Exp2", 1, true, x => new[] { Ir.Mul(x.G, Ir.Mul(x.R, x.N(Ln2))) });
        Add("Exp10", 1, true, x => new[] { Ir.Mul(x.G, Ir.Mul(x.R, x.N(Ln10))) });
        Add("ExpM1", 1, true, x => new[] { Ir.Mul(x.G, Ir.Add(x.R, x.N(1))) });
        // ln(a)' = 1/a; log_b(a) = ln a / ln b: ∂a = 1/(a ln b), ∂b = -ln a / (b ln² b) = -r / (b ln b)
        Add("Log", 1, false, x => new[] { Ir.Div(x.G, x.A) });
        Add("Log", 2, true, x => new[]
        {
            Ir.Div(x.G, Ir.Mul(x.A, x.F("Log", x.B))),
            Ir.Neg(Ir.Div(Ir.Mul(x.G, x.R), Ir.Mul(x.B, x.F("Log", x.B)))),
        });
        Add("Log2", 1, false, x => new[] { Ir.Div(x.G, Ir.Mul(x.A, x.N(Ln2))) });
        Add("Log10", 1, false, x => new[] { Ir.Div(x.G, Ir.Mul(x.A, x.N(Ln10))) });
        Add("LogP1", 1, false, x => new[] { Ir.Div(x.G, Ir.Add(x.A, x.N(1))) });
        Add("Log2P1", 1, false, x => new[] { Ir.Div(x.G, Ir.Mul(Ir.Add(x.A, x.N(1)), x.N(Ln2))) });
        Add("Log10P1", 1, false, x => new[] { Ir.Div(x.G, Ir.Mul(Ir.Add(x.A, x.N(1)), x.N(Ln10))) });
        // √a' = 1/(2√a), ∛a' = 1/(3∛a²)
        Add("Sqrt", 1, true, x => new[] { Ir.Div(x.G, Ir.Mul(x.N(2), x.R)) });
        Add("Cbrt", 1, true, x => new[] { Ir.Div(x.G, Ir.Mul(x.N(3), Ir.Mul(x.R, x.R))) });
        // (a^b): ∂a = b a^(b-1) (0 where b = 0), ∂b = a^b ln a (0 where a = 0 and b ≥ 0), as PyTorch.
        Add("Pow", 2, true, PowPartials);
        // Trigonometric: sin' = cos, cos' = -sin, tan' = 1 + tan².
        Add("Sin", 1, false, x => new[] { Ir.Mul(x.G, x.F("Cos", x.A)) });
        Add("Cos", 1, false, x => new[] { Ir.Neg(Ir.Mul(x.G, x.F("Sin", x.A))) });
        Add("Tan", 1, true, x => new[] { Ir.Mul(x.G, Ir.Add(x.N(1), Ir.Mul(x.R, x.R))) });
        // asin' = 1/√(1-a²), acos' = -1/√(1-a²), atan' = 1/(1+a²)
        Add("Asin", 1, false, x => new[] { Ir.Div(x.G, x.F("Sqrt", Ir.Sub(x.N(1), Ir.Mul(x.A, x.A)))) });
        Add("Acos", 1, false, x => new[] { Ir.Neg(Ir.Div(x.G, x.F("Sqrt", Ir.Sub(x.N(1), Ir.Mul(x.A, x.A))))) });
        Add("Atan", 1, false, x => new[] { Ir.Div(x.G, Ir.Add(x.N(1), Ir.Mul(x.A, x.A))) });
        // atan2(y, x): ∂y = x/(x²+y²), ∂x = -y/(x²+y²)
        Add("Atan2", 2, false, x =>
        {
            Expr norm = Ir.Add(Ir.Mul(x.A, x.A), Ir.Mul(x.B, x.B));
            return new[] { Ir.Div(Ir.Mul(x.G, x.B), norm), Ir.Neg(Ir.Div(Ir.Mul(x.G, x.A), norm)) };
        });
        // Hyperbolic: sinh' = cosh, cosh' = sinh, tanh' = 1 - tanh².
        Add("Sinh", 1, false, x => new[] { Ir.Mul(x.G, x.F("Cosh", x.A)) });
        Add("Cosh", 1, false, x => new[] { Ir.Mul(x.G, x.F("Sinh", x.A)) });
        Add("Tanh", 1, true, x => new[] { Ir.Mul(x.G, Ir.Sub(x.N(1), Ir.Mul(x.R, x.R))) });
        // asinh' = 1/√(a²+1), acosh' = 1/(√(a-1)√(a+1)), atanh' = 1/(1-a²)
        Add("Asinh", 1, false, x => new[] { Ir.Div(x.G, x.F("Sqrt", Ir.Add(Ir.Mul(x.A, x.A), x.N(1)))) });
        Add("Acosh", 1, false, x => new[] { Ir.Div(x.G, Ir.Mul(x.F("Sqrt", Ir.Sub(x.A, x.N(1))), x.F("Sqrt", Ir.Add(x.A, x.N(1))))) });
        Add("Atanh", 1, false, x => new[] { Ir.Div(x.G, Ir.Sub(x.N(1), Ir.Mul(x.A, x.A))) });
        // |a|' = sign(a), 0 at a = 0.
        Add("Abs", 1, false, x => new[]
        {
            Ir.Select(Ir.Compare(">", x.A, x.N(0)), x.G, Ir.Select(Ir.Compare("<", x.A, x.N(0)), Ir.Neg(x.G), x.N(0))),
        });
        // max/min: the gradient goes to the selected argument; at a tie each gets half.
        Add("Max", 2, false, x => TiePartials(x, ">"));
        Add("Min", 2, false, x => TiePartials(x, "<"));
        Add("MaxMagnitude", 2, true, MagnitudePartials);
        Add("MinMagnitude", 2, true, MagnitudePartials);
        Add("MaxNumber", 2, false, x => TiePartials(x, ">"));
        Add("MinNumber", 2, false, x => TiePartials(x, "<"));
        // clamp(v, lo, hi): ∂v = 1 on lo ≤ v ≤ hi, ∂lo = 1 where v < lo, ∂hi = 1 where v > hi.
        Add("Clamp", 3, false, x => new[]
        {
            Ir.Select(Ir.And(Ir.Compare(">=", x.A, x.B), Ir.Compare("<=", x.A, x.C)), x.G, x.N(0)),
            Ir.Select(Ir.Compare("<", x.A, x.B), x.G, x.N(0)),
            Ir.Select(Ir.Compare(">", x.A, x.C), x.G, x.N(0)),
        });
        // fma(a, b, c) = a·b + c
        Add("FusedMultiplyAdd", 3, false, x => new[] { Ir.Mul(x.G, x.B), Ir.Mul(x.G, x.A), x.G });
        // hypot(a, b) = √(a²+b²): ∂a = a/r, ∂b = b/r, 0 at the origin.
        Add("Hypot", 2, true, x => new[]
        {
            Ir.Select(Ir.Compare("==", x.R, x.N(0)), x.N(0), Ir.Div(Ir.Mul(x.G, x.A), x.R)),
            Ir.Select(Ir.Compare("==", x.R, x.N(0)), x.N(0), Ir.Div(Ir.Mul(x.G, x.B), x.R)),
        });
        // copysign(a, b) = |a|·sign(b): ∂a = r/a (±1), 0 at a = 0; ∂b = 0.
        Add("CopySign", 2, true, x => new[]
        {
            Ir.Select(Ir.Compare("==", x.A, x.N(0)), x.N(0), Ir.Mul(x.G, Ir.Div(x.R, x.A))),
            null,
        });
        // ieeeremainder(a, b) = a - b·round(a/b): ∂a = 1, ∂b = -round(a/b)
        Add("IEEERemainder", 2, false, x => new[] { x.G, Ir.Neg(Ir.Mul(x.G, x.F("Round", Ir.Div(x.A, x.B)))) });
        Add("Ieee754Remainder", 2, false, x => new[] { x.G, Ir.Neg(Ir.Mul(x.G, x.F("Round", Ir.Div(x.A, x.B)))) });
        // scaleb(a, n) = a·2ⁿ (n an integer)
        Add("ScaleB", 2, false, x => new Expr?[] { x.F("ScaleB", x.G, x.B), null });
        Add("BitIncrement", 1, false, x => new[] { x.G });
        Add("BitDecrement", 1, false, x => new[] { x.G });
        // 1/a ≈ r: -1/a² = -r²;  1/√a ≈ r: -1/(2 a^1.5) = -r³/2
        Add("ReciprocalEstimate", 1, true, x => new[] { Ir.Neg(Ir.Mul(x.G, Ir.Mul(x.R, x.R))) });
        Add("ReciprocalSqrtEstimate", 1, true, x => new[] { Ir.Neg(Ir.Mul(x.G, Ir.Div(Ir.Mul(x.R, Ir.Mul(x.R, x.R)), x.N(2)))) });

        // Piecewise constant: the derivative is zero wherever it exists.
        Constant("Floor", 1);
        Constant("Ceiling", 1);
        Constant("Truncate", 1);
        Constant("Round", 1);
        Constant("Round", 2);
        Constant("Round", 3);
        Constant("Sign", 1);
        return rules;
    }

    private static Expr?[] PowPartials(Inputs x)
    {
        Expr baseAdjoint;
        if (x.B is LiteralExpr && Ir.IsLiteral(x.B, 2))
        {
            baseAdjoint = Ir.Mul(x.G, Ir.Mul(x.N(2), x.A));
        }
        else if (x.B is LiteralExpr && !Ir.IsLiteral(x.B, 0))
        {
            baseAdjoint = Ir.Mul(x.G, Ir.Mul(x.B, x.F("Pow", x.A, Ir.Sub(x.B, x.N(1)))));
        }
        else
        {
            baseAdjoint = Ir.Select(
                Ir.Compare("==", x.B, x.N(0)),
                x.N(0),
                Ir.Mul(x.G, Ir.Mul(x.B, x.F("Pow", x.A, Ir.Sub(x.B, x.N(1))))));
        }

        Expr exponentAdjoint = Ir.Select(
            Ir.And(Ir.Compare("==", x.A, x.N(0)), Ir.Compare(">=", x.B, x.N(0))),
            x.N(0),
            Ir.Mul(x.G, Ir.Mul(x.R, x.F("Log", x.A))));
        return new[] { baseAdjoint, exponentAdjoint };
    }

    private static Expr?[] TiePartials(Inputs x, string wins)
    {
        Expr half = Ir.Mul(x.G, x.N(0.5));
        return new[]
        {
            Ir.Select(Ir.Compare(wins, x.A, x.B), x.G, Ir.Select(Ir.Compare("==", x.A, x.B), half, x.N(0))),
            Ir.Select(Ir.Compare(wins, x.B, x.A), x.G, Ir.Select(Ir.Compare("==", x.A, x.B), half, x.N(0))),
        };
    }

    private static Expr?[] MagnitudePartials(Inputs x)
    {
        Expr half = Ir.Mul(x.G, x.N(0.5));
        Expr tie = Ir.Compare("==", x.A, x.B);
        return new[]
        {
            Ir.Select(tie, half, Ir.Select(Ir.Compare("==", x.R, x.A), x.G, x.N(0))),
            Ir.Select(tie, half, Ir.Select(Ir.Compare("==", x.R, x.B), x.G, x.N(0))),
        };
    }
}
