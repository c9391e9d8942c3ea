using System.Collections.Generic;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Helpers;

/// <summary>Traversals of the IR that the analyses share: every node of an expression, every statement of a body.</summary>
internal static class IrWalk
{
    /// <summary>The expression and all its subexpressions, parents before children.</summary>
    public static IEnumerable<Expr> Nodes(Expr expression)
    {
        var stack = new Stack<Expr>();
        stack.Push(expression);
        while (stack.Count > 0)
        {
            Expr current = stack.Pop();
            yield return current;
            foreach (Expr child in Children(current))
            {
                stack.Push(child);
            }
        }
    }

    /// <summary>The direct subexpressions of a node.</summary>
    public static IEnumerable<Expr> Children(Expr expression)
    {
        switch (expression)
        {
            case UnaryExpr unary:
                yield return unary.Operand;
                break;
            case BinaryExpr binary:
                yield return binary.Left;
                yield return binary.Right;
                break;
            case ConditionalExpr conditional:
                yield return conditional.Condition;
                yield return conditional.WhenTrue;
                yield return conditional.WhenFalse;
                break;
            case ConvertExpr conversion:
                yield return conversion.Operand;
                break;
            case InstanceMemberExpr member:
                yield return member.Receiver;
                break;
            case ElementExpr element:
                yield return element.Array;
                yield return element.Index;
                break;
            case SliceExpr slice:
                yield return slice.Array;
                yield return slice.Start;
                yield return slice.Length;
                break;
            case NewArrayExpr creation:
                yield return creation.Length;
                break;
            case CallExpr call:
                if (call.Receiver is not null)
                {
                    yield return call.Receiver;
                }

                foreach (Argument argument in call.Arguments)
                {
                    yield return argument.Value;
                }

                break;
            case NewObjectExpr creation:
                foreach (Argument argument in creation.Arguments)
                {
                    yield return argument.Value;
                }

                break;
            case InterpolatedStringExpr interpolated:
                foreach (InterpolationPart part in interpolated.Parts)
                {
                    if (part.Hole is not null)
                    {
                        yield return part.Hole;
                    }
                }

                break;
        }
    }

    /// <summary>The statement and every statement nested in it (branches, loop bodies), in program order.</summary>
    public static IEnumerable<Stmt> Statements(Stmt statement)
    {
        yield return statement;
        IEnumerable<Stmt> nested = statement switch
        {
            IfStmt branch => Concat(branch.Then, branch.Else),
            LoopStmt loop => loop.Body,
            BlockStmt block => block.Statements,
            _ => System.Array.Empty<Stmt>(),
        };
        foreach (Stmt inner in nested)
        {
            foreach (Stmt each in Statements(inner))
            {
                yield return each;
            }
        }
    }

    /// <summary>Every statement of a body, nested ones included, in program order.</summary>
    public static IEnumerable<Stmt> Statements(IEnumerable<Stmt> body)
    {
        foreach (Stmt statement in body)
        {
            foreach (Stmt each in Statements(statement))
            {
                yield return each;
            }
        }
    }

    /// <summary>The expressions a statement evaluates itself (not those of nested statements).</summary>
    public static IEnumerable<Expr> OwnExpressions(Stmt statement) => statement switch
    {
        AssignStmt assignment => new[] { assignment.Value },
        ElementAssignStmt element => new[] { element.Array, element.Index, element.Value },
        ExpressionStmt expression => new[] { expression.Expression },
        ThrowStmt thrown => new[] { thrown.Exception },
        IfStmt branch => new[] { branch.Condition },
        LoopStmt loop => new[] { loop.Condition },
        _ => System.Array.Empty<Expr>(),
    };

    /// <summary>Adds the name of every variable the expression mentions.</summary>
    public static void AddVariables(Expr expression, HashSet<string> output)
    {
        foreach (Expr node in Nodes(expression))
        {
            if (node is VariableExpr variable)
            {
                output.Add(variable.Name);
            }
        }
    }

    /// <summary>Adds every variable a statement reads or assigns, its nested statements included.</summary>
    public static void AddMentions(Stmt statement, HashSet<string> output)
    {
        foreach (Stmt each in Statements(statement))
        {
            if (each is AssignStmt assignment)
            {
                output.Add(assignment.Target);
            }

            foreach (Expr expression in OwnExpressions(each))
            {
                AddVariables(expression, output);
            }
        }
    }

    /// <summary>
    /// Whether the call is a derivative rule's intrinsic or a <c>System.Math</c>/<c>MathF</c> function given
    /// values only (no <c>ref</c>, no arrays): running it again gives the same result and changes nothing.
    /// </summary>
    public static bool IsPureMath(CallExpr call)
    {
        if (call.Receiver is not null
            || !(call.Kind == CallKind.Intrinsic
                 || call.Target.StartsWith("global::System.Math.", System.StringComparison.Ordinal)
                 || call.Target.StartsWith("global::System.MathF.", System.StringComparison.Ordinal)))
        {
            return false;
        }

        foreach (Argument argument in call.Arguments)
        {
            if (argument.RefPrefix.Length > 0 || argument.Value.Type.Kind == ValueKind.Array)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the expression calls anything but <see cref="IsPureMath"/> functions, or creates an object: run twice, it may not give the same value.</summary>
    public static bool CallsBeyondMath(Expr expression)
    {
        foreach (Expr node in Nodes(expression))
        {
            if (node is NewArrayExpr or NewObjectExpr || (node is CallExpr call && !IsPureMath(call)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the expression calls anything or creates an object: evaluating it twice may not give the same value twice.</summary>
    public static bool HasCall(Expr expression)
    {
        foreach (Expr node in Nodes(expression))
        {
            if (node is CallExpr or NewArrayExpr or NewObjectExpr)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the expression mentions the variable <paramref name="name"/>.</summary>
    public static bool Mentions(Expr expression, string name)
    {
        foreach (Expr node in Nodes(expression))
        {
            if (node is VariableExpr variable && variable.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the statement (or one nested in it) reads or assigns the variable <paramref name="name"/>.</summary>
    public static bool Mentions(Stmt statement, string name)
    {
        foreach (Stmt each in Statements(statement))
        {
            if (each is AssignStmt assignment && assignment.Target == name)
            {
                return true;
            }

            foreach (Expr expression in OwnExpressions(each))
            {
                if (Mentions(expression, name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<Stmt> Concat(IEnumerable<Stmt> first, IEnumerable<Stmt> second)
    {
        foreach (Stmt statement in first)
        {
            yield return statement;
        }

        foreach (Stmt statement in second)
        {
            yield return statement;
        }
    }
}
