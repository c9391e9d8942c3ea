using System.Collections.Generic;
using AutoGradGen.Generators.Analysis;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>Lets the transform quote expressions in comments without depending on the emitter's internals.</summary>
internal static class CSharpPrinterFacade
{
    public static string Print(Expr expression) => Emit.CSharpPrinter.Expression(expression);
}

/// <summary>The reverse sweep: statements backwards, restoring overwritten values and propagating adjoints.</summary>
internal sealed partial class AdjointBuilder
{
    private void EmitReverseList(IReadOnlyList<Stmt> statements, List<Stmt> output)
    {
        for (int i = statements.Count - 1; i >= 0; i--)
        {
            Stmt statement = statements[i];
            (CallExpr, List<Expr>)? putBack = putBackAroundPullback.TryGetValue(statement, out CallExpr? changer) ? (changer, wholeSaves[statement]) : null;
            pendingPutBack = putBack;
            if (recomputeBefore.TryGetValue(statement, out List<AssignStmt>? recomputes))
            {
                foreach (AssignStmt again in recomputes)
                {
                    if (recomputed.Contains(again) && !hoistedRecomputes.Contains(again))
                    {
                        // Computed again from inputs that hold this iteration's values here: nothing was saved.
                        output.Add(new CommentStmt("recompute " + again.Target + " = " + CSharpPrinterFacade.Print(again.Value)));
                        output.Add(again with { Source = null });
                    }
                }
            }

            switch (statement)
            {
                case AssignStmt assignment when HasReverseWork(assignment):
                    EmitReverseAssignment(assignment, output);
                    break;

                case ElementAssignStmt element when HasReverseWork(element):
                    EmitReverseElementAssignment(element, output);
                    break;

                case ExpressionStmt { Expression: CallExpr { Callee.IsKernel: true } kernel } call when IsActiveKernelCall(kernel):
                    EmitReverseKernelCall(kernel, call.Source, output);
                    break;

                case IfStmt branch when branchRecords.TryGetValue(branch, out string? record):
                    output.Add(new CommentStmt((branch.Source ?? "if") + " (as taken in the forward sweep)"));
                    var then = new List<Stmt>();
                    EmitReverseList(branch.Then, then);
                    var otherwise = new List<Stmt>();
                    EmitReverseList(branch.Else, otherwise);
                    Expr taken = insideLoop.Contains(branch)
                        ? new PopExpr(TypeRef.Boolean, Tape(TypeRef.Boolean))
                        : new VariableExpr(TypeRef.Boolean, record);
                    output.Add(new IfStmt(taken, then.ToEquatableArray(), otherwise.ToEquatableArray(), null));
                    break;

                case LoopStmt loop when independentLoops.ContainsKey(loop):
                    EmitIndependentLoopReverse(loop, output);
                    break;

                case LoopStmt loop when tripCounters.TryGetValue(loop, out string? trips):
                    int prologueStart = output.Count;
                    output.Add(new CommentStmt((loop.Source ?? "loop") + ", its iterations in reverse order"));
                    if (countedLoops.TryGetValue(loop, out Counted? counted))
                    {
                        // Trip count and final counter value follow from the start and the limit.
                        output.Add(new AssignStmt(trips, TypeRef.Int32, counted.Trips, null));
                        Expr advance = new BinaryExpr(TypeRef.Int32, "*", Var(trips, TypeRef.Int32), new LiteralExpr(TypeRef.Int32, System.Math.Abs(counted.Step).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                        if (System.Math.Abs(counted.Step) == 1)
                        {
                            advance = Var(trips, TypeRef.Int32);
                        }

                        output.Add(new AssignStmt(counted.Counter, TypeRef.Int32, counted.Step > 0 ? IntPlus(counted.Start, advance) : new BinaryExpr(TypeRef.Int32, "-", counted.Start, advance), null));
                    }
                    else if (insideLoop.Contains(loop))
                    {
                        output.Add(new AssignStmt(trips, TypeRef.Int32, new PopExpr(TypeRef.Int32, Tape(TypeRef.Int32)), null));
                    }

                    HoistInvariantRecomputes(loop, output);
                    ZeroLastAdjointElements(loop, output);
                    var reversedBody = new List<Stmt>();
                    EmitReverseList(loop.Body, reversedBody);
                    string iteration = names.Fresh("iteration");
                    // A loop counted up by one from a literal start may fuse with its neighbours (ReverseLoopFusion).
                    if (counted is { Step: 1 } unit
                        && loop.Condition is BinaryExpr { Operator: "<", Right: var limit } && unit.Start is LiteralExpr start
                        && int.TryParse(start.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int first))
                    {
                        reverseRanges.Add(iteration, new ReverseRange(unit.Counter, first, limit, trips, output.Count - prologueStart));
                    }

                    output.Add(new RepeatStmt(iteration, Var(trips, TypeRef.Int32), reversedBody.ToEquatableArray()));
                    break;
            }

            if (statement is IfStmt)
            {
                pendingPutBack = putBack; // the branches' reverse had its own; the condition's call comes after them
            }

            if (pendingPutBack is { Call: var unrun } && ChangesActiveArray(unrun))
            {
                EmitUnseededPullback(unrun, output);
            }

            bool putBackAtPullback = putBackAroundPullback.ContainsKey(statement) && pendingPutBack is null;
            pendingPutBack = null;
            if (wholeSaves.TryGetValue(statement, out List<Expr>? saved) && !putBackAtPullback)
            {
                // After the statement's own reverse: the arrays a call in it may have changed, as before it.
                output.Add(new CommentStmt("put back the arrays a call here may have changed"));
                for (int s = saved.Count - 1; s >= 0; s--)
                {
                    EmitPopAll(saved[s], output);
                }
            }
        }
    }

    /// <summary>
    /// The pullback of a call whose value carried no derivative (in a condition, an index, a discarded
    /// result) but which changed an active array: run with a zero seed, it turns the adjoint of the
    /// array after the call into the adjoint of the array before it and of the call's other inputs.
    /// </summary>
    private void EmitUnseededPullback(CallExpr call, List<Stmt> output)
    {
        output.Add(new CommentStmt(ActivityAnalysis.MethodName(call.Target) + " changed an array carrying derivatives: its pullback runs with a zero seed"));
        PropagateDifferentiableCall(call, Ir.Zero(call.Type), output);
    }

    /// <summary>
    /// Whether another argument of the call is an array: it may hold the element an element argument
    /// reads (<c>Fill(y[0], w, y)</c>, or another name for the same array), and the callee's pullback
    /// would then get that element's adjoint twice — once as a scalar by reference, once inside the
    /// array's adjoint. The element's adjoint then goes through a local, added in after the pullback.
    /// </summary>
    private static bool ArrayPassedBeside(CallExpr call, int index)
    {
        for (int j = 0; j < call.Arguments.Count; j++)
        {
            if (j != index && call.Arguments[j].Value.Type.Kind == ValueKind.Array)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Computes, before a reverse loop, the recomputations inside it (at any depth) whose inputs never
    /// change (<see cref="InvariantRecomputes"/>), so that they run once rather than once per iteration.
    /// Loops reversed iteration by iteration in the forward sweep keep theirs: their reverse is emitted
    /// elsewhere.
    /// </summary>
    private void HoistInvariantRecomputes(LoopStmt loop, List<Stmt> output)
    {
        var pending = new Stack<Stmt>();
        for (int i = loop.Body.Count - 1; i >= 0; i--)
        {
            pending.Push(loop.Body[i]);
        }

        while (pending.Count > 0)
        {
            Stmt statement = pending.Pop();
            if (recomputeBefore.TryGetValue(statement, out List<AssignStmt>? recomputes))
            {
                foreach (AssignStmt again in recomputes)
                {
                    if (recomputed.Contains(again) && !hoistedRecomputes.Contains(again)
                        && InvariantRecomputes.IsHoistable(again.Value, constantVariables))
                    {
                        output.Add(new CommentStmt("recompute " + again.Target + " = " + CSharpPrinterFacade.Print(again.Value) + " once: its inputs never change"));
                        output.Add(again with { Source = null });
                        hoistedRecomputes.Add(again);
                    }
                }
            }

            IReadOnlyList<Stmt> nested = statement switch
            {
                LoopStmt inner when !independentLoops.ContainsKey(inner) => inner.Body,
                IfStmt branch => Both(branch.Then, branch.Else),
                BlockStmt block => block.Statements,
                _ => System.Array.Empty<Stmt>(),
            };
            for (int i = nested.Count - 1; i >= 0; i--)
            {
                pending.Push(nested[i]);
            }
        }
    }

    /// <summary>Before a stencil last read's reverse: <c>ā[length − 1] = 0</c>, the one element it only adds to (<see cref="StoredAdjoints"/>).</summary>
    private void ZeroLastAdjointElements(LoopStmt loop, List<Stmt> output)
    {
        if (!storedAdjoints.ZeroLastBefore.TryGetValue(loop, out List<string>? arrays))
        {
            return;
        }

        foreach (string array in arrays)
        {
            Variable variable = variables[array];
            var arrayExpr = new VariableExpr(variable.Type, array);
            Expr length = new InstanceMemberExpr(TypeRef.Int32, arrayExpr, "Length");
            Expr last = new BinaryExpr(TypeRef.Int32, "-", length, One);
            var zero = new ElementAssignStmt(AdjointArray(arrayExpr), last, variable.Type.Element!, Ir.Zero(variable.Type.Element!), null);
            output.Add(new IfStmt(Ir.Compare(">", length, new LiteralExpr(TypeRef.Int32, "0")), new EquatableArray<Stmt>(new Stmt[] { zero }), EquatableArray<Stmt>.Empty, null));
        }
    }

    private static List<Stmt> Both(IEnumerable<Stmt> first, IEnumerable<Stmt> second)
    {
        var both = new List<Stmt>(first);
        both.AddRange(second);
        return both;
    }

    /// <summary>
    /// While a last read's reverse is emitted, its accumulation into the array's adjoint becomes a
    /// store. If its rule adds nothing to the element (a zero derivative), it stores zero instead:
    /// the rewrite reversed next skips its clear whatever the read's rule was.
    /// </summary>
    private void BeginStore(Stmt statement)
        => storeInto = storedAdjoints.StoreIn.TryGetValue(statement, out Dictionary<string, Expr>? arrays) ? new Dictionary<string, Expr>(arrays) : null;

    private void EndStore(List<Stmt> output)
    {
        if (storeInto is not null)
        {
            foreach (KeyValuePair<string, Expr> unstored in storeInto)
            {
                Variable array = variables[unstored.Key];
                var arrayExpr = new VariableExpr(array.Type, unstored.Key);
                output.Add(new ElementAssignStmt(AdjointArray(arrayExpr), unstored.Value, array.Type.Element!, Ir.Zero(array.Type.Element!), null));
                storesMade.Add(unstored.Key);
            }
        }

        storeInto = null;
    }

    private void EmitRestore(Stmt statement, Expr target, TypeRef type, List<Stmt> output)
    {
        if (!saveSlots.TryGetValue(statement, out string? slot))
        {
            return;
        }

        Expr saved = insideLoop.Contains(statement)
            ? new PopExpr(type, slot)
            : Var(slot, type);
        output.Add(target is ElementExpr element
            ? new ElementAssignStmt(element.Array, element.Index, type, saved, null)
            : new AssignStmt(((VariableExpr)target).Name, type, saved, null));
    }

    private void EmitReverseAssignment(AssignStmt assignment, List<Stmt> output)
    {
        var code = new List<Stmt>();
        BeginStore(assignment);
        EmitReverseAssignmentCore(assignment, code);
        EndStore(code);
        if (code.Count > 0)
        {
            AddComment(assignment.Source, output);
            output.AddRange(ReverseAccesses.ShareIndices(code, names));
        }
    }

    private void EmitReverseAssignmentCore(AssignStmt assignment, List<Stmt> output)
    {
        if (invertible.Contains(assignment))
        {
            // i = i ± c is undone exactly by i = i ∓ c: nothing was saved.
            var sum = (BinaryExpr)assignment.Value;
            output.Add(new AssignStmt(assignment.Target, assignment.TargetType, sum with { Operator = sum.Operator == "+" ? "-" : "+" }, null));
            return;
        }

        // A rule that reads its own result (exp, sqrt, …) reads it from the target, before any restore.
        Expr? resultValue = null;
        if (IsActive(assignment.Target) && ValueRecording.VisitNeededOperands(assignment.Value, activity.Varied, _ => { }))
        {
            resultValue = new VariableExpr(assignment.TargetType, assignment.Target);
            if (saveSlots.ContainsKey(assignment))
            {
                string value = names.Fresh(assignment.Target + "Value");
                output.Add(new DeclareStmt(assignment.TargetType, value, resultValue));
                resultValue = new VariableExpr(assignment.TargetType, value);
            }
        }

        EmitRestore(assignment, new VariableExpr(assignment.TargetType, assignment.Target), assignment.TargetType, output);
        if (!IsActive(assignment.Target))
        {
            return;
        }

        string targetAdjoint = AdjointOf(assignment.Target);
        TypeRef type = assignment.TargetType;
        Expr adjoint = new VariableExpr(type, targetAdjoint);
        bool readsItself = Reads(assignment.Value, assignment.Target);
        if (readsItself && AsIncrement(assignment.Value, e => e is VariableExpr v && v.Name == assignment.Target, assignment.Target) is { } increment)
        {
            // v = v ± e: v̄ passes through to the old v unchanged; only e needs its share.
            Propagate(increment.Operand, increment.Negated ? Ir.Neg(adjoint) : adjoint, null, output);
            return;
        }

        bool clear = !isFirstDefinition.Contains(assignment);
        if (readsItself)
        {
            // v = f(v, …): take v̄ before the operands (v among them) add into it.
            string taken = names.Fresh(assignment.Target + "BarTaken");
            output.Add(new DeclareStmt(type, taken, adjoint));
            output.Add(new AssignStmt(targetAdjoint, type, Ir.Zero(type), null));
            adjoint = new VariableExpr(type, taken);
            clear = false;
        }

        Propagate(assignment.Value, adjoint, resultValue, output);
        if (clear)
        {
            output.Add(new AssignStmt(targetAdjoint, type, Ir.Zero(type), null));
        }
    }

    private void EmitReverseElementAssignment(ElementAssignStmt element, List<Stmt> output)
    {
        AddComment(element.Source, output);
        var code = new List<Stmt>();
        BeginStore(element);
        EmitReverseElementAssignmentCore(element, code);
        EndStore(code);
        output.AddRange(ReverseAccesses.ShareIndices(code, names));
    }

    private void EmitReverseElementAssignmentCore(ElementAssignStmt element, List<Stmt> output)
    {
        var target = new ElementExpr(element.ElementType, element.Array, element.Index);
        EmitRestore(element, target, element.ElementType, output);
        string root = ActivityAnalysis.RootName(element.Array)!;
        if (!IsActive(root))
        {
            return;
        }

        TypeRef type = element.ElementType;
        var adjoint = new ElementExpr(type, AdjointArray(element.Array), element.Index);
        if (AsIncrement(element.Value, e => e == target, root) is { } increment)
        {
            // a[i] = a[i] ± e: ā[i] passes through; only e needs its share.
            Propagate(increment.Operand, increment.Negated ? Ir.Neg(adjoint) : adjoint, null, output);
            return;
        }

        // Take ā[i], clear it (the old element's adjoint starts from zero), then propagate. No need to
        // clear when the next adjoint code to reach ā[i] stores into it (StoredAdjoints).
        string taken = names.Fresh(root + "ElementBar");
        output.Add(new DeclareStmt(type, taken, adjoint));
        if (!storedAdjoints.TakeWithoutClearing.Contains(element) || !storesMade.Contains(root))
        {
            output.Add(new ElementAssignStmt(adjoint.Array, adjoint.Index, type, Ir.Zero(type), null));
        }

        Propagate(element.Value, new VariableExpr(type, taken), null, output);
    }

    private static bool Reads(Expr value, string name)
    {
        foreach (string read in ActivityAnalysis.DifferentiablePathVariables(value))
        {
            if (read == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Recognises <c>t + e</c>, <c>e + t</c> and <c>t - e</c> for the target <c>t</c>, where <c>e</c> does not read <paramref name="root"/>.</summary>
    private static (Expr Operand, bool Negated)? AsIncrement(Expr value, System.Func<Expr, bool> isTarget, string root)
    {
        if (value is not BinaryExpr { Operator: "+" or "-" } sum)
        {
            return null;
        }

        if (isTarget(sum.Left) && !Reads(sum.Right, root))
        {
            return (sum.Right, sum.Operator == "-");
        }

        if (sum.Operator == "+" && isTarget(sum.Right) && !Reads(sum.Left, root))
        {
            return (sum.Left, false);
        }

        return null;
    }

    /// <summary>Adds <paramref name="adjoint"/> · ∂<paramref name="expression"/>/∂u into ū for every active u in it.</summary>
    private void Propagate(Expr expression, Expr adjoint, Expr? resultValue, List<Stmt> output)
    {
        if (!ActivityAnalysis.IsVaried(expression, activity.Varied))
        {
            return;
        }

        switch (expression)
        {
            case VariableExpr variable:
                output.Add(new AccumulateStmt(AdjointOf(variable.Name), Ir.Convert(adjoint, variable.Type)));
                break;

            case ElementExpr { Array: VariableExpr stored } element
                when storeInto is not null && storeInto.TryGetValue(stored.Name, out Expr? storeAt) && storeAt == element.Index:
                // The first adjoint code to reach this element since the rewrite's reverse took it.
                storeInto.Remove(stored.Name);
                output.Add(new ElementAssignStmt(AdjointArray(element.Array), element.Index, element.Type, Ir.Convert(adjoint, element.Type), null));
                storesMade.Add(stored.Name);
                break;

            case ElementExpr element:
                output.Add(new AccumulateElementStmt(AdjointArray(element.Array), element.Index, Ir.Convert(adjoint, element.Type)));
                break;

            case UnaryExpr { Operator: "-" } negation:
                Propagate(negation.Operand, Ir.Neg(adjoint), null, output);
                break;

            case UnaryExpr unary:
                Propagate(unary.Operand, adjoint, null, output);
                break;

            case ConvertExpr conversion:
                Propagate(conversion.Operand, Ir.Convert(adjoint, conversion.Operand.Type), null, output);
                break;

            case BinaryExpr binary:
                PropagateBinary(binary, adjoint, output);
                break;

            case CallExpr { Kind: CallKind.Intrinsic } call:
                PropagateIntrinsic(call, adjoint, resultValue, output);
                break;

            case CallExpr { Kind: CallKind.Differentiable } call:
                PropagateDifferentiableCall(call, adjoint, output);
                break;
        }
    }

    private void PropagateBinary(BinaryExpr binary, Expr adjoint, List<Stmt> output)
    {
        bool leftVaried = ActivityAnalysis.IsVaried(binary.Left, activity.Varied);
        bool rightVaried = ActivityAnalysis.IsVaried(binary.Right, activity.Varied);
        if (binary.Operator == "*" && leftVaried && binary.Left == binary.Right && !IrWalk.HasCall(binary.Left))
        {
            // ∂(a·a) = 2a ∂a: one contribution rather than two equal ones (a read-modify-write less
            // per square when a is an array element).
            Propagate(binary.Left, Ir.Mul(Ir.Mul(adjoint, binary.Left), Ir.Number(2, binary.Type)), null, output);
            return;
        }

        if (leftVaried && rightVaried)
        {
            adjoint = Bind(adjoint, SuggestAdjointName(binary), output);
        }

        Expr left = binary.Left;
        Expr right = binary.Right;
        switch (binary.Operator)
        {
            case "+":
                Propagate(left, adjoint, null, output);
                Propagate(right, adjoint, null, output);
                break;
            case "-":
                Propagate(left, adjoint, null, output);
                Propagate(right, Ir.Neg(adjoint), null, output);
                break;
            case "*":
                // ∂(a·b) = b ∂a + a ∂b
                Propagate(left, Ir.Mul(adjoint, right), null, output);
                Propagate(right, Ir.Mul(adjoint, left), null, output);
                break;
            case "/":
                // ∂(a/b) = ∂a / b − a ∂b / b²
                Propagate(left, Ir.Div(adjoint, right), null, output);
                Propagate(right, Ir.Neg(Ir.Div(Ir.Mul(adjoint, left), Ir.Mul(right, right))), null, output);
                break;
            case "%":
                // a % b = a − b·trunc(a/b): ∂a = 1, ∂b = −trunc(a/b)
                Propagate(left, adjoint, null, output);
                Propagate(right, Ir.Neg(Ir.Mul(adjoint, Ir.MathCall("Truncate", binary.Type, Ir.Div(left, right)))), null, output);
                break;
        }
    }

    private void PropagateIntrinsic(CallExpr call, Expr adjoint, Expr? resultValue, List<Stmt> output)
    {
        string name = ActivityAnalysis.MethodName(call.Target);
        DerivativeRules.TryGet(name, call.Arguments.Count, out DerivativeRules.Rule rule);
        int activeArguments = 0;
        var arguments = new Expr[call.Arguments.Count];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = call.Arguments[i].Value;
            if (ActivityAnalysis.IsVaried(arguments[i], activity.Varied))
            {
                activeArguments++;
            }
        }

        if (activeArguments > 1 || !IsSimple(adjoint))
        {
            adjoint = Bind(adjoint, CamelCase(name) + "Bar", output);
        }

        Expr?[] partials = rule.Partials(new DerivativeRules.Inputs(call.Type, arguments, resultValue, adjoint));
        for (int i = 0; i < arguments.Length; i++)
        {
            if (partials[i] is { } partial && ActivityAnalysis.IsVaried(arguments[i], activity.Varied))
            {
                Propagate(arguments[i], Ir.Convert(partial, arguments[i].Type), null, output);
            }
        }
    }

    /// <summary>Puts back what <see cref="EmitPushAll"/> saved: pops every element, last to first.</summary>
    private void EmitPopAll(Expr array, List<Stmt> output)
    {
        TypeRef element = array.Type.Element!;
        string k = names.Fresh("element");
        Expr last = new BinaryExpr(TypeRef.Int32, "-", new BinaryExpr(TypeRef.Int32, "-", Length(array), One), Var(k, TypeRef.Int32));
        ElementExpr target = ElementOf(array, last);
        output.Add(new RepeatStmt(k, SavedLength(array), new EquatableArray<Stmt>(new Stmt[]
        {
            new ElementAssignStmt(target.Array, target.Index, element, new PopExpr(element, Tape(element)), null),
        })));
    }

    /// <summary>
    /// The reverse of a kernel call: put its outputs back as they were before it (popping what the
    /// forward sweep saved), run its pullback — which runs the kernel again and turns the outputs'
    /// adjoints into the adjoints of their old values while adding into the inputs' — then put the
    /// outputs back once more, since the pullback's own run of the kernel wrote them.
    /// </summary>
    private void EmitReverseKernelCall(CallExpr kernel, string? source, List<Stmt> output)
    {
        AddComment(source, output);
        var outputs = new List<Expr>(ActivityAnalysis.KernelOutputs(kernel));
        for (int o = outputs.Count - 1; o >= 0; o--)
        {
            EmitPopAll(outputs[o], output);
        }

        var scratches = KeepCopies(outputs, output);
        PropagateDifferentiableCall(kernel, null, output);
        CopyBack(scratches, output);
    }

    /// <summary>Copies each array into pooled scratch, so that it can be put back after a pullback has run its callee again.</summary>
    private List<(Expr Array, string Scratch, TypeRef ArrayType)> KeepCopies(IEnumerable<Expr> arrays, List<Stmt> output)
    {
        var scratches = new List<(Expr Array, string Scratch, TypeRef ArrayType)>();
        foreach (Expr written in arrays)
        {
            TypeRef element = written.Type.Element!;
            var arrayType = new TypeRef(element.Name + "[]", ValueKind.Array, element);
            string scratch = names.Fresh("before");
            output.Add(new DeclareStmt(arrayType, scratch, StaticCall("global::AutoGradGen.Tapes.AdjointArrays.Rent<" + element.Name + ">", arrayType, SavedLength(written))));
            output.Add(new ExpressionStmt(StaticCall("global::AutoGradGen.Tapes.AdjointArrays.Copy<" + element.Name + ">", TypeRef.Void, written, Var(scratch, arrayType)), null));
            scratches.Add((written, scratch, arrayType));
        }

        return scratches;
    }

    /// <summary>Puts back what <see cref="KeepCopies"/> kept and returns the scratch to the pool.</summary>
    private void CopyBack(List<(Expr Array, string Scratch, TypeRef ArrayType)> scratches, List<Stmt> output)
    {
        foreach ((Expr written, string scratch, TypeRef arrayType) in scratches)
        {
            TypeRef element = written.Type.Element!;
            output.Add(new ExpressionStmt(StaticCall("global::AutoGradGen.Tapes.AdjointArrays.Copy<" + element.Name + ">", TypeRef.Void, new SliceExpr(written.Type, Var(scratch, arrayType), Zero, SavedLength(written)), written), null));
            output.Add(new ExpressionStmt(StaticCall("global::AutoGradGen.Tapes.AdjointArrays.Return", TypeRef.Void, Var(scratch, arrayType)), null));
        }
    }

    /// <summary>
    /// Chains through a [Differentiable] callee: its pullback adds seed · ∂callee into the argument
    /// adjoints. A kernel's pullback has no seed (<paramref name="adjoint"/> is null): its outputs'
    /// adjoints play that part.
    /// </summary>
    private void PropagateDifferentiableCall(CallExpr call, Expr? adjoint, List<Stmt> output)
    {
        var arguments = new List<Argument>();
        foreach (Argument argument in call.Arguments)
        {
            arguments.Add(argument);
        }

        if (adjoint is not null)
        {
            adjoint = Bind(adjoint, CamelCase(ActivityAnalysis.MethodName(call.Target)) + "Bar", output);
            arguments.Add(new Argument(adjoint, string.Empty));
        }
        var afterCall = new List<Stmt>();
        var afterPropagation = new List<(Expr Argument, string Adjoint)>();
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            if (!ActivityAnalysis.CarriesDerivative(call, i))
            {
                continue;
            }

            Expr value = call.Arguments[i].Value;
            bool varied = ActivityAnalysis.IsVaried(value, activity.Varied);
            if (value.Type.Kind == ValueKind.Array)
            {
                arguments.Add(new Argument(ArrayArgumentAdjoint(value, varied, output, afterCall), string.Empty));
                continue;
            }

            string adjointName;
            if (value is VariableExpr variable && IsActive(variable.Name))
            {
                adjointName = AdjointOf(variable.Name);
            }
            else if (value is ElementExpr element && varied && !ArrayPassedBeside(call, i))
            {
                // An element's adjoint is itself a variable: pass it by reference.
                arguments.Add(new Argument(new ElementExpr(element.Type, AdjointArray(element.Array), element.Index), "ref "));
                continue;
            }
            else
            {
                adjointName = names.Fresh(varied ? "argumentBar" : "unusedBar");
                output.Add(new DeclareStmt(value.Type, adjointName, Ir.Zero(value.Type)));
                if (varied)
                {
                    afterPropagation.Add((value, adjointName));
                }
            }

            arguments.Add(new Argument(new VariableExpr(value.Type, adjointName), "ref "));
        }

        // The [NoDiff] arrays the callee changes, as they were at the call: its pullback runs it again on
        // them. Its run leaves them changed once more, so they are put back again after it for the
        // reverse of the statements before.
        List<(Expr Array, string Scratch, TypeRef ArrayType)>? kept = null;
        if (pendingPutBack is { } putBack && ReferenceEquals(putBack.Call, call))
        {
            pendingPutBack = null;
            output.Add(new CommentStmt("put back the arrays the call changes, as its pullback runs it again"));
            for (int s = putBack.Arrays.Count - 1; s >= 0; s--)
            {
                EmitPopAll(putBack.Arrays[s], output);
            }

            kept = KeepCopies(putBack.Arrays, output);
        }

        DifferentiableCallee callee = call.Callee!;
        output.Add(new ExpressionStmt(
            new CallExpr(TypeRef.Void, CallKind.Opaque, callee.PullbackTarget, null, arguments.ToEquatableArray(), null, -1),
            null));
        if (kept is not null)
        {
            CopyBack(kept, output);
        }

        output.AddRange(afterCall);
        foreach ((Expr argument, string adjointName) in afterPropagation)
        {
            Propagate(argument, new VariableExpr(argument.Type, adjointName), null, output);
        }
    }

    /// <summary>
    /// The adjoint span passed for an array argument: the array's own adjoint (sliced like the
    /// argument), or, for an argument that carries no derivative, pooled scratch of the same length.
    /// </summary>
    private Expr ArrayArgumentAdjoint(Expr value, bool varied, List<Stmt> output, List<Stmt> afterCall)
    {
        if (varied)
        {
            switch (value)
            {
                case VariableExpr variable when !flavor.ParameterAdjoints.ContainsKey(variable.Name) || IsRedirectedArray(variable.Name):
                    // Pooled adjoint arrays (a local's, a [NoDiff] workspace's) can be longer than the array: pass exactly its length.
                    return new SliceExpr(value.Type, AdjointArray(value), new LiteralExpr(TypeRef.Int32, "0"), new InstanceMemberExpr(TypeRef.Int32, value, "Length"));
                case VariableExpr or ElementExpr:
                    return AdjointArray(value);
                case SliceExpr slice:
                    return slice with { Array = AdjointArray(slice.Array) };
            }
        }

        TypeRef element = value.Type.Element!;
        var arrayType = new TypeRef(element.Name + "[]", ValueKind.Array, element);
        string scratch = names.Fresh("unusedBar");
        Expr length = value is SliceExpr s ? s.Length : new InstanceMemberExpr(TypeRef.Int32, value, "Length");
        output.Add(new DeclareStmt(arrayType, scratch, StaticCall("global::AutoGradGen.Tapes.AdjointArrays.Rent<" + element.Name + ">", arrayType, length)));
        afterCall.Add(new ExpressionStmt(StaticCall("global::AutoGradGen.Tapes.AdjointArrays.Return", TypeRef.Void, Var(scratch, arrayType)), null));
        return new SliceExpr(value.Type, Var(scratch, arrayType), new LiteralExpr(TypeRef.Int32, "0"), length);
    }

    /// <summary>Gives a compound adjoint expression a name when it will be used more than once.</summary>
    private Expr Bind(Expr adjoint, string preferredName, List<Stmt> output)
    {
        if (IsSimple(adjoint))
        {
            return adjoint;
        }

        string name = names.Fresh(preferredName);
        output.Add(new DeclareStmt(adjoint.Type, name, adjoint));
        return new VariableExpr(adjoint.Type, name);
    }

    private static bool IsSimple(Expr expression) => expression is VariableExpr or LiteralExpr;

    private static string SuggestAdjointName(BinaryExpr binary) => binary.Operator switch
    {
        "*" => "productBar",
        "/" => "quotientBar",
        "+" => "sumBar",
        "-" => "differenceBar",
        _ => "remainderBar",
    };

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    /// <summary>The adjoint of an array expression: <c>aBar</c> for <c>a</c>, <c>cBar[k]</c> for a jagged row <c>c[k]</c>.</summary>
    private Expr AdjointArray(Expr array) => array switch
    {
        VariableExpr variable => new VariableExpr(AdjointArrayType(variable.Name), AdjointOf(variable.Name)),
        ElementExpr row => new ElementExpr(row.Type, AdjointArray(row.Array), row.Index),
        SliceExpr slice => slice with { Array = AdjointArray(slice.Array) }, // x.AsSpan(s, l)[i]: the same slice of x̄
        _ => throw new System.InvalidOperationException("no adjoint for array expression " + array.GetType().Name),
    };

    /// <summary>The type of an array's adjoint: <c>Span&lt;T&gt;</c> (or <c>T[][]</c>) for a parameter, a pooled <c>T[]</c> for a local.</summary>
    private TypeRef AdjointArrayType(string name)
    {
        TypeRef type = variables[name].Type;
        TypeRef element = type.Element!;
        if (flavor.ParameterAdjoints.ContainsKey(name) && !IsRedirectedArray(name))
        {
            return AdjointParameterType(type);
        }

        return new TypeRef(element.Name + "[]", ValueKind.Array, element);
    }

    /// <summary>The contract's adjoint type of an array parameter: <c>Span&lt;T&gt;</c>, or <c>T[][]</c> for jagged.</summary>
    public static TypeRef AdjointParameterType(TypeRef type)
    {
        TypeRef element = type.Element!;
        return type.Rank == 2
            ? new TypeRef(element.Element!.Name + "[][]", ValueKind.Array, new TypeRef(element.Element!.Name + "[]", ValueKind.Array, element.Element))
            : new TypeRef("global::System.Span<" + element.Name + ">", ValueKind.Array, element, IsSpan: true);
    }

    /// <summary>The adjoint variable of <paramref name="name"/>: the caller's argument for a parameter it never reassigns, else a local.</summary>
    private string AdjointOf(string name)
    {
        if (RedirectedAdjoint(name) is { } partial)
        {
            return partial;
        }

        if (flavor.ParameterAdjoints.TryGetValue(name, out string? argument) && !reassignedParameters.Contains(name))
        {
            return argument;
        }

        if (!adjointLocals.TryGetValue(name, out string? local))
        {
            local = names.Fresh(name + "Bar");
            adjointLocals.Add(name, local);
            TypeRef type = variables[name].Type;
            if (type.Kind == ValueKind.Array)
            {
                // Rented where the array is created; declared up front so the cleanup can return it.
                TypeRef element = type.Element!;
                hoisted.Add(new DeclareStmt(new TypeRef(element.Name + "[]", ValueKind.Array, element), local, HoistedDefault(new TypeRef(element.Name + "[]", ValueKind.Array, element))));
                rentedAdjoints.Add(local);
            }
            else if (name != result)
            {
                adjointDeclarations.Add(new DeclareStmt(type, local, Ir.Zero(type)));
            }
        }

        return local;
    }
}
