using System.Collections.Generic;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Lowering;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Analysis;

/// <summary>
/// Puts a lowered body into the shape the reverse transform expects: blocks flattened, every
/// <c>return e;</c> turned into an assignment to one result variable at the end of its path, and
/// loops without <c>break</c>/<c>continue</c>. A statement after an <c>if</c> that may leave the
/// current list is moved into the branches that fall through, so control flow stays structured and
/// the reverse sweep mirrors it exactly. Inside a loop, <c>continue</c> becomes the loop's step,
/// <c>break</c> sets a flag that the loop condition tests, and <c>return</c> sets a flag that every
/// enclosing loop and the code after it test.
/// </summary>
internal sealed class Normalizer
{
    private readonly string result;
    private readonly TypeRef resultType;
    private readonly NameScope names;
    private readonly List<Variable> variables;
    private string? returnFlag;

    private Normalizer(string result, TypeRef resultType, NameScope names, List<Variable> variables)
    {
        this.result = result;
        this.resultType = resultType;
        this.names = names;
        this.variables = variables;
    }

    public static List<Stmt> Normalize(IReadOnlyList<Stmt> body, string resultVariable, TypeRef resultType, NameScope names, List<Variable> variables)
        => new Normalizer(resultVariable, resultType, names, variables).NormalizeList(Flatten(body), null);

    /// <summary>The innermost loop being normalized: its step (run by <c>continue</c>) and break flag.</summary>
    private sealed class LoopContext
    {
        public LoopContext(IReadOnlyList<Stmt> step) => Step = step;

        public IReadOnlyList<Stmt> Step { get; }

        public string? BreakFlag { get; set; }
    }

    private List<Stmt> NormalizeList(IReadOnlyList<Stmt> statements, LoopContext? loop)
    {
        var output = new List<Stmt>();
        for (int i = 0; i < statements.Count; i++)
        {
            switch (statements[i])
            {
                case ReturnStmt ret:
                    if (ret.Value is not null)
                    {
                        output.Add(new AssignStmt(result, resultType, Ir.Convert(ret.Value, resultType), ret.Source));
                    }

                    if (loop is not null)
                    {
                        output.Add(new AssignStmt(ReturnFlag(), TypeRef.Boolean, True, null));
                    }

                    return output; // whatever follows is unreachable

                case ThrowStmt thrown:
                    output.Add(thrown);
                    return output;

                case BreakStmt:
                    loop!.BreakFlag ??= Flag("broke");
                    output.Add(new AssignStmt(loop.BreakFlag, TypeRef.Boolean, True, "break;"));
                    return output;

                case ContinueStmt:
                    output.AddRange(NormalizeList(loop!.Step, null));
                    return output;

                case IfStmt branch when MayLeave(branch):
                    // The rest of the list runs only where a branch falls through: move it there.
                    List<Stmt> rest = Rest(statements, i);
                    output.Add(new IfStmt(
                        branch.Condition,
                        NormalizeList(Concat(Flatten(branch.Then), rest), loop).ToEquatableArray(),
                        NormalizeList(Concat(Flatten(branch.Else), rest), loop).ToEquatableArray(),
                        branch.Source));
                    return output;

                case IfStmt branch:
                    output.Add(new IfStmt(
                        branch.Condition,
                        NormalizeList(Flatten(branch.Then), loop).ToEquatableArray(),
                        NormalizeList(Flatten(branch.Else), loop).ToEquatableArray(),
                        branch.Source));
                    break;

                case LoopStmt inner:
                    output.AddRange(NormalizeLoop(inner));
                    if (ContainsReturn(inner))
                    {
                        // Code after a loop that may return runs only if it did not.
                        List<Stmt> after = NormalizeList(Rest(statements, i), loop);
                        if (after.Count > 0)
                        {
                            output.Add(new IfStmt(Not(new VariableExpr(TypeRef.Boolean, ReturnFlag())), after.ToEquatableArray(), EquatableArray<Stmt>.Empty, null));
                        }

                        return output;
                    }

                    break;

                default:
                    output.Add(statements[i]);
                    break;
            }
        }

        return output;
    }

    private IEnumerable<Stmt> NormalizeLoop(LoopStmt loop)
    {
        var context = new LoopContext(Flatten(loop.Step));
        List<Stmt> body = NormalizeList(Concat(Flatten(loop.Body), context.Step), context);
        Expr condition = loop.Condition;
        var output = new List<Stmt>();
        if (context.BreakFlag is not null)
        {
            output.Add(new AssignStmt(context.BreakFlag, TypeRef.Boolean, False, null));
            condition = Ir.And(Not(new VariableExpr(TypeRef.Boolean, context.BreakFlag)), condition);
        }

        if (ContainsReturn(loop))
        {
            condition = Ir.And(Not(new VariableExpr(TypeRef.Boolean, ReturnFlag())), condition);
        }

        output.Add(new LoopStmt(condition, body.ToEquatableArray(), EquatableArray<Stmt>.Empty, loop.IsDoWhile, loop.Source));
        return output;
    }

    private static readonly Expr True = new LiteralExpr(TypeRef.Boolean, "true");
    private static readonly Expr False = new LiteralExpr(TypeRef.Boolean, "false");

    private static Expr Not(Expr e) => new UnaryExpr(TypeRef.Boolean, "!", e);

    private string ReturnFlag() => returnFlag ??= Flag("returned");

    private string Flag(string preferred)
    {
        string name = names.Fresh(preferred);
        variables.Add(new Variable(name, TypeRef.Boolean, VariableRole.Temporary, false));
        return name;
    }

    /// <summary>True when some path through <paramref name="statement"/> leaves the enclosing statement list.</summary>
    private static bool MayLeave(Stmt statement) => statement switch
    {
        ReturnStmt or ThrowStmt or BreakStmt or ContinueStmt => true,
        IfStmt branch => AnyMayLeave(branch.Then) || AnyMayLeave(branch.Else),
        BlockStmt block => AnyMayLeave(block.Statements),
        LoopStmt loop => ContainsReturn(loop),
        _ => false,
    };

    private static bool AnyMayLeave(IEnumerable<Stmt> statements)
    {
        foreach (Stmt statement in statements)
        {
            if (MayLeave(statement))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsReturn(Stmt statement) => statement switch
    {
        ReturnStmt => true,
        IfStmt branch => AnyContainsReturn(branch.Then) || AnyContainsReturn(branch.Else),
        BlockStmt block => AnyContainsReturn(block.Statements),
        LoopStmt loop => AnyContainsReturn(loop.Body),
        _ => false,
    };

    private static bool AnyContainsReturn(IEnumerable<Stmt> statements)
    {
        foreach (Stmt statement in statements)
        {
            if (ContainsReturn(statement))
            {
                return true;
            }
        }

        return false;
    }

    private static List<Stmt> Rest(IReadOnlyList<Stmt> statements, int index)
    {
        var rest = new List<Stmt>();
        for (int j = index + 1; j < statements.Count; j++)
        {
            rest.Add(statements[j]);
        }

        return rest;
    }

    private static List<Stmt> Flatten(IEnumerable<Stmt> statements)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            if (statement is BlockStmt block)
            {
                output.AddRange(Flatten(block.Statements));
            }
            else
            {
                output.Add(statement);
            }
        }

        return output;
    }

    private static List<Stmt> Concat(IReadOnlyList<Stmt> first, IReadOnlyList<Stmt> second)
    {
        var output = new List<Stmt>(first);
        output.AddRange(second);
        return output;
    }
}
