using System.Collections.Generic;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// The method's own local arrays that its Gradient and Pullback may take from
/// <c>AutoGradGen.Tapes.LocalArrays</c> and give back at the end instead of allocating: created once,
/// by <c>new T[n]</c> (an <c>int</c> length, the declared element type) at the top level of the body,
/// and unable to outlive the call — every mention is an element read or write, its <c>Length</c>, or
/// an argument (whole or sliced) for a <c>Span&lt;T&gt;</c>/<c>ReadOnlySpan&lt;T&gt;</c> parameter of a
/// <c>[Differentiable]</c> callee or registered derivative (a span cannot be kept on the heap). Passing
/// one for an array parameter or to any other method, storing it or assigning it elsewhere keeps the
/// allocation.
/// </summary>
internal static class PooledLocalArrays
{
    public static HashSet<string> Find(IReadOnlyList<Stmt> body, IReadOnlyDictionary<string, Variable> variables)
    {
        var pooled = new HashSet<string>();
        var assignments = new Dictionary<string, int>();
        foreach (Stmt statement in IrWalk.Statements(body))
        {
            if (statement is AssignStmt assignment)
            {
                assignments[assignment.Target] = assignments.TryGetValue(assignment.Target, out int count) ? count + 1 : 1;
            }
        }

        foreach (Stmt statement in body)
        {
            if (statement is AssignStmt { Value: NewArrayExpr { IsStackAlloc: false } created } creation
                && created.Length.Type == TypeRef.Int32 && created.Type.Name == creation.TargetType.Name
                && variables.TryGetValue(creation.Target, out Variable? variable)
                && variable.Role == VariableRole.Local && variable.Type.Rank == 1 && !variable.Type.IsSpan
                && assignments[creation.Target] == 1
                && StaysLocal(body, creation.Target))
            {
                pooled.Add(creation.Target);
            }
        }

        return pooled;
    }

    private static bool StaysLocal(IReadOnlyList<Stmt> body, string array)
    {
        foreach (Stmt statement in IrWalk.Statements(body))
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    if (!StaysLocal(assignment.Value, array))
                    {
                        return false;
                    }

                    break;
                case ElementAssignStmt element:
                    if (!(element.Array is VariableExpr target && target.Name == array || StaysLocal(element.Array, array))
                        || !StaysLocal(element.Index, array) || !StaysLocal(element.Value, array))
                    {
                        return false;
                    }

                    break;
                default:
                    foreach (Expr expression in IrWalk.OwnExpressions(statement))
                    {
                        if (!StaysLocal(expression, array))
                        {
                            return false;
                        }
                    }

                    break;
            }
        }

        return true;
    }

    private static bool StaysLocal(Expr expression, string array)
    {
        switch (expression)
        {
            case VariableExpr variable:
                return variable.Name != array;
            case ElementExpr { Array: VariableExpr target } element when target.Name == array:
                return StaysLocal(element.Index, array);
            case InstanceMemberExpr { Receiver: VariableExpr target, Member: "Length" } when target.Name == array:
                return true;
            case CallExpr { Kind: CallKind.Differentiable, Callee: { } callee } call:
                for (int i = 0; i < call.Arguments.Count; i++)
                {
                    Argument argument = call.Arguments[i];
                    bool toSpan = i < callee.ParameterIsSpan.Count && callee.ParameterIsSpan[i];
                    bool handedOver = toSpan && argument.RefPrefix.Length == 0 && argument.Value switch
                    {
                        VariableExpr passed => passed.Name == array,
                        SliceExpr { Array: VariableExpr sliced } slice => sliced.Name == array && StaysLocal(slice.Start, array) && StaysLocal(slice.Length, array),
                        _ => false,
                    };
                    if (!handedOver && !StaysLocal(argument.Value, array))
                    {
                        return false;
                    }
                }

                return call.Receiver is null || StaysLocal(call.Receiver, array);
        }

        foreach (Expr child in IrWalk.Children(expression))
        {
            if (!StaysLocal(child, array))
            {
                return false;
            }
        }

        return true;
    }
}
