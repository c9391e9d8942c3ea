using System.Collections.Generic;
using System.Linq;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Lowering;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// Scalar promotion in the reverse sweep's loops: an element <c>a[i]</c> that a loop reads or
/// accumulates into at an index the loop never changes lives in a local for the loop's duration —
/// loaded once before, stored once after. Reverse sweeps of column-wise products
/// (<c>zBar[col] += yBar[row] * L[row, col]</c> over rows) otherwise chain every iteration through
/// memory, because the JIT cannot prove that the other arrays written in the loop do not alias.
/// </summary>
/// <remarks>
/// Only arrays no other name can reach qualify: local arrays (created once with <c>new</c> or
/// <c>stackalloc</c>, never aliased — see <c>BodyLowering.CheckArrayLocal</c>), their pooled adjoints,
/// and in a Gradient the caller's gradient spans (checked on entry not to overlap one another). Inside
/// the loop every mention of the array must be an element access at that one index (or its
/// <c>Length</c>); a call receiving the array, or the element by <c>ref</c> (a callee's pullback),
/// or another index, keeps it in memory. The load is valid because the loop body
/// reads or writes the element unconditionally on every iteration, and it only runs when the loop
/// does. The operations on the local are those the loop did on the element, in the same order, so
/// results are bit-identical.
/// </remarks>
internal static class ScalarPromotion
{
    public static List<Stmt> Apply(IEnumerable<Stmt> statements, IReadOnlyCollection<string> candidates, NameScope names)
    {
        var promotable = new HashSet<string>(candidates);
        return promotable.Count == 0 ? statements.ToList() : RewriteLoops(statements, promotable, names);
    }

    /// <summary>Rebuilds only the statements that contain loops, innermost loops first.</summary>
    private static List<Stmt> RewriteLoops(IEnumerable<Stmt> statements, HashSet<string> promotable, NameScope names)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            output.Add(statement switch
            {
                RepeatStmt loop => Promote(loop with { Body = RewriteLoops(loop.Body, promotable, names).ToEquatableArray() }, promotable, names),
                LoopStmt loop => loop with { Body = RewriteLoops(loop.Body, promotable, names).ToEquatableArray() },
                IfStmt branch => branch with
                {
                    Then = RewriteLoops(branch.Then, promotable, names).ToEquatableArray(),
                    Else = RewriteLoops(branch.Else, promotable, names).ToEquatableArray(),
                },
                _ => statement,
            });
        }

        return output;
    }

    /// <summary>
    /// Rewrites one loop (its nested loops were already rewritten): loop-invariant elements here,
    /// elements shared by consecutive iterations in <see cref="SlidingElements"/>. The loads and stores
    /// around the loop run only when it does.
    /// </summary>
    private static Stmt Promote(RepeatStmt loop, HashSet<string> promotable, NameScope names)
    {
        // Most loops touch no qualifying array: one walk decides, before any analysis.
        var candidates = new HashSet<string>(
            SweepWalk.AllStatements(loop.Body).SelectMany(statement => SweepWalk.OwnExpressions(statement)).SelectMany(IrWalk.Nodes)
                .OfType<VariableExpr>().Select(variable => variable.Name).Where(promotable.Contains));
        if (candidates.Count == 0)
        {
            return loop;
        }

        var assigned = new HashSet<string>(SweepWalk.AllStatements(loop.Body).SelectMany(SweepWalk.AssignedNames)) { loop.Counter };
        if (ContainsReturn(loop.Body) || !IsInvariant(loop.Count, assigned))
        {
            return loop;
        }

        var before = new List<Stmt>();
        var after = new List<Stmt>();
        RepeatStmt rewritten = PromoteInvariantElements(loop, assigned, candidates, names, before, after);
        rewritten = SlidingElements.Slide(rewritten, candidates, names, before, after);
        if (before.Count == 0)
        {
            return rewritten;
        }

        var block = new List<Stmt>(before) { rewritten };
        block.AddRange(after);
        var runs = new BinaryExpr(TypeRef.Boolean, ">", loop.Count, new LiteralExpr(TypeRef.Int32, "0"));
        return new IfStmt(runs, block.ToEquatableArray(), EquatableArray<Stmt>.Empty, null);
    }

    private static RepeatStmt PromoteInvariantElements(
        RepeatStmt loop, HashSet<string> assigned, HashSet<string> promotable, NameScope names, List<Stmt> before, List<Stmt> after)
    {
        var promoted = new HashSet<string>();
        EquatableArray<Stmt> body = loop.Body;
        foreach ((VariableExpr array, Expr index, TypeRef elementType) in loop.Body.SelectMany(TopLevelElements))
        {
            if (!promotable.Contains(array.Name)
                || promoted.Contains(array.Name)
                || !IsInvariant(index, assigned)
                || !OnlyAccessedAt(body, array.Name, index, out bool written))
            {
                continue;
            }

            promoted.Add(array.Name);

            string local = names.Fresh(array.Name + "Element");
            before.Add(new DeclareStmt(elementType, local, new ElementExpr(elementType, array, index, IsForwardChecked: true)));
            if (written)
            {
                after.Add(new ElementAssignStmt(array, index, elementType, new VariableExpr(elementType, local), null, IsForwardChecked: true));
            }

            body = Replace(body, array.Name, index, new VariableExpr(elementType, local)).ToEquatableArray();
        }

        return loop with { Body = body };
    }

    /// <summary>The array elements a top-level statement of the body reads or writes unconditionally, with their types.</summary>
    private static IEnumerable<(VariableExpr Array, Expr Index, TypeRef ElementType)> TopLevelElements(Stmt statement)
    {
        switch (statement)
        {
            case AccumulateElementStmt { Array: VariableExpr array } accumulation:
                yield return (array, accumulation.Index, accumulation.Value.Type);
                break;
            case ElementAssignStmt { Array: VariableExpr array } element:
                yield return (array, element.Index, element.ElementType);
                break;
        }

        // Reads in expressions the statement always evaluates (not under && or ?:).
        foreach (Expr expression in SweepWalk.AlwaysEvaluated(statement))
        {
            foreach (Expr node in SweepWalk.UnconditionalNodes(expression))
            {
                if (node is ElementExpr { Array: VariableExpr array } element)
                {
                    yield return (array, element.Index, element.Type);
                }
            }
        }
    }

    /// <summary>
    /// True when every mention of <paramref name="array"/> in the body is an element access at
    /// <paramref name="index"/> or its <c>Length</c>; <paramref name="written"/> tells whether one writes.
    /// </summary>
    private static bool OnlyAccessedAt(IEnumerable<Stmt> body, string array, Expr index, out bool written)
    {
        written = false;
        foreach (Stmt statement in SweepWalk.AllStatements(body))
        {
            switch (statement)
            {
                case AccumulateElementStmt accumulation when IsArray(accumulation.Array, array):
                    if (!accumulation.Index.Equals(index))
                    {
                        return false;
                    }

                    written = true;
                    break;
                case ElementAssignStmt element when IsArray(element.Array, array):
                    if (!element.Index.Equals(index))
                    {
                        return false;
                    }

                    written = true;
                    break;
            }

            foreach (Expr expression in SweepWalk.OwnExpressions(statement, exceptTarget: array))
            {
                if (!OnlyElementReadsAt(expression, array, index))
                {
                    return false;
                }

                // A pullback adding into the element through ref would make the local address-taken,
                // which keeps the JIT from holding it (or any loop variable near it) in a register.
                if (SweepWalk.PassesElementByReference(expression, array))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool OnlyElementReadsAt(Expr expression, string array, Expr index) => expression switch
    {
        VariableExpr variable => variable.Name != array,
        ElementExpr element when IsArray(element.Array, array) => element.Index.Equals(index),
        InstanceMemberExpr { Member: "Length", Receiver: VariableExpr } => true,
        _ => IrWalk.Children(expression).All(child => OnlyElementReadsAt(child, array, index)),
    };

    private static bool IsArray(Expr expression, string? array) => expression is VariableExpr variable && variable.Name == array;

    /// <summary>Rewrites every access to <c>array[index]</c> in the body into the local.</summary>
    private static List<Stmt> Replace(IEnumerable<Stmt> body, string array, Expr index, VariableExpr local) => IrRewriter.Rewrite(
        body,
        expression => expression is ElementExpr element && IsArray(element.Array, array) ? local : expression,
        statement => statement switch
        {
            AccumulateElementStmt accumulation when IsArray(accumulation.Array, array) => new AccumulateStmt(local.Name, accumulation.Value),
            ElementAssignStmt element when IsArray(element.Array, array) => new AssignStmt(local.Name, local.Type, element.Value, null),
            _ => statement,
        });

    /// <summary>An index the loop cannot change: variables, literals, arithmetic and lengths, none of them assigned in the body.</summary>
    private static bool IsInvariant(Expr expression, HashSet<string> assigned) => expression switch
    {
        VariableExpr variable => !assigned.Contains(variable.Name),
        LiteralExpr => true,
        InstanceMemberExpr { Member: "Length", Receiver: VariableExpr } => true,
        UnaryExpr or BinaryExpr or ConvertExpr => IrWalk.Children(expression).All(child => IsInvariant(child, assigned)),
        _ => false,
    };

    private static bool ContainsReturn(IEnumerable<Stmt> body) => SweepWalk.AllStatements(body).Any(statement => statement is ReturnStmt or BreakStmt or ContinueStmt);
}
