using System;
using System.Collections.Generic;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Helpers;

/// <summary>Rebuilds statements with every call passed through a function (innermost calls first).</summary>
internal static class IrRewriter
{
    public static List<Stmt> RewriteCalls(IEnumerable<Stmt> statements, Func<CallExpr, CallExpr> rewrite)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            output.Add(statement switch
            {
                AssignStmt assignment => assignment with { Value = Rewrite(assignment.Value, rewrite) },
                ElementAssignStmt element => element with { Index = Rewrite(element.Index, rewrite), Value = Rewrite(element.Value, rewrite) },
                ExpressionStmt expression => expression with { Expression = Rewrite(expression.Expression, rewrite) },
                ThrowStmt thrown => thrown with { Exception = Rewrite(thrown.Exception, rewrite) },
                IfStmt branch => branch with
                {
                    Condition = Rewrite(branch.Condition, rewrite),
                    Then = RewriteCalls(branch.Then, rewrite).ToEquatableArray(),
                    Else = RewriteCalls(branch.Else, rewrite).ToEquatableArray(),
                },
                LoopStmt loop => loop with { Condition = Rewrite(loop.Condition, rewrite), Body = RewriteCalls(loop.Body, rewrite).ToEquatableArray() },
                _ => statement,
            });
        }

        return output;
    }

    public static Expr Rewrite(Expr expression, Func<CallExpr, CallExpr> rewrite) => expression switch
    {
        CallExpr call => rewrite(call with
        {
            Receiver = call.Receiver is null ? null : Rewrite(call.Receiver, rewrite),
            Arguments = RewriteArguments(call.Arguments, rewrite),
        }),
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
        InstanceMemberExpr member => member with { Receiver = Rewrite(member.Receiver, rewrite) },
        _ => expression,
    };

    private static EquatableArray<Argument> RewriteArguments(EquatableArray<Argument> arguments, Func<CallExpr, CallExpr> rewrite)
    {
        var output = new List<Argument>();
        foreach (Argument argument in arguments)
        {
            output.Add(argument with { Value = Rewrite(argument.Value, rewrite) });
        }

        return output.ToEquatableArray();
    }
}
