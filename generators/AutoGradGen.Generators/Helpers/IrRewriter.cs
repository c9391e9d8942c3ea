using System;
using System.Collections.Generic;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Helpers;

/// <summary>
/// Rebuilds statements and expressions bottom-up: every expression is passed through a function after
/// its children were rewritten, every statement after its expressions and nested statements were.
/// </summary>
internal static class IrRewriter
{
    /// <summary>Rewrites every call (innermost first), leaving everything else as it is.</summary>
    public static List<Stmt> RewriteCalls(IEnumerable<Stmt> statements, Func<CallExpr, CallExpr> rewrite)
        => Rewrite(statements, expression => expression is CallExpr call ? rewrite(call) : expression, statement => statement);

    /// <summary>Rewrites every expression with <paramref name="expression"/>, then every statement with <paramref name="statement"/>.</summary>
    public static List<Stmt> Rewrite(IEnumerable<Stmt> statements, Func<Expr, Expr> expression, Func<Stmt, Stmt> statement)
    {
        var output = new List<Stmt>();
        foreach (Stmt each in statements)
        {
            output.Add(statement(RewriteParts(each, expression, statement)));
        }

        return output;
    }

    private static Stmt RewriteParts(Stmt statement, Func<Expr, Expr> e, Func<Stmt, Stmt> s) => statement switch
    {
        AssignStmt assignment => assignment with { Value = Rewrite(assignment.Value, e) },
        ElementAssignStmt element => element with { Array = Rewrite(element.Array, e), Index = Rewrite(element.Index, e), Value = Rewrite(element.Value, e) },
        AccumulateStmt accumulation => accumulation with { Value = Rewrite(accumulation.Value, e) },
        AccumulateElementStmt accumulation => accumulation with { Array = Rewrite(accumulation.Array, e), Index = Rewrite(accumulation.Index, e), Value = Rewrite(accumulation.Value, e) },
        DeclareStmt declaration => declaration with { Initializer = declaration.Initializer is null ? null : Rewrite(declaration.Initializer, e) },
        ExpressionStmt expression => expression with { Expression = Rewrite(expression.Expression, e) },
        ThrowStmt thrown => thrown with { Exception = Rewrite(thrown.Exception, e) },
        ReturnStmt returned => returned with { Value = returned.Value is null ? null : Rewrite(returned.Value, e) },
        PushStmt push => push with { Value = Rewrite(push.Value, e) },
        ReserveStmt reserve => reserve with { Count = Rewrite(reserve.Count, e) },
        IfStmt branch => branch with
        {
            Condition = Rewrite(branch.Condition, e),
            Then = Rewrite(branch.Then, e, s).ToEquatableArray(),
            Else = Rewrite(branch.Else, e, s).ToEquatableArray(),
        },
        LoopStmt loop => loop with
        {
            Condition = Rewrite(loop.Condition, e),
            Body = Rewrite(loop.Body, e, s).ToEquatableArray(),
            Step = Rewrite(loop.Step, e, s).ToEquatableArray(),
        },
        RepeatStmt repeat => repeat with { Count = Rewrite(repeat.Count, e), Body = Rewrite(repeat.Body, e, s).ToEquatableArray() },
        BlockStmt block => block with { Statements = Rewrite(block.Statements, e, s).ToEquatableArray() },
        _ => statement,
    };

    /// <summary>Rewrites an expression's children, then passes the rebuilt node through <paramref name="rewrite"/>.</summary>
    public static Expr Rewrite(Expr expression, Func<Expr, Expr> rewrite) => rewrite(expression switch
    {
        CallExpr call => call with
        {
            Receiver = call.Receiver is null ? null : Rewrite(call.Receiver, rewrite),
            Arguments = RewriteArguments(call.Arguments, rewrite),
        },
        UnaryExpr unary => unary with { Operand = Rewrite(unary.Operand, rewrite) },
        BinaryExpr binary => binary with { Left = Rewrite(binary.Left, rewrite), Right = Rewrite(binary.Right, rewrite) },
        ConditionalExpr conditional => conditional with
        {
            Condition = Rewrite(conditional.Condition, rewrite),
            WhenTrue = Rewrite(conditional.WhenTrue, rewrite),
            WhenFalse = Rewrite(conditional.WhenFalse, rewrite),
        },
        ConvertExpr conversion => conversion with { Operand = Rewrite(conversion.Operand, rewrite) },
        ElementExpr element => element with { Array = Rewrite(element.Array, rewrite), Index = Rewrite(element.Index, rewrite) },
        SliceExpr slice => slice with { Array = Rewrite(slice.Array, rewrite), Start = Rewrite(slice.Start, rewrite), Length = Rewrite(slice.Length, rewrite) },
        NewArrayExpr creation => creation with { Length = Rewrite(creation.Length, rewrite) },
        InstanceMemberExpr member => member with { Receiver = Rewrite(member.Receiver, rewrite) },
        NewObjectExpr creation => creation with { Arguments = RewriteArguments(creation.Arguments, rewrite) },
        _ => expression,
    });

    private static EquatableArray<Argument> RewriteArguments(EquatableArray<Argument> arguments, Func<Expr, Expr> rewrite)
    {
        var output = new List<Argument>();
        foreach (Argument argument in arguments)
        {
            output.Add(argument with { Value = Rewrite(argument.Value, rewrite) });
        }

        return output.ToEquatableArray();
    }
}
