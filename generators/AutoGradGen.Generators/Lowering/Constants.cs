using System.Globalization;
using AutoGradGen.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoGradGen.Generators.Lowering;

/// <summary>Prints compile-time constants as C# literals of their type.</summary>
internal static class Constants
{
    public static LiteralExpr Format(object? value, TypeRef type, ITypeSymbol? symbol)
    {
        string text = value switch
        {
            null => symbol is { IsReferenceType: true } ? "null" : "default(" + type.Name + ")",
            double d => FormatDouble(d),
            float f => FormatSingle(f),
            bool b => b ? "true" : "false",
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            int i => i.ToString(CultureInfo.InvariantCulture),
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
            ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            short or ushort or byte or sbyte => "(" + type.Name + ")" + System.Convert.ToString(value, CultureInfo.InvariantCulture),
            _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "default",
        };
        return new LiteralExpr(type, text);
    }

    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return "double.NaN";
        }

        if (double.IsPositiveInfinity(d))
        {
            return "double.PositiveInfinity";
        }

        if (double.IsNegativeInfinity(d))
        {
            return "double.NegativeInfinity";
        }

        string text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E' }) < 0 ? text + ".0" : text;
    }

    public static string FormatSingle(float f)
    {
        if (float.IsNaN(f))
        {
            return "float.NaN";
        }

        if (float.IsPositiveInfinity(f))
        {
            return "float.PositiveInfinity";
        }

        if (float.IsNegativeInfinity(f))
        {
            return "float.NegativeInfinity";
        }

        return f.ToString("R", CultureInfo.InvariantCulture) + "f";
    }
}
