using System.Collections.Generic;
using AutoGradGen.Generators.Analysis;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// A top-level loop whose iterations share nothing but one floating sum they add to
/// (<see cref="Accumulator"/>): a sum over points, samples or residuals. <see cref="CoreLength"/>
/// statements of its body are the iteration proper, the rest step its counters. <see cref="Private"/>
/// names what an iteration writes besides the sum and the counters: each iteration writes it before
/// reading it and nothing outside the loop mentions it (an array's creation before the loop aside).
/// </summary>
internal sealed record IndependentLoop(LoopStmt Loop, string Accumulator, int CoreLength, HashSet<string> Private);

/// <summary>
/// Finds loops with independent iterations (Tapenade's II-loops) that reduce into one sum. The
/// reverse of such a loop is linear in the sum's adjoint, so each iteration can be differentiated
/// right after it runs with a unit seed, and the reverse sweep only scales the collected partials.
/// </summary>
/// <remarks>
/// What must hold, checked here: every variable the body writes is the sum, a counter stepped at the
/// end of the body (read nowhere before the loop), or private; the sum only grows by terms that do not
/// read it (<c>s = s + e</c>, <c>s = e + s</c>, <c>s = s − e</c>) and is read nowhere else in the loop; a
/// private scalar is mentioned nowhere outside the loop (C#'s definite assignment then guarantees a
/// write before every read of an iteration); a private array is a local created once before the loop
/// with a length that does not change, mentioned nowhere else outside it, whose first mention in an
/// iteration is a loop writing all its elements (<c>for (j = 0; j &lt; n; j++) a[j] = e</c>, <c>e</c> not
/// reading <c>a</c>, and only <c>a[j]</c> mentioned after that write), or a loop whose every iteration
/// starts that way and after which the array is not mentioned. The condition reads no private
/// value. Jagged arrays and kernel calls keep the ordinary reverse.
/// </remarks>
internal static class IndependentIterations
{
    public static IndependentLoop? Examine(
        IReadOnlyList<Stmt> body,
        int index,
        IReadOnlyDictionary<string, Variable> variables,
        System.Func<string, bool> isActive,
        System.Func<string, Expr, bool> isLengthOf)
    {
        if (body[index] is not LoopStmt loop)
        {
            return null;
        }

        // Trailing steps: i = i ± c on integers.
        int coreLength = loop.Body.Count;
        var counters = new HashSet<string>();
        while (coreLength > 0 && loop.Body[coreLength - 1] is AssignStmt step && IsIntegerStep(step))
        {
            counters.Add(step.Target);
            coreLength--;
        }

        if (counters.Count == 0)
        {
            return null;
        }

        var core = new List<Stmt>();
        for (int k = 0; k < coreLength; k++)
        {
            core.Add(loop.Body[k]);
        }

        var inside = new HashSet<string>();
        IrWalk.AddMentions(loop, inside);
        foreach (string name in inside)
        {
            if (variables.TryGetValue(name, out Variable? variable) && variable.Type.Rank > 1)
            {
                return null;
            }
        }

        foreach (Stmt statement in IrWalk.Statements(core))
        {
            if (statement is ExpressionStmt { Expression: CallExpr { Callee.IsKernel: true } })
            {
                return null;
            }
        }

        if (CallWrites.Any(loop.Body))
        {
            return null; // a call may change arrays other iterations read: kept in one sweep, saved whole
        }

        var before = new HashSet<string>();
        var readBefore = new HashSet<string>();
        for (int k = 0; k < index; k++)
        {
            IrWalk.AddMentions(body[k], before);
            Reads(body[k], readBefore);
        }

        var after = new HashSet<string>();
        for (int k = index + 1; k < body.Count; k++)
        {
            IrWalk.AddMentions(body[k], after);
        }

        var written = new HashSet<string>();
        foreach (Stmt statement in core)
        {
            Writes(statement, written);
        }

        foreach (string counter in counters)
        {
            if (written.Contains(counter) || readBefore.Contains(counter))
            {
                return null;
            }
        }

        string? accumulator = null;
        var privateNames = new HashSet<string>();
        foreach (string name in written)
        {
            if (!variables.TryGetValue(name, out Variable? variable))
            {
                return null;
            }

            if (!before.Contains(name) && !after.Contains(name) && variable.Role != VariableRole.Parameter)
            {
                privateNames.Add(name);
            }
            else if (variable.Type.Kind == ValueKind.Array)
            {
                if (!IsPrivateArray(body, index, core, variable, isLengthOf))
                {
                    return null;
                }

                privateNames.Add(name);
            }
            else if (accumulator is null && variable.Type.IsFloating && isActive(name) && IsSum(core, name))
            {
                accumulator = name;
            }
            else
            {
                return null;
            }
        }

        var condition = new HashSet<string>();
        IrWalk.AddVariables(loop.Condition, condition);
        if (accumulator is null || condition.Overlaps(written))
        {
            return null;
        }

        return new IndependentLoop(loop, accumulator, coreLength, privateNames);
    }

    private static bool IsIntegerStep(AssignStmt step)
        => step.TargetType.Kind == ValueKind.Integral
           && step.Value is BinaryExpr { Operator: "+" or "-", Left: VariableExpr self, Right: LiteralExpr } sum
           && sum.Type == step.TargetType && self.Name == step.Target;

    /// <summary>Every write of <paramref name="name"/> adds a term not reading it, and nothing else in the loop mentions it.</summary>
    private static bool IsSum(IReadOnlyList<Stmt> core, string name)
    {
        foreach (Stmt statement in IrWalk.Statements(core))
        {
            if (statement is AssignStmt assignment && assignment.Target == name)
            {
                if (Term(assignment.Value, name) is not { } term || IrWalk.Mentions(term, name))
                {
                    return false;
                }

                continue;
            }

            foreach (Expr expression in IrWalk.OwnExpressions(statement))
            {
                if (IrWalk.Mentions(expression, name))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static Expr? Term(Expr value, string name) => value switch
    {
        BinaryExpr { Operator: "+" or "-", Left: VariableExpr left } sum when left.Name == name => sum.Right,
        BinaryExpr { Operator: "+", Right: VariableExpr right } sum when right.Name == name => sum.Left,
        _ => null,
    };

    /// <summary>A local array created once before the loop, mentioned nowhere else outside it, written whole before each iteration reads it.</summary>
    private static bool IsPrivateArray(IReadOnlyList<Stmt> body, int index, IReadOnlyList<Stmt> core, Variable array, System.Func<string, Expr, bool> isLengthOf)
    {
        if (array.Role != VariableRole.Local || array.Type.Rank != 1)
        {
            return false;
        }

        int creations = 0;
        for (int k = 0; k < body.Count; k++)
        {
            if (k == index || !IrWalk.Mentions(body[k], array.Name))
            {
                continue;
            }

            if (k > index || body[k] is not AssignStmt { Value: NewArrayExpr } created || created.Target != array.Name)
            {
                return false;
            }

            creations++;
        }

        foreach (Stmt statement in IrWalk.Statements(core))
        {
            if (statement is AssignStmt reassigned && reassigned.Target == array.Name)
            {
                return false;
            }
        }

        return creations == 1 && WrittenBeforeRead(core, array.Name, isLengthOf);
    }

    /// <summary>The first statement mentioning the array writes all of it first, or is a loop each of whose iterations does and after which nothing mentions it.</summary>
    private static bool WrittenBeforeRead(IReadOnlyList<Stmt> statements, string array, System.Func<string, Expr, bool> isLengthOf)
    {
        for (int k = 0; k < statements.Count; k++)
        {
            if (!IrWalk.Mentions(statements[k], array))
            {
                continue;
            }

            if (statements[k] is not LoopStmt loop || !OnlyElementsAt(loop.Condition, array, string.Empty))
            {
                return false;
            }

            if (WritesWhole(statements, k, array, isLengthOf))
            {
                return true;
            }

            if (!WrittenBeforeRead(loop.Body, array, isLengthOf))
            {
                return false;
            }

            for (int later = k + 1; later < statements.Count; later++)
            {
                if (IrWalk.Mentions(statements[later], array))
                {
                    return false;
                }
            }

            return true;
        }

        return true;
    }

    /// <summary>
    /// <c>j = 0; while (j &lt; length) { …; a[j] = e; …; j = j + 1; }</c>, the length <c>a.Length</c> or the
    /// unchanging length of its creation (<paramref name="isLengthOf"/>): the first mention of the array
    /// in the body is that unconditional write (<c>e</c> not reading it), every later one is <c>a[j]</c>,
    /// and only the final step changes <c>j</c>.
    /// </summary>
    private static bool WritesWhole(IReadOnlyList<Stmt> statements, int index, string array, System.Func<string, Expr, bool> isLengthOf)
    {
        var loop = (LoopStmt)statements[index];
        if (CountedLoopShape.Of(index == 0 ? null : statements[index - 1], loop) is not { Start: 0 } shape
            || !isLengthOf(array, shape.Limit))
        {
            return false;
        }

        string counter = shape.Counter;

        var writes = new HashSet<string>();
        for (int k = 0; k < loop.Body.Count - 1; k++)
        {
            Writes(loop.Body[k], writes);
        }

        if (writes.Contains(counter))
        {
            return false;
        }

        bool written = false;
        foreach (Stmt statement in loop.Body)
        {
            if (!written)
            {
                if (!IrWalk.Mentions(statement, array))
                {
                    continue;
                }

                if (statement is not ElementAssignStmt { Array: VariableExpr target, Index: VariableExpr at } element
                    || target.Name != array || at.Name != counter || IrWalk.Mentions(element.Value, array))
                {
                    return false;
                }

                written = true;
                continue;
            }

            if (!OnlyElementsAt(statement, array, counter))
            {
                return false;
            }
        }

        return written;
    }

    /// <summary>Every mention of the array in the statement is <c>array[at]</c> (or its length).</summary>
    private static bool OnlyElementsAt(Stmt statement, string array, string at)
    {
        foreach (Stmt each in IrWalk.Statements(statement))
        {
            switch (each)
            {
                case AssignStmt assignment when assignment.Target == array:
                    return false;
                case ElementAssignStmt { Array: VariableExpr target } element when target.Name == array:
                    if (element.Index is not VariableExpr index || index.Name != at || !OnlyElementsAt(element.Value, array, at))
                    {
                        return false;
                    }

                    continue;
            }

            foreach (Expr expression in IrWalk.OwnExpressions(each))
            {
                if (!OnlyElementsAt(expression, array, at))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool OnlyElementsAt(Expr expression, string array, string at) => expression switch
    {
        VariableExpr variable => variable.Name != array,
        ElementExpr { Array: VariableExpr target } element when target.Name == array => element.Index is VariableExpr index && index.Name == at,
        InstanceMemberExpr { Receiver: VariableExpr target, Member: "Length" } when target.Name == array => true,
        _ => AllChildren(expression, array, at),
    };

    private static bool AllChildren(Expr expression, string array, string at)
    {
        foreach (Expr child in IrWalk.Children(expression))
        {
            if (!OnlyElementsAt(child, array, at))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Names a statement may change: assigned variables, arrays whose elements it writes, every
    /// variable a call statement mentions (as the rest of the analysis assumes, a call made for its
    /// effect may write whatever it is given), and the receiver and every array or <c>ref</c>
    /// argument of an opaque call anywhere.
    /// </summary>
    internal static void Writes(Stmt statement, HashSet<string> output)
    {
        foreach (Stmt each in IrWalk.Statements(statement))
        {
            OwnWrites(each, output, withAssignedVariable: true);
        }
    }

    /// <summary>
    /// What <see cref="Writes"/> finds in one statement, not in those nested in it; with
    /// <paramref name="withAssignedVariable"/> false, an assignment's own target is left out.
    /// </summary>
    internal static void OwnWrites(Stmt each, HashSet<string> output, bool withAssignedVariable)
    {
        switch (each)
        {
            case AssignStmt assignment when withAssignedVariable:
                output.Add(assignment.Target);
                break;
            case ElementAssignStmt element:
                output.Add(ActivityAnalysis.RootName(element.Array)!);
                break;
            case ExpressionStmt call:
                IrWalk.AddVariables(call.Expression, output);
                break;
        }

        foreach (Expr expression in IrWalk.OwnExpressions(each))
        {
            foreach (Expr node in IrWalk.Nodes(expression))
            {
                if (node is not CallExpr { Kind: not CallKind.Intrinsic } call)
                {
                    continue;
                }

                if (call.Kind == CallKind.Opaque && call.Receiver is not null && ActivityAnalysis.RootName(call.Receiver) is { } receiver)
                {
                    output.Add(receiver);
                }

                foreach (Argument argument in call.Arguments)
                {
                    bool mayWrite = argument.RefPrefix.Length > 0
                        || (argument.Value.Type.Kind == ValueKind.Array && call.Kind == CallKind.Opaque);
                    if (mayWrite && ActivityAnalysis.RootName(argument.Value) is { } root)
                    {
                        output.Add(root);
                    }
                }
            }
        }
    }

    /// <summary>Every variable a statement reads (its nested statements included).</summary>
    private static void Reads(Stmt statement, HashSet<string> output)
    {
        foreach (Stmt each in IrWalk.Statements(statement))
        {
            foreach (Expr expression in IrWalk.OwnExpressions(each))
            {
                IrWalk.AddVariables(expression, output);
            }
        }
    }
}
