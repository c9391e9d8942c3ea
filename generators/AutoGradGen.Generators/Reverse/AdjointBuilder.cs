using System.Collections.Generic;
using AutoGradGen.Generators.Analysis;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Lowering;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>Which generated member a body is for: names of the adjoint arguments and the seed.</summary>
internal sealed class AdjointFlavor
{
    public AdjointFlavor(bool isGradient, Dictionary<string, string> parameterAdjoints, Expr seed, string methodName, IReadOnlyList<string>? typeParameters = null)
    {
        IsGradient = isGradient;
        ParameterAdjoints = parameterAdjoints;
        Seed = seed;
        MethodName = methodName;
        TypeParameters = typeParameters ?? System.Array.Empty<string>();
    }

    /// <summary>Gradient: zero the gradient arguments first and return the value at the end.</summary>
    public bool IsGradient { get; }

    /// <summary>Differentiable parameter name → its gradient (<c>xGrad</c>) or adjoint (<c>xAdjoint</c>) argument.</summary>
    public Dictionary<string, string> ParameterAdjoints { get; }

    /// <summary>The adjoint of the result: <c>1.0</c> for the gradient, <c>seed</c> for the pullback.</summary>
    public Expr Seed { get; }

    /// <summary>The qualified method name, for tape statistics.</summary>
    public string MethodName { get; }

    /// <summary>The method's type parameters: tape statistics keep one record per instantiation.</summary>
    public IReadOnlyList<string> TypeParameters { get; }
}

/// <summary>
/// The reverse-mode transform (Tapenade's joint mode). The forward sweep is the normalized body, with
/// the old value of a variable or array element saved just before an assignment overwrites it when
/// the reverse sweep still needs that old value, each branch decision recorded, and each loop's trip
/// count counted. Outside loops these go to locals; inside loops to typed stacks
/// (<c>AutoGradGen.Tapes.ValueStack&lt;T&gt;</c>, pooled). Integer increments <c>i = i ± c</c> are
/// undone by their inverse instead of being saved. The reverse sweep walks the statements backwards:
/// at each assignment <c>v = e</c> it restores <c>v</c>'s old value (so every variable holds what it
/// held at that point of the forward run), then adds <c>v̄ · ∂e/∂u</c> into the adjoint <c>ū</c> of
/// each active operand and clears <c>v̄</c>; a loop runs its reversed body once per recorded trip.
/// </summary>
internal sealed partial class AdjointBuilder
{
    private readonly IReadOnlyList<Stmt> body;
    private readonly Dictionary<string, Variable> variables;
    private readonly ActivityAnalysis activity;
    private readonly NameScope names;
    private readonly string result;
    private readonly TypeRef resultType;
    private readonly AdjointFlavor flavor;

    // Per-statement facts from the forward walk, keyed by reference (equal records may occur twice).
    private readonly HashSet<Stmt> needsSave = new(StatementIdentity.Instance);
    private readonly HashSet<Stmt> invertible = new(StatementIdentity.Instance);
    private readonly HashSet<Stmt> recomputable = new(StatementIdentity.Instance);
    private readonly HashSet<Stmt> recomputed = new(StatementIdentity.Instance);
    private readonly HashSet<Stmt> examinedLoops = new(StatementIdentity.Instance);
    private readonly Dictionary<Stmt, Counted> countedLoops = new(StatementIdentity.Instance);

    /// <summary>Reverse loops over counted ranges, by their iteration counter: what <see cref="ReverseLoopFusion"/> may fuse.</summary>
    private readonly Dictionary<string, ReverseRange> reverseRanges = new();
    private readonly Dictionary<Stmt, List<AssignStmt>> recomputeBefore = new(StatementIdentity.Instance);
    private readonly HashSet<Stmt> isFirstDefinition = new(StatementIdentity.Instance);
    private readonly HashSet<Stmt> declaresInline = new(StatementIdentity.Instance);
    private readonly HashSet<Stmt> insideLoop = new(StatementIdentity.Instance);
    private readonly Dictionary<Stmt, string> saveSlots = new(StatementIdentity.Instance);
    private readonly Dictionary<Stmt, string> branchRecords = new(StatementIdentity.Instance);
    private readonly Dictionary<Stmt, string> tripCounters = new(StatementIdentity.Instance);
    private readonly Dictionary<string, string> adjointLocals = new();
    private readonly Dictionary<string, string> tapes = new();
    private readonly HashSet<string> genericTapeTypes = new();
    private readonly List<string> rentedAdjoints = new();
    private HashSet<string> pooledArrays = new();
    private StoredAdjoints storedAdjoints = new();
    private readonly HashSet<string> storesMade = new();
    private HashSet<string> constantVariables = new();
    private bool allEffectsVisible;
    private bool callsMayChangeArrays;
    private readonly Dictionary<(string Array, Expr Limit), bool> lengthFacts = new();
    private readonly HashSet<Stmt> hoistedRecomputes = new(StatementIdentity.Instance);
    private readonly Dictionary<Stmt, List<Expr>> wholeSaves = new(StatementIdentity.Instance);

    /// <summary>Statements whose whole saves are put back around a [Differentiable] callee's pullback, not after the statement's reverse.</summary>
    private readonly Dictionary<Stmt, CallExpr> putBackAroundPullback = new(StatementIdentity.Instance);

    private readonly Dictionary<Expr, List<(Expr Array, CallExpr Call)>> changedBy = new(ExpressionIdentity.Instance);

    /// <summary>While a statement's reverse is emitted: its put-back still due at the pullback of this call.</summary>
    private (CallExpr Call, List<Expr> Arrays)? pendingPutBack;
    private readonly List<UnsavedChange> unsavedChanges = new();
    private Dictionary<string, Expr>? storeInto;
    private readonly HashSet<string> reassignedParameters = new();
    private readonly List<Stmt> hoisted = new();
    private readonly List<Stmt> adjointDeclarations = new();

    private AdjointBuilder(
        IReadOnlyList<Stmt> body,
        IEnumerable<Variable> variables,
        ActivityAnalysis activity,
        NameScope names,
        string result,
        TypeRef resultType,
        AdjointFlavor flavor)
    {
        this.body = body;
        this.variables = new Dictionary<string, Variable>();
        foreach (Variable variable in variables)
        {
            this.variables[variable.Name] = variable;
        }

        this.activity = activity;
        this.names = names;
        this.result = result;
        this.resultType = resultType;
        this.flavor = flavor;
    }

    /// <summary>
    /// Builds the whole body of the Gradient or Pullback member; adds to <paramref name="unsaved"/> the
    /// calls that may change arrays the reverse sweep reads again where those cannot be saved.
    /// </summary>
    public static List<Stmt> Build(
        IReadOnlyList<Stmt> body,
        IEnumerable<Variable> variables,
        ActivityAnalysis activity,
        NameScope names,
        string result,
        TypeRef resultType,
        AdjointFlavor flavor,
        List<UnsavedChange>? unsaved = null)
    {
        var builder = new AdjointBuilder(body, variables, activity, names, result, resultType, flavor);
        List<Stmt> built = builder.Build();
        unsaved?.AddRange(builder.unsavedChanges);
        return built;
    }

    private List<Stmt> Build()
    {
        allEffectsVisible = AllEffectsVisible();
        callsMayChangeArrays = CallWrites.Any(body, IsInactiveKernelCall);
        constantVariables = InvariantRecomputes.ConstantVariables(body, variables);
        Analyze(body, new HashSet<string>(), new HashSet<string>(ParameterNames()), topLevel: true, loopDepth: 0);
        AssignStorage(body, topLevel: true, loopDepth: 0);
        pooledArrays = PooledLocalArrays.Find(body, variables);
        storedAdjoints = StoredAdjoints.Find(body, variables, IsActive, IsLengthOf);

        var forward = new List<Stmt>();
        EmitDataArrayAdjoints(forward);
        EmitForward(body, forward, topLevel: true);

        var reverse = new List<Stmt>();
        EmitReverseList(body, reverse);
        if (allEffectsVisible)
        {
            reverse = ReverseAccesses.MarkForwardChecked(reverse, IsTrackedIndex);
            reverse = ReverseLoopFusion.Apply(reverse, reverseRanges, UnaliasedArrays(), ArrayParameterAdjoints(), ScalarParameterAdjoints(), tapes.Values, names);
            reverse = ScalarPromotion.Apply(reverse, UnaliasedArrays(), names);
        }

        var tapeTypes = new Dictionary<string, TypeRef>();
        foreach (KeyValuePair<string, string> tape in tapes)
        {
            tapeTypes.Add(tape.Value, TapeArrayType(tape.Key));
        }

        forward = TapeLocals.Apply(forward, tapeTypes, names);
        reverse = TapeLocals.Apply(reverse, tapeTypes, names);

        var output = new List<Stmt>();
        output.AddRange(CheckAdjointArguments());

        if (hoisted.Count > 0)
        {
            output.Add(new CommentStmt("Variables assigned inside branches or loops, hoisted so that both sweeps see them."));
            output.AddRange(hoisted);
        }

        var work = new List<Stmt>();
        work.Add(new CommentStmt("Forward sweep: the original computation, saving what the reverse sweep needs."));
        work.AddRange(forward);
        foreach (string tape in tapes.Values)
        {
            // An independent loop empties the tapes after each iteration: it raised the peak as it ran.
            work.Add(independentLoops.Count == 0
                ? new DeclareStmt(TypeRef.Int32, tape + "Peak", Var(tape + "Count", TypeRef.Int32))
                : RaisePeak(tape));
        }

        work.Add(new CommentStmt("Reverse sweep: adjoints flow from the result back to the inputs."));
        if (IsActive(result))
        {
            work.Add(new DeclareStmt(resultType, AdjointOf(result), flavor.Seed));
        }

        work.AddRange(adjointDeclarations);
        work.AddRange(reverse);
        foreach (string parameter in reassignedParameters)
        {
            work.Add(new AccumulateStmt(flavor.ParameterAdjoints[parameter], new VariableExpr(variables[parameter].Type, adjointLocals[parameter])));
        }

        if (tapes.Count > 0)
        {
            work.Add(RecordTapeStatistics());
        }

        // Tapes and pooled adjoint arrays go back to their pools. Deliberately not in a finally: a
        // try region keeps the JIT from holding the loops' variables in registers, and if the
        // computation throws, the arrays are merely left to the garbage collector.
        var cleanup = new List<Stmt>();
        foreach (KeyValuePair<string, string> tape in tapes)
        {
            TypeRef bufferType = TapeArrayType(tape.Key);
            output.Add(new DeclareStmt(bufferType, tape.Value, HoistedDefault(bufferType)));
            output.Add(new DeclareStmt(TypeRef.Int32, tape.Value + "Count", new LiteralExpr(TypeRef.Int32, "0")));
            if (independentLoops.Count > 0)
            {
                output.Add(new DeclareStmt(TypeRef.Int32, tape.Value + "Peak", new LiteralExpr(TypeRef.Int32, "0")));
            }
            cleanup.Add(new ExpressionStmt(StaticCall("global::AutoGradGen.Tapes.ValueTape.Return", TypeRef.Void, Var(tape.Value, bufferType)), null));
        }

        foreach (string rented in rentedAdjoints)
        {
            cleanup.Add(new ExpressionStmt(StaticCall("global::AutoGradGen.Tapes.AdjointArrays.Return", TypeRef.Void, Var(rented, TypeRef.Void)), null));
        }

        foreach (Variable variable in variables.Values)
        {
            if (pooledArrays.Contains(variable.Name))
            {
                cleanup.Add(new ExpressionStmt(StaticCall("global::AutoGradGen.Tapes.LocalArrays.Return", TypeRef.Void, Var(variable.Name, variable.Type)), null));
            }
        }

        output.AddRange(work);
        output.AddRange(cleanup);
        if (flavor.IsGradient)
        {
            output.Add(new ReturnStmt(new VariableExpr(resultType, result), null));
        }

        return output;
    }

    /// <summary>A Pullback's <c>ref</c> adjoint arguments of its scalar parameters; none in a Gradient (whose scalar gradients are <c>out</c>).</summary>
    private IEnumerable<string> ScalarParameterAdjoints()
    {
        foreach (KeyValuePair<string, string> pair in flavor.ParameterAdjoints)
        {
            if (!flavor.IsGradient && variables[pair.Key].Type.IsFloating)
            {
                yield return pair.Value;
            }
        }
    }

    /// <summary>The adjoint arguments of the method's one-dimensional array and span parameters.</summary>
    private IEnumerable<string> ArrayParameterAdjoints()
    {
        foreach (KeyValuePair<string, string> pair in flavor.ParameterAdjoints)
        {
            if (variables[pair.Key].Type.Rank == 1 && !reassignedParameters.Contains(pair.Key))
            {
                yield return pair.Value;
            }
        }
    }

    /// <summary>
    /// Arrays no other name can reach: local arrays (created once, never aliased), their pooled
    /// adjoints and, in a Gradient, the caller's gradient spans (checked on entry not to overlap; a
    /// Pullback's adjoints may: a caller passes one adjoint for an array it passes twice).
    /// </summary>
    private List<string> UnaliasedArrays()
    {
        var arrays = new List<string>(rentedAdjoints);
        if (flavor.IsGradient)
        {
            foreach (KeyValuePair<string, string> pair in flavor.ParameterAdjoints)
            {
                if (variables[pair.Key].Type.Rank == 1 && !reassignedParameters.Contains(pair.Key))
                {
                    arrays.Add(pair.Value);
                }
            }
        }

        foreach (Variable variable in variables.Values)
        {
            // User locals only: a compiler temporary of array type (a lifted conditional) may alias a parameter.
            if (variable.Role == VariableRole.Local && variable.Type.Rank == 1)
            {
                arrays.Add(variable.Name);
            }
        }

        return arrays;
    }

    /// <summary>The method's name and the bytes, then <c>typeof(T)</c> for each type parameter.</summary>
    private Expr[] StatisticsArguments(Expr bytes)
    {
        var arguments = new List<Expr> { new LiteralExpr(TypeRef.Void, "\"" + flavor.MethodName + "\""), bytes };
        foreach (string typeParameter in flavor.TypeParameters)
        {
            arguments.Add(new LiteralExpr(TypeRef.Void, "typeof(" + typeParameter + ")"));
        }

        return arguments.ToArray();
    }

    private static TypeRef TapeArrayType(string elementType) => new(elementType + "[]", ValueKind.Array, new TypeRef(elementType, ValueKind.Other));

    /// <summary>
    /// A [NoDiff] array or span parameter the result depends on through values that carry derivatives
    /// stored in it (a workspace) gets a pooled, zeroed adjoint of its length, as a local array does:
    /// its incoming values are constants, what the body stores in it is not. A null array gets an empty one.
    /// </summary>
    private void EmitDataArrayAdjoints(List<Stmt> output)
    {
        foreach (Variable variable in variables.Values)
        {
            if (variable.Role != VariableRole.Parameter || variable.Type.Kind != ValueKind.Array || variable.Type.Rank != 1
                || flavor.ParameterAdjoints.ContainsKey(variable.Name) || !IsActive(variable.Name))
            {
                continue;
            }

            TypeRef element = variable.Type.Element!;
            var arrayType = new TypeRef(element.Name + "[]", ValueKind.Array, element);
            Expr parameter = Var(variable.Name, variable.Type);
            Expr rent = variable.Type.IsSpan
                ? StaticCall("global::AutoGradGen.Tapes.AdjointArrays.Rent<" + element.Name + ">", arrayType, new InstanceMemberExpr(TypeRef.Int32, parameter, "Length"))
                : StaticCall("global::AutoGradGen.Tapes.AdjointArrays.RentFor<" + element.Name + ">", arrayType, parameter);
            output.Add(new AssignStmt(AdjointOf(variable.Name), arrayType, rent, null));
        }
    }

    private IEnumerable<string> ParameterNames()
    {
        foreach (Variable variable in variables.Values)
        {
            if (variable.Role == VariableRole.Parameter)
            {
                yield return variable.Name;
            }
        }
    }

    /// <summary>
    /// Gradient: each scalar gradient starts at zero; each array gradient must match its parameter's
    /// length (or shape), is cleared, and must not overlap another. Pullback: adjoint arrays must match
    /// and are accumulated into.
    /// </summary>
    private IEnumerable<Stmt> CheckAdjointArguments()
    {
        foreach (KeyValuePair<string, string> pair in flavor.ParameterAdjoints)
        {
            TypeRef type = variables[pair.Key].Type;
            if (type.IsFloating)
            {
                if (flavor.IsGradient)
                {
                    yield return new AssignStmt(pair.Value, type, Ir.Zero(type), null);
                }

                continue;
            }

            string helper = type.Rank == 2 ? "CheckShape" : "CheckLength";
            yield return new ExpressionStmt(
                StaticCall(
                    "global::AutoGradGen.Tapes.AdjointArrays." + helper + "<" + type.FloatingElement!.Name + ">",
                    TypeRef.Void,
                    Var(pair.Key, type),
                    Var(pair.Value, type),
                    new LiteralExpr(TypeRef.Void, "\"" + pair.Value + "\""),
                    new LiteralExpr(TypeRef.Boolean, flavor.IsGradient ? "true" : "false")),
                null);
        }

        if (!flavor.IsGradient)
        {
            yield break;
        }

        // The reverse sweep may keep an element of a gradient span in a local (ScalarPromotion,
        // SlidingElements): two spans sharing memory would then lose each other's additions.
        var spans = new List<KeyValuePair<string, string>>();
        foreach (KeyValuePair<string, string> pair in flavor.ParameterAdjoints)
        {
            if (variables[pair.Key].Type.Rank == 1)
            {
                spans.Add(pair);
            }
        }

        for (int i = 0; i < spans.Count; i++)
        {
            for (int j = i + 1; j < spans.Count; j++)
            {
                TypeRef element = variables[spans[i].Key].Type.Element!;
                if (element.Name != variables[spans[j].Key].Type.Element!.Name)
                {
                    continue;
                }

                TypeRef spanType = variables[spans[i].Key].Type;
                yield return new ExpressionStmt(
                    StaticCall(
                        "global::AutoGradGen.Tapes.AdjointArrays.CheckDistinct<" + element.Name + ">",
                        TypeRef.Void,
                        Var(spans[i].Value, spanType),
                        Var(spans[j].Value, spanType),
                        new LiteralExpr(TypeRef.Void, "\"" + spans[i].Value + "\""),
                        new LiteralExpr(TypeRef.Void, "\"" + spans[j].Value + "\"")),
                    null);
            }
        }
    }

    private Stmt RecordTapeStatistics()
    {
        Expr bytes = null!;
        var longType = new TypeRef("long", ValueKind.Integral);
        foreach (KeyValuePair<string, string> tape in tapes)
        {
            // The tapes are fullest between the sweeps; the peak is recorded then.
            Expr peak = new BinaryExpr(longType, "*", new ConvertExpr(longType, Var(tape.Value + "Peak", TypeRef.Int32), false), ElementSize(tape.Key));
            bytes = bytes is null ? peak : new BinaryExpr(longType, "+", bytes, peak);
        }

        return new IfStmt(
            new StaticMemberExpr(TypeRef.Boolean, "global::AutoGradGen.Tapes.TapeStatistics.IsEnabled"),
            new EquatableArray<Stmt>(new Stmt[]
            {
                new ExpressionStmt(StaticCall("global::AutoGradGen.Tapes.TapeStatistics.Record", TypeRef.Void, StatisticsArguments(bytes)), null),
            }),
            EquatableArray<Stmt>.Empty,
            null);
    }

    /// <summary>Names the save slots, branch records and trip counters, and hoists what is not assigned at top level.</summary>
    private void AssignStorage(IEnumerable<Stmt> statements, bool topLevel, int loopDepth)
    {
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case AssignStmt or ElementAssignStmt when needsSave.Contains(statement):
                    TypeRef savedType = statement is AssignStmt a ? a.TargetType : ((ElementAssignStmt)statement).ElementType;
                    if (loopDepth > 0)
                    {
                        saveSlots[statement] = Tape(savedType);
                    }
                    else
                    {
                        string target = statement is AssignStmt assigned ? assigned.Target : ActivityAnalysis.RootName(((ElementAssignStmt)statement).Array) + "Element";
                        string slot = names.Fresh(target + "Saved");
                        saveSlots[statement] = slot;
                        if (!topLevel)
                        {
                            hoisted.Add(new DeclareStmt(savedType, slot, new DefaultExpr(savedType)));
                        }
                    }

                    break;

                case IfStmt branch:
                    if (HasReverseWork(branch))
                    {
                        string record = names.Fresh("branch");
                        branchRecords[branch] = record;
                        if (!topLevel)
                        {
                            hoisted.Add(new DeclareStmt(TypeRef.Boolean, record, new LiteralExpr(TypeRef.Boolean, "false")));
                        }

                        if (loopDepth > 0)
                        {
                            Tape(TypeRef.Boolean);
                        }
                    }

                    AssignStorage(branch.Then, topLevel: false, loopDepth);
                    AssignStorage(branch.Else, topLevel: false, loopDepth);
                    break;

                case LoopStmt loop:
                    if (HasReverseWork(loop) && !independentLoops.ContainsKey(loop))
                    {
                        string trips = names.Fresh("trips");
                        tripCounters[loop] = trips;
                        if (!topLevel || countedLoops.ContainsKey(loop))
                        {
                            hoisted.Add(new DeclareStmt(TypeRef.Int32, trips, new LiteralExpr(TypeRef.Int32, "0")));
                        }

                        if (loopDepth > 0 && !countedLoops.ContainsKey(loop))
                        {
                            Tape(TypeRef.Int32); // for its trip counts (a counted loop's are computed again)
                        }
                    }

                    AssignStorage(loop.Body, topLevel: false, loopDepth + 1);
                    break;
            }
        }

        if (topLevel)
        {
            // Locals not first assigned at top level are declared up front, in declaration order.
            var declaredInline = new HashSet<string>();
            foreach (Stmt statement in declaresInline)
            {
                declaredInline.Add(((AssignStmt)statement).Target);
            }

            var localsHoisted = new List<Stmt>();
            foreach (Variable variable in variables.Values)
            {
                if (variable.Role != VariableRole.Parameter && !declaredInline.Contains(variable.Name))
                {
                    localsHoisted.Add(new DeclareStmt(variable.Type, variable.Name, HoistedDefault(variable.Type)));
                }
            }

            hoisted.InsertRange(0, localsHoisted);
        }
    }

    /// <summary><c>sizeof(double)</c>; a type parameter's size is only known at run time: <c>Unsafe.SizeOf&lt;T&gt;()</c>.</summary>
    private Expr ElementSize(string typeName)
        => genericTapeTypes.Contains(typeName)
            ? StaticCall("global::System.Runtime.CompilerServices.Unsafe.SizeOf<" + typeName + ">", TypeRef.Int32)
            : new LiteralExpr(TypeRef.Int32, "sizeof(" + typeName + ")");

    private static Expr HoistedDefault(TypeRef type)
        => type.Kind == ValueKind.Array && !type.IsSpan
            ? new CallExpr(type, CallKind.Opaque, "global::System.Array.Empty<" + type.Element!.Name + ">", null, EquatableArray<Argument>.Empty, null, -1)
            : new DefaultExpr(type);

    /// <summary>The stack for values of <paramref name="type"/>, created on first use.</summary>
    private string Tape(TypeRef type)
    {
        if (!tapes.TryGetValue(type.Name, out string? tape))
        {
            string stem = type.Name.Replace("global::", string.Empty).Replace(".", string.Empty);
            string preferred = char.ToLowerInvariant(stem[0]) + stem.Substring(1) + "Tape";
            tape = names.Fresh(preferred);
            while (names.IsUsed(tape + "Count") || names.IsUsed(tape + "Peak"))
            {
                tape = names.Fresh(preferred);
            }

            names.Reserve(tape + "Count");
            names.Reserve(tape + "Peak");
            tapes.Add(type.Name, tape);
            if (type.Kind == ValueKind.Generic)
            {
                genericTapeTypes.Add(type.Name);
            }
        }

        return tape;
    }


    /// <summary>A kernel call one of whose outputs carries derivatives.</summary>
    private bool IsActiveKernelCall(CallExpr kernel)
    {
        foreach (Expr output in ActivityAnalysis.KernelOutputs(kernel))
        {
            if (ActivityAnalysis.RootName(output) is { } root && IsActive(root))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasReverseWork(Stmt statement) => wholeSaves.ContainsKey(statement) || statement switch
    {
        ExpressionStmt { Expression: CallExpr { Callee.IsKernel: true } kernel } => IsActiveKernelCall(kernel),
        AssignStmt assignment => IsActive(assignment.Target) || needsSave.Contains(assignment) || invertible.Contains(assignment),
        ElementAssignStmt element => IsActive(ActivityAnalysis.RootName(element.Array)!) || needsSave.Contains(element),
        IfStmt branch => AnyReverseWork(branch.Then) || AnyReverseWork(branch.Else),
        LoopStmt loop => AnyReverseWork(loop.Body),
        _ => false,
    };

    private bool AnyReverseWork(IEnumerable<Stmt> statements)
    {
        foreach (Stmt statement in statements)
        {
            if (HasReverseWork(statement))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsActive(string name) => activity.Active.Contains(name);

    /// <summary>
    /// Whether the analyses see every change of the values indices, trip counts and tape positions are
    /// computed from — what unchecked accesses (reverse sweep, proven forward indices) and the
    /// promotion of elements to locals rest on. A call the generator cannot see into (neither a Math
    /// function, a [Differentiable] method nor a registered derivative) may write the arrays it is
    /// given or static fields; so may a constructor; a callee given an integer array may write its
    /// elements; an 'in' parameter is a reference a call may point elsewhere; a kernel output slice
    /// whose bounds read such values is restored over a length computed again. Methods with any of
    /// these keep every bounds check, so a changed value means an exception, never a write out of
    /// range. (Element reads in indices are untracked everywhere: <see cref="IsTrackedIndex"/>.)
    /// </summary>
    private bool AllEffectsVisible()
    {
        foreach (Variable variable in variables.Values)
        {
            if (variable.IsReadOnlyReference)
            {
                return false;
            }
        }

        foreach (Stmt statement in IrWalk.Statements(body))
        {
            // A kernel's output slice is restored element by element in the reverse sweep: its length
            // must come out the same there.
            if (statement is ExpressionStmt { Expression: CallExpr { Callee.IsKernel: true } kernel }
                && System.Linq.Enumerable.Any(ActivityAnalysis.KernelOutputs(kernel), written => written is SliceExpr slice && !(IsTrackedIndex(slice.Start) && IsTrackedIndex(slice.Length))))
            {
                return false;
            }

            foreach (Expr expression in IrWalk.OwnExpressions(statement))
            {
                foreach (Expr node in IrWalk.Nodes(expression))
                {
                    if (node is NewObjectExpr && statement is not ThrowStmt)
                    {
                        return false; // a constructor may write what it is given
                    }

                    if (node is not CallExpr call || call.Kind == CallKind.Intrinsic)
                    {
                        continue;
                    }

                    if (call.Kind == CallKind.Opaque && !IrWalk.IsPureMath(call))
                    {
                        return false;
                    }

                    foreach (Argument argument in call.Arguments)
                    {
                        if (argument.Value.Type.Kind == ValueKind.Array && !argument.Value.Type.IsFloatingArray)
                        {
                            return false;
                        }
                    }
                }
            }
        }

        return true;
    }

    private static VariableExpr Var(string name, TypeRef type) => new(type, name);

    private static CallExpr Method(Expr receiver, string name, params Expr[] arguments)
        => new(TypeRef.Void, CallKind.Opaque, name, receiver, Arguments(arguments), null, -1);

    private static CallExpr StaticCall(string target, TypeRef type, params Expr[] arguments)
        => new(type, CallKind.Opaque, target, null, Arguments(arguments), null, -1);

    private static EquatableArray<Argument> Arguments(Expr[] arguments)
    {
        var list = new List<Argument>();
        foreach (Expr argument in arguments)
        {
            list.Add(new Argument(argument, string.Empty));
        }

        return list.ToEquatableArray();
    }
}
