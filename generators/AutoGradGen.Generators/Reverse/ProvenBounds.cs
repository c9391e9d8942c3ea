using System.Collections.Generic;
using System.Globalization;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// Element accesses of the forward sweep that cannot be out of range, so that optimized builds read
/// and write them without a bounds check (<see cref="ElementExpr.IsForwardChecked"/>): in a loop
/// <c>i = s; while (i &lt; limit) { …; i = i + 1; }</c> with a literal start <c>s ≥ 0</c>, the counter
/// changed by nothing but that last step, and an array or span whose length is provably
/// <c>limit</c> (a local <c>new T[limit]</c> whose length inputs never change, or <c>limit</c> being
/// <c>a.Length</c>), the elements <c>a[i]</c> and <c>a[i − k]</c> for a literal <c>k ≤ s</c> lie in
/// <c>[0, a.Length)</c> wherever the body runs. The JIT cannot see that a local's length equals a
/// variable like <c>n</c>, so it checks them on every access; the original method keeps its checks.
/// </summary>
internal static class ProvenBounds
{
    /// <summary>
    /// Marks the proven accesses in <paramref name="emittedBody"/> (the loop's forward code) when
    /// <paramref name="loop"/>, preceded by <paramref name="previous"/>, has the counted shape.
    /// </summary>
    public static List<Stmt> Mark(LoopStmt loop, Stmt? previous, List<Stmt> emittedBody, System.Func<string, Expr, bool> isLengthOf)
    {
        if (CountedLoopShape.Of(previous, loop) is not { } shape)
        {
            return emittedBody;
        }

        string counter = shape.Counter;
        int first = shape.Start;
        Expr limit = shape.Limit;

        // Every access marked runs before the step: the emitted body must end with it too.
        if (emittedBody.Count == 0 || emittedBody[emittedBody.Count - 1] is not AssignStmt { Target: var stepped } || stepped != counter)
        {
            return emittedBody;
        }

        var writes = new HashSet<string>();
        for (int k = 0; k < loop.Body.Count - 1; k++)
        {
            IndependentIterations.Writes(loop.Body[k], writes);
        }

        if (writes.Contains(counter))
        {
            return emittedBody;
        }

        var proven = new Dictionary<string, bool>();
        bool InRange(Expr array, Expr index)
        {
            if (array is not VariableExpr { Type.Kind: ValueKind.Array } target || !IndexInRange(index, counter, first))
            {
                return false;
            }

            if (!proven.TryGetValue(target.Name, out bool known))
            {
                proven[target.Name] = known = isLengthOf(target.Name, limit);
            }

            return known;
        }

        return IrRewriter.Rewrite(
            emittedBody,
            expression => expression is ElementExpr { IsForwardChecked: false } element && InRange(element.Array, element.Index)
                ? element with { IsForwardChecked = true }
                : expression,
            statement => statement is ElementAssignStmt { IsForwardChecked: false } element && InRange(element.Array, element.Index)
                ? element with { IsForwardChecked = true }
                : statement);
    }

    /// <summary><c>i</c>, or <c>i − k</c> with <c>k</c> a literal no larger than the start.</summary>
    private static bool IndexInRange(Expr index, string counter, int first) => index switch
    {
        VariableExpr variable => variable.Name == counter,
        BinaryExpr { Operator: "-", Left: VariableExpr variable, Right: LiteralExpr offset }
            => variable.Name == counter
               && int.TryParse(offset.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k <= first,
        _ => false,
    };
}
