using System.Collections.Generic;
using AutoGradGen.Generators.Analysis;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>The forward sweep: the original statements plus saves, branch records and trip counts.</summary>
internal sealed partial class AdjointBuilder
{
    private void EmitForward(IEnumerable<Stmt> statements, List<Stmt> output, bool topLevel)
    {
        Stmt? previous = null;
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    AddComment(assignment.Source, output);
                    EmitWholeSaves(assignment, output);
                    EmitSave(assignment, new VariableExpr(assignment.TargetType, assignment.Target), assignment.TargetType, output, topLevel);
                    Expr value = assignment.Value;
                    if (value is NewArrayExpr creation && pooledArrays.Contains(assignment.Target))
                    {
                        // Taken from the pool and given back at the end: the array cannot outlive the call.
                        value = StaticCall("global::AutoGradGen.Tapes.LocalArrays.Rent<" + assignment.TargetType.Element!.Name + ">", assignment.TargetType, creation.Length);
                    }

                    output.Add(declaresInline.Contains(assignment)
                        ? new DeclareStmt(assignment.TargetType, assignment.Target, value)
                        : assignment with { Value = value, Source = null });
                    if (assignment.Value is NewArrayExpr && IsActive(assignment.Target))
                    {
                        EmitAdjointArray(assignment, output, topLevel);
                    }

                    break;

                case ElementAssignStmt element:
                    AddComment(element.Source, output);
                    EmitWholeSaves(element, output);
                    EmitSave(element, new ElementExpr(element.ElementType, element.Array, element.Index), element.ElementType, output, topLevel);
                    output.Add(element with { Source = null });
                    break;

                case IfStmt branch:
                    output.Add(new CommentStmt(branch.Source ?? "if"));
                    EmitWholeSaves(branch, output); // the condition may call something that changes them
                    var then = new List<Stmt>();
                    EmitForward(branch.Then, then, topLevel: false);
                    var otherwise = new List<Stmt>();
                    EmitForward(branch.Else, otherwise, topLevel: false);
                    Expr condition = branch.Condition;
                    if (branchRecords.TryGetValue(branch, out string? record))
                    {
                        output.Add(topLevel
                            ? new DeclareStmt(TypeRef.Boolean, record, condition)
                            : new AssignStmt(record, TypeRef.Boolean, condition, null));
                        condition = new VariableExpr(TypeRef.Boolean, record);
                    }

                    output.Add(new IfStmt(condition, then.ToEquatableArray(), otherwise.ToEquatableArray(), null));
                    if (record is not null && insideLoop.Contains(branch))
                    {
                        // Pushed after the branch's own pushes, so the reverse sweep pops it first.
                        output.Add(new PushStmt(Tape(TypeRef.Boolean), condition));
                    }

                    break;

                case LoopStmt loop when independentLoops.TryGetValue(loop, out IndependentLoop? independent):
                    EmitIndependentLoop(independent, output);
                    break;

                case LoopStmt loop:
                    output.Add(new CommentStmt(loop.Source ?? "loop"));
                    var loopBody = new List<Stmt>();
                    tripCounters.TryGetValue(loop, out string? trips);
                    if (countedLoops.ContainsKey(loop))
                    {
                        trips = null; // recomputed in the reverse sweep
                    }

                    if (trips is not null)
                    {
                        output.Add(topLevel
                            ? new DeclareStmt(TypeRef.Int32, trips, new LiteralExpr(TypeRef.Int32, "0"))
                            : new AssignStmt(trips, TypeRef.Int32, new LiteralExpr(TypeRef.Int32, "0"), null));
                        loopBody.Add(new AssignStmt(trips, TypeRef.Int32, Increment(trips), null));
                    }

                    EmitForward(loop.Body, loopBody, topLevel: false);
                    if (allEffectsVisible)
                    {
                        loopBody = ProvenBounds.Mark(loop, previous, loopBody, IsLengthOrAlias);
                    }

                    if (ReservePushes(loop) is { } reservations)
                    {
                        output.AddRange(reservations);
                        loopBody = UncheckPushes(loopBody);
                    }

                    output.Add(loop with { Body = loopBody.ToEquatableArray(), Source = null });
                    if (trips is not null && insideLoop.Contains(loop))
                    {
                        output.Add(new PushStmt(Tape(TypeRef.Int32), Var(trips, TypeRef.Int32)));
                    }

                    break;

                case ExpressionStmt { Expression: CallExpr { Callee.IsKernel: true } kernel } when IsActiveKernelCall(kernel):
                    AddComment(statement.Source, output);
                    EmitWholeSaves(statement, output);
                    foreach (Expr written in ActivityAnalysis.KernelOutputs(kernel))
                    {
                        // The kernel overwrites its outputs: keep them, element by element, for the reverse sweep.
                        EmitPushAll(written, output);
                    }

                    output.Add(statement);
                    break;

                case ExpressionStmt or ThrowStmt:
                    AddComment(statement.Source, output);
                    EmitWholeSaves(statement, output);
                    output.Add(statement);
                    break;
            }

            previous = statement;
        }
    }

    /// <summary>A parameter no statement assigns (not 'in'), or a local assigned once, at the top level.</summary>
    private bool AlwaysSameArray(string name)
    {
        int assignments = 0;
        foreach (Stmt statement in IrWalk.Statements(body))
        {
            if (statement is AssignStmt assignment && assignment.Target == name)
            {
                assignments++;
            }
        }

        if (variables.TryGetValue(name, out Variable? variable) && variable.Role == VariableRole.Parameter)
        {
            return assignments == 0 && !variable.IsReadOnlyReference; // a call may point an 'in' parameter elsewhere
        }

        return assignments == 1 && System.Linq.Enumerable.Any(body, statement => statement is AssignStmt assignment && assignment.Target == name);
    }

    /// <summary>A local set once, at the top level, to <c>new T[n]</c>: never null.</summary>
    private bool IsCreatedHere(string name)
        => AlwaysSameArray(name) && System.Linq.Enumerable.Any(body, statement => statement is AssignStmt { Value: NewArrayExpr } assignment && assignment.Target == name);

    /// <summary>Saves the arrays an opaque call in the statement may change (<see cref="CallWrites"/>), whole.</summary>
    private void EmitWholeSaves(Stmt statement, List<Stmt> output)
    {
        if (wholeSaves.TryGetValue(statement, out List<Expr>? arrays))
        {
            foreach (Expr array in arrays)
            {
                output.Add(new CommentStmt("keep " + CSharpPrinterFacade.Print(array) + ": the call may change it, and the reverse sweep reads it"));
                EmitPushAll(array, output);
            }
        }
    }

    /// <summary>Pushes every element of an array, span, slice or row, first to last, after reserving the room.</summary>
    private void EmitPushAll(Expr array, List<Stmt> output)
    {
        string tape = Tape(array.Type.Element!);
        string k = names.Fresh("element");
        output.Add(new ReserveStmt(tape, SavedLength(array)));
        output.Add(new RepeatStmt(k, SavedLength(array), new EquatableArray<Stmt>(new Stmt[]
        {
            new PushStmt(tape, ElementOf(array, Var(k, TypeRef.Int32)), IsChecked: false),
        })));
    }

    /// <summary>
    /// <see cref="IsLengthOf"/>, also through a variable set once to the length (<c>int n = x.Length;</c>
    /// at the top level, never changed).
    /// </summary>
    private bool IsLengthOrAlias(string name, Expr limit)
    {
        if (IsLengthOf(name, limit))
        {
            return true;
        }

        if (limit is not VariableExpr alias || !constantVariables.Contains(alias.Name))
        {
            return false;
        }

        foreach (Stmt statement in body)
        {
            if (statement is AssignStmt assignment && assignment.Target == alias.Name)
            {
                return assignment.Value is InstanceMemberExpr { Member: "Length", Receiver: VariableExpr receiver }
                    && receiver.Name == name && IsLengthOf(name, assignment.Value);
            }
        }

        return false;
    }

    /// <summary>The length of an array, span or slice expression.</summary>
    private static Expr Length(Expr array) => array is SliceExpr slice ? slice.Length : new InstanceMemberExpr(TypeRef.Int32, array, "Length");

    /// <summary>
    /// <see cref="Length"/> for a whole save: an array parameter or jagged row (unlike a span, or an
    /// array the method created) may be null where the call that might change it leaves it alone —
    /// nothing to save then.
    /// </summary>
    private Expr SavedLength(Expr array)
        => array.Type is { Kind: ValueKind.Array, IsSpan: false } && (array is ElementExpr || (array is VariableExpr variable && !IsCreatedHere(variable.Name)))
            ? StaticCall("global::AutoGradGen.Tapes.AdjointArrays.LengthOrZero<" + array.Type.Element!.Name + ">", TypeRef.Int32, array)
            : Length(array);

    /// <summary><c>array[index]</c>, addressing a slice through its underlying array.</summary>
    private static ElementExpr ElementOf(Expr array, Expr index) => array is SliceExpr slice
        ? new ElementExpr(array.Type.Element!, slice.Array, IntPlus(slice.Start, index))
        : new ElementExpr(array.Type.Element!, array, index);

    /// <summary>
    /// The room a loop's pushes need, reserved before it when it can be computed on entry: its trip
    /// bound times the pushes of one iteration, where a nested loop counts as its own trip bound
    /// (from its counter's start and limit, both unchanged by the enclosing loop) times its pushes.
    /// Inside a loop covered this way, pushes need no capacity check — and the loop no call, which
    /// would force its floating-point variables out of registers.
    /// </summary>
    private List<Stmt>? ReservePushes(LoopStmt loop)
    {
        if (TripBound(loop, null) is not { } bound || Demand(loop) is not { } perIteration || perIteration.Count == 0)
        {
            return null;
        }

        var reservations = new List<Stmt>();
        foreach (KeyValuePair<string, Expr> tape in perIteration)
        {
            reservations.Add(new ReserveStmt(tape.Key, Times(bound, tape.Value)));
        }

        return reservations;
    }

    /// <summary>Pushes per iteration of <paramref name="loop"/>, per tape, as expressions valid on entry; null if unknown.</summary>
    private Dictionary<string, Expr>? Demand(LoopStmt loop)
    {
        var written = new HashSet<string>();
        foreach (Stmt statement in loop.Body)
        {
            AddWrites(statement, written);
        }

        return Demand(loop.Body, written);
    }

    private Dictionary<string, Expr>? Demand(IReadOnlyList<Stmt> statements, HashSet<string> writtenInLoop)
    {
        var demand = new Dictionary<string, Expr>();
        for (int k = 0; k < statements.Count; k++)
        {
            // A whole save's room is its array's length, read on entry to the loop even if the loop
            // runs zero times or the save's branch is never taken: only for a local array the method
            // created (never null; a parameter may be null where nothing reads it).
            if (wholeSaves.TryGetValue(statements[k], out List<Expr>? saved)
                && (!saved.TrueForAll(array => array is VariableExpr variable && IsCreatedHere(variable.Name)) || !AddWholeLengths(demand, saved)))
            {
                return null;
            }

            switch (statements[k])
            {
                case AssignStmt or ElementAssignStmt when saveSlots.TryGetValue(statements[k], out string? slot) && insideLoop.Contains(statements[k]):
                    Add(demand, slot, One);
                    break;

                case IfStmt branch:
                    Dictionary<string, Expr>? then = Demand(branch.Then, writtenInLoop);
                    Dictionary<string, Expr>? otherwise = Demand(branch.Else, writtenInLoop);
                    if (then is null || otherwise is null)
                    {
                        return null;
                    }

                    foreach (string tape in new HashSet<string>(System.Linq.Enumerable.Concat(then.Keys, otherwise.Keys)))
                    {
                        Expr a = then.TryGetValue(tape, out Expr? x) ? x : Zero;
                        Expr b = otherwise.TryGetValue(tape, out Expr? y) ? y : Zero;
                        Add(demand, tape, a == b ? a : StaticCall("global::System.Math.Max", TypeRef.Int32, a, b));
                    }

                    if (branchRecords.ContainsKey(branch))
                    {
                        Add(demand, Tape(TypeRef.Boolean), One);
                    }

                    break;

                case LoopStmt nested when tripCounters.ContainsKey(nested):
                    if (Demand(nested) is not { } inner)
                    {
                        return null;
                    }

                    if (inner.Count == 0 && countedLoops.ContainsKey(nested))
                    {
                        break; // pushes nothing, and its trip count is recomputed: no room needed
                    }

                    if (NestedBound(statements, k, nested, writtenInLoop) is not { } bound)
                    {
                        return null;
                    }

                    foreach (KeyValuePair<string, Expr> tape in inner)
                    {
                        Add(demand, tape.Key, Times(bound, tape.Value));
                    }

                    if (!countedLoops.ContainsKey(nested))
                    {
                        Add(demand, Tape(TypeRef.Int32), One); // its trip count
                    }

                    break;

                case LoopStmt:
                    break; // no reverse work inside: nothing pushed

                case ExpressionStmt { Expression: CallExpr { Callee.IsKernel: true } kernel } when IsActiveKernelCall(kernel):
                    if (!AddWholeLengths(demand, ActivityAnalysis.KernelOutputs(kernel)))
                    {
                        return null;
                    }

                    break;
            }
        }

        return demand;
    }

    /// <summary>
    /// Adds the room whole-array saves take per iteration: each array's length, known on entry only for
    /// an array variable that always refers to the same array (a parameter never assigned, a local
    /// assigned once at the top level); a row or slice may change length from one iteration to the next.
    /// </summary>
    private bool AddWholeLengths(Dictionary<string, Expr> demand, IEnumerable<Expr> arrays)
    {
        foreach (Expr array in arrays)
        {
            if (array is not VariableExpr variable || !AlwaysSameArray(variable.Name))
            {
                return false;
            }

            Add(demand, Tape(array.Type.Element!), Length(array));
        }

        return true;
    }

    /// <summary>A nested loop's trip bound from its counter's start (the last assignment before it) and its limit, both unchanged by the enclosing loop.</summary>
    private Expr? NestedBound(IReadOnlyList<Stmt> statements, int index, LoopStmt nested, HashSet<string> writtenInEnclosing)
    {
        foreach (Expr conjunct in Conjuncts(nested.Condition))
        {
            if (conjunct is not BinaryExpr { Left: VariableExpr counter })
            {
                continue;
            }

            for (int k = index - 1; k >= 0; k--)
            {
                if (statements[k] is AssignStmt start && start.Target == counter.Name)
                {
                    var reads = new HashSet<string>();
                    IrWalk.AddVariables(start.Value, reads);
                    return ValueRecording.IsPureIndex(start.Value) && IsTrackedIndex(start.Value) && !reads.Overlaps(writtenInEnclosing)
                        ? TripBound(nested, start.Value, writtenInEnclosing)
                        : null;
                }

                if (statements[k] is IfStmt or LoopStmt)
                {
                    break;
                }
            }
        }

        return null;
    }

    private static readonly Expr One = new LiteralExpr(TypeRef.Int32, "1");
    private static readonly Expr Zero = new LiteralExpr(TypeRef.Int32, "0");

    private static void Add(Dictionary<string, Expr> demand, string tape, Expr count)
        => demand[tape] = demand.TryGetValue(tape, out Expr? sofar) ? Plus(sofar, count) : count;

    private static Expr Plus(Expr a, Expr b)
        => a is LiteralExpr x && b is LiteralExpr y && int.TryParse(x.Text, out int i) && int.TryParse(y.Text, out int j)
            ? new LiteralExpr(TypeRef.Int32, (i + j).ToString(System.Globalization.CultureInfo.InvariantCulture))
            : new BinaryExpr(TypeRef.Int32, "+", a, b);

    private static Expr Times(Expr a, Expr b)
        => Ir.IsLiteral(b, 1) ? a : Ir.IsLiteral(a, 1) ? b : new BinaryExpr(TypeRef.Int32, "*", a, b);

    /// <summary>
    /// An upper bound on the loop's trip count, evaluated on entry: for a condition <c>c &lt; E</c>
    /// (or <c>&lt;=</c>, or the decreasing forms) with E loop-invariant and the counter stepped by the
    /// same positive constant exactly once on every path, <c>(E − c + step − 1) / step</c>.
    /// </summary>
    private Expr? TripBound(LoopStmt loop, Expr? start, HashSet<string>? writtenInEnclosing = null)
    {
        if (loop.IsDoWhile)
        {
            return null; // runs once before the condition is tested: the distance is no bound
        }

        var written = new HashSet<string>();
        foreach (Stmt statement in loop.Body)
        {
            AddWrites(statement, written);
        }

        if (writtenInEnclosing is not null)
        {
            written.UnionWith(writtenInEnclosing);
        }

        foreach (Expr conjunct in Conjuncts(loop.Condition))
        {
            if (conjunct is not BinaryExpr { Operator: "<" or "<=" or ">" or ">=" } comparison
                || comparison.Left is not VariableExpr counter || counter.Type != TypeRef.Int32
                || !ValueRecording.IsPureIndex(comparison.Right) || !IsTrackedIndex(comparison.Right))
            {
                continue;
            }

            var limitReads = new HashSet<string>();
            IrWalk.AddVariables(comparison.Right, limitReads);
            if (limitReads.Overlaps(written))
            {
                continue;
            }

            bool increasing = comparison.Operator is "<" or "<=";
            if (StepPerPath(loop.Body, counter.Name, increasing ? "+" : "-") is not { } step || step <= 0)
            {
                continue;
            }

            Expr from = start ?? counter;
            Expr distance = increasing ? IntMinus(comparison.Right, from) : IntMinus(from, comparison.Right);
            if (start is not null)
            {
                // Evaluated outside the loop, the distance may be negative: count it as zero trips.
                distance = StaticCall("global::System.Math.Max", TypeRef.Int32, Zero, distance);
            }
            int inclusive = comparison.Operator is "<=" or ">=" ? 1 : 0;
            int round = step - 1 + inclusive;
            if (round != 0)
            {
                distance = new BinaryExpr(TypeRef.Int32, "+", distance, new LiteralExpr(TypeRef.Int32, round.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            return step == 1 ? distance : new BinaryExpr(TypeRef.Int32, "/", distance, new LiteralExpr(TypeRef.Int32, step.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return null;
    }

    private static IEnumerable<Expr> Conjuncts(Expr condition)
    {
        if (condition is BinaryExpr { Operator: "&&" } both)
        {
            foreach (Expr part in Conjuncts(both.Left))
            {
                yield return part;
            }

            foreach (Expr part in Conjuncts(both.Right))
            {
                yield return part;
            }
        }
        else
        {
            yield return condition;
        }
    }

    /// <summary>The constant step of <paramref name="counter"/> if every path through the statements steps it exactly once by it; else null.</summary>
    private int? StepPerPath(IEnumerable<Stmt> statements, string counter, string direction)
    {
        int? total = 0;
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case AssignStmt assignment when assignment.Target == counter:
                    if (assignment.Value is not BinaryExpr { Left: VariableExpr self, Right: LiteralExpr literal } step
                        || self.Name != counter || step.Operator != direction
                        || !int.TryParse(literal.Text, out int amount) || total != 0)
                    {
                        return null;
                    }

                    total = amount;
                    break;
                case IfStmt branch:
                    int? then = StepPerPath(branch.Then, counter, direction);
                    int? otherwise = StepPerPath(branch.Else, counter, direction);
                    if (then is null || otherwise is null || then != otherwise || (then != 0 && total != 0))
                    {
                        return null;
                    }

                    total += then;
                    break;
                case LoopStmt nested:
                    var writes = new HashSet<string>();
                    AddWrites(nested, writes);
                    if (writes.Contains(counter))
                    {
                        return null;
                    }

                    break;
            }
        }

        return total;
    }

    private static List<Stmt> UncheckPushes(IEnumerable<Stmt> statements)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            if (statement is ReserveStmt)
            {
                continue; // the enclosing loop reserved room for this one's pushes too
            }

            output.Add(statement switch
            {
                PushStmt push => push with { IsChecked = false },
                IfStmt branch => branch with { Then = UncheckPushes(branch.Then).ToEquatableArray(), Else = UncheckPushes(branch.Else).ToEquatableArray() },
                LoopStmt nested => nested with { Body = UncheckPushes(nested.Body).ToEquatableArray() },
                _ => statement,
            });
        }

        return output;
    }

    /// <summary>Saves the old value of <paramref name="target"/> when the reverse sweep will need it back.</summary>
    private void EmitSave(Stmt statement, Expr target, TypeRef type, List<Stmt> output, bool topLevel)
    {
        if (!saveSlots.TryGetValue(statement, out string? slot))
        {
            return;
        }

        if (insideLoop.Contains(statement))
        {
            output.Add(new PushStmt(slot, target));
        }
        else
        {
            output.Add(topLevel ? new DeclareStmt(type, slot, target) : new AssignStmt(slot, type, target, null));
        }
    }

    /// <summary>A local array that carries derivatives gets a pooled, zeroed adjoint array of its length.</summary>
    private void EmitAdjointArray(AssignStmt creation, List<Stmt> output, bool topLevel)
    {
        string adjoint = AdjointOf(creation.Target);
        TypeRef element = creation.TargetType.Element!;
        var arrayType = new TypeRef(element.Name + "[]", ValueKind.Array, element);
        Expr rent = StaticCall(
            "global::AutoGradGen.Tapes.AdjointArrays.Rent<" + element.Name + ">",
            arrayType,
            new InstanceMemberExpr(TypeRef.Int32, Var(creation.Target, creation.TargetType), "Length"));
        output.Add(new AssignStmt(adjoint, arrayType, rent, null));
    }

    private static Expr Increment(string counter)
        => new BinaryExpr(TypeRef.Int32, "+", new VariableExpr(TypeRef.Int32, counter), new LiteralExpr(TypeRef.Int32, "1"));

    /// <summary>One comment per mirrored source statement (the pieces of a split statement share it).</summary>
    private static void AddComment(string? source, List<Stmt> output)
    {
        if (source is null)
        {
            return;
        }

        for (int i = output.Count - 1; i >= 0; i--)
        {
            if (output[i] is CommentStmt previous)
            {
                if (previous.Text == source)
                {
                    return;
                }

                break;
            }
        }

        output.Add(new CommentStmt(source));
    }
}
