using System.Collections.Generic;
using System.Linq;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Helpers;

/// <summary>
/// Traversals of generated sweeps (<see cref="IrWalk"/> covers the normalized source): every statement
/// kind the reverse transform emits, counted loops, accumulations and tape operations included.
/// </summary>
internal static class SweepWalk
{
    /// <summary>Every statement of a body, nested ones (branches, loops of both kinds) included.</summary>
    public static IEnumerable<Stmt> AllStatements(IEnumerable<Stmt> body)
    {
        foreach (Stmt statement in body)
        {
            yield return statement;
            IEnumerable<Stmt> nested = statement switch
            {
                IfStmt branch => branch.Then.Concat(branch.Else),
                LoopStmt loop => loop.Body.Concat(loop.Step),
                RepeatStmt repeat => repeat.Body,
                BlockStmt block => block.Statements,
                _ => System.Array.Empty<Stmt>(),
            };
            foreach (Stmt inner in AllStatements(nested))
            {
                yield return inner;
            }
        }
    }

    /// <summary>
    /// Every expression a statement evaluates itself (not its nested statements'), targets' arrays and
    /// indices included — except the array of an element write to <paramref name="exceptTarget"/>.
    /// </summary>
    public static IEnumerable<Expr> OwnExpressions(Stmt statement, string? exceptTarget = null) => statement switch
    {
        ElementAssignStmt element when element.Array is VariableExpr { Name: var name } && name == exceptTarget => new[] { element.Index, element.Value },
        AccumulateElementStmt accumulation when accumulation.Array is VariableExpr { Name: var name } && name == exceptTarget => new[] { accumulation.Index, accumulation.Value },
        AssignStmt assignment => new[] { assignment.Value },
        ElementAssignStmt element => new[] { element.Array, element.Index, element.Value },
        AccumulateStmt accumulation => new[] { accumulation.Value },
        AccumulateElementStmt accumulation => new[] { accumulation.Array, accumulation.Index, accumulation.Value },
        DeclareStmt { Initializer: { } initializer } => new[] { initializer },
        ExpressionStmt expression => new[] { expression.Expression },
        ThrowStmt thrown => new[] { thrown.Exception },
        ReturnStmt { Value: { } value } => new[] { value },
        PushStmt push => new[] { push.Value },
        ReserveStmt reserve => new[] { reserve.Count },
        IfStmt branch => new[] { branch.Condition },
        LoopStmt loop => new[] { loop.Condition },
        RepeatStmt repeat => new[] { repeat.Count },
        _ => System.Array.Empty<Expr>(),
    };

    /// <summary>The value expressions a simple statement always evaluates (not a branch's or loop's condition).</summary>
    public static IEnumerable<Expr> AlwaysEvaluated(Stmt statement) => statement switch
    {
        AssignStmt assignment => new[] { assignment.Value },
        DeclareStmt { Initializer: { } initializer } => new[] { initializer },
        AccumulateStmt accumulation => new[] { accumulation.Value },
        AccumulateElementStmt accumulation => new[] { accumulation.Value },
        ElementAssignStmt element => new[] { element.Value },
        _ => System.Array.Empty<Expr>(),
    };

    /// <summary>The children of a node that are evaluated whenever it is: not the arms of <c>?:</c> or the right of <c>&amp;&amp;</c>/<c>||</c>.</summary>
    public static IEnumerable<Expr> UnconditionalChildren(Expr expression) => expression switch
    {
        ConditionalExpr conditional => new[] { conditional.Condition },
        BinaryExpr { Operator: "&&" or "||" } logical => new[] { logical.Left },
        _ => IrWalk.Children(expression),
    };

    /// <summary>The node and every descendant evaluated whenever it is (see <see cref="UnconditionalChildren"/>).</summary>
    public static IEnumerable<Expr> UnconditionalNodes(Expr expression)
    {
        yield return expression;
        foreach (Expr child in UnconditionalChildren(expression))
        {
            foreach (Expr node in UnconditionalNodes(child))
            {
                yield return node;
            }
        }
    }

    /// <summary>Whether a call may write through the argument: passed <c>ref</c> or <c>out</c> (the IR keeps the prefix with its space).</summary>
    public static bool IsWrittenThrough(Argument argument) => argument.RefPrefix.Trim() is "ref" or "out";

    /// <summary>Whether the expression passes an element of <paramref name="array"/> to a call by <c>ref</c> or <c>out</c> (a callee's pullback adding into it).</summary>
    public static bool PassesElementByReference(Expr expression, string array)
        => IrWalk.Nodes(expression).OfType<CallExpr>().Any(call => call.Arguments.Any(
            argument => IsWrittenThrough(argument) && argument.Value is ElementExpr { Array: VariableExpr target } && target.Name == array));

    /// <summary>Names a statement assigns itself: targets, declarations, counters and <c>ref</c>/<c>out</c> arguments.</summary>
    public static IEnumerable<string> AssignedNames(Stmt statement)
    {
        switch (statement)
        {
            case AssignStmt assignment:
                yield return assignment.Target;
                break;
            case AccumulateStmt accumulation:
                yield return accumulation.Target;
                break;
            case DeclareStmt declaration:
                yield return declaration.Name;
                break;
            case RepeatStmt nested:
                yield return nested.Counter;
                break;
        }

        foreach (Expr expression in OwnExpressions(statement))
        {
            foreach (Expr node in IrWalk.Nodes(expression))
            {
                if (node is CallExpr call)
                {
                    foreach (Argument argument in call.Arguments)
                    {
                        if (IsWrittenThrough(argument) && argument.Value is VariableExpr variable)
                        {
                            yield return variable.Name;
                        }
                    }
                }
            }
        }
    }
}
