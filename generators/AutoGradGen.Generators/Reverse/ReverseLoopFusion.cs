using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Lowering;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// How a reverse loop walks its counter: the forward loop was <c>for (Counter = Start; Counter &lt; Limit; Counter++)</c>,
/// so the reverse runs <c>max(0, Limit − Start)</c> iterations, each beginning with <c>Counter = Counter − 1</c>,
/// after a prologue of <see cref="PrologueLength"/> statements (its comment, trip count, counter start,
/// hoisted recomputations) that sets <see cref="Trips"/> and the counter.
/// </summary>
internal sealed record ReverseRange(string Counter, int Start, Expr Limit, string Trips, int PrologueLength);

/// <summary>
/// Fuses consecutive reverse loops over the same range into one. The reverse of an explicit integrator
/// step is a run of loops over <c>i</c> from <c>n − 1</c> down (restore <c>y</c>, then the adjoint of a
/// stencil, then restore the stage it read, …), each streaming its arrays through memory; fused, each
/// element is loaded once while it is still in a register or cache, and <see cref="SlidingElements"/>
/// can keep the elements consecutive iterations share in locals.
/// </summary>
/// <remarks>
/// <para>
/// Loops C₁ … Cₘ (in reverse-sweep order, with statements M₁ … Mₘ₋₁ between them, none a loop) that
/// share one limit L and start at literal Sₖ become: every prologue; one loop over i from L − 1 down to
/// S = max Sₖ running the bodies C₁(i) … Cₘ(i) in turn; then, in the original order, each loop's
/// remaining iterations (i below S) and the statements between. Legal when no two operations that the
/// fusion reorders touch one location with at least one write:
/// </para>
/// <list type="bullet">
/// <item>Cq(j) now runs before Cp(i) for p &lt; q and j &gt; i. For an array both touch, every pair of
/// accesses with a write must be at counter offsets δp ≤ δq (then <c>i + δp = j + δq</c> forces j ≤ i);
/// any other index, or a scalar one writes and the other mentions, refuses. Loops that pop one tape
/// (a fixed number of pops per iteration, nothing else done with it) read it at computed positions
/// instead; any other shared use of a tape refuses.</item>
/// <item>Cq(j) for j ≥ S now runs before Mr (r &lt; q): Mr's elements must be at literal indices k with
/// k − δq &lt; S for every offset δq of Cq on that array (when either writes); scalars and tapes as above.</item>
/// <item>Cq's prologue now runs before C₁ … Cq₋₁ and the statements between: it may only assign
/// scalars the others do not mention and read none they write, or touch arrays they do not.</item>
/// </list>
/// <para>
/// Arrays written anywhere in the group must be unaliased (local arrays, rented adjoints, a Gradient's
/// checked gradient spans), so distinct names are distinct memory — or, in a Pullback, one parameter
/// adjoint, when the group names no other, array or scalar (a caller may pass one array's adjoint
/// twice, or an element of it for a scalar's). Calls other than <c>Math</c> functions,
/// slices, <c>ref</c> arguments, returns and jumps refuse. Each element sees the same operations in
/// the same order, so results are bit-identical.
/// </para>
/// </remarks>
internal static class ReverseLoopFusion
{
    /// <param name="statements">A reverse sweep.</param>
    /// <param name="ranges">The reverse loops that may fuse, by their iteration counter.</param>
    /// <param name="unaliased">Arrays no other name reaches.</param>
    /// <param name="parameterAdjoints">The adjoint arguments of the method's array parameters (a Pullback's may alias one another).</param>
    /// <param name="scalarParameterAdjoints">A Pullback's <c>ref</c> adjoints of scalar parameters (a caller may pass an element of an array adjoint).</param>
    /// <param name="tapes">The tapes' variable names (each with its <c>…Count</c>).</param>
    /// <param name="names">Fresh names.</param>
    public static List<Stmt> Apply(
        List<Stmt> statements,
        IReadOnlyDictionary<string, ReverseRange> ranges,
        IReadOnlyCollection<string> unaliased,
        IEnumerable<string> parameterAdjoints,
        IEnumerable<string> scalarParameterAdjoints,
        IEnumerable<string> tapes,
        NameScope names)
        => ranges.Count == 0
            ? statements
            : FuseList(statements, new Context(ranges, new HashSet<string>(unaliased), new HashSet<string>(parameterAdjoints), new HashSet<string>(scalarParameterAdjoints), new HashSet<string>(tapes), names));

    private sealed record Context(
        IReadOnlyDictionary<string, ReverseRange> Ranges,
        HashSet<string> Unaliased,
        HashSet<string> ParameterAdjoints,
        HashSet<string> ScalarParameterAdjoints,
        HashSet<string> Tapes,
        NameScope Names);

    /// <summary>The list with its runs of fusable loops fused, nested lists first; the same list when nothing fused.</summary>
    private static List<Stmt> FuseList(List<Stmt> statements, Context context)
    {
        List<Stmt> list = statements;
        for (int i = 0; i < statements.Count; i++)
        {
            Stmt nested = Nested(statements[i], context);
            if (!ReferenceEquals(nested, statements[i]))
            {
                list = list == statements ? new List<Stmt>(statements) : list;
                list[i] = nested;
            }
        }

        if (!HasPartners(list, context))
        {
            return list;
        }

        var output = new List<Stmt>();
        bool fusedAny = false;
        int position = 0;
        while (position < list.Count)
        {
            if (list[position] is RepeatStmt first && context.Ranges.TryGetValue(first.Counter, out ReverseRange? range)
                && Component.Of(first, range, context) is { } start)
            {
                // output already holds the first loop's prologue: the group begins at the loop.
                var group = new Group(start);
                int next = position + 1;
                while (TryExtend(list, next, group, context, out int after))
                {
                    next = after;
                }

                if (group.Components.Count > 1)
                {
                    output.AddRange(group.Emit(context.Names));
                    fusedAny = true;
                    position = next;
                    continue;
                }
            }

            output.Add(list[position]);
            position++;
        }

        return fusedAny ? output : list;
    }

    /// <summary>Whether two reverse loops of the list share a limit: most lists have none, and are left before any analysis.</summary>
    private static bool HasPartners(List<Stmt> list, Context context)
    {
        var limits = new HashSet<Expr>();
        foreach (Stmt statement in list)
        {
            if (statement is RepeatStmt loop && context.Ranges.TryGetValue(loop.Counter, out ReverseRange? range) && !limits.Add(range.Limit))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The statement with its nested lists fused; the same instance when nothing in them fused.</summary>
    private static Stmt Nested(Stmt statement, Context context)
    {
        switch (statement)
        {
            case RepeatStmt loop:
                List<Stmt> body = loop.Body.ToList();
                List<Stmt> fused = FuseList(body, context);
                return fused == body ? statement : loop with { Body = fused.ToEquatableArray() };
            case LoopStmt loop:
                List<Stmt> loopBody = loop.Body.ToList();
                List<Stmt> fusedLoopBody = FuseList(loopBody, context);
                return fusedLoopBody == loopBody ? statement : loop with { Body = fusedLoopBody.ToEquatableArray() };
            case IfStmt branch:
                List<Stmt> then = branch.Then.ToList(), otherwise = branch.Else.ToList();
                List<Stmt> fusedThen = FuseList(then, context), fusedOtherwise = FuseList(otherwise, context);
                return fusedThen == then && fusedOtherwise == otherwise
                    ? statement
                    : branch with { Then = fusedThen.ToEquatableArray(), Else = fusedOtherwise.ToEquatableArray() };
            default:
                return statement;
        }
    }

    /// <summary>
    /// Adds the next fusible loop after <paramref name="from"/> to the group if every reordering is
    /// legal; <paramref name="after"/> is then the position past it.
    /// </summary>
    private static bool TryExtend(List<Stmt> list, int from, Group group, Context context, out int after)
    {
        after = from;
        for (int index = from; index < list.Count; index++)
        {
            if (list[index] is not RepeatStmt loop || !context.Ranges.TryGetValue(loop.Counter, out ReverseRange? range))
            {
                if (list[index] is RepeatStmt or LoopStmt)
                {
                    return false;
                }

                continue;
            }

            int prologueStart = index - range.PrologueLength;
            if (prologueStart < from || Component.Of(loop, range, context) is not { } candidate || !candidate.Limit.Equals(group.Limit))
            {
                return false;
            }

            List<Stmt> between = list.GetRange(from, prologueStart - from);
            List<Stmt> prologue = list.GetRange(prologueStart, range.PrologueLength);
            if (!group.Accepts(candidate, between, prologue, context, out Effects? middle, out Effects? moved))
            {
                return false;
            }

            group.Add(candidate, between, middle!, prologue, moved!);
            after = index + 1;
            return true;
        }

        return false;
    }

    /// <summary>One reverse loop of a group: its body without the counter step, and what it touches.</summary>
    private sealed class Component
    {
        private Component(RepeatStmt loop, ReverseRange range, List<Stmt> leading, List<Stmt> body, Effects effects)
        {
            Loop = loop;
            Range = range;
            Leading = leading;
            Body = body;
            Effects = effects;
        }

        /// <summary>The comments before the counter step (the source of the loop's increment).</summary>
        public List<Stmt> Leading { get; }

        public RepeatStmt Loop { get; }

        public ReverseRange Range { get; }

        /// <summary>The body after its leading comments and counter step.</summary>
        public List<Stmt> Body { get; }

        public Effects Effects { get; }

        public Expr Limit => Range.Limit;

        /// <summary>The component, or null when the body does not begin with the counter step or changes the counter elsewhere.</summary>
        public static Component? Of(RepeatStmt loop, ReverseRange range, Context context)
        {
            int step = 0;
            while (step < loop.Body.Count && loop.Body[step] is CommentStmt)
            {
                step++;
            }

            if (step == loop.Body.Count
                || loop.Body[step] is not AssignStmt { Value: BinaryExpr { Operator: "-", Left: VariableExpr self, Right: LiteralExpr one } } decrement
                || decrement.Target != range.Counter || self.Name != range.Counter || !Ir.IsLiteral(one, 1))
            {
                return null;
            }

            var body = loop.Body.Skip(step + 1).ToList();
            if (SweepWalk.AllStatements(body).SelectMany(SweepWalk.AssignedNames).Contains(range.Counter))
            {
                return null;
            }

            Effects? effects = Effects.Of(body, range.Counter, context.Tapes);
            effects?.ScalarWrites.Add(range.Counter); // by the step
            return effects is null ? null : new Component(loop, range, loop.Body.Take(step).ToList(), body, effects);
        }
    }

    /// <summary>The loops fused so far, the statements between them and the prologues that move up.</summary>
    private sealed class Group
    {
        private readonly List<List<Stmt>> between = new();
        private readonly List<Effects> betweenEffects = new();
        private readonly List<Stmt> prologues = new();
        private readonly List<Effects> prologueEffects = new();

        public Group(Component first) => Components.Add(first);

        public List<Component> Components { get; } = new();

        public Expr Limit => Components[0].Limit;

        private int Start => Components.Max(component => component.Range.Start);

        /// <summary>
        /// Whether the candidate may join, after <paramref name="statements"/> (between the group's last
        /// loop and the candidate's prologue); <paramref name="middle"/> and <paramref name="moved"/> are
        /// what those statements and that prologue do.
        /// </summary>
        public bool Accepts(Component candidate, List<Stmt> statements, List<Stmt> prologue, Context context, out Effects? middle, out Effects? moved)
        {
            middle = Effects.Of(statements, counter: null, context.Tapes);
            moved = Effects.Of(prologue, counter: null, context.Tapes);
            return middle is not null && moved is not null && Accepts(candidate, statements, middle, moved, context);
        }

        private bool Accepts(Component candidate, List<Stmt> statements, Effects middle, Effects moved, Context context)
        {
            if (statements.Any(statement => statement is RepeatStmt or LoopStmt))
            {
                return false;
            }

            // The limit must mean the same for every prologue, which now all run first.
            var limitInputs = new HashSet<string>(IrWalk.Nodes(Limit).OfType<VariableExpr>().Select(variable => variable.Name));
            var earlier = Components.Select(component => component.Effects).Concat(betweenEffects).Append(middle).ToList();
            if (earlier.Concat(prologueEffects).Append(moved).Any(effects => effects.ScalarWrites.Overlaps(limitInputs)))
            {
                return false;
            }

            var all = Components.Select(component => component.Effects).Concat(betweenEffects).Append(middle).Append(candidate.Effects).Append(moved).ToList();
            if (!WritesApart(all, context))
            {
                return false;
            }

            // Loops sharing a tape read it at computed positions, which statements between them popping
            // the same tape would shift; a prologue that moves up must not use one at all.
            var componentTapes = new HashSet<string>(Components.Append(candidate).SelectMany(component => component.Effects.Tapes));
            if (moved.Tapes.Count > 0 || betweenEffects.Append(middle).Any(effects => effects.Tapes.Overlaps(componentTapes)))
            {
                return false;
            }

            int start = System.Math.Max(Start, candidate.Range.Start);
            foreach (Component component in Components)
            {
                if (!Commute(component.Effects, candidate.Effects, (earlierOffset, laterOffset) => earlierOffset <= laterOffset))
                {
                    return false;
                }
            }

            // Every statement between loops now runs after all later loops' fused iterations, and the
            // earlier groups' checks were made for the old start: recheck them all at the new one.
            var betweens = betweenEffects.Append(middle).ToList();
            for (int r = 0; r < betweens.Count; r++)
            {
                IEnumerable<Component> later = Components.Skip(r + 1).Append(candidate);
                if (later.Any(component => !CommuteWithFused(betweens[r], component.Effects, start)))
                {
                    return false;
                }
            }

            // The candidate's prologue moves before everything in the group so far.
            return earlier.All(effects => Disjoint(moved, effects));
        }

        /// <summary>
        /// Whether what the group writes is distinct memory from everything else it names: arrays no
        /// other name reaches, and of a Pullback's parameter adjoints — arrays that may be one array
        /// passed twice, scalars that may be elements of them — at most one named in the whole group.
        /// </summary>
        private static bool WritesApart(List<Effects> all, Context context)
        {
            var accesses = all.SelectMany(effects => effects.Accesses).ToList();
            if (accesses.Any(access => access.IsWrite && !context.Unaliased.Contains(access.Array) && !context.ParameterAdjoints.Contains(access.Array)))
            {
                return false;
            }

            var parameterAdjoints = new HashSet<string>(accesses.Select(access => access.Array)
                .Where(array => context.ParameterAdjoints.Contains(array) && !context.Unaliased.Contains(array)));
            parameterAdjoints.UnionWith(all.SelectMany(effects => effects.ScalarReads.Concat(effects.ScalarWrites)).Where(context.ScalarParameterAdjoints.Contains));
            return parameterAdjoints.Count <= 1;
        }

        public void Add(Component candidate, List<Stmt> statements, Effects middle, List<Stmt> prologue, Effects moved)
        {
            between.Add(statements);
            betweenEffects.Add(middle);
            prologues.AddRange(prologue);
            prologueEffects.Add(moved);
            Components.Add(candidate);
        }

        public List<Stmt> Emit(NameScope names)
        {
            int start = Start;
            string fused = names.Fresh("fusedTrips");
            Component first = Components[0];
            var output = new List<Stmt>(prologues)
            {
                new CommentStmt("the loops below run over the same range: fused, from the top down to " + start.ToString(CultureInfo.InvariantCulture)),
                new DeclareStmt(TypeRef.Int32, fused, Max0(AdjointBuilder.IntMinus(Limit, Literal(start)))),
            };

            var bodies = Components.Select(component => component.Body).ToList();
            var loops = Components.Select(component => component.Loop).ToList();
            var tapeCounts = new List<Stmt>();
            IndexSharedTapes(bodies, loops, names, output, tapeCounts);

            var counter = new VariableExpr(TypeRef.Int32, first.Range.Counter);
            var body = new List<Stmt>(first.Leading) { new AssignStmt(counter.Name, TypeRef.Int32, AdjointBuilder.IntMinus(counter, Literal(1)), null) };
            for (int k = 0; k < Components.Count; k++)
            {
                if (k > 0)
                {
                    body.AddRange(Components[k].Leading);
                }

                body.AddRange(k == 0 ? bodies[k] : Renamed(bodies[k], Components[k].Range.Counter, counter));
            }

            var fusedTrips = new VariableExpr(TypeRef.Int32, fused);
            output.Add(new RepeatStmt(names.Fresh("iteration"), fusedTrips, body.ToEquatableArray()));
            foreach (Component component in Components.Skip(1))
            {
                output.Add(new AssignStmt(component.Range.Counter, TypeRef.Int32, AdjointBuilder.IntMinus(new VariableExpr(TypeRef.Int32, component.Range.Counter), fusedTrips), null));
            }

            for (int k = 0; k < Components.Count; k++)
            {
                if (k > 0)
                {
                    output.AddRange(between[k - 1]);
                }

                Component component = Components[k];
                if (component.Range.Start < start)
                {
                    output.Add(new CommentStmt("the iterations below " + start.ToString(CultureInfo.InvariantCulture) + " of the loop over " + component.Range.Counter));
                    Expr remaining = AdjointBuilder.IntMinus(new VariableExpr(TypeRef.Int32, component.Range.Trips), fusedTrips);
                    output.Add(loops[k] with { Count = remaining });
                }
            }

            output.AddRange(tapeCounts);
            return output;
        }

        /// <summary>
        /// A tape several loops pop is read at computed positions instead: the loops' pops, one block
        /// per loop in the reverse sweep's order, lie below the tape's count, and within a loop's block
        /// the iteration at counter i popped the values at (i − start)·p … (i − start)·p + p − 1 from the
        /// block's bottom, last first. The count drops by all of them after the group.
        /// </summary>
        private void IndexSharedTapes(List<List<Stmt>> bodies, List<RepeatStmt> loops, NameScope names, List<Stmt> output, List<Stmt> tapeCounts)
        {
            IEnumerable<string> shared = Components.SelectMany(component => component.Effects.PopsPerIteration.Keys)
                .GroupBy(tape => tape).Where(users => users.Count() > 1).Select(users => users.Key).OrderBy(tape => tape, System.StringComparer.Ordinal);
            foreach (string tape in shared)
            {
                var count = new VariableExpr(TypeRef.Int32, tape + "Count");
                Expr consumed = Literal(0);
                for (int k = 0; k < Components.Count; k++)
                {
                    Component component = Components[k];
                    if (!component.Effects.PopsPerIteration.TryGetValue(tape, out int pops))
                    {
                        continue;
                    }

                    Expr block = new VariableExpr(TypeRef.Int32, component.Range.Trips);
                    consumed = AdjointBuilder.IntPlus(consumed, pops == 1 ? block : new BinaryExpr(TypeRef.Int32, "*", block, Literal(pops)));
                    var bottom = new VariableExpr(TypeRef.Int32, names.Fresh(tape + "Block"));
                    output.Add(new DeclareStmt(TypeRef.Int32, bottom.Name, AdjointBuilder.IntMinus(AdjointBuilder.IntMinus(count, consumed), Literal(component.Range.Start * pops))));
                    var counter = new VariableExpr(TypeRef.Int32, component.Range.Counter);
                    bodies[k] = Positioned(bodies[k], tape, bottom, counter, pops);
                    loops[k] = loops[k] with { Body = Positioned(loops[k].Body.ToList(), tape, bottom, counter, pops).ToEquatableArray() };
                }

                tapeCounts.Add(new AssignStmt(count.Name, TypeRef.Int32, AdjointBuilder.IntMinus(count, consumed), null));
            }
        }

        /// <summary>The list with its k-th pop of the tape (one per statement) replaced by the element at bottom + counter·pops + pops − 1 − k.</summary>
        private static List<Stmt> Positioned(List<Stmt> statements, string tape, VariableExpr bottom, VariableExpr counter, int pops)
        {
            var output = new List<Stmt>();
            int k = 0;
            foreach (Stmt statement in statements)
            {
                bool pops_ = false;
                List<Stmt> rewritten = IrRewriter.Rewrite(
                    new[] { statement },
                    expression =>
                    {
                        if (expression is not PopExpr pop || pop.Tape != tape)
                        {
                            return expression;
                        }

                        pops_ = true;
                        Expr position = AdjointBuilder.IntPlus(bottom, pops == 1 ? counter : new BinaryExpr(TypeRef.Int32, "*", counter, Literal(pops)));
                        position = AdjointBuilder.IntPlus(position, Literal(pops - 1 - k));
                        var array = new VariableExpr(new TypeRef(pop.Type.Name + "[]", ValueKind.Array, pop.Type), tape);
                        return new ElementExpr(pop.Type, array, position, IsForwardChecked: true);
                    },
                    each => each);
                if (pops_)
                {
                    k++;
                }

                output.AddRange(rewritten);
            }

            return output;
        }

        private static List<Stmt> Renamed(List<Stmt> body, string from, VariableExpr to) => IrRewriter.Rewrite(
            body,
            expression => expression is VariableExpr variable && variable.Name == from ? to : expression,
            statement => statement);
    }

    /// <summary>
    /// Whether every pair of accesses of the earlier and later loop bodies that the fusion reorders
    /// leaves each location's operations in order: <paramref name="offsetsAllow"/> judges the offsets of
    /// an array both touch (one of them writing).
    /// </summary>
    private static bool Commute(Effects earlier, Effects later, System.Func<int, int, bool> offsetsAllow)
    {
        if (!ScalarsApart(earlier, later)
            || earlier.Tapes.Intersect(later.Tapes).Any(tape => !earlier.PopsPerIteration.ContainsKey(tape) || !later.PopsPerIteration.ContainsKey(tape)))
        {
            return false;
        }

        foreach (Access a in earlier.Accesses)
        {
            foreach (Access b in later.Accesses)
            {
                if (a.Array != b.Array || !(a.IsWrite || b.IsWrite))
                {
                    continue;
                }

                if (a.Offset is not int earlierOffset || b.Offset is not int laterOffset || !offsetsAllow(earlierOffset, laterOffset))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Whether straight-line statements commute with a loop body's iterations at counter values from
    /// <paramref name="start"/> up: they may share an array only at literal indices the body never reaches.
    /// </summary>
    private static bool CommuteWithFused(Effects statements, Effects loop, int start)
    {
        if (!ScalarsApart(statements, loop) || statements.Tapes.Overlaps(loop.Tapes))
        {
            return false;
        }

        foreach (Access a in statements.Accesses)
        {
            foreach (Access b in loop.Accesses)
            {
                if (a.Array != b.Array || !(a.IsWrite || b.IsWrite))
                {
                    continue;
                }

                if (a.Literal is not int index || b.Offset is not int offset || index - offset >= start)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>No location shared with a write on either side, no scalar one writes and the other mentions, no shared tape.</summary>
    private static bool Disjoint(Effects a, Effects b)
        => ScalarsApart(a, b) && !a.Tapes.Overlaps(b.Tapes)
            && !a.Accesses.Any(x => b.Accesses.Any(y => x.Array == y.Array && (x.IsWrite || y.IsWrite)));

    private static bool ScalarsApart(Effects a, Effects b)
        => !a.ScalarWrites.Overlaps(b.ScalarReads) && !a.ScalarWrites.Overlaps(b.ScalarWrites) && !b.ScalarWrites.Overlaps(a.ScalarReads);

    private static Expr Literal(int value) => new LiteralExpr(TypeRef.Int32, value.ToString(CultureInfo.InvariantCulture));


    private static Expr Max0(Expr value)
        => new CallExpr(TypeRef.Int32, CallKind.Opaque, "global::System.Math.Max", null, new[] { new Argument(Literal(0), ""), new Argument(value, "") }.ToEquatableArray(), null, -1);

    /// <summary>An element access: the array's name, the index as counter + offset or as a literal when it is one, and whether it writes.</summary>
    private sealed record Access(string Array, int? Offset, int? Literal, bool IsWrite);

    /// <summary>What a list of statements reads and writes; null from <see cref="Of"/> when it does anything fusion cannot reason about.</summary>
    private sealed class Effects
    {
        private readonly HashSet<string> tapeNames;

        private Effects(HashSet<string> tapeNames) => this.tapeNames = tapeNames;

        public HashSet<string> ScalarReads { get; } = new();

        public HashSet<string> ScalarWrites { get; } = new();

        public HashSet<string> Tapes { get; } = new();

        /// <summary>
        /// Tapes only ever popped, each pop at the top level of the list and always evaluated, one per
        /// statement: how many values one run of the list pops from each.
        /// </summary>
        public Dictionary<string, int> PopsPerIteration { get; } = new();

        public List<Access> Accesses { get; } = new();

        /// <summary>
        /// Tapes used otherwise than by plain pops: pushed, reserved, or their array or count named —
        /// by a group fused before, inside this list, that reads its tape at computed positions.
        /// </summary>
        private HashSet<string> Irregular { get; } = new();

        public static Effects? Of(List<Stmt> statements, string? counter, HashSet<string> tapes)
        {
            var effects = new Effects(tapes);
            var assignments = new Dictionary<string, int>();
            foreach (string name in SweepWalk.AllStatements(statements).SelectMany(SweepWalk.AssignedNames))
            {
                assignments[name] = assignments.TryGetValue(name, out int count) ? count + 1 : 1;
            }

            Dictionary<string, int> aliases = counter is null ? new() : SlidingElements.IndexAliases(statements.ToEquatableArray(), counter, assignments);
            foreach (Stmt statement in SweepWalk.AllStatements(statements))
            {
                if (!effects.AddStatement(statement, counter, aliases))
                {
                    return null;
                }
            }

            effects.CountFixedPops(statements);
            return effects;
        }

        private void CountFixedPops(List<Stmt> statements)
        {
            var everywhere = new Dictionary<string, int>();
            foreach (PopExpr pop in SweepWalk.AllStatements(statements).SelectMany(statement => SweepWalk.OwnExpressions(statement)).SelectMany(IrWalk.Nodes).OfType<PopExpr>())
            {
                everywhere[pop.Tape] = everywhere.TryGetValue(pop.Tape, out int count) ? count + 1 : 1;
            }

            var fixedPops = new Dictionary<string, int>();
            var twice = new HashSet<string>();
            foreach (Stmt statement in statements)
            {
                var seen = new HashSet<string>();
                foreach (PopExpr pop in SweepWalk.AlwaysEvaluated(statement).SelectMany(SweepWalk.UnconditionalNodes).OfType<PopExpr>())
                {
                    fixedPops[pop.Tape] = fixedPops.TryGetValue(pop.Tape, out int count) ? count + 1 : 1;
                    if (!seen.Add(pop.Tape))
                    {
                        twice.Add(pop.Tape);
                    }
                }
            }

            foreach (KeyValuePair<string, int> tape in fixedPops)
            {
                if (!twice.Contains(tape.Key) && everywhere[tape.Key] == tape.Value && !Irregular.Contains(tape.Key))
                {
                    PopsPerIteration.Add(tape.Key, tape.Value);
                }
            }
        }

        private void UseIrregularly(string tape)
        {
            Tapes.Add(tape);
            Irregular.Add(tape);
        }

        /// <summary>The tape a variable name is, or whose count it is; null for other names.</summary>
        private string? TapeNamed(string name)
            => tapeNames.Contains(name) ? name
                : name.EndsWith("Count", System.StringComparison.Ordinal) && tapeNames.Contains(name.Substring(0, name.Length - "Count".Length)) ? name.Substring(0, name.Length - "Count".Length)
                : null;

        private bool AddStatement(Stmt statement, string? counter, Dictionary<string, int> aliases)
        {
            switch (statement)
            {
                case ReturnStmt or ThrowStmt or BreakStmt or ContinueStmt or ExpressionStmt or BlockStmt:
                    return false;
                case AssignStmt assignment when assignment.TargetType.Kind == ValueKind.Array:
                    return false;
                case AssignStmt assignment:
                    ScalarWrites.Add(assignment.Target);
                    if (TapeNamed(assignment.Target) is { } assignedTape)
                    {
                        UseIrregularly(assignedTape);
                    }

                    break;
                case AccumulateStmt accumulation:
                    ScalarWrites.Add(accumulation.Target);
                    ScalarReads.Add(accumulation.Target);
                    break;
                case DeclareStmt declaration when declaration.Type.Kind == ValueKind.Array:
                    return false;
                case DeclareStmt declaration:
                    ScalarWrites.Add(declaration.Name);
                    break;
                case RepeatStmt nested:
                    ScalarWrites.Add(nested.Counter);
                    break;
                case PushStmt push:
                    UseIrregularly(push.Tape);
                    break;
                case ReserveStmt reserve:
                    UseIrregularly(reserve.Tape);
                    break;
                case ElementAssignStmt element when !AddElement(element.Array, element.Index, isWrite: true, counter, aliases):
                    return false;
                case AccumulateElementStmt accumulation when !AddElement(accumulation.Array, accumulation.Index, isWrite: true, counter, aliases):
                    return false;
            }

            IEnumerable<Expr> expressions = statement switch
            {
                ElementAssignStmt element => new[] { element.Index, element.Value },
                AccumulateElementStmt accumulation => new[] { accumulation.Index, accumulation.Value },
                _ => SweepWalk.OwnExpressions(statement),
            };
            return expressions.All(expression => AddExpression(expression, counter, aliases));
        }

        private bool AddExpression(Expr expression, string? counter, Dictionary<string, int> aliases)
        {
            switch (expression)
            {
                case ElementExpr element:
                    return AddElement(element.Array, element.Index, isWrite: false, counter, aliases) && AddExpression(element.Index, counter, aliases);
                case InstanceMemberExpr { Member: "Length", Receiver: VariableExpr }:
                    return true; // an array's length never changes
                case VariableExpr variable when variable.Type.Kind == ValueKind.Array:
                    return false; // an array used whole: passed on, compared, assigned
                case VariableExpr variable:
                    ScalarReads.Add(variable.Name);
                    if (TapeNamed(variable.Name) is { } countedTape)
                    {
                        UseIrregularly(countedTape);
                    }

                    return true;
                case PopExpr pop:
                    Tapes.Add(pop.Tape);
                    return true;
                case CallExpr call when !IrWalk.IsPureMath(call):
                case SliceExpr or NewArrayExpr or NewObjectExpr or InstanceMemberExpr:
                    return false;
            }

            return IrWalk.Children(expression).All(child => AddExpression(child, counter, aliases));
        }

        private bool AddElement(Expr array, Expr index, bool isWrite, string? counter, Dictionary<string, int> aliases)
        {
            if (array is not VariableExpr { Type.Kind: ValueKind.Array } variable)
            {
                return false; // a jagged row: which array it is depends on the row index
            }

            if (TapeNamed(variable.Name) is { } readTape)
            {
                UseIrregularly(readTape);
            }

            int? offset = counter is null ? null : SlidingElements.OffsetFrom(index, counter, aliases);
            int? literal = index is LiteralExpr literalIndex && int.TryParse(literalIndex.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;
            Accesses.Add(new Access(variable.Name, offset, literal, isWrite));
            return true;
        }
    }
}
