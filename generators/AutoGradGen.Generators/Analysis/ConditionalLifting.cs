using System.Collections.Generic;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Lowering;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Analysis;

/// <summary>
/// Rewrites conditional expressions that carry derivatives into <c>if</c> statements, so that the
/// reverse sweep handles both with one mechanism (a recorded branch) and only the taken branch's
/// operands are ever evaluated: <c>y = c ? a : b;</c> becomes <c>if (c) y = a; else y = b;</c>, and a
/// conditional nested in a larger expression first goes to a temporary.
/// </summary>
internal sealed class ConditionalLifting
{
    private readonly HashSet<string> varied;
    private readonly NameScope names;
    private readonly List<Variable> variables;

    private ConditionalLifting(HashSet<string> varied, NameScope names, List<Variable> variables)
    {
        this.varied = varied;
        this.names = names;
        this.variables = variables;
    }

    public static List<Stmt> Run(IReadOnlyList<Stmt> body, HashSet<string> varied, NameScope names, List<Variable> variables)
        => new ConditionalLifting(varied, names, variables).RewriteList(body);

    private List<Stmt> RewriteList(IEnumerable<Stmt> statements)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case AssignStmt assignment when assignment.TargetType.IsFloating && ContainsVariedConditional(assignment.Value):
                    if (assignment.Value is ConditionalExpr top)
                    {
                        output.Add(Split(top, assignment.Target, assignment.TargetType, assignment.Source));
                    }
                    else
                    {
                        Expr value = Lift(assignment.Value, output, assignment.Source);
                        output.Add(assignment with { Value = value });
                    }

                    break;

                case ElementAssignStmt element when element.ElementType.IsFloating && ContainsVariedConditional(element.Value):
                    output.Add(element with { Value = Lift(element.Value, output, element.Source) });
                    break;

                case IfStmt branch:
                    output.Add(branch with
                    {
                        Then = RewriteList(branch.Then).ToEquatableArray(),
                        Else = RewriteList(branch.Else).ToEquatableArray(),
                    });
                    break;

                case LoopStmt loop:
                    output.Add(loop with { Body = RewriteList(loop.Body).ToEquatableArray() });
                    break;

                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    /// <summary><c>target = c ? a : b</c> as <c>if (c) target = a; else target = b;</c>.</summary>
    private IfStmt Split(ConditionalExpr conditional, string target, TypeRef targetType, string? source)
    {
        return new IfStmt(conditional.Condition, Branch(conditional.WhenTrue, target, targetType, source), Branch(conditional.WhenFalse, target, targetType, source), source);
    }

    /// <summary>One side of a split: <c>target = value;</c>, or nothing when the value is the target itself (<c>s = c ? s + a : s</c>).</summary>
    private EquatableArray<Stmt> Branch(Expr value, string target, TypeRef targetType, string? source)
        => value is VariableExpr same && same.Name == target
            ? System.Array.Empty<Stmt>().ToEquatableArray()
            : RewriteList(new[] { new AssignStmt(target, targetType, Ir.Convert(value, targetType), source) }).ToEquatableArray();

    /// <summary>Replaces each varied conditional inside <paramref name="expression"/> by a temporary.</summary>
    private Expr Lift(Expr expression, List<Stmt> before, string? source)
    {
        switch (expression)
        {
            case ConditionalExpr conditional when ActivityAnalysis.IsVaried(conditional, varied) && conditional.Type.Kind != ValueKind.Array:
                // (An array chosen by ?: is not lifted into an alias: AGG0006 where it matters.)
                string temporary = names.Fresh("selected");
                variables.Add(new Variable(temporary, conditional.Type, VariableRole.Temporary, false));
                varied.Add(temporary);
                before.Add(Split(conditional, temporary, conditional.Type, source));
                return new VariableExpr(conditional.Type, temporary);
            case UnaryExpr unary:
                return unary with { Operand = Lift(unary.Operand, before, source) };
            case BinaryExpr binary:
                Expr left = Lift(binary.Left, before, source);
                return binary with { Left = left, Right = Lift(binary.Right, before, source) };
            case ConvertExpr conversion:
                return conversion with { Operand = Lift(conversion.Operand, before, source) };
            case CallExpr call:
                var arguments = new List<Argument>();
                foreach (Argument argument in call.Arguments)
                {
                    arguments.Add(argument with { Value = Lift(argument.Value, before, source) });
                }

                return call with { Arguments = arguments.ToEquatableArray() };
            default:
                return expression;
        }
    }

    private bool ContainsVariedConditional(Expr expression) => expression switch
    {
        ConditionalExpr conditional => ActivityAnalysis.IsVaried(conditional, varied)
            || ContainsVariedConditional(conditional.WhenTrue) || ContainsVariedConditional(conditional.WhenFalse),
        UnaryExpr unary => ContainsVariedConditional(unary.Operand),
        BinaryExpr binary => ContainsVariedConditional(binary.Left) || ContainsVariedConditional(binary.Right),
        ConvertExpr conversion => ContainsVariedConditional(conversion.Operand),
        CallExpr call => AnyArgument(call),
        _ => false,
    };

    private bool AnyArgument(CallExpr call)
    {
        foreach (Argument argument in call.Arguments)
        {
            if (ContainsVariedConditional(argument.Value))
            {
                return true;
            }
        }

        return false;
    }
}
