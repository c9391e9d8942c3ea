using System.Globalization;
using AutoGradGen.Generators.Helpers;

namespace AutoGradGen.Generators.Models;

/// <summary>Small constructors for IR the generator writes itself (derivative formulas, adjoint updates).</summary>
internal static class Ir
{
    public static LiteralExpr Number(double value, TypeRef type)
    {
        string text = type.Kind == ValueKind.Single
            ? Lowering.Constants.FormatSingle((float)value)
            : Lowering.Constants.FormatDouble(value);
        return new LiteralExpr(type, text);
    }

    public static LiteralExpr Zero(TypeRef type) => Number(0, type);

    public static bool IsLiteral(Expr e, double value)
        => e is LiteralExpr literal && double.TryParse(literal.Text.TrimEnd('f', 'F', 'd', 'D', 'm', 'M'), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && parsed == value;

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

    /// <summary>A call to <c>Math.Name</c> (double) or <c>MathF.Name</c> (float).</summary>
    public static Expr MathCall(string name, TypeRef type, params Expr[] args)
    {
        string owner = type.Kind == ValueKind.Single ? "global::System.MathF" : "global::System.Math";
        var arguments = new Argument[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            arguments[i] = new Argument(args[i], string.Empty);
        }

        return new CallExpr(type, CallKind.Opaque, owner + "." + name, null, new EquatableArray<Argument>(arguments), null, -1);
    }
}
