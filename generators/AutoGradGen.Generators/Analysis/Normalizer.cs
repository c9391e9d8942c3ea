using System.Collections.Generic;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Analysis;

/// <summary>
/// Puts a lowered body into the shape the reverse transform expects: blocks flattened, and every
/// <c>return e;</c> turned into an assignment to one result variable at the end of its path. A
/// statement after an <c>if</c> that may return is moved into the branches that fall through, so
/// control flow stays structured (no flags, no jumps) and the reverse sweep mirrors it exactly.
/// </summary>
internal static class Normalizer
{
    public static List<Stmt> Normalize(IReadOnlyList<Stmt> body, string resultVariable, TypeRef resultType)
        => NormalizeList(Flatten(body), resultVariable, resultType);

    private static List<Stmt> NormalizeList(IReadOnlyList<Stmt> statements, string result, TypeRef resultType)
    {
        var output = new List<Stmt>();
        for (int i = 0; i < statements.Count; i++)
        {
            switch (statements[i])
            {
                case ReturnStmt ret:
                    output.Add(new AssignStmt(result, resultType, Ir.Convert(ret.Value!, resultType), ret.Source));
                    return output; // whatever follows is unreachable

                case ThrowStmt thrown:
                    output.Add(thrown);
                    return output;

                case IfStmt branch when MayExit(branch):
                    // The rest of the list runs only where a branch falls through: move it there.
                    var rest = new List<Stmt>();
                    for (int j = i + 1; j < statements.Count; j++)
                    {
                        rest.Add(statements[j]);
                    }

                    output.Add(new IfStmt(
                        branch.Condition,
                        NormalizeList(Concat(Flatten(branch.Then), rest), result, resultType).ToEquatableArray(),
                        NormalizeList(Concat(Flatten(branch.Else), rest), result, resultType).ToEquatableArray(),
                        branch.Source));
                    return output;

                case IfStmt branch:
                    output.Add(new IfStmt(
                        branch.Condition,
                        NormalizeList(Flatten(branch.Then), result, resultType).ToEquatableArray(),
                        NormalizeList(Flatten(branch.Else), result, resultType).ToEquatableArray(),
                        branch.Source));
                    break;

                default:
                    output.Add(statements[i]);
                    break;
            }
        }

        return output;
    }

    /// <summary>True when some path through <paramref name="statement"/> leaves the method.</summary>
    public static bool MayExit(Stmt statement) => statement switch
    {
        ReturnStmt or ThrowStmt => true,
        IfStmt branch => AnyMayExit(branch.Then) || AnyMayExit(branch.Else),
        BlockStmt block => AnyMayExit(block.Statements),
        _ => false,
    };

    private static bool AnyMayExit(IEnumerable<Stmt> statements)
    {
        foreach (Stmt statement in statements)
        {
            if (MayExit(statement))
            {
                return true;
            }
        }

        return false;
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

    private static List<Stmt> Concat(List<Stmt> first, List<Stmt> second)
    {
        var output = new List<Stmt>(first);
        output.AddRange(second);
        return output;
    }
}
