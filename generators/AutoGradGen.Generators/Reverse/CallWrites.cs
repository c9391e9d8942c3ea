using System.Collections.Generic;
using AutoGradGen.Generators.Analysis;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>A call at <see cref="Site"/> that may change <see cref="Array"/>, which the reverse sweep reads again, unsaved.</summary>
internal sealed record UnsavedChange(int Site, string Array);

/// <summary>
/// Arrays a call the generator cannot see into may change. Such a call gets only constant arguments
/// (AGG0007 otherwise), but the arrays it is given can still be ones the reverse sweep reads again —
/// a [NoDiff] coefficient array scaled in place, an index array sorted — and nothing in the IR shows
/// which elements change. The reverse sweep then needs them as they were before the call: the forward
/// sweep saves them whole just before it, the reverse sweep puts them back just after its own work
/// on the statement (<see cref="AdjointBuilder"/>). The same holds for the arrays a
/// <c>[Differentiable]</c> callee changes, [NoDiff] or carrying derivatives, which its pullback also
/// reads: those are put back just before the pullback runs the callee again, and once more after it.
/// </summary>
internal static class CallWrites
{
    /// <summary>
    /// The arrays (variables, slices, jagged rows, or whole jagged arrays) that opaque calls in
    /// <paramref name="expression"/> may change: arguments whose parameter lets the callee write
    /// elements, and <c>span.Clear()</c>/<c>span.Fill(v)</c>-style receivers.
    /// </summary>
    /// <remarks>
    /// A kernel's outputs and a registered callee's differentiable arrays are their pullback's business
    /// (<see cref="KeptByPullback"/>) — but a kernel call that carries no derivatives
    /// (<paramref name="isInactiveKernel"/>) runs no pullback, and the outputs it overwrites are changed
    /// like any other array.
    /// </remarks>
    public static IEnumerable<(Expr Array, CallExpr Call)> Changed(Expr expression, System.Func<CallExpr, bool>? isInactiveKernel = null)
    {
        foreach (Expr node in IrWalk.Nodes(expression))
        {
            if (node is not CallExpr { Kind: CallKind.Opaque or CallKind.Differentiable } call)
            {
                continue;
            }

            bool runsNoPullback = call.Callee is { IsKernel: true } && isInactiveKernel?.Invoke(call) == true;
            for (int i = 0; i < call.Arguments.Count; i++)
            {
                Argument argument = call.Arguments[i];
                if (call.Kind == CallKind.Differentiable && ActivityAnalysis.CarriesDerivative(call, i) && KeptByPullback(call.Callee!, i, runsNoPullback))
                {
                    continue;
                }

                if (argument.MayBeWritten && (argument.Value.Type.Kind == ValueKind.Array || MentionsArray(argument.Value)))
                {
                    // Also new Memory<T>(x) and the like: no root, so reported rather than saved.
                    yield return (Whole(argument.Value), call);
                }
            }

            if (call.Receiver is { Type.Kind: ValueKind.Array } receiver && call.Target is "Clear" or "Fill" or "SetValue" or "Initialize")
            {
                yield return (Whole(receiver), call);
            }
        }
    }

    /// <summary>
    /// Whether the arrays passed for a [Differentiable] callee's differentiable parameter are its
    /// pullback's business: a kernel keeps its outputs element by element when its pullback runs
    /// (<see cref="AdjointBuilder"/>'s kernel reverse), and a <c>[DerivativeOf]</c> registration's target
    /// is taken at its contract, leaving them as they were. Any other callee may change an array it
    /// is given (<c>v[0] *= 0.5</c>), and its pullback runs it again: the array is saved and put back
    /// like one an opaque call changes.
    /// </summary>
    private static bool KeptByPullback(DifferentiableCallee callee, int parameter, bool runsNoPullback)
        => callee.IsKernel
            ? !(runsNoPullback && parameter < callee.ParameterIsOutput.Count && callee.ParameterIsOutput[parameter])
            : callee.IsRegistered;

    private static bool MentionsArray(Expr expression)
    {
        foreach (Expr node in IrWalk.Nodes(expression))
        {
            if (node is VariableExpr { Type.Kind: ValueKind.Array })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="call"/> runs only on some evaluations of <paramref name="expression"/>:
    /// under a <c>?:</c> branch or the right operand of <c>&amp;&amp;</c>/<c>||</c>. Its array cannot be
    /// saved before the statement (the save would read it when the call does not run).
    /// </summary>
    public static bool IsConditional(Expr expression, CallExpr call)
    {
        switch (expression)
        {
            case ConditionalExpr conditional:
                return IsConditional(conditional.Condition, call) || Contains(conditional.WhenTrue, call) || Contains(conditional.WhenFalse, call);
            case BinaryExpr { Operator: "&&" or "||" } logical:
                return IsConditional(logical.Left, call) || Contains(logical.Right, call);
        }

        foreach (Expr node in IrWalk.Nodes(expression))
        {
            if (!ReferenceEquals(node, expression) && node is ConditionalExpr or BinaryExpr { Operator: "&&" or "||" } && Contains(node, call))
            {
                return IsConditional(node, call);
            }
        }

        return false;
    }

    private static bool Contains(Expr expression, CallExpr call)
    {
        foreach (Expr node in IrWalk.Nodes(expression))
        {
            if (ReferenceEquals(node, call))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>x.AsSpan()</c> as a receiver is a slice over all of <c>x</c>: saved as <c>x</c> itself.</summary>
    private static Expr Whole(Expr array)
        => array is SliceExpr { Start: LiteralExpr { Text: "0" }, Length: InstanceMemberExpr { Member: "Length", Receiver: VariableExpr owner }, Array: VariableExpr sliced } && owner.Name == sliced.Name
            ? sliced
            : array;

    /// <summary>
    /// Calls in a value that carries derivatives which may change an array the same value also reads
    /// (<c>w * x[0] * Halve(x)</c>). The reverse transform names the call's result before the statement
    /// (<see cref="ValueRecording"/>), so the read would see the changed array: reported (AGG0015), to be
    /// split by hand. Run before <see cref="ValueRecording"/>.
    /// </summary>
    public static List<UnsavedChange> ReadsBesideChanges(IEnumerable<Stmt> body, HashSet<string> varied)
    {
        var found = new List<UnsavedChange>();
        foreach (Stmt statement in IrWalk.Statements(body))
        {
            Expr? value = statement switch
            {
                AssignStmt assignment => assignment.Value,
                ElementAssignStmt element => element.Value,
                _ => null,
            };
            if (value is null || !ActivityAnalysis.IsVaried(value, varied))
            {
                continue;
            }

            if (statement is AssignStmt { TargetType.IsFloating: true, Value: ConditionalExpr })
            {
                // Lifting splits it into an if (ConditionalLifting): its condition runs first, as in C#,
                // and is minded like an if's; each branch becomes an assignment, checked once lifted.
                continue;
            }

            foreach ((Expr array, CallExpr call) in Changed(value))
            {
                // An element target's array and index are evaluated before the value, too.
                int beside = statement is ElementAssignStmt target ? Mentions(target.Array, ActivityAnalysis.RootName(array) ?? string.Empty) + Mentions(target.Index, ActivityAnalysis.RootName(array) ?? string.Empty) : 0;
                if (ActivityAnalysis.RootName(array) is { } root && Mentions(value, root) + beside > Mentions(call, root))
                {
                    found.Add(new UnsavedChange(call.Site, root));
                }
            }
        }

        return found;
    }

    /// <summary>Reads of <paramref name="name"/>'s elements in an expression (its length does not change).</summary>
    public static int Mentions(Expr expression, string name)
    {
        int count = 0;
        foreach (Expr node in IrWalk.Nodes(expression))
        {
            if (node is VariableExpr variable && variable.Name == name)
            {
                count++;
            }
            else if (node is InstanceMemberExpr { Member: "Length", Receiver: VariableExpr receiver } && receiver.Name == name)
            {
                count--;
            }
        }

        return count;
    }

    /// <summary>Whether any statement in <paramref name="statements"/> (nested ones included) has such a call.</summary>
    public static bool Any(IEnumerable<Stmt> statements, System.Func<CallExpr, bool>? isInactiveKernel = null)
    {
        foreach (Stmt statement in IrWalk.Statements(statements))
        {
            foreach (Expr expression in IrWalk.OwnExpressions(statement))
            {
                foreach ((Expr _, CallExpr _) in Changed(expression, isInactiveKernel))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
