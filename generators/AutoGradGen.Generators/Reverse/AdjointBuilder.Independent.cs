using System.Collections.Generic;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// Loops with independent iterations that add into one sum (<see cref="IndependentIterations"/>):
/// each iteration runs forward and is reversed at once, seeded with 1, in the forward sweep. What
/// it saves is popped before the next iteration pushes (the tape holds one iteration, in cache),
/// and its contributions to everything outside the loop collect in partials — <c>∂s/∂u</c> for the
/// sum <c>s</c> — that the reverse sweep, once <c>s̄</c> is known, adds as <c>ū += s̄ · ∂s/∂u</c>.
/// </summary>
internal sealed partial class AdjointBuilder
{
    private readonly Dictionary<Stmt, IndependentLoop> independentLoops = new(StatementIdentity.Instance);
    private readonly Dictionary<Stmt, List<Partial>> loopPartials = new(StatementIdentity.Instance);
    private Fusion? fusion;

    /// <summary>The partial derivative of a loop's sum with respect to <see cref="Outer"/>, collected in <see cref="Name"/>.</summary>
    private sealed record Partial(string Outer, string Name, TypeRef Type);

    /// <summary>While an independent loop's reverse is emitted: adjoints of names outside the loop go to partials.</summary>
    private sealed class Fusion
    {
        public Fusion(IndependentLoop loop, string seed)
        {
            Loop = loop;
            Seed = seed;
        }

        public IndependentLoop Loop { get; }

        /// <summary>The sum's adjoint inside the loop: a local holding 1.</summary>
        public string Seed { get; }

        public List<Partial> Partials { get; } = new();

        public bool Redirects(string name) => name != Loop.Accumulator && !Loop.Private.Contains(name);
    }

    /// <summary>
    /// Whether the top-level loop at <paramref name="index"/> is differentiated iteration by iteration:
    /// its iterations are independent (<see cref="IndependentIterations"/>), nothing the reverse sweep
    /// reads before the loop is its sum (the sum's old values are never saved), and its iterations run
    /// inner loops with derivatives. A flat iteration saves a value or two, about what updating its
    /// partials costs, so only heavier ones gain (measured: log-sum-exp's one-statement loop got slower,
    /// least squares' nested one faster).
    /// </summary>
    private IndependentLoop? ExamineIndependent(IReadOnlyList<Stmt> statements, int index, HashSet<string> pendingOnEntry)
    {
        if (!ReferenceEquals(statements, body) || statements[index] is not LoopStmt loop || !HasInnerActiveWork(loop))
        {
            return null;
        }

        IndependentLoop? found = IndependentIterations.Examine(body, index, variables, IsActive, IsLengthOf);
        return found is not null && !pendingOnEntry.Contains(found.Accumulator) ? found : null;
    }

    private bool HasInnerActiveWork(LoopStmt loop)
    {
        foreach (Stmt statement in IrWalk.Statements(loop.Body))
        {
            if (statement is not LoopStmt inner)
            {
                continue;
            }

            foreach (Stmt each in IrWalk.Statements(inner.Body))
            {
                if (each is AssignStmt assignment && IsActive(assignment.Target)
                    || each is ElementAssignStmt element && IsActive(Analysis.ActivityAnalysis.RootName(element.Array)!))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The adjoint name inside an independent loop's reverse: the seed, a partial, or null for the loop's own variables.</summary>
    private string? RedirectedAdjoint(string name)
    {
        if (fusion is null)
        {
            return null;
        }

        if (name == fusion.Loop.Accumulator)
        {
            return fusion.Seed;
        }

        if (!fusion.Redirects(name))
        {
            return null;
        }

        foreach (Partial partial in fusion.Partials)
        {
            if (partial.Outer == name)
            {
                return partial.Name;
            }
        }

        TypeRef type = variables[name].Type;
        string adjointStem = flavor.ParameterAdjoints.TryGetValue(name, out string? argument) ? argument : name + "Bar";
        string accumulator = fusion.Loop.Accumulator;
        string created = names.Fresh(adjointStem + "Of" + char.ToUpperInvariant(accumulator[0]) + accumulator.Substring(1));
        TypeRef partialType = type.Kind == ValueKind.Array ? new TypeRef(type.Element!.Name + "[]", ValueKind.Array, type.Element) : type;
        fusion.Partials.Add(new Partial(name, created, partialType));
        return created;
    }

    private bool IsRedirectedArray(string name) => fusion is not null && fusion.Redirects(name) && variables[name].Type.Kind == ValueKind.Array;

    /// <summary>
    /// <c>while (c) { body; reverse of body; steps }</c>, after the seed, the zeroed partials and the
    /// adjoints of the loop's own variables; room for one iteration's pushes is reserved once.
    /// </summary>
    private void EmitIndependentLoop(IndependentLoop plan, List<Stmt> output)
    {
        LoopStmt loop = plan.Loop;
        var core = new List<Stmt>();
        var steps = new List<Stmt>();
        for (int k = 0; k < loop.Body.Count; k++)
        {
            (k < plan.CoreLength ? core : steps).Add(loop.Body[k]);
        }

        var forwardPart = new List<Stmt>();
        EmitForward(core, forwardPart, topLevel: false);

        TypeRef sumType = variables[plan.Accumulator].Type;
        fusion = new Fusion(plan, names.Fresh(plan.Accumulator + "Seed"));
        int declarationsBefore = adjointDeclarations.Count;
        var reversePart = new List<Stmt>();
        EmitReverseList(core, reversePart);
        Fusion done = fusion;
        fusion = null;
        List<Stmt> ownAdjoints = adjointDeclarations.GetRange(declarationsBefore, adjointDeclarations.Count - declarationsBefore);
        adjointDeclarations.RemoveRange(declarationsBefore, ownAdjoints.Count);
        loopPartials.Add(loop, done.Partials);

        var unaliased = UnaliasedArrays();
        foreach (Partial partial in done.Partials)
        {
            if (partial.Type.Kind == ValueKind.Array)
            {
                unaliased.Add(partial.Name);
            }
        }

        if (allEffectsVisible)
        {
            reversePart = ScalarPromotion.Apply(ReverseAccesses.MarkForwardChecked(reversePart, IsTrackedIndex), unaliased, names);
        }

        output.Add(new CommentStmt((loop.Source ?? "loop") + ": iterations independent but for the sum " + plan.Accumulator + ", each reversed as soon as it has run"));
        output.Add(new DeclareStmt(sumType, done.Seed, Ir.Number(1, sumType)));
        foreach (Partial partial in done.Partials)
        {
            Expr zero = partial.Type.Kind == ValueKind.Array
                ? StaticCall("global::AutoGradGen.Tapes.AdjointArrays.Rent<" + partial.Type.Element!.Name + ">", partial.Type, new InstanceMemberExpr(TypeRef.Int32, Var(partial.Outer, variables[partial.Outer].Type), "Length"))
                : Ir.Zero(partial.Type);
            output.Add(new DeclareStmt(partial.Type, partial.Name, zero));
        }

        output.AddRange(ownAdjoints);

        var fusedBody = new List<Stmt>(forwardPart);
        foreach (string tape in tapes.Values)
        {
            fusedBody.Add(RaisePeak(tape)); // the tapes are fullest between an iteration's two halves
        }

        fusedBody.Add(new CommentStmt("this iteration's reverse, for a unit change of " + plan.Accumulator));
        fusedBody.AddRange(reversePart);
        EmitForward(steps, fusedBody, topLevel: false);
        if (Demand(loop) is { Count: > 0 } perIteration)
        {
            // Each iteration pops what it pushed: one iteration's room is enough.
            foreach (KeyValuePair<string, Expr> tape in perIteration)
            {
                output.Add(new ReserveStmt(tape.Key, tape.Value));
            }

            fusedBody = UncheckPushes(fusedBody);
        }

        output.Add(loop with { Body = fusedBody.ToEquatableArray(), Source = null });
    }

    /// <summary><c>tapePeak = Math.Max(tapePeak, tapeCount)</c>, for the tape statistics.</summary>
    private static Stmt RaisePeak(string tape)
        => new AssignStmt(tape + "Peak", TypeRef.Int32, StaticCall("global::System.Math.Max", TypeRef.Int32, Var(tape + "Peak", TypeRef.Int32), Var(tape + "Count", TypeRef.Int32)), null);

    /// <summary>The reverse sweep's part of an independent loop: <c>ū += s̄ · ∂s/∂u</c> for each partial.</summary>
    private void EmitIndependentLoopReverse(LoopStmt loop, List<Stmt> output)
    {
        string sum = independentLoops[loop].Accumulator;
        TypeRef sumType = variables[sum].Type;
        Expr sumAdjoint = Var(AdjointOf(sum), sumType);
        output.Add(new CommentStmt((loop.Source ?? "loop") + ", reversed in the forward sweep: scale its partials by " + AdjointOf(sum)));
        foreach (Partial partial in loopPartials[loop])
        {
            TypeRef outerType = variables[partial.Outer].Type;
            if (partial.Type.Kind != ValueKind.Array)
            {
                output.Add(new AccumulateStmt(AdjointOf(partial.Outer), Ir.Mul(Ir.Convert(sumAdjoint, partial.Type), Var(partial.Name, partial.Type))));
                continue;
            }

            TypeRef element = partial.Type.Element!;
            output.Add(new ExpressionStmt(
                StaticCall(
                    "global::AutoGradGen.Tapes.AdjointArrays.AddScaled<" + element.Name + ">",
                    TypeRef.Void,
                    Var(partial.Name, partial.Type),
                    Ir.Convert(sumAdjoint, element),
                    AdjointArray(Var(partial.Outer, outerType)),
                    new InstanceMemberExpr(TypeRef.Int32, Var(partial.Outer, outerType), "Length")),
                null));
            output.Add(new ExpressionStmt(StaticCall("global::AutoGradGen.Tapes.AdjointArrays.Return", TypeRef.Void, Var(partial.Name, partial.Type)), null));
        }
    }
}
