using System.Collections.Generic;
using AutoGradGen.Generators.Analysis;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// The to-be-recorded analysis: which overwrites must save the old value (flow-sensitive pending
/// reads of the reverse sweep), which values are recomputed instead, which loops have recomputable
/// trip counts, and which integer increments are undone by their inverse.
/// </summary>
internal sealed partial class AdjointBuilder
{
    /// <summary>
    /// Walks the body in program order. <paramref name="readByReverse"/>: variables (arrays, for
    /// elements) whose value at some earlier point the reverse sweep reads; an assignment to one of
    /// them must save the old value. <paramref name="defined"/>: variables assigned before (their
    /// adjoint may be read by earlier statements, so it must be cleared on the way back).
    /// </summary>
    private void Analyze(IReadOnlyList<Stmt> statements, HashSet<string> readByReverse, HashSet<string> defined, bool topLevel, int loopDepth)
    {
        for (int index = 0; index < statements.Count; index++)
        {
            Stmt statement = statements[index];
            if (loopDepth > 0)
            {
                insideLoop.Add(statement);
            }

            AddChangingCallArguments(statement, readByReverse);
            SaveArraysChangedByCalls(statement, readByReverse);
            switch (statement)
            {
                case AssignStmt assignment:
                    if (IsActive(assignment.Target))
                    {
                        CollectReverseReads(assignment.Value, readByReverse);
                    }

                    if (IsInvertibleIncrement(assignment))
                    {
                        invertible.Add(assignment);
                    }
                    else if (readByReverse.Contains(assignment.Target))
                    {
                        if (recomputable.Contains(assignment))
                        {
                            // Recomputed in the reverse sweep from its inputs, which must then be restored too.
                            recomputed.Add(assignment);
                            IrWalk.AddVariables(assignment.Value, readByReverse);
                        }
                        else
                        {
                            needsSave.Add(assignment);
                        }
                    }

                    if (!invertible.Contains(assignment))
                    {
                        // Reads of the old value are now covered (by this save, or by nothing being
                        // pending): a later overwrite only has to protect reads of the new value.
                        readByReverse.Remove(assignment.Target);
                    }

                    if (IsActive(assignment.Target) && ValueRecording.VisitNeededOperands(assignment.Value, activity.Varied, _ => { }))
                    {
                        // The rule reads the value just assigned (exp, sqrt, …): a later overwrite must save it.
                        readByReverse.Add(assignment.Target);
                    }

                    if (!defined.Contains(assignment.Target) && loopDepth == 0)
                    {
                        isFirstDefinition.Add(assignment);
                        if (topLevel)
                        {
                            declaresInline.Add(assignment);
                        }
                    }

                    if (flavor.ParameterAdjoints.ContainsKey(assignment.Target) && IsActive(assignment.Target))
                    {
                        reassignedParameters.Add(assignment.Target);
                    }

                    defined.Add(assignment.Target);
                    break;

                case ExpressionStmt { Expression: CallExpr { Callee.IsKernel: true } kernel } when IsActiveKernelCall(kernel):
                    // The pullback re-runs the kernel on these arguments; its outputs are saved whole.
                    foreach (Argument argument in kernel.Arguments)
                    {
                        IrWalk.AddVariables(argument.Value, readByReverse);
                    }

                    break;

                case ElementAssignStmt element:
                    string root = ActivityAnalysis.RootName(element.Array)!;
                    if (IsActive(root))
                    {
                        CollectReverseReads(element.Value, readByReverse);
                        AddIndexVariables(element.Array, element.Index, readByReverse);
                    }

                    if (readByReverse.Contains(root))
                    {
                        needsSave.Add(element);
                        AddIndexVariables(element.Array, element.Index, readByReverse);
                    }

                    break;

                case IfStmt branch:
                    var readThen = new HashSet<string>(readByReverse);
                    var definedThen = new HashSet<string>(defined);
                    Analyze(branch.Then, readThen, definedThen, topLevel: false, loopDepth);
                    var readElse = new HashSet<string>(readByReverse);
                    var definedElse = new HashSet<string>(defined);
                    Analyze(branch.Else, readElse, definedElse, topLevel: false, loopDepth);
                    readByReverse.Clear();
                    readByReverse.UnionWith(readThen);
                    readByReverse.UnionWith(readElse);
                    defined.UnionWith(definedThen);
                    defined.UnionWith(definedElse);
                    break;

                case LoopStmt loop when topLevel && ExamineIndependent(statements, index, readByReverse) is { } independent:
                    // Each iteration is reversed before the next runs: one pass, from what is pending on
                    // entry; afterwards nothing the loop did is pending (its partials need no values).
                    FindRecomputable(loop);
                    independentLoops.Add(loop, independent);
                    var pending = new HashSet<string>(readByReverse);
                    Analyze(loop.Body, new HashSet<string>(readByReverse), defined, topLevel: false, loopDepth + 1);
                    readByReverse.Clear();
                    readByReverse.UnionWith(pending);
                    break;

                case LoopStmt loop:
                    FindRecomputable(loop);

                    // Until nothing changes: a pass starts from what is pending on entry or at the end
                    // of an iteration, so it sees what later iterations overwrite of what earlier ones
                    // read. The loop may also run zero times: what was pending on entry stays pending.
                    var entry = new HashSet<string>(readByReverse);
                    var previousEnd = new HashSet<string>();
                    for (int pass = 0; pass < 16; pass++)
                    {
                        int known = needsSave.Count + recomputed.Count;
                        readByReverse.UnionWith(entry);
                        Analyze(loop.Body, readByReverse, defined, topLevel: false, loopDepth + 1);
                        bool stable = known == needsSave.Count + recomputed.Count && previousEnd.SetEquals(readByReverse);
                        previousEnd = new HashSet<string>(readByReverse);
                        if (stable)
                        {
                            break;
                        }
                    }

                    readByReverse.UnionWith(entry);
                    if (CountedLoop(statements, index, loop) is { } counted)
                    {
                        // The reverse sweep recomputes the trip count and the counter's final value from
                        // the start and the limit, so reads of the counter inside do not reach back past
                        // the loop; the start and the limit are read instead.
                        countedLoops[loop] = counted;
                        readByReverse.Remove(counted.Counter);
                        AddValueVariables(counted.Start, readByReverse);
                        AddValueVariables(counted.Trips, readByReverse);

                        // An array the loop overwrites whole: its earlier values are restored by the
                        // loop's own saves, so later writes need not protect them (as for a scalar).
                        if (FullyOverwrittenArray(loop, counted) is { } overwritten)
                        {
                            readByReverse.Remove(overwritten);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// The array a counted loop overwrites whole, or null: <c>for (j = 0; j &lt; n; j++) { …; a[j] = …; … }</c>
    /// where n is a's length (<c>a.Length</c>, or the n of its <c>new T[n]</c> when n is never
    /// reassigned), the write is at the top of the body with the counter as its index and nothing
    /// before it changes the counter, and a appears nowhere else in the loop (so the reverse sweep
    /// reads none of its values there).
    /// </summary>
    private string? FullyOverwrittenArray(LoopStmt loop, Counted counted)
    {
        if (counted.Step != 1 || counted.Start is not LiteralExpr { Text: "0" } || loop.Condition is not BinaryExpr { Operator: "<" } condition)
        {
            return null;
        }

        var writtenBefore = new HashSet<string>();
        foreach (Stmt statement in loop.Body)
        {
            if (statement is ElementAssignStmt { Array: VariableExpr array, Index: VariableExpr index }
                && index.Name == counted.Counter && !writtenBefore.Contains(counted.Counter)
                && IsLengthOf(array.Name, condition.Right) && !MentionedElsewhere(loop, array.Name, statement))
            {
                return array.Name;
            }

            AddWrites(statement, writtenBefore);
        }

        return null;
    }

    /// <summary>Whether <paramref name="limit"/> is the length of array <paramref name="name"/> throughout the method.</summary>
    private bool IsLengthOf(string name, Expr limit)
    {
        // A fact about the whole body, asked once per loop and array by several analyses: walk it once.
        if (!lengthFacts.TryGetValue((name, limit), out bool known))
        {
            lengthFacts[(name, limit)] = known = ProveLengthOf(name, limit);
        }

        return known;
    }

    private bool ProveLengthOf(string name, Expr limit)
    {
        // An 'in' parameter is a reference to the caller's variable: a call may point it elsewhere.
        if (IsReadOnlyReference(name) || !IsTrackedIndex(limit))
        {
            return false;
        }

        if (limit is InstanceMemberExpr { Receiver: VariableExpr receiver, Member: "Length" } && receiver.Name == name)
        {
            return true;
        }

        // A local array is created once, by its declaration (reassigning array variables is unsupported);
        // its length's inputs must keep their values: parameters nothing writes, locals set once at the
        // top level (before the creation, which reads them) — InvariantRecomputes.ConstantVariables.
        foreach (Stmt statement in body)
        {
            if (statement is AssignStmt { Value: NewArrayExpr created } assignment && assignment.Target == name)
            {
                var inputs = new HashSet<string>();
                IrWalk.AddVariables(limit, inputs);
                return created.Length == limit && inputs.IsSubsetOf(constantVariables);
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the analyses see every change of an expression's inputs (an index, a limit, a value
    /// recomputed in a loop), so that the reverse sweep may compute it again: only variables (which
    /// change by assignments the analyses see and restore), literals, lengths and arithmetic — no
    /// element reads (a callee, a constructor or an alias may write the element; a jagged row may be
    /// replaced), static members or properties (a call may change them unseen), calls or 'in'
    /// parameters. Otherwise trip counts are recorded, values and increments saved, and the reverse
    /// sweep's accesses keep their bounds checks.
    /// </summary>
    private bool IsTrackedIndex(Expr index) => IsTracked(index, elementsAllowed: false);

    /// <summary>
    /// <see cref="IsTrackedIndex"/> for a floating value recomputed in a loop, which may read elements:
    /// a changed element there costs accuracy, not an access out of range.
    /// </summary>
    private bool IsTrackedValue(Expr value) => IsTracked(value, elementsAllowed: true);

    private bool IsTracked(Expr expression, bool elementsAllowed)
    {
        foreach (Expr node in IrWalk.Nodes(expression))
        {
            if ((node is ElementExpr && !elementsAllowed)
                || node is StaticMemberExpr or CallExpr or NewObjectExpr
                || node is InstanceMemberExpr { Member: not "Length" }
                || (node is VariableExpr variable && IsReadOnlyReference(variable.Name)))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsReadOnlyReference(string name) => variables.TryGetValue(name, out Variable? variable) && variable.IsReadOnlyReference;

    /// <summary>Whether <paramref name="name"/> appears in the loop other than as the array <paramref name="write"/> writes.</summary>
    private static bool MentionedElsewhere(LoopStmt loop, string name, Stmt write)
    {
        var mentioned = new HashSet<string>();
        AddValueVariables(loop.Condition, mentioned);
        foreach (Stmt statement in IrWalk.Statements(loop.Body))
        {
            if (statement is ElementAssignStmt element && ReferenceEquals(statement, write))
            {
                AddValueVariables(element.Index, mentioned);
                AddValueVariables(element.Value, mentioned);
                continue;
            }

            foreach (Expr expression in IrWalk.OwnExpressions(statement))
            {
                AddValueVariables(expression, mentioned);
            }

            if (statement is AssignStmt assignment)
            {
                mentioned.Add(assignment.Target);
            }
        }

        return mentioned.Contains(name);
    }

    /// <summary><c>a − b</c> on integers, without subtracting a literal zero.</summary>
    internal static Expr IntMinus(Expr a, Expr b) => b is LiteralExpr { Text: "0" } ? a : new BinaryExpr(TypeRef.Int32, "-", a, b);

    /// <summary><c>a + b</c> on integers, without adding a literal zero.</summary>
    internal static Expr IntPlus(Expr a, Expr b)
        => a is LiteralExpr { Text: "0" } ? b : b is LiteralExpr { Text: "0" } ? a : new BinaryExpr(TypeRef.Int32, "+", a, b);

    /// <summary>A loop whose trip count follows from its counter's start and a limit it does not change.</summary>
    internal sealed class Counted
    {
        public Counted(string counter, Expr start, int step, Expr trips)
        {
            Counter = counter;
            Start = start;
            Step = step;
            Trips = trips;
        }

        public string Counter { get; }

        public Expr Start { get; }

        /// <summary>Signed: negative for a counting-down loop.</summary>
        public int Step { get; }

        /// <summary>The exact trip count, computable before or after the loop.</summary>
        public Expr Trips { get; }
    }

    /// <summary>
    /// Recognises <c>c = start; while (c &lt; limit) { …; c += step; }</c> (or counting down), where the
    /// condition has no other conjunct (no break), every path steps c once by the same constant, and
    /// neither start nor limit changes in the loop: its trip count is then exact and recomputable.
    /// </summary>
    private Counted? CountedLoop(IReadOnlyList<Stmt> statements, int index, LoopStmt loop)
    {
        if (loop.IsDoWhile || loop.Condition is not BinaryExpr { Operator: "<" or "<=" or ">" or ">=", Left: VariableExpr counter } comparison
            || counter.Type != TypeRef.Int32 || !ValueRecording.IsPureIndex(comparison.Right) || !IsTrackedIndex(comparison.Right))
        {
            return null;
        }

        var written = new HashSet<string>();
        foreach (Stmt statement in loop.Body)
        {
            AddWrites(statement, written);
        }

        bool increasing = comparison.Operator is "<" or "<=";
        if (StepPerPath(loop.Body, counter.Name, increasing ? "+" : "-") is not { } step || step <= 0)
        {
            return null;
        }

        // The start: the last assignment to the counter before the loop, with nothing in between
        // writing the counter or the start's inputs.
        var between = new HashSet<string>();
        for (int k = index - 1; k >= 0; k--)
        {
            if (statements[k] is AssignStmt start && start.Target == counter.Name)
            {
                // An array's length never changes (array variables are not reassigned): writing its
                // elements in the loop leaves a limit like a.Length alone.
                var inputs = new HashSet<string>();
                AddValueVariables(start.Value, inputs);
                AddValueVariables(comparison.Right, inputs);
                if (!ValueRecording.IsPureIndex(start.Value) || !IsTrackedIndex(start.Value) || inputs.Overlaps(written) || inputs.Overlaps(between) || inputs.Contains(counter.Name))
                {
                    return null;
                }

                Expr distance = increasing ? IntMinus(comparison.Right, start.Value) : IntMinus(start.Value, comparison.Right);
                int round = step - 1 + (comparison.Operator is "<=" or ">=" ? 1 : 0);
                if (round != 0)
                {
                    distance = new BinaryExpr(TypeRef.Int32, "+", distance, new LiteralExpr(TypeRef.Int32, round.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }

                if (step != 1)
                {
                    distance = new BinaryExpr(TypeRef.Int32, "/", distance, new LiteralExpr(TypeRef.Int32, step.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }

                Expr trips = StaticCall("global::System.Math.Max", TypeRef.Int32, new LiteralExpr(TypeRef.Int32, "0"), distance);
                return new Counted(counter.Name, start.Value, increasing ? step : -step, trips);
            }

            if (statements[k] is IfStmt or LoopStmt)
            {
                return null;
            }

            AddWrites(statements[k], between);
            if (between.Contains(counter.Name))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Recomputation instead of saving. A value assigned once per iteration, at the top level of a
    /// loop body, by cheap pure arithmetic (operators, Math functions, element reads), that no
    /// earlier statement of the iteration reads, is computed again in the reverse sweep just before
    /// the last statement (in forward order) whose reverse reads it — provided nothing between its
    /// assignment and that statement changes its inputs. Its inputs then hold this iteration's
    /// values there, by the restore discipline, and the stack is spared. Candidates are examined
    /// from the end of the body, so one recomputation can feed another.
    /// </summary>
    private void FindRecomputable(LoopStmt loop)
    {
        if (!examinedLoops.Add(loop))
        {
            return; // an enclosing loop's fixed point visits this loop again
        }

        var assignmentCounts = new Dictionary<string, int>();
        var all = new List<AssignStmt>();
        ActivityAnalysis.CollectAssignments(body, all);
        foreach (AssignStmt assignment in all)
        {
            assignmentCounts[assignment.Target] = assignmentCounts.TryGetValue(assignment.Target, out int n) ? n + 1 : 1;
        }

        var writtenInLoop = new HashSet<string>();
        var steppedInLoop = new HashSet<string>();
        var recomputedInLoop = new HashSet<string>();
        var keptInLoop = new HashSet<string>();
        foreach (Stmt statement in loop.Body)
        {
            AddWrites(statement, writtenInLoop);
        }

        var loopAssignments = new List<AssignStmt>();
        ActivityAnalysis.CollectAssignments(loop.Body, loopAssignments);
        foreach (string name in writtenInLoop)
        {
            bool onlyStepped = true;
            foreach (AssignStmt assignment in loopAssignments)
            {
                onlyStepped &= assignment.Target != name || IsInvertibleIncrement(assignment);
            }

            if (onlyStepped && loopAssignments.Exists(a => a.Target == name))
            {
                steppedInLoop.Add(name);
            }
        }

        var readsAt = new HashSet<string>[loop.Body.Count];
        for (int j = 0; j < loop.Body.Count; j++)
        {
            readsAt[j] = new HashSet<string>();
            AddReverseReads(loop.Body[j], readsAt[j]);
            if (j > 0)
            {
                AddStartReads(loop.Body, j - 1, readsAt[j]); // read where the loop's reverse begins
            }
        }

        // Forward: which top-level assignments could be recomputed at all.
        var capable = new HashSet<Stmt>(StatementIdentity.Instance);
        var readBefore = new HashSet<string>();
        for (int i = 0; i < loop.Body.Count; i++)
        {
            if (loop.Body[i] is AssignStmt assignment
                && assignmentCounts[assignment.Target] == 1
                && variables[assignment.Target].Role != VariableRole.Parameter
                && (assignment.TargetType.IsFloating || assignment.TargetType.Kind == ValueKind.Integral)
                && IsCheapPure(assignment.Value)
                && (assignment.TargetType.IsFloating ? IsTrackedValue(assignment.Value) : IsTrackedIndex(assignment.Value))
                && !readBefore.Contains(assignment.Target))
            {
                // Every input must be loop-invariant, an index the loop steps invertibly, or itself
                // recomputable: an input the loop overwrites would have to be saved at every
                // overwrite, which costs more than saving this one value.
                var inputs = new HashSet<string>();
                IrWalk.AddVariables(assignment.Value, inputs);
                bool cheapInputs = !inputs.Contains(assignment.Target);
                foreach (string input in inputs)
                {
                    cheapInputs &= !writtenInLoop.Contains(input) || steppedInLoop.Contains(input)
                        || recomputedInLoop.Contains(input) || keptInLoop.Contains(input);
                }

                if (cheapInputs)
                {
                    capable.Add(assignment);
                    recomputedInLoop.Add(assignment.Target);
                }
            }

            // A value whose own rule reads it (exp, tanh, …), assigned once per iteration earlier in
            // the body, is saved and restored anyway: later values may be recomputed from it.
            if (loop.Body[i] is AssignStmt kept && !capable.Contains(kept)
                && assignmentCounts[kept.Target] == 1 && IsActive(kept.Target)
                && ValueRecording.VisitNeededOperands(kept.Value, activity.Varied, _ => { }))
            {
                keptInLoop.Add(kept.Target);
            }

            AddReads(loop.Body[i], readBefore);
        }

        // Backward: where each is needed, and whether its inputs still hold there.
        for (int i = loop.Body.Count - 1; i >= 0; i--)
        {
            if (!capable.Contains(loop.Body[i]))
            {
                continue;
            }

            var assignment = (AssignStmt)loop.Body[i];
            var inputs = new HashSet<string>();
            IrWalk.AddVariables(assignment.Value, inputs);

            int lastReader = -1;
            for (int j = i; j < loop.Body.Count; j++)
            {
                bool ownResult = j == i && IsActive(assignment.Target)
                    && ValueRecording.VisitNeededOperands(assignment.Value, activity.Varied, _ => { });
                if (ownResult || readsAt[j].Contains(assignment.Target))
                {
                    lastReader = j;
                }
            }

            if (lastReader < 0)
            {
                continue; // the reverse sweep never reads it
            }

            var writtenBetween = new HashSet<string>();
            for (int j = i + 1; j <= lastReader; j++)
            {
                AddWrites(loop.Body[j], writtenBetween);
            }

            if (writtenBetween.Overlaps(inputs))
            {
                continue;
            }

            recomputable.Add(assignment);
            if (!recomputeBefore.TryGetValue(loop.Body[lastReader], out List<AssignStmt>? list))
            {
                list = new List<AssignStmt>();
                recomputeBefore.Add(loop.Body[lastReader], list);
            }

            list.Insert(0, assignment); // candidates come from the end: keep forward order
            readsAt[lastReader].UnionWith(inputs);
        }
    }

    /// <summary>
    /// The variables the reverse code of a statement reads (recursively through branches and loops);
    /// with <paramref name="putBacks"/>, also the arrays a call in the statement itself may change and
    /// their bounds, which it puts back (<see cref="SaveArraysChangedByCalls"/>).
    /// </summary>
    private void AddReverseReads(Stmt statement, HashSet<string> output, bool putBacks = true)
    {
        foreach (Expr expression in putBacks && callsMayChangeArrays ? IrWalk.OwnExpressions(statement) : System.Array.Empty<Expr>())
        {
            foreach ((Expr array, CallExpr _) in ChangedBy(expression))
            {
                IrWalk.AddVariables(array, output);
            }
        }

        AddChangingCallArguments(statement, output);
        switch (statement)
        {
            case AssignStmt assignment when IsActive(assignment.Target):
                CollectReverseReads(assignment.Value, output);
                break;
            case ElementAssignStmt element when IsActive(ActivityAnalysis.RootName(element.Array)!):
                CollectReverseReads(element.Value, output);
                AddIndexVariables(element.Array, element.Index, output);
                break;
            case IfStmt branch:
                for (int k = 0; k < branch.Then.Count; k++)
                {
                    AddReverseReads(branch.Then[k], output);
                    AddStartReads(branch.Then, k, output);
                }

                for (int k = 0; k < branch.Else.Count; k++)
                {
                    AddReverseReads(branch.Else[k], output);
                    AddStartReads(branch.Else, k, output);
                }

                break;
            case LoopStmt loop:
                // A counted loop's reverse starts by recomputing its trip count from its limit.
                IrWalk.AddVariables(loop.Condition, output);
                for (int k = 0; k < loop.Body.Count; k++)
                {
                    AddReverseReads(loop.Body[k], output);
                    AddStartReads(loop.Body, k, output);
                }

                break;
        }
    }

    /// <summary>
    /// When <c>statements[k]</c> sets the counter of the loop after it (<c>k = i; while (k &lt; m)</c>), the
    /// variables its value reads: the loop's reverse recomputes the counter's final value from the start.
    /// </summary>
    private static void AddStartReads(IReadOnlyList<Stmt> statements, int k, HashSet<string> output)
    {
        if (statements[k] is AssignStmt start && k + 1 < statements.Count
            && statements[k + 1] is LoopStmt next && IrWalk.Mentions(next.Condition, start.Target))
        {
            IrWalk.AddVariables(start.Value, output);
        }
    }

    private static bool IsCheapPure(Expr expression) => expression switch
    {
        VariableExpr or LiteralExpr or StaticMemberExpr or DefaultExpr => true,
        UnaryExpr unary => IsCheapPure(unary.Operand),
        BinaryExpr binary => IsCheapPure(binary.Left) && IsCheapPure(binary.Right),
        ConvertExpr conversion => IsCheapPure(conversion.Operand),
        ElementExpr element => ValueRecording.IsLeaf(element),
        InstanceMemberExpr { Member: "Length" } length => IsCheapPure(length.Receiver),
        // Calls (even Math.Exp) cost more than a push and a pop: their results are saved.
        _ => false,
    };

    /// <summary>Every variable (array, for elements) a statement reads, anywhere in it.</summary>
    private static void AddReads(Stmt statement, HashSet<string> output)
    {
        foreach (Stmt each in IrWalk.Statements(statement))
        {
            foreach (Expr expression in IrWalk.OwnExpressions(each))
            {
                IrWalk.AddVariables(expression, output);
            }
        }
    }

    /// <summary>
    /// Calls in the statement's own expressions that may change arrays whose current values the reverse
    /// sweep reads (<see cref="CallWrites"/>: opaque calls, [Differentiable] callees writing [NoDiff]
    /// arrays, kernels that run no pullback): an assignment or call statement saves them whole before it
    /// runs, and afterwards no earlier read is pending (as after a scalar's save). The reverse sweep puts
    /// them back after the statement's own reverse — or, where it runs a [Differentiable] callee's
    /// pullback, just before that pullback and once more after it. An if's condition is such an
    /// expression too: saved before the condition, put back after the reverse of the taken branch
    /// (which reads the array as the call left it). What cannot be put back that way is
    /// reported instead (AGG0015): a call in a loop's condition or one that may not run, a jagged array or one of objects, a slice or row
    /// whose bounds are not plain variables, lengths and arithmetic, an array reached through anything
    /// but a variable, an array the statement's own reverse reads besides (the index of an element it
    /// saves included) — partly before the call, partly after — and, around a pullback, another call in
    /// the statement changing an array to put back. A throw leaves no reverse to mind.
    /// </summary>
    private void SaveArraysChangedByCalls(Stmt statement, HashSet<string> readByReverse)
    {
        if (statement is ThrowStmt || !callsMayChangeArrays || !System.Linq.Enumerable.Any(IrWalk.OwnExpressions(statement), e => System.Linq.Enumerable.Any(ChangedBy(e))))
        {
            return;
        }

        var ownReads = new HashSet<string>();
        if (statement is not IfStmt)
        {
            // An if's branches read after its condition's call; a loop's body runs before the next one.
            AddReverseReads(statement, ownReads, putBacks: false);
        }

        if (statement is ElementAssignStmt target && readByReverse.Contains(ActivityAnalysis.RootName(target.Array)!))
        {
            AddIndexVariables(target.Array, target.Index, ownReads); // its element save is put back at that index
        }

        foreach (Expr expression in IrWalk.OwnExpressions(statement))
        {
            foreach ((Expr array, CallExpr call) in ChangedBy(expression))
            {
                string? root = ActivityAnalysis.RootName(array);
                bool runsPullback = RunsPullback(statement, call);
                if (root is null)
                {
                    // new Memory<T>(x), c ? x : y, …: which array changes is not known.
                    var mentioned = new HashSet<string>();
                    IrWalk.AddVariables(array, mentioned);
                    foreach (string name in mentioned)
                    {
                        if ((readByReverse.Contains(name) || ownReads.Contains(name) || runsPullback) && variables.TryGetValue(name, out Variable? variable) && variable.Type.Kind == ValueKind.Array)
                        {
                            unsavedChanges.Add(new UnsavedChange(call.Site, name));
                        }
                    }

                    continue;
                }

                if (!readByReverse.Contains(root) && !ownReads.Contains(root) && !runsPullback)
                {
                    continue;
                }

                // A [Differentiable] callee's pullback reads the array itself, right where it is put back
                // (PropagateDifferentiableCall); anything else in the statement must not read it (an if's
                // condition is not read again), and no other call in it may change an array to put back
                // (the put-backs would interleave).
                bool readBeside = call.Kind == CallKind.Differentiable
                    ? (statement is not IfStmt && ReadOutsideCall(statement, call, root))
                      || HasOtherChangingCall(statement, call, name => readByReverse.Contains(name) || ownReads.Contains(name))
                    : ownReads.Contains(root);
                if (readBeside || !IsSavable(array) || statement is not (AssignStmt or ElementAssignStmt or ExpressionStmt or IfStmt)
                    || CallWrites.IsConditional(expression, call))
                {
                    unsavedChanges.Add(new UnsavedChange(call.Site, root));
                    continue;
                }

                if (runsPullback)
                {
                    putBackAroundPullback[statement] = call;
                }

                if (!wholeSaves.TryGetValue(statement, out List<Expr>? saved))
                {
                    saved = new List<Expr>();
                    wholeSaves.Add(statement, saved);
                }

                if (!saved.Contains(array))
                {
                    saved.Add(array);
                }

                // Put back in the reverse sweep, over bounds read there. A whole array put back covers
                // every read of it from before the call; a slice or row only part of it.
                IrWalk.AddVariables(array, readByReverse);
                if (array is VariableExpr)
                {
                    readByReverse.Remove(root);
                }
            }
        }
    }

    /// <summary>
    /// The variables the arguments of calls changing an active array read: their pullbacks run the
    /// callee again on them even where the call's value carries no derivative (an unseeded pullback,
    /// which the value's own reverse reads do not cover), after the reverse of all that follows.
    /// </summary>
    private void AddChangingCallArguments(Stmt statement, HashSet<string> readByReverse)
    {
        foreach (Expr expression in callsMayChangeArrays ? IrWalk.OwnExpressions(statement) : System.Array.Empty<Expr>())
        {
            foreach (Expr node in IrWalk.Nodes(expression))
            {
                if (node is CallExpr { Kind: CallKind.Differentiable } call && ChangesActiveArray(call))
                {
                    IrWalk.AddVariables(call, readByReverse);
                }
            }
        }
    }

    /// <summary>Arrays calls in <paramref name="expression"/> may change and nothing else puts back (<see cref="CallWrites.Changed"/>).</summary>
    private List<(Expr Array, CallExpr Call)> ChangedBy(Expr expression)
    {
        // Asked for every statement in every pass of the analysis: computed once per expression.
        if (!changedBy.TryGetValue(expression, out List<(Expr Array, CallExpr Call)>? changed))
        {
            changed = new List<(Expr Array, CallExpr Call)>(CallWrites.Changed(expression, IsInactiveKernelCall));
            changedBy.Add(expression, changed);
        }

        return changed;
    }

    private bool IsInactiveKernelCall(CallExpr call) => call.Callee is { IsKernel: true } && !IsActiveKernelCall(call);

    /// <summary>
    /// Whether the statement's reverse runs <paramref name="call"/>'s pullback: a [Differentiable] callee
    /// whose result carries derivatives to an active target, or one that changes an active array
    /// (<see cref="ChangesActiveArray"/>), whose pullback runs even where its value is not used.
    /// </summary>
    private bool RunsPullback(Stmt statement, CallExpr call)
        => call.Kind == CallKind.Differentiable && (ChangesActiveArray(call) || statement switch
        {
            AssignStmt assignment => IsActive(assignment.Target) && ActivityAnalysis.IsVaried(call, activity.Varied),
            ElementAssignStmt element => IsActive(ActivityAnalysis.RootName(element.Array)!) && ActivityAnalysis.IsVaried(call, activity.Varied),
            ExpressionStmt { Expression: CallExpr { Callee.IsKernel: true } kernel } => ReferenceEquals(kernel, call) && IsActiveKernelCall(kernel),
            _ => false,
        });

    /// <summary>
    /// Whether a value-returning [Differentiable] callee changes an array whose adjoint the reverse
    /// sweep carries (<c>if (Normalize(w) &gt; 1)</c>): the derivative flows through the change, so its
    /// pullback runs — with a zero seed where its value carries none (<see cref="EmitUnseededPullback"/>).
    /// </summary>
    private bool ChangesActiveArray(CallExpr call)
    {
        foreach ((string root, CallExpr writer) in ActivityAnalysis.ArraysWrittenByValueCalls(call))
        {
            if (ReferenceEquals(writer, call) && IsActive(root))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the statement reads <paramref name="root"/>'s elements anywhere but in <paramref name="call"/>'s arguments.</summary>
    private static bool ReadOutsideCall(Stmt statement, CallExpr call, string root)
    {
        int reads = 0;
        foreach (Expr expression in IrWalk.OwnExpressions(statement))
        {
            reads += CallWrites.Mentions(expression, root);
        }

        return reads > CallWrites.Mentions(call, root);
    }

    /// <summary>Whether another call in the statement changes an array that must be put back too (one <paramref name="isRead"/> or its own pullback reads).</summary>
    private bool HasOtherChangingCall(Stmt statement, CallExpr call, System.Func<string, bool> isRead)
    {
        foreach (Expr expression in IrWalk.OwnExpressions(statement))
        {
            foreach ((Expr array, CallExpr other) in ChangedBy(expression))
            {
                if (!ReferenceEquals(other, call)
                    && (ActivityAnalysis.RootName(array) is not { } root || isRead(root) || RunsPullback(statement, other)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// An array, span, slice or jagged row of numbers whose bounds the reverse sweep can compute again
    /// (<see cref="IsTrackedIndex"/>): its elements can go on a tape and come back.
    /// </summary>
    private bool IsSavable(Expr array)
    {
        if (array.Type.Element is not { Kind: ValueKind.Double or ValueKind.Single or ValueKind.Generic or ValueKind.Integral or ValueKind.Boolean })
        {
            return false;
        }

        return array switch
        {
            VariableExpr => true,
            SliceExpr slice => slice.Array is VariableExpr && IsTrackedIndex(slice.Start) && IsTrackedIndex(slice.Length),
            ElementExpr row => row.Array is VariableExpr && IsTrackedIndex(row.Index),
            _ => false,
        };
    }

    /// <summary>Every variable (array, for elements) a statement writes, anywhere in it.</summary>
    private void AddWrites(Stmt statement, HashSet<string> output)
    {
        foreach (Stmt each in IrWalk.Statements(statement))
        {
            switch (each)
            {
                case AssignStmt assignment:
                    output.Add(assignment.Target);
                    break;
                case ElementAssignStmt element:
                    output.Add(ActivityAnalysis.RootName(element.Array)!);
                    break;
                case ExpressionStmt expression:
                    IrWalk.AddVariables(expression.Expression, output); // a call may write any array it is given
                    break;
            }

            foreach (Expr expression in callsMayChangeArrays ? IrWalk.OwnExpressions(each) : System.Array.Empty<Expr>())
            {
                foreach ((Expr array, CallExpr _) in ChangedBy(expression))
                {
                    IrWalk.AddVariables(array, output);
                }
            }
        }
    }

    /// <summary><c>i = i ± c</c> on an integer, with <c>c</c> not reading <c>i</c>: undone by <c>i = i ∓ c</c>.</summary>
    private bool IsInvertibleIncrement(AssignStmt assignment)
    {
        if (assignment.TargetType.Kind != ValueKind.Integral
            || assignment.Value is not BinaryExpr { Operator: "+" or "-" } sum
            || sum.Type != assignment.TargetType
            || sum.Left is not VariableExpr left || left.Name != assignment.Target
            || !ValueRecording.IsPureIndex(sum.Right) || !IsTrackedIndex(sum.Right))
        {
            return false;
        }

        var reads = new HashSet<string>();
        IrWalk.AddVariables(sum.Right, reads);
        return !reads.Contains(assignment.Target);
    }

    /// <summary>Adds the variables whose values the reverse code of an assignment of <paramref name="value"/> reads.</summary>
    private void CollectReverseReads(Expr value, HashSet<string> reads)
    {
        if (!ActivityAnalysis.IsVaried(value, activity.Varied))
        {
            return;
        }

        ValueRecording.VisitNeededOperands(value, activity.Varied, i => IrWalk.AddVariables(ValueRecording.Operand(value, i), reads));

        switch (value)
        {
            case ElementExpr or SliceExpr:
                // The adjoint goes to aBar[index]: the index (and the row, for jagged) is read again,
                // but not the array's values.
                var indexReads = new HashSet<string>();
                IrWalk.AddVariables(value, indexReads);
                indexReads.Remove(ActivityAnalysis.RootName(value)!);
                reads.UnionWith(indexReads);
                break;
            case UnaryExpr unary:
                CollectReverseReads(unary.Operand, reads);
                break;
            case ConvertExpr conversion:
                CollectReverseReads(conversion.Operand, reads);
                break;
            case BinaryExpr binary:
                CollectReverseReads(binary.Left, reads);
                CollectReverseReads(binary.Right, reads);
                break;
            case CallExpr call:
                foreach (Argument argument in call.Arguments)
                {
                    CollectReverseReads(argument.Value, reads);
                }

                break;
        }
    }

    /// <summary>
    /// The variables the reverse sweep needs to address <c>array[index]</c> again (the index, the row
    /// indices of a jagged access, a slice's bounds) — not the array's values.
    /// </summary>
    private static void AddIndexVariables(Expr array, Expr index, HashSet<string> output)
    {
        IrWalk.AddVariables(index, output);
        for (Expr part = array; ;)
        {
            switch (part)
            {
                case ElementExpr row:
                    IrWalk.AddVariables(row.Index, output);
                    part = row.Array;
                    continue;
                case SliceExpr slice:
                    // x.AsSpan(start, length)[i]: the slice is taken again at the same bounds.
                    AddValueVariables(slice.Start, output);
                    AddValueVariables(slice.Length, output);
                    part = slice.Array;
                    continue;
            }

            return;
        }
    }

    /// <summary>
    /// As <see cref="AddVariables"/>, but <c>a.Length</c> does not count as a use of <c>a</c>: an array
    /// variable is never reassigned, so its length is fixed and reading it reads none of its values.
    /// </summary>
    private static void AddValueVariables(Expr expression, HashSet<string> output)
    {
        switch (expression)
        {
            case InstanceMemberExpr { Receiver: VariableExpr, Member: "Length" }:
                return;
            case VariableExpr variable:
                output.Add(variable.Name);
                return;
        }

        foreach (Expr child in IrWalk.Children(expression))
        {
            AddValueVariables(child, output);
        }
    }
}
