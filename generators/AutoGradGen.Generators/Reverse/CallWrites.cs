using System.Collections.Generic;
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
/// on the statement (<see cref="AdjointBuilder"/>).
/// </summary>
internal static class CallWrites
{
    /// <summary>
    /// The arrays (variables, slices, jagged rows, or whole jagged arrays) that opaque calls in
    /// <paramref name="expression"/> may change: arguments whose parameter lets the callee write
    /// elements, and <c>span.Clear()</c>/<c>span.Fill(v)</c>-style receivers.
    /// </summary>
    public static IEnumerable<(Expr Array, CallExpr Call)> Changed(Expr expression)
    {
        foreach (Expr node in IrWalk.Nodes(expression))
        {
            if (node is not CallExpr { Kind: CallKind.Opaque } call)
            {
                continue;
            }

            foreach (Argument argument in call.Arguments)
            {
                if (argument.MayBeWritten && argument.Value.Type.Kind == ValueKind.Array)
                {
                    yield return (argument.Value, call);
                }
            }

            if (call.Receiver is { Type.Kind: ValueKind.Array } receiver && call.Target is "Clear" or "Fill" or "SetValue" or "Initialize")
            {
                yield return (receiver, call);
            }
        }
    }

    /// <summary>Whether any statement in <paramref name="statements"/> (nested ones included) has such a call.</summary>
    public static bool Any(IEnumerable<Stmt> statements)
    {
        foreach (Stmt statement in IrWalk.Statements(statements))
        {
            foreach (Expr expression in IrWalk.OwnExpressions(statement))
            {
                foreach ((Expr _, CallExpr _) in Changed(expression))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
