using System.Globalization;
using AutoGradGen.Generators.Helpers;

namespace AutoGradGen.Generators.Models;

/// <summary>Small constructors for IR the generator writes itself (derivative formulas, adjoint updates).</summary>
internal static class Ir
{
    /// <summary>
    /// A constant of a floating type: <c>2.0</c>, <c>2f</c>, or for a type parameter <c>T.Zero</c>,
    /// <c>T.One</c> and <c>T.CreateTruncating(2.0)</c> (which the JIT folds to a constant per instantiation).
    /// </summary>
    public static LiteralExpr Number(double value, TypeRef type)
    {
        string text = type.Kind switch
        {
            ValueKind.Single => Lowering.Constants.FormatSingle((float)value),
            ValueKind.Generic => GenericNumber(value, type.Name),
            _ => Lowering.Constants.FormatDouble(value),
        };
        return new LiteralExpr(type, text);
    }

    public static LiteralExpr Zero(TypeRef type) => Number(0, type);

    /// <summary>An <c>int</c> literal.</summary>
    public static LiteralExpr Int(int value) => new(TypeRef.Int32, value.ToString(CultureInfo.InvariantCulture));

    private static string GenericNumber(double value, string type)
        => System.BitConverter.DoubleToInt64Bits(value) == 0 ? type + ".Zero"
         : value == 1 ? type + ".One"
         : type + ".CreateTruncating(" + Lowering.Constants.FormatDouble(value) + ")";

    public static bool IsLiteral(Expr e, double value)
        => e is LiteralExpr literal && LiteralValue(literal) is { } parsed && parsed == value;

    /// <summary>The value of a numeric literal (also the generic forms <see cref="Number"/> prints), else null.</summary>
    public static double? LiteralValue(LiteralExpr literal)
    {
        string text = literal.Text;
        if (literal.Type.Kind == ValueKind.Generic)
        {
            string prefix = literal.Type.Name + ".";
            if (text == prefix + "Zero")
            {
                return 0;
            }

            if (text == prefix + "One")
            {
                return 1;
            }

            string create = prefix + "CreateTruncating(";
            if (!text.StartsWith(create, System.StringComparison.Ordinal) || !text.EndsWith(")", System.StringComparison.Ordinal))
            {
                return null;
            }

            text = text.Substring(create.Length, text.Length - create.Length - 1);
        }

        return double.TryParse(text.TrimEnd('f', 'F', 'd', 'D', 'm', 'M'), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : null;
    }

    public static VariableExpr Var(string name, TypeRef type) => new(type, name);

    /// <summary><c>a * b</c>, dropping factors of exactly one.</summary>
    public static Expr Mul(Expr a, Expr b)
    {
        if (IsLiteral(a, 1))
        {
            return b;
        }

        if (IsLiteral(b, 1))
        {
            return a;
        }

        return new BinaryExpr(a.Type, "*", a, b);
    }

    public static Expr Div(Expr a, Expr b) => new BinaryExpr(a.Type, "/", a, b);

    public static Expr Add(Expr a, Expr b) => new BinaryExpr(a.Type, "+", a, b);

    public static Expr Sub(Expr a, Expr b) => new BinaryExpr(a.Type, "-", a, b);

    public static Expr Neg(Expr a) => a is UnaryExpr { Operator: "-" } inner ? inner.Operand : new UnaryExpr(a.Type, "-", a);

    /// <summary>A comparison; comparing a variable with itself folds to a constant (as for non-NaN values).</summary>
    public static Expr Compare(string op, Expr a, Expr b)
    {
        if (a is VariableExpr && a == b)
        {
            return new LiteralExpr(TypeRef.Boolean, op is "==" or "<=" or ">=" ? "true" : "false");
        }

        return new BinaryExpr(TypeRef.Boolean, op, a, b);
    }

    public static Expr And(Expr a, Expr b)
        => a is LiteralExpr { Text: "true" } ? b
         : b is LiteralExpr { Text: "true" } ? a
         : a is LiteralExpr { Text: "false" } || b is LiteralExpr { Text: "false" } ? new LiteralExpr(TypeRef.Boolean, "false")
         : new BinaryExpr(TypeRef.Boolean, "&&", a, b);

    public static Expr Select(Expr condition, Expr whenTrue, Expr whenFalse)
        => condition is LiteralExpr { Text: "true" } ? whenTrue
         : condition is LiteralExpr { Text: "false" } ? whenFalse
         : new ConditionalExpr(whenTrue.Type, condition, whenTrue, whenFalse);

    public static Expr Convert(Expr e, TypeRef type) => e.Type == type ? e : new ConvertExpr(type, e, IsChecked: false);

    /// <summary>A call to <c>Math.Name</c> (double), <c>MathF.Name</c> (float) or <c>T.Name</c> (a floating type parameter).</summary>
    public static Expr MathCall(string name, TypeRef type, params Expr[] args)
    {
        string owner = type.Kind switch
        {
            ValueKind.Single => "global::System.MathF",
            ValueKind.Generic => type.Name,
            _ => "global::System.Math",
        };

        var arguments = new Argument[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            arguments[i] = new Argument(args[i], string.Empty);
        }

        return new CallExpr(type, CallKind.Opaque, owner + "." + name, null, new EquatableArray<Argument>(arguments), null, -1);
    }
}
