using System.Collections.Generic;
using AutoGradGen.Generators.Analysis;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// Local arrays rewritten whole and then read, over and over (RK4's stage derivatives: <c>k[i] = f(…)</c>
/// for every <c>i</c>, read by later loops of the same step). Their adjoint needs no zeroing: the
/// reverse of the last loop reading <c>a</c> meets <c>ā</c> right after the reverse of the next rewrite
/// took it, so it can store <c>ā[i] = …</c> where it would add, and the rewrite's reverse can take
/// <c>ā[i]</c> without clearing it — one load and one store less per element and pass.
/// </summary>
/// <remarks>
/// Holds for a local array <c>a</c>, created once at the top level, that is mentioned outside its
/// creation only in one statement list (a loop body or the method body) and there, once or several
/// times over: a rewrite of every element exactly once (<c>a[0] = …; …; a[m − 1] = …;</c> then
/// <c>for (i = m; i &lt; length; i++) a[i] = …</c>, the values not reading <c>a</c>), then only reads, the
/// last statement mentioning <c>a</c> before the next rewrite (or the end) being a loop
/// <c>for (j = 0; j &lt; length; j++)</c> that reads <c>a[j]</c> exactly once, unconditionally — or a
/// stencil <c>for (j = 1; j &lt; length; j++)</c> reading <c>a[j − 1]</c> and <c>a[j]</c> once each, whose
/// reverse stores <c>ā[j − 1]</c>, adds to <c>ā[j]</c> and needs <c>ā[length − 1]</c> zeroed first. Each
/// pass then writes every element once and reads it last exactly once, so in reverse the store always
/// comes first and the take always finds it.
/// </remarks>
internal sealed class StoredAdjoints
{
    /// <summary>
    /// Each last reading statement, with the arrays whose adjoints its reverse stores into and the index
    /// of the element it stores (for a stencil, the element behind; the other one it reads is added to).
    /// </summary>
    public Dictionary<Stmt, Dictionary<string, Expr>> StoreIn { get; } = new(StatementIdentity.Instance);

    /// <summary>
    /// Stencil last reads (<c>a[j − 1]</c> and <c>a[j]</c> for j from 1): the arrays whose last adjoint
    /// element is zeroed before the loop's reverse, since the loop only adds to it.
    /// </summary>
    public Dictionary<Stmt, List<string>> ZeroLastBefore { get; } = new(StatementIdentity.Instance);

    /// <summary>The rewrites whose reverse takes the adjoint without clearing it.</summary>
    public HashSet<Stmt> TakeWithoutClearing { get; } = new(StatementIdentity.Instance);

    public static StoredAdjoints Find(IReadOnlyList<Stmt> body, IReadOnlyDictionary<string, Variable> variables, System.Func<string, bool> isActive, System.Func<string, Expr, bool> isLengthOf)
    {
        var found = new StoredAdjoints();
        foreach (Stmt statement in body)
        {
            if (statement is AssignStmt { Value: NewArrayExpr } creation
                && variables.TryGetValue(creation.Target, out Variable? variable)
                && variable.Role == VariableRole.Local && variable.Type.Rank == 1 && variable.Type.IsFloatingArray
                && isActive(creation.Target))
            {
                found.TryArray(body, creation, isActive, isLengthOf);
            }
        }

        return found;
    }

    private void TryArray(IReadOnlyList<Stmt> body, AssignStmt creation, System.Func<string, bool> isActive, System.Func<string, Expr, bool> isLengthOf)
    {
        string array = creation.Target;

        // The one statement list, besides the creation, that mentions the array.
        IReadOnlyList<Stmt>? list = null;
        foreach (Stmt statement in body)
        {
            if (ReferenceEquals(statement, creation) || !IrWalk.Mentions(statement, array))
            {
                continue;
            }

            if (list is not null)
            {
                return;
            }

            list = statement is LoopStmt loop && !IrWalk.Mentions(loop.Condition, array) ? InnermostListMentioning(loop.Body, array) : body;
            if (list is null)
            {
                return;
            }
        }

        if (list is null)
        {
            return;
        }

        // Passes: a rewrite (literal-index writes a[0], …, a[m − 1], then a loop writing a[m..length))
        // followed by reads only, the last of them a loop reading every element; as many passes as
        // the list holds, each its own (RK4's stage array is rewritten three times per step).
        int index = 0;
        while (index < list.Count && !IrWalk.Mentions(list[index], array))
        {
            index++;
        }

        var rewrites = new List<Stmt>();
        var lastReads = new List<LastReading>();
        while (index < list.Count)
        {
            int prefix = 0;
            while (index < list.Count && list[index] is ElementAssignStmt { Array: VariableExpr target, Index: LiteralExpr literal } write
                   && target.Name == array && Ir.IsLiteral(literal, prefix) && !IrWalk.Mentions(write.Value, array))
            {
                rewrites.Add(write);
                prefix++;
                index++;
                while (index < list.Count && !IrWalk.Mentions(list[index], array))
                {
                    index++;
                }
            }

            if (index >= list.Count || WholeWriteFrom(list, index, array, prefix, isLengthOf) is not { } loopWrite)
            {
                return;
            }

            rewrites.Add(loopWrite);

            // Then reads only, up to the next rewrite; the last mention a loop reading every element.
            int last = -1;
            int next = index + 1;
            for (; next < list.Count; next++)
            {
                if (!IrWalk.Mentions(list[next], array))
                {
                    continue;
                }

                if (Writes(list[next], array))
                {
                    break;
                }

                last = next;
            }

            if (last < 0 || (LastRead(list, last, array, isLengthOf) ?? StencilLastRead(list, last, array, isLengthOf)) is not { } read)
            {
                return;
            }

            // Its reverse must run (an active target) to make the store — of zero, if its rule has no
            // derivative for the element: the rewrite before it in reverse order skips its clear.
            string? readInto = read.Statement switch
            {
                AssignStmt assignment => assignment.Target,
                ElementAssignStmt element => ActivityAnalysis.RootName(element.Array),
                _ => null,
            };
            if (readInto is null || !isActive(readInto))
            {
                return;
            }

            lastReads.Add(read);
            index = next;
        }

        if (lastReads.Count == 0)
        {
            return;
        }

        foreach (LastReading read in lastReads)
        {
            if (!StoreIn.TryGetValue(read.Statement, out Dictionary<string, Expr>? arrays))
            {
                StoreIn.Add(read.Statement, arrays = new Dictionary<string, Expr>());
            }

            arrays[array] = read.StoreAt;
            if (read.ZeroLastOf is { } stencil)
            {
                if (!ZeroLastBefore.TryGetValue(stencil, out List<string>? zeroed))
                {
                    ZeroLastBefore.Add(stencil, zeroed = new List<string>());
                }

                zeroed.Add(array);
            }
        }

        foreach (Stmt rewrite in rewrites)
        {
            TakeWithoutClearing.Add(rewrite);
        }
    }

    /// <summary>The body of the loop (nested or not) whose own statements mention the array, if exactly one list does.</summary>
    private static IReadOnlyList<Stmt>? InnermostListMentioning(IReadOnlyList<Stmt> statements, string array)
    {
        // The array must be mentioned directly in this list (not only inside nested statements of one
        // loop), or the list is a loop body whose single mentioning statement is a loop: descend.
        int mentioning = 0;
        LoopStmt? only = null;
        foreach (Stmt statement in statements)
        {
            if (IrWalk.Mentions(statement, array))
            {
                mentioning++;
                only = statement as LoopStmt;
            }
        }

        return mentioning == 1 && only is not null && !IrWalk.Mentions(only.Condition, array) && !IsElementLoop(only, array)
            ? InnermostListMentioning(only.Body, array)
            : statements;
    }

    private static bool IsElementLoop(LoopStmt loop, string array)
    {
        foreach (Stmt statement in loop.Body)
        {
            if (statement is ElementAssignStmt { Array: VariableExpr target } && target.Name == array)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>i = start; while (i &lt; length) { …; a[i] = e; …; i = i + 1; }</c>: the write the first mention, then only <c>a[i]</c> read.</summary>
    private static Stmt? WholeWriteFrom(IReadOnlyList<Stmt> list, int index, string array, int start, System.Func<string, Expr, bool> isLengthOf)
    {
        if (CountedFrom(list, index, array, start, isLengthOf) is not { } loop)
        {
            return null;
        }

        LoopStmt counted = loop.Loop;
        int first = 0;
        while (first < counted.Body.Count && !IrWalk.Mentions(counted.Body[first], array))
        {
            first++;
        }

        if (first >= counted.Body.Count
            || counted.Body[first] is not ElementAssignStmt { Array: VariableExpr target, Index: VariableExpr at } write
            || target.Name != array || at.Name != loop.Counter || IrWalk.Mentions(write.Value, array))
        {
            return null;
        }

        for (int k = first + 1; k < counted.Body.Count; k++)
        {
            if (Writes(counted.Body[k], array) || !OnlyElementAt(counted.Body[k], array, loop.Counter))
            {
                return null;
            }
        }

        return write;
    }

    /// <summary>A last read: the statement whose reverse stores, the index of the element it stores, the stencil loop if any.</summary>
    private sealed record LastReading(Stmt Statement, Expr StoreAt, LoopStmt? ZeroLastOf);

    /// <summary>A loop over every index reading <c>a[j]</c> exactly once, in a statement at its top level.</summary>
    private static LastReading? LastRead(IReadOnlyList<Stmt> list, int index, string array, System.Func<string, Expr, bool> isLengthOf)
    {
        if (CountedFrom(list, index, array, 0, isLengthOf) is not { } loop)
        {
            return null;
        }

        Stmt? reading = null;
        foreach (Stmt statement in loop.Loop.Body)
        {
            if (!IrWalk.Mentions(statement, array))
            {
                continue;
            }

            if (reading is not null || statement is not (AssignStmt or ElementAssignStmt) || CountReads(statement, array, loop.Counter) != 1)
            {
                return null;
            }

            reading = statement;
        }

        if (reading is null)
        {
            return null;
        }

        foreach (Expr expression in IrWalk.OwnExpressions(reading))
        {
            foreach (Expr node in IrWalk.Nodes(expression))
            {
                if (node is ElementExpr { Array: VariableExpr target } element && target.Name == array)
                {
                    return new LastReading(reading, element.Index, null);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A loop <c>for (j = 1; j &lt; length; j++)</c> reading <c>a[j − 1]</c> and <c>a[j]</c> once each, in
    /// one statement at its top level. Reversed (j downwards), each iteration is the first to reach
    /// <c>ā[j − 1]</c> and the second to reach <c>ā[j]</c>: it stores the one and adds to the other, and
    /// only <c>ā[length − 1]</c>, which no iteration reaches first, is zeroed beforehand.
    /// </summary>
    private static LastReading? StencilLastRead(IReadOnlyList<Stmt> list, int index, string array, System.Func<string, Expr, bool> isLengthOf)
    {
        if (CountedFrom(list, index, array, 1, isLengthOf) is not { } loop)
        {
            return null;
        }

        Stmt? reading = null;
        foreach (Stmt statement in loop.Loop.Body)
        {
            if (!IrWalk.Mentions(statement, array))
            {
                continue;
            }

            if (reading is not null || statement is not (AssignStmt or ElementAssignStmt)
                || statement is ElementAssignStmt { Array: VariableExpr written } && written.Name == array)
            {
                return null;
            }

            reading = statement;
        }

        if (reading is null)
        {
            return null;
        }

        int atCounter = 0;
        int atBehind = 0;
        int mentions = 0;
        Expr? behindIndex = null;
        foreach (Expr expression in IrWalk.OwnExpressions(reading))
        {
            foreach (Expr node in IrWalk.Nodes(expression))
            {
                if (node is VariableExpr variable && variable.Name == array)
                {
                    mentions++;
                }

                if (node is ElementExpr { Array: VariableExpr target, Index: var at } && target.Name == array)
                {
                    if (at is VariableExpr counter && counter.Name == loop.Counter)
                    {
                        atCounter++;
                    }
                    else if (at is BinaryExpr { Operator: "-", Left: VariableExpr minuend, Right: LiteralExpr one } && minuend.Name == loop.Counter && Ir.IsLiteral(one, 1))
                    {
                        atBehind++;
                        behindIndex = at;
                    }
                }
            }
        }

        return mentions == 2 && atCounter == 1 && atBehind == 1 && behindIndex is not null && NoCallMentions(reading, array)
            ? new LastReading(reading, behindIndex, loop.Loop)
            : null;
    }

    private static bool NoCallMentions(Stmt statement, string array)
    {
        foreach (Expr expression in IrWalk.OwnExpressions(statement))
        {
            foreach (Expr node in IrWalk.Nodes(expression))
            {
                if (node is CallExpr { Kind: not CallKind.Intrinsic } call && IrWalk.Mentions(call, array))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private sealed record Counted(LoopStmt Loop, string Counter);

    /// <summary><c>i = start</c> right before <c>while (i &lt; length)</c>, the body ending in <c>i = i + 1</c> and changing <c>i</c> nowhere else.</summary>
    private static Counted? CountedFrom(IReadOnlyList<Stmt> list, int index, string array, int start, System.Func<string, Expr, bool> isLengthOf)
    {
        if (CountedLoopShape.Of(index == 0 ? null : list[index - 1], list[index]) is not { } shape
            || shape.Start != start || !isLengthOf(array, shape.Limit))
        {
            return null;
        }

        var loop = (LoopStmt)list[index];
        for (int k = 0; k < loop.Body.Count - 1; k++)
        {
            foreach (Stmt each in IrWalk.Statements(loop.Body[k]))
            {
                if (each is AssignStmt assignment && assignment.Target == shape.Counter || each is LoopStmt or IfStmt && IrWalk.Mentions(each, array))
                {
                    return null;
                }
            }
        }

        return new Counted(loop, shape.Counter);
    }

    private static int CountReads(Stmt statement, string array, string at)
    {
        int reads = 0;
        foreach (Expr expression in IrWalk.OwnExpressions(statement))
        {
            foreach (Expr node in IrWalk.Nodes(expression))
            {
                if (node is VariableExpr variable && variable.Name == array)
                {
                    reads++;
                }
            }
        }

        if (statement is ElementAssignStmt { Array: VariableExpr target } && target.Name == array)
        {
            return -1;
        }

        return reads == 1 && OnlyElementAt(statement, array, at) ? 1 : -1;
    }

    private static bool OnlyElementAt(Stmt statement, string array, string at)
    {
        foreach (Stmt each in IrWalk.Statements(statement))
        {
            foreach (Expr expression in IrWalk.OwnExpressions(each))
            {
                if (!OnlyElementAt(expression, array, at))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool OnlyElementAt(Expr expression, string array, string at)
    {
        switch (expression)
        {
            case VariableExpr variable:
                return variable.Name != array;
            case ElementExpr { Array: VariableExpr target, Index: var index } when target.Name == array:
                return index is VariableExpr counter && counter.Name == at;
            case CallExpr { Kind: not CallKind.Intrinsic } call when IrWalk.Mentions(call, array):
                return false;
        }

        foreach (Expr child in IrWalk.Children(expression))
        {
            if (!OnlyElementAt(child, array, at))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Writes(Stmt statement, string array)
    {
        foreach (Stmt each in IrWalk.Statements(statement))
        {
            switch (each)
            {
                case AssignStmt assignment when assignment.Target == array:
                case ElementAssignStmt element when ActivityAnalysis.RootName(element.Array) == array:
                case ExpressionStmt call when IrWalk.Mentions(call.Expression, array):
                    return true;
            }

            foreach (Expr expression in IrWalk.OwnExpressions(each))
            {
                foreach (Expr node in IrWalk.Nodes(expression))
                {
                    if (node is CallExpr { Kind: not CallKind.Intrinsic } call && IrWalk.Mentions(call, array))
                    {
                        return true; // a callee given the array may write it
                    }
                }
            }
        }

        return false;
    }
}
