using System.Collections.Generic;
using System.Text;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoGradGen.Generators.Emit;

/// <summary>
/// Prints IR as C#: statements with indentation, expressions with the fewest parentheses C# precedence
/// allows. With <see cref="dropForwardCheckedBounds"/>, element accesses the forward sweep already
/// bounds-checked (<see cref="ElementExpr.IsForwardChecked"/>) go through <c>UncheckedAccess.At</c>.
/// </summary>
internal sealed class CSharpPrinter
{
    private const int Conditional = 4;
    private const int Unary = 15;
    private const int Primary = 16;
    private const string UncheckedAt = "global::AutoGradGen.Tapes.UncheckedAccess.At";

    /// <summary>Prints every access with its bounds check (comments, Debug builds).</summary>
    public static readonly CSharpPrinter Checked = new(dropForwardCheckedBounds: false);

    /// <summary>Prints forward-checked accesses without a second bounds check (optimized builds).</summary>
    public static readonly CSharpPrinter Unchecked = new(dropForwardCheckedBounds: true);

    private readonly bool dropForwardCheckedBounds;

    private CSharpPrinter(bool dropForwardCheckedBounds) => this.dropForwardCheckedBounds = dropForwardCheckedBounds;

    public void WriteStatements(IEnumerable<Stmt> statements, IndentedTextWriter writer)
    {
        foreach (Stmt statement in statements)
        {
            WriteStatement(statement, writer);
        }
    }

    private void WriteStatement(Stmt statement, IndentedTextWriter writer)
    {
        switch (statement)
        {
            case CommentStmt comment:
                writer.WriteLine("// " + comment.Text);
                break;
            case DeclareStmt declaration:
                writer.WriteLine(declaration.Initializer is null
                    ? declaration.Type.Name + " " + Identifier(declaration.Name) + ";"
                    : declaration.Type.Name + " " + Identifier(declaration.Name) + " = " + Text(declaration.Initializer) + ";");
                break;
            case AssignStmt assignment:
                writer.WriteLine(Identifier(assignment.Target) + " = " + Text(assignment.Value) + ";");
                break;
            case AccumulateStmt { Value: UnaryExpr { Operator: "-" } negated } accumulation:
                writer.WriteLine(Identifier(accumulation.Target) + " -= " + Text(negated.Operand) + ";");
                break;
            case AccumulateStmt accumulation:
                writer.WriteLine(Identifier(accumulation.Target) + " += " + Text(accumulation.Value) + ";");
                break;
            case ExpressionStmt expression:
                writer.WriteLine(Text(expression.Expression) + ";");
                break;
            case ThrowStmt thrown:
                writer.WriteLine("throw " + Text(thrown.Exception) + ";");
                break;
            case ReturnStmt ret:
                writer.WriteLine(ret.Value is null ? "return;" : "return " + Text(ret.Value) + ";");
                break;
            case IfStmt branch:
                WriteIf(branch, writer);
                break;
            case ElementAssignStmt element:
                writer.WriteLine(Print(new ElementExpr(element.ElementType, element.Array, element.Index, element.IsForwardChecked), 0) + " = " + Text(element.Value) + ";");
                break;
            case AccumulateElementStmt { Value: UnaryExpr { Operator: "-" } negated } accumulation:
                writer.WriteLine(Print(new ElementExpr(negated.Type, accumulation.Array, accumulation.Index, accumulation.IsForwardChecked), 0) + " -= " + Text(negated.Operand) + ";");
                break;
            case AccumulateElementStmt accumulation:
                writer.WriteLine(Print(new ElementExpr(accumulation.Value.Type, accumulation.Array, accumulation.Index, accumulation.IsForwardChecked), 0) + " += " + Text(accumulation.Value) + ";");
                break;
            case LoopStmt loop when loop.IsDoWhile:
                writer.WriteLine("do");
                WriteBlock(loop.Body, writer);
                writer.WriteLine("while (" + Text(loop.Condition) + ");");
                break;
            case LoopStmt loop:
                writer.WriteLine("while (" + Text(loop.Condition) + ")");
                WriteBlock(loop.Body, writer);
                break;
            case RepeatStmt repeat:
                string counter = Identifier(repeat.Counter);
                writer.WriteLine("for (int " + counter + " = 0; " + counter + " < " + Print(repeat.Count, 12) + "; " + counter + "++)");
                WriteBlock(repeat.Body, writer);
                break;
            case PushStmt push:
                string tape = Identifier(push.Tape);
                if (push.IsChecked)
                {
                    writer.WriteLine("if (" + tape + "Count == " + tape + ".Length) " + tape + " = global::AutoGradGen.Tapes.ValueTape.Grow(" + tape + ");");
                }

                writer.WriteLine(tape + "[" + tape + "Count++] = " + Text(push.Value) + ";");
                break;
            case ReserveStmt reserve:
                string reserved = Identifier(reserve.Tape);
                string needed = reserved + "Count + " + Print(reserve.Count, 14);
                writer.WriteLine("if (" + needed + " > " + reserved + ".Length) " + reserved + " = global::AutoGradGen.Tapes.ValueTape.Reserve(" + reserved + ", " + needed + ");");
                break;
            case BlockStmt block:
                writer.WriteLine("{");
                writer.Indent();
                WriteStatements(block.Statements, writer);
                writer.Outdent();
                writer.WriteLine("}");
                break;
        }
    }

    private void WriteBlock(IEnumerable<Stmt> statements, IndentedTextWriter writer)
    {
        writer.WriteLine("{");
        writer.Indent();
        WriteStatements(statements, writer);
        writer.Outdent();
        writer.WriteLine("}");
    }

    private void WriteIf(IfStmt branch, IndentedTextWriter writer)
    {
        bool hasThen = branch.Then.Count > 0;
        Expr condition = hasThen ? branch.Condition : Negate(branch.Condition);
        writer.WriteLine("if (" + Text(condition) + ")");
        writer.WriteLine("{");
        writer.Indent();
        WriteStatements(hasThen ? branch.Then : branch.Else, writer);
        writer.Outdent();
        writer.WriteLine("}");
        if (hasThen && branch.Else.Count > 0)
        {
            writer.WriteLine("else");
            writer.WriteLine("{");
            writer.Indent();
            WriteStatements(branch.Else, writer);
            writer.Outdent();
            writer.WriteLine("}");
        }
    }

    private static bool IsNumeric(TypeRef type) => type.Kind is ValueKind.Double or ValueKind.Single or ValueKind.Integral or ValueKind.Generic;

    private static Expr Negate(Expr condition)
        => condition is UnaryExpr { Operator: "!" } not ? not.Operand : new UnaryExpr(TypeRef.Boolean, "!", condition);

    /// <summary>An expression as C# text, every access checked (for comments in generated code).</summary>
    public static string Expression(Expr expression) => Checked.Print(expression, 0);

    private string Text(Expr expression) => Print(expression, 0);

    private string Print(Expr expression, int minimumPrecedence)
    {
        string text = Render(expression, out int precedence);
        return precedence < minimumPrecedence ? "(" + text + ")" : text;
    }

    private string Render(Expr expression, out int precedence)
    {
        precedence = Primary;
        switch (expression)
        {
            case LiteralExpr literal:
                if (literal.Text.StartsWith("-", System.StringComparison.Ordinal))
                {
                    precedence = Unary;
                }

                return literal.Text;

            case VariableExpr variable:
                return Identifier(variable.Name);

            case StaticMemberExpr member:
                return member.Text;

            case InstanceMemberExpr member:
                return Print(member.Receiver, Primary) + "." + member.Member;

            case DefaultExpr { Type.Kind: ValueKind.Generic } defaultValue:
                // default(T) of a floating type parameter is T.Zero, and T.Zero keeps nullable analysis quiet.
                return defaultValue.Type.Name + ".Zero";

            case DefaultExpr defaultValue:
                return "default(" + defaultValue.Type.Name + ")";

            case UnaryExpr unary:
                precedence = Unary;
                string operand = Print(unary.Operand, Unary);
                // "- -x" and "+ +x" must not fuse into -- or ++.
                if ((unary.Operator is "-" or "+") && operand.StartsWith(unary.Operator, System.StringComparison.Ordinal))
                {
                    operand = "(" + operand + ")";
                }

                return unary.Operator + operand;

            case ConvertExpr conversion when (conversion.Type.Kind == ValueKind.Generic || conversion.Operand.Type.Kind == ValueKind.Generic)
                                              && IsNumeric(conversion.Type) && IsNumeric(conversion.Operand.Type):
                // A type parameter has no cast operators: generic math converts (the same rounding as a cast).
                string converter = conversion.IsChecked ? ".CreateChecked(" : ".CreateTruncating(";
                return conversion.Type.Name + converter + Print(conversion.Operand, 0) + ")";

            case ConvertExpr conversion:
                precedence = Unary;
                string cast = "(" + conversion.Type.Name + ")" + Print(conversion.Operand, Primary);
                return conversion.IsChecked ? "checked(" + cast + ")" : cast;

            case BinaryExpr binary:
                precedence = BinaryPrecedence(binary.Operator);
                return Print(binary.Left, precedence) + " " + binary.Operator + " " + Print(binary.Right, precedence + 1);

            case ConditionalExpr conditional:
                precedence = Conditional;
                return Print(conditional.Condition, Conditional + 1) + " ? " + Print(conditional.WhenTrue, Conditional) + " : " + Print(conditional.WhenFalse, Conditional);

            case CallExpr call:
                string target = call.Receiver is null ? call.Target : Print(call.Receiver, Primary) + "." + call.Target;
                return target + "(" + Arguments(call.Arguments) + ")";

            case ElementExpr element when element.IsForwardChecked && dropForwardCheckedBounds:
                return UncheckedAt + "(" + Print(element.Array, 0) + ", " + Print(element.Index, 0) + ")";

            case ElementExpr element:
                return Print(element.Array, Primary) + "[" + Print(element.Index, 0) + "]";

            case PopExpr pop when pop.IsForwardChecked && dropForwardCheckedBounds:
                return UncheckedAt + "(" + Identifier(pop.Tape) + ", --" + Identifier(pop.Tape) + "Count)";

            case PopExpr pop:
                return Identifier(pop.Tape) + "[--" + Identifier(pop.Tape) + "Count]";

            case NewArrayExpr creation:
                string length = "[" + Print(creation.Length, 0) + "]";
                return (creation.IsStackAlloc ? "stackalloc " : "new ") + ArrayElementText(creation.Type.Element!, length);

            case SliceExpr slice when slice.Array.Type.IsSpan:
                return Print(slice.Array, Primary) + ".Slice(" + Print(slice.Start, 0) + ", " + Print(slice.Length, 0) + ")";

            case SliceExpr slice:
                return "new global::System.Span<" + slice.Type.Element!.Name + ">(" + Print(slice.Array, 0) + ", " + Print(slice.Start, 0) + ", " + Print(slice.Length, 0) + ")";

            case NewObjectExpr creation:
                return "new " + creation.Type.Name + "(" + Arguments(creation.Arguments) + ")";

            case InterpolatedStringExpr interpolated:
                return Interpolated(interpolated);

            default:
                return "default";
        }
    }

    /// <summary><c>double[n]</c>, or <c>double[n][]</c> for an array of rows (the size goes first).</summary>
    private static string ArrayElementText(TypeRef element, string size)
    {
        string suffix = string.Empty;
        while (element.Kind == ValueKind.Array && !element.IsSpan)
        {
            suffix += "[]";
            element = element.Element!;
        }

        return element.Name + size + suffix;
    }

    private string Arguments(EquatableArray<Argument> arguments)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < arguments.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(arguments[i].RefPrefix).Append(Print(arguments[i].Value, 0));
        }

        return builder.ToString();
    }

    private string Interpolated(InterpolatedStringExpr interpolated)
    {
        var builder = new StringBuilder("$\"");
        foreach (InterpolationPart part in interpolated.Parts)
        {
            if (part.Text is not null)
            {
                string escaped = SymbolDisplay.FormatLiteral(part.Text, quote: false);
                builder.Append(escaped.Replace("{", "{{").Replace("}", "}}"));
            }
            else if (part.Hole is not null)
            {
                builder.Append('{').Append(Print(part.Hole, Conditional + 1));
                if (part.Alignment is not null)
                {
                    builder.Append(',').Append(part.Alignment);
                }

                if (part.Format is not null)
                {
                    builder.Append(':').Append(part.Format);
                }

                builder.Append('}');
            }
        }

        return builder.Append('"').ToString();
    }

    private static int BinaryPrecedence(string op) => op switch
    {
        "*" or "/" or "%" => 14,
        "+" or "-" => 13,
        "<<" or ">>" or ">>>" => 12,
        "<" or ">" or "<=" or ">=" => 11,
        "==" or "!=" => 10,
        "&" => 9,
        "^" => 8,
        "|" => 7,
        "&&" => 6,
        "||" => 5,
        _ => 0,
    };

    /// <summary>Escapes names that are C# keywords (a local named <c>@double</c> in source is <c>double</c> in the symbol).</summary>
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
