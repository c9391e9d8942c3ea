using System.Collections.Generic;
using AutoGradGen.Generators.Analysis;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Lowering;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>Which generated member a body is for: names of the adjoint arguments and the seed.</summary>
internal sealed class AdjointFlavor
{
    public AdjointFlavor(bool isGradient, Dictionary<string, string> parameterAdjoints, Expr seed)
    {
        IsGradient = isGradient;
        ParameterAdjoints = parameterAdjoints;
        Seed = seed;
    }

    /// <summary>Gradient: zero the <c>out</c> arguments first and return the value at the end.</summary>
    public bool IsGradient { get; }

    /// <summary>Differentiable parameter name → its gradient (<c>xGrad</c>) or adjoint (<c>xAdjoint</c>) argument.</summary>
    public Dictionary<string, string> ParameterAdjoints { get; }

    /// <summary>The adjoint of the result: <c>1.0</c> for the gradient, <c>seed</c> for the pullback.</summary>
    public Expr Seed { get; }
}

/// <summary>
/// The reverse-mode transform (Tapenade's joint mode, specialised to structured code without loops).
/// The forward sweep is the normalized body, with the old value of a variable saved just before an
/// assignment overwrites it when the reverse sweep still needs that old value, and each branch
/// decision recorded in a boolean. The reverse sweep walks the statements backwards: at each
/// assignment <c>v = e</c> it restores <c>v</c>'s old value (so every variable holds what it held at
/// that point of the forward run), then adds <c>v̄ · ∂e/∂u</c> into the adjoint <c>ū</c> of each active
/// operand and clears <c>v̄</c>.
/// </summary>
internal sealed class AdjointBuilder
{
    private readonly IReadOnlyList<Stmt> body;
    private readonly Dictionary<string, Variable> variables;
    private readonly ActivityAnalysis activity;
    private readonly NameScope names;
    private readonly string result;
    private readonly TypeRef resultType;
    private readonly AdjointFlavor flavor;

    // Per-assignment facts from the forward walk, keyed by reference (equal records may occur twice).
    private readonly HashSet<Stmt> needsSave = new(ReferenceComparer.Instance);
    private readonly HashSet<Stmt> isFirstDefinition = new(ReferenceComparer.Instance);
    private readonly HashSet<Stmt> declaresInline = new(ReferenceComparer.Instance);
    private readonly Dictionary<Stmt, string> saveSlots = new(ReferenceComparer.Instance);
    private readonly Dictionary<Stmt, string> branchRecords = new(ReferenceComparer.Instance);
    private readonly Dictionary<string, string> adjointLocals = new();
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

    /// <summary>Builds the whole body of the Gradient or Pullback member.</summary>
    public static List<Stmt> Build(
        IReadOnlyList<Stmt> body,
        IEnumerable<Variable> variables,
        ActivityAnalysis activity,
        NameScope names,
        string result,
        TypeRef resultType,
        AdjointFlavor flavor)
        => new AdjointBuilder(body, variables, activity, names, result, resultType, flavor).Build();

    private List<Stmt> Build()
    {
        Analyze(body, new HashSet<string>(), new HashSet<string>(ParameterNames()), topLevel: true);
        AssignStorage(body, topLevel: true);

        var forward = new List<Stmt>();
        EmitForward(body, forward, topLevel: true);

        var reverse = new List<Stmt>();
        EmitReverseList(body, reverse);

        var output = new List<Stmt>();
        if (flavor.IsGradient)
        {
            foreach (string gradient in flavor.ParameterAdjoints.Values)
            {
                TypeRef type = TypeOfParameterAdjoint(gradient);
                output.Add(new AssignStmt(gradient, type, Ir.Zero(type), null));
            }
        }

        if (hoisted.Count > 0)
        {
            output.Add(new CommentStmt("Variables assigned inside branches, hoisted so that both sweeps see them."));
            output.AddRange(hoisted);
        }

        output.Add(new CommentStmt("Forward sweep: the original computation, saving what the reverse sweep needs."));
        output.AddRange(forward);
        output.Add(new CommentStmt("Reverse sweep: adjoints flow from the result back to the inputs."));
        if (IsActive(result))
        {
            output.Add(new DeclareStmt(resultType, AdjointOf(result), flavor.Seed));
        }

        output.AddRange(adjointDeclarations);
        output.AddRange(reverse);
        foreach (string parameter in reassignedParameters)
        {
            output.Add(new AccumulateStmt(flavor.ParameterAdjoints[parameter], new VariableExpr(variables[parameter].Type, adjointLocals[parameter])));
        }

        if (flavor.IsGradient)
        {
            output.Add(new ReturnStmt(new VariableExpr(resultType, result), null));
        }

        return output;
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

    private TypeRef TypeOfParameterAdjoint(string adjointName)
    {
        foreach (KeyValuePair<string, string> pair in flavor.ParameterAdjoints)
        {
            if (pair.Value == adjointName)
            {
                return variables[pair.Key].Type;
            }
        }

        return TypeRef.Double;
    }

    // ------------------------------------------------------------------ analysis

    /// <summary>
    /// Walks the body in program order. <paramref name="readByReverse"/>: variables whose value at some
    /// earlier point the reverse sweep reads; an assignment to one of them must save the old value.
    /// <paramref name="defined"/>: variables assigned before (their adjoint may be read by earlier statements).
    /// </summary>
    private void Analyze(IEnumerable<Stmt> statements, HashSet<string> readByReverse, HashSet<string> defined, bool topLevel)
    {
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    if (IsActive(assignment.Target))
                    {
                        CollectReverseReads(assignment.Value, readByReverse);
                    }

                    if (readByReverse.Contains(assignment.Target))
                    {
                        needsSave.Add(assignment);
                    }

                    if (IsActive(assignment.Target) && ValueRecording.VisitNeededOperands(assignment.Value, activity.Varied, _ => { }))
                    {
                        // The rule reads the value just assigned (exp, sqrt, …): a later overwrite must save it.
                        readByReverse.Add(assignment.Target);
                    }

                    if (!defined.Contains(assignment.Target))
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

                case IfStmt branch:
                    var readThen = new HashSet<string>(readByReverse);
                    var definedThen = new HashSet<string>(defined);
                    Analyze(branch.Then, readThen, definedThen, topLevel: false);
                    var readElse = new HashSet<string>(readByReverse);
                    var definedElse = new HashSet<string>(defined);
                    Analyze(branch.Else, readElse, definedElse, topLevel: false);
                    readByReverse.UnionWith(readThen);
                    readByReverse.UnionWith(readElse);
                    defined.UnionWith(definedThen);
                    defined.UnionWith(definedElse);
                    break;
            }
        }
    }

    /// <summary>Adds the variables whose values the reverse code of <c>v = value</c> reads.</summary>
    private void CollectReverseReads(Expr value, HashSet<string> reads)
    {
        if (!ActivityAnalysis.IsVaried(value, activity.Varied))
        {
            return;
        }

        ValueRecording.VisitNeededOperands(value, activity.Varied, i =>
        {
            Expr operand = ValueRecording.Operand(value, i);
            foreach (string name in AllVariables(operand))
            {
                reads.Add(name);
            }
        });

        switch (value)
        {
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

    private static IEnumerable<string> AllVariables(Expr expression)
    {
        var stack = new Stack<Expr>();
        stack.Push(expression);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case VariableExpr variable:
                    yield return variable.Name;
                    break;
                case UnaryExpr unary:
                    stack.Push(unary.Operand);
                    break;
                case BinaryExpr binary:
                    stack.Push(binary.Left);
                    stack.Push(binary.Right);
                    break;
                case ConvertExpr conversion:
                    stack.Push(conversion.Operand);
                    break;
                case ConditionalExpr conditional:
                    stack.Push(conditional.Condition);
                    stack.Push(conditional.WhenTrue);
                    stack.Push(conditional.WhenFalse);
                    break;
                case InstanceMemberExpr member:
                    stack.Push(member.Receiver);
                    break;
                case CallExpr call:
                    if (call.Receiver is not null)
                    {
                        stack.Push(call.Receiver);
                    }

                    foreach (Argument argument in call.Arguments)
                    {
                        stack.Push(argument.Value);
                    }

                    break;
            }
        }
    }

    /// <summary>Names the save slots and branch records, and hoists what is first assigned inside a branch.</summary>
    private void AssignStorage(IEnumerable<Stmt> statements, bool topLevel)
    {
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    if (needsSave.Contains(assignment))
                    {
                        string slot = names.Fresh(assignment.Target + "Saved");
                        saveSlots[assignment] = slot;
                        if (!topLevel)
                        {
                            hoisted.Add(new DeclareStmt(assignment.TargetType, slot, new DefaultExpr(assignment.TargetType)));
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
                    }

                    AssignStorage(branch.Then, topLevel: false);
                    AssignStorage(branch.Else, topLevel: false);
                    break;
            }
        }

        if (topLevel)
        {
            // Locals first assigned inside a branch are declared up front, in declaration order.
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
                    localsHoisted.Add(new DeclareStmt(variable.Type, variable.Name, new DefaultExpr(variable.Type)));
                }
            }

            hoisted.InsertRange(0, localsHoisted);
        }
    }

    private bool HasReverseWork(Stmt statement) => statement switch
    {
        AssignStmt assignment => IsActive(assignment.Target) || needsSave.Contains(assignment),
        IfStmt branch => AnyReverseWork(branch.Then) || AnyReverseWork(branch.Else),
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

    // ------------------------------------------------------------------ forward sweep

    private void EmitForward(IEnumerable<Stmt> statements, List<Stmt> output, bool topLevel)
    {
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    AddComment(assignment.Source, output);
                    if (saveSlots.TryGetValue(assignment, out string? slot))
                    {
                        Expr old = new VariableExpr(assignment.TargetType, assignment.Target);
                        output.Add(topLevel
                            ? new DeclareStmt(assignment.TargetType, slot, old)
                            : new AssignStmt(slot, assignment.TargetType, old, null));
                    }

                    output.Add(declaresInline.Contains(assignment)
                        ? new DeclareStmt(assignment.TargetType, assignment.Target, assignment.Value)
                        : assignment with { Source = null });
                    break;

                case IfStmt branch:
                    output.Add(new CommentStmt(branch.Source ?? "if"));
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
                    break;

                case ExpressionStmt or ThrowStmt:
                    if (statement.Source is not null)
                    {
                        output.Add(new CommentStmt(statement.Source));
                    }

                    output.Add(statement);
                    break;
            }
        }
    }

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

    // ------------------------------------------------------------------ reverse sweep

    private void EmitReverseList(IReadOnlyList<Stmt> statements, List<Stmt> output)
    {
        for (int i = statements.Count - 1; i >= 0; i--)
        {
            Stmt statement = statements[i];
            switch (statement)
            {
                case AssignStmt assignment when HasReverseWork(assignment):
                    EmitReverseAssignment(assignment, output);
                    break;

                case IfStmt branch when branchRecords.TryGetValue(branch, out string? record):
                    output.Add(new CommentStmt((branch.Source ?? "if") + " (as taken in the forward sweep)"));
                    var then = new List<Stmt>();
                    EmitReverseList(branch.Then, then);
                    var otherwise = new List<Stmt>();
                    EmitReverseList(branch.Else, otherwise);
                    output.Add(new IfStmt(new VariableExpr(TypeRef.Boolean, record), then.ToEquatableArray(), otherwise.ToEquatableArray(), null));
                    break;
            }
        }
    }

    private void EmitReverseAssignment(AssignStmt assignment, List<Stmt> output)
    {
        AddComment(assignment.Source, output);

        if (saveSlots.TryGetValue(assignment, out string? slot))
        {
            output.Add(new AssignStmt(assignment.Target, assignment.TargetType, new VariableExpr(assignment.TargetType, slot), null));
        }

        if (!IsActive(assignment.Target))
        {
            return;
        }

        string targetAdjoint = AdjointOf(assignment.Target);
        TypeRef type = assignment.TargetType;
        bool readsItself = false;
        foreach (string name in ActivityAnalysis.DifferentiablePathVariables(assignment.Value))
        {
            readsItself |= name == assignment.Target;
        }

        bool clear = !isFirstDefinition.Contains(assignment);
        Expr adjoint = new VariableExpr(type, targetAdjoint);
        if (readsItself && AsIncrement(assignment) is { } increment)
        {
            // v = v ± e: v̄ passes through to the old v unchanged; only e needs its share.
            Propagate(increment.Operand, increment.Negated ? Ir.Neg(adjoint) : adjoint, null, output);
            return;
        }

        if (readsItself)
        {
            // v = f(v, …): take v̄ before the operands (v among them) add into it.
            string taken = names.Fresh(assignment.Target + "BarTaken");
            output.Add(new DeclareStmt(type, taken, adjoint));
            output.Add(new AssignStmt(targetAdjoint, type, Ir.Zero(type), null));
            adjoint = new VariableExpr(type, taken);
            clear = false;
        }

        bool targetHoldsResult = variables[assignment.Target].Role != VariableRole.Parameter && !saveSlots.ContainsKey(assignment);
        Propagate(assignment.Value, adjoint, targetHoldsResult ? new VariableExpr(type, assignment.Target) : null, output);
        if (clear)
        {
            output.Add(new AssignStmt(targetAdjoint, type, Ir.Zero(type), null));
        }
    }

    /// <summary>Recognises <c>v = v + e</c>, <c>v = e + v</c> and <c>v = v - e</c> where <c>e</c> does not read <c>v</c>.</summary>
    private static (Expr Operand, bool Negated)? AsIncrement(AssignStmt assignment)
    {
        if (assignment.Value is not BinaryExpr { Operator: "+" or "-" } sum || sum.Type != assignment.TargetType)
        {
            return null;
        }

        bool IsTarget(Expr e) => e is VariableExpr v && v.Name == assignment.Target;
        bool Independent(Expr e)
        {
            foreach (string name in ActivityAnalysis.DifferentiablePathVariables(e))
            {
                if (name == assignment.Target)
                {
                    return false;
                }
            }

            return true;
        }

        if (IsTarget(sum.Left) && Independent(sum.Right))
        {
            return (sum.Right, sum.Operator == "-");
        }

        if (sum.Operator == "+" && IsTarget(sum.Right) && Independent(sum.Left))
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

    /// <summary>Chains through a [Differentiable] callee: its pullback adds seed · ∂callee into the argument adjoints.</summary>
    private void PropagateDifferentiableCall(CallExpr call, Expr adjoint, List<Stmt> output)
    {
        adjoint = Bind(adjoint, CamelCase(ActivityAnalysis.MethodName(call.Target)) + "Bar", output);
        var arguments = new List<Argument>();
        foreach (Argument argument in call.Arguments)
        {
            arguments.Add(argument);
        }

        arguments.Add(new Argument(adjoint, string.Empty));
        var afterCall = new List<(Expr Argument, string Adjoint)>();
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            if (!ActivityAnalysis.CarriesDerivative(call, i))
            {
                continue;
            }

            Expr value = call.Arguments[i].Value;
            string adjointName;
            if (value is VariableExpr variable && IsActive(variable.Name))
            {
                adjointName = AdjointOf(variable.Name);
            }
            else
            {
                adjointName = names.Fresh(ActivityAnalysis.IsVaried(value, activity.Varied) ? "argumentBar" : "unusedBar");
                output.Add(new DeclareStmt(value.Type, adjointName, Ir.Zero(value.Type)));
                if (ActivityAnalysis.IsVaried(value, activity.Varied))
                {
                    afterCall.Add((value, adjointName));
                }
            }

            arguments.Add(new Argument(new VariableExpr(value.Type, adjointName), "ref "));
        }

        var callee = call.Callee!;
        output.Add(new ExpressionStmt(
            new CallExpr(TypeRef.Void, CallKind.Opaque, callee.PullbackTarget, null, arguments.ToEquatableArray(), null, -1),
            null));
        foreach ((Expr argument, string adjointName) in afterCall)
        {
            Propagate(argument, new VariableExpr(argument.Type, adjointName), null, output);
        }
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

    /// <summary>The adjoint variable of <paramref name="name"/>: the caller's argument for a parameter it never reassigns, else a local.</summary>
    private string AdjointOf(string name)
    {
        if (flavor.ParameterAdjoints.TryGetValue(name, out string? argument) && !reassignedParameters.Contains(name))
        {
            return argument;
        }

        if (!adjointLocals.TryGetValue(name, out string? local))
        {
            local = names.Fresh(name + "Bar");
            adjointLocals.Add(name, local);
            if (name != result)
            {
                TypeRef type = variables[name].Type;
                adjointDeclarations.Add(new DeclareStmt(type, local, Ir.Zero(type)));
            }
        }

        return local;
    }

    private sealed class ReferenceComparer : IEqualityComparer<Stmt>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(Stmt? x, Stmt? y) => ReferenceEquals(x, y);

        public int GetHashCode(Stmt obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
