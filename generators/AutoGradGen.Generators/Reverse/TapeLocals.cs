using System.Collections.Generic;
using System.Linq;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Lowering;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// Gives every innermost loop that pushes on or pops from a tape its own copy of the tape's array and
/// count, written back after the loop. The method-wide tape variables live across both sweeps, and the
/// JIT spills such long-lived locals: the count then went through memory on every push, one store and
/// reload per iteration chained behind the previous. A copy that lives only for the loop stays in a
/// register. The values pushed and popped are the same.
/// </summary>
internal static class TapeLocals
{
    /// <param name="statements">A forward or reverse sweep.</param>
    /// <param name="tapeTypes">Each tape's variable name → the type of its array.</param>
    /// <param name="names">Fresh names for the copies.</param>
    public static List<Stmt> Apply(IEnumerable<Stmt> statements, IReadOnlyDictionary<string, TypeRef> tapeTypes, NameScope names)
        => tapeTypes.Count == 0 ? statements.ToList() : Rewrite(statements, tapeTypes, names);

    private static List<Stmt> Rewrite(IEnumerable<Stmt> statements, IReadOnlyDictionary<string, TypeRef> tapeTypes, NameScope names)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case LoopStmt or RepeatStmt when IsInnermost(statement):
                    Localize(statement, tapeTypes, names, output);
                    break;
                case LoopStmt loop:
                    output.Add(loop with { Body = Rewrite(loop.Body, tapeTypes, names).ToEquatableArray() });
                    break;
                case RepeatStmt repeat:
                    output.Add(repeat with { Body = Rewrite(repeat.Body, tapeTypes, names).ToEquatableArray() });
                    break;
                case IfStmt branch:
                    output.Add(branch with
                    {
                        Then = Rewrite(branch.Then, tapeTypes, names).ToEquatableArray(),
                        Else = Rewrite(branch.Else, tapeTypes, names).ToEquatableArray(),
                    });
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    private static bool IsInnermost(Stmt loop)
        => !SweepWalk.AllStatements(Body(loop)).Any(statement => statement is LoopStmt or RepeatStmt);

    private static IEnumerable<Stmt> Body(Stmt loop) => loop switch
    {
        LoopStmt whileLoop => whileLoop.Body.Concat(whileLoop.Step),
        RepeatStmt repeat => repeat.Body,
        _ => System.Array.Empty<Stmt>(),
    };

    private static void Localize(Stmt loop, IReadOnlyDictionary<string, TypeRef> tapeTypes, NameScope names, List<Stmt> output)
    {
        var used = new HashSet<string>(TapesUsed(loop));
        if (used.Count == 0)
        {
            output.Add(loop);
            return;
        }

        var renamed = new Dictionary<string, string>();
        var after = new List<Stmt>();
        foreach (string tape in tapeTypes.Keys.Where(used.Contains).OrderBy(name => name, System.StringComparer.Ordinal))
        {
            string local = FreshTapeName(tape + "Local", names);
            renamed.Add(tape, local);
            TypeRef type = tapeTypes[tape];
            output.Add(new DeclareStmt(type, local, new VariableExpr(type, tape)));
            output.Add(new DeclareStmt(TypeRef.Int32, local + "Count", new VariableExpr(TypeRef.Int32, tape + "Count")));
            after.Add(new AssignStmt(tape, type, new VariableExpr(type, local), null));
            after.Add(new AssignStmt(tape + "Count", TypeRef.Int32, new VariableExpr(TypeRef.Int32, local + "Count"), null));
        }

        output.AddRange(IrRewriter.Rewrite(
            new[] { loop },
            expression => expression is PopExpr pop && renamed.TryGetValue(pop.Tape, out string? local) ? pop with { Tape = local } : expression,
            statement => statement switch
            {
                PushStmt push when renamed.TryGetValue(push.Tape, out string? local) => push with { Tape = local },
                ReserveStmt reserve when renamed.TryGetValue(reserve.Tape, out string? local) => reserve with { Tape = local },
                _ => statement,
            }));
        output.AddRange(after);
    }

    private static IEnumerable<string> TapesUsed(Stmt loop)
    {
        foreach (Stmt statement in SweepWalk.AllStatements(new[] { loop }))
        {
            switch (statement)
            {
                case PushStmt push:
                    yield return push.Tape;
                    break;
                case ReserveStmt reserve:
                    yield return reserve.Tape;
                    break;
            }

            foreach (Expr expression in SweepWalk.OwnExpressions(statement))
            {
                foreach (Expr node in IrWalk.Nodes(expression))
                {
                    if (node is PopExpr pop)
                    {
                        yield return pop.Tape;
                    }
                }
            }
        }
    }

    /// <summary>A name free together with its <c>…Count</c> companion.</summary>
    private static string FreshTapeName(string preferred, NameScope names)
    {
        string name = names.Fresh(preferred);
        while (names.IsUsed(name + "Count"))
        {
            name = names.Fresh(preferred);
        }

        names.Reserve(name + "Count");
        return name;
    }
}
