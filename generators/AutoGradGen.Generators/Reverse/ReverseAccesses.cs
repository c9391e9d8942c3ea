using System.Collections.Generic;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Lowering;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// Rewrites that make the reverse sweep's element accesses cheaper without changing what they read
/// or write: indices computed once per statement, and bounds checks the forward sweep already made.
/// </summary>
internal static class ReverseAccesses
{
    /// <summary>
    /// Marks every element access and tape pop of a reverse sweep as checked by the forward sweep.
    /// That holds by construction: the reverse sweep only indexes an array with an index value the
    /// forward sweep used on it or on its primal (restored or recomputed, never new), adjoint arrays
    /// are at least as long as their primals (checked on entry, or rented at that length), and every
    /// pop matches a push — for indices whose every input the analyses track
    /// (<paramref name="isTracked"/>: a static field a call changes is computed again with its new
    /// value, so those accesses keep their checks). The printer drops the checks when the build asks.
    /// </summary>
    public static List<Stmt> MarkForwardChecked(IEnumerable<Stmt> reverse, System.Func<Expr, bool> isTracked) => IrRewriter.Rewrite(
        reverse,
        expression => expression switch
        {
            ElementExpr element when isTracked(element.Array) && isTracked(element.Index) => element with { IsForwardChecked = true },
            PopExpr pop => pop with { IsForwardChecked = true },
            _ => expression,
        },
        statement => statement switch
        {
            ElementAssignStmt element when isTracked(element.Array) && isTracked(element.Index) => element with { IsForwardChecked = true },
            AccumulateElementStmt accumulation when isTracked(accumulation.Array) && isTracked(accumulation.Index) => accumulation with { IsForwardChecked = true },
            _ => statement,
        });

    /// <summary>
    /// In the straight-line adjoint code of one statement, computes each composite index that appears
    /// more than once (<c>c * size + d + col * (2 * d - col - 1) / 2 + row - col - 1</c> read and
    /// accumulated into) once, into a local. The JIT does not always see that the repeats are equal.
    /// </summary>
    public static List<Stmt> ShareIndices(List<Stmt> code, NameScope names)
    {
        var counts = new Dictionary<Expr, int>();
        var assigned = new HashSet<string>();
        foreach (Stmt statement in code)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    assigned.Add(assignment.Target);
                    break;
                case DeclareStmt declaration:
                    assigned.Add(declaration.Name);
                    break;
                case AccumulateStmt:
                case AccumulateElementStmt:
                case ElementAssignStmt:
                case CommentStmt:
                    break;
                default:
                    return code; // nested control flow: leave it alone
            }

            foreach (Expr index in Indices(statement))
            {
                if (IsComposite(index))
                {
                    counts[index] = counts.TryGetValue(index, out int count) ? count + 1 : 1;
                }
            }
        }

        var shared = new Dictionary<Expr, Expr>();
        var declarations = new List<Stmt>();
        foreach (KeyValuePair<Expr, int> candidate in counts)
        {
            if (candidate.Value > 1 && !ReadsAny(candidate.Key, assigned))
            {
                string name = names.Fresh("index");
                declarations.Add(new DeclareStmt(candidate.Key.Type, name, candidate.Key));
                shared[candidate.Key] = new VariableExpr(candidate.Key.Type, name);
            }
        }

        if (shared.Count == 0)
        {
            return code;
        }

        List<Stmt> rewritten = IrRewriter.Rewrite(
            code,
            expression => expression is ElementExpr element && shared.TryGetValue(element.Index, out Expr? local) ? element with { Index = local } : expression,
            statement => statement switch
            {
                ElementAssignStmt element when shared.TryGetValue(element.Index, out Expr? local) => element with { Index = local },
                AccumulateElementStmt accumulation when shared.TryGetValue(accumulation.Index, out Expr? local) => accumulation with { Index = local },
                _ => statement,
            });
        declarations.AddRange(rewritten);
        return declarations;
    }

    private static IEnumerable<Expr> Indices(Stmt statement)
    {
        switch (statement)
        {
            case ElementAssignStmt element:
                yield return element.Index;
                break;
            case AccumulateElementStmt accumulation:
                yield return accumulation.Index;
                break;
        }

        foreach (Expr root in OwnExpressions(statement))
        {
            foreach (Expr node in IrWalk.Nodes(root))
            {
                if (node is ElementExpr element)
                {
                    yield return element.Index;
                }
            }
        }
    }

    private static IEnumerable<Expr> OwnExpressions(Stmt statement) => statement switch
    {
        AssignStmt assignment => new[] { assignment.Value },
        DeclareStmt { Initializer: { } initializer } => new[] { initializer },
        AccumulateStmt accumulation => new[] { accumulation.Value },
        AccumulateElementStmt accumulation => new[] { accumulation.Array, accumulation.Value },
        ElementAssignStmt element => new[] { element.Array, element.Value },
        _ => System.Array.Empty<Expr>(),
    };

    /// <summary>Integer arithmetic on locals and constants, more than a bare name or literal.</summary>
    private static bool IsComposite(Expr index)
    {
        if (index is not (BinaryExpr or UnaryExpr or ConvertExpr))
        {
            return false;
        }

        foreach (Expr node in IrWalk.Nodes(index))
        {
            if (node is not (BinaryExpr or UnaryExpr or ConvertExpr or VariableExpr or LiteralExpr))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ReadsAny(Expr expression, HashSet<string> names)
    {
        foreach (Expr node in IrWalk.Nodes(expression))
        {
            if (node is VariableExpr variable && names.Contains(variable.Name))
            {
                return true;
            }
        }

        return false;
    }
}
