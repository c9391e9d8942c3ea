using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using AutoGradGen.Generators.Diagnostics;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;
using AutoGradGen.Generators.Reverse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoGradGen.Generators.Lowering;

/// <summary>The method body in IR, with its variables and the source locations of its call sites.</summary>
internal sealed class LoweredBody
{
    public LoweredBody(List<Stmt> statements, List<Variable> variables, List<Location> sites, List<IMethodSymbol> siteMethods, NameScope names)
    {
        Statements = statements;
        Variables = variables;
        Sites = sites;
        SiteMethods = siteMethods;
        Names = names;
    }

    public List<Stmt> Statements { get; }

    public List<Variable> Variables { get; }

    /// <summary>Locations indexed by <see cref="CallExpr.Site"/>.</summary>
    public List<Location> Sites { get; }

    /// <summary>The called methods, indexed by <see cref="CallExpr.Site"/> (for custom-derivative lookup).</summary>
    public List<IMethodSymbol> SiteMethods { get; }

    public NameScope Names { get; }
}

/// <summary>
/// Lowers a method body from Roslyn's operation tree to IR. Every type and member is resolved to
/// global::-qualified text, locals get names unique within the method (declarations are hoisted
/// later), compound assignments and increments become plain assignments, and every construct
/// outside the supported subset is reported at its location.
/// </summary>
internal sealed class BodyLowering
{
    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.Compiled);

    private readonly IMethodSymbol method;
    private readonly CancellationToken cancellationToken;
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly Dictionary<ISymbol, string> localNames = new(SymbolEqualityComparer.Default);
    private readonly List<Variable> variables = new();
    private readonly List<Location> sites = new();
    private readonly List<IMethodSymbol> siteMethods = new();
    private readonly NameScope names;
    private readonly Dictionary<IParameterSymbol, bool> writtenParameters = new(SymbolEqualityComparer.Default);

    private IOperation? methodBody;

    /// <summary>The loop level at which each local was declared (0 outside loops).</summary>
    private readonly Dictionary<string, int> declarationDepths = new();

    /// <summary>Span and array locals that name another array or part of one, with what each use becomes.</summary>
    private readonly Dictionary<ILocalSymbol, Expr> views = new(SymbolEqualityComparer.Default);

    private BodyLowering(IMethodSymbol method, NameScope names, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        this.method = method;
        this.names = names;
        this.diagnostics = diagnostics;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>True when the body holds code that does not compile: the compiler reports it, the generator stays silent.</summary>
    public bool HasInvalidCode { get; private set; }

    /// <summary>
    /// Lowers <paramref name="body"/>; unsupported constructs are added to <paramref name="diagnostics"/>.
    /// <paramref name="names"/> already holds the parameters' and the generated signature's names,
    /// so a local that would clash is renamed rather than a public parameter.
    /// </summary>
    public static LoweredBody? Lower(
        IMethodSymbol method,
        IMethodBodyOperation body,
        NameScope names,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        var lowering = new BodyLowering(method, names, diagnostics, cancellationToken);
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            lowering.variables.Add(new Variable(
                parameter.Name,
                Types.From(parameter.Type),
                VariableRole.Parameter,
                Types.IsDifferentiableParameter(parameter),
                IsReadOnlyReference: parameter.RefKind == RefKind.In));
        }

        IBlockOperation? block = body.BlockBody ?? body.ExpressionBody;
        if (block is null)
        {
            return null;
        }

        var statements = new List<Stmt>();
        lowering.methodBody = block;
        lowering.LowerInto(block, statements);
        return lowering.HasInvalidCode ? null : new LoweredBody(statements, lowering.variables, lowering.sites, lowering.siteMethods, lowering.names);
    }

    // ------------------------------------------------------------------ statements

    private void LowerInto(IOperation operation, List<Stmt> output)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IBlockOperation block:
                var inner = new List<Stmt>();
                foreach (IOperation statement in block.Operations)
                {
                    LowerInto(statement, inner);
                }

                output.Add(new BlockStmt(inner.ToEquatableArray()));
                break;

            case IVariableDeclarationGroupOperation group:
                foreach (IVariableDeclarationOperation declaration in group.Declarations)
                {
                    foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                    {
                        if (declarator.Symbol.IsConst)
                        {
                            continue; // every use is replaced by the constant's value
                        }

                        IVariableInitializerOperation? initializer = declarator.Initializer ?? declaration.Initializer;
                        if (initializer is not null && !declarator.Symbol.IsRef && TryDeclareView(declarator, initializer.Value, SourceOf(operation), output))
                        {
                            continue;
                        }

                        string name = DeclareLocal(declarator.Symbol);
                        if (initializer is not null)
                        {
                            if (declarator.Symbol.IsRef)
                            {
                                ReportStatement(operation, "A ref local");
                                continue;
                            }

                            var lowered = new List<Stmt>(LowerInitializer(name, Types.From(declarator.Symbol.Type), initializer.Value, SourceOf(operation)));
                            if (CheckArrayLocal(declarator, lowered))
                            {
                                output.AddRange(lowered);
                            }
                        }
                    }
                }

                break;

            case IExpressionStatementOperation statement:
                LowerExpressionStatement(statement.Operation, SourceOf(statement), output);
                break;

            case IReturnOperation { Kind: OperationKind.Return } ret:
                // An expression body's return has the expression as its syntax: show it as a return.
                string returnSource = ret.Syntax is ReturnStatementSyntax ? SourceOf(ret) : "return " + SourceOf(ret) + ";";
                output.Add(new ReturnStmt(ret.ReturnedValue is null ? null : LowerExpression(ret.ReturnedValue), returnSource));
                break;

            case IConditionalOperation conditional:
                var whenTrue = new List<Stmt>();
                LowerInto(conditional.WhenTrue, whenTrue);
                var whenFalse = new List<Stmt>();
                if (conditional.WhenFalse is not null)
                {
                    LowerInto(conditional.WhenFalse, whenFalse);
                }

                output.Add(new IfStmt(
                    LowerExpression(conditional.Condition),
                    whenTrue.ToEquatableArray(),
                    whenFalse.ToEquatableArray(),
                    "if (" + SourceOf(conditional.Condition) + ")"));
                break;

            case IThrowOperation thrown when thrown.Exception is not null:
                output.Add(new ThrowStmt(LowerExpression(thrown.Exception), SourceOf(thrown)));
                break;

            case IEmptyOperation:
                break;

            case IForLoopOperation loop:
                foreach (IOperation before in loop.Before)
                {
                    LowerInto(before, output);
                }

                AddLoop(output, new LoopStmt(
                    loop.Condition is null ? new LiteralExpr(TypeRef.Boolean, "true") : LowerExpression(loop.Condition),
                    LowerList(loop.Body),
                    LowerList(loop.AtLoopBottom),
                    IsDoWhile: false,
                    LoopHeader(loop)));
                break;

            case IWhileLoopOperation loop when !loop.ConditionIsUntil && loop.Condition is not null:
                AddLoop(output, new LoopStmt(
                    LowerExpression(loop.Condition),
                    LowerList(loop.Body),
                    EquatableArray<Stmt>.Empty,
                    IsDoWhile: !loop.ConditionIsTop,
                    LoopHeader(loop)));
                break;

            case IForEachLoopOperation loop:
                LowerForEach(loop, output);
                break;

            case IBranchOperation { BranchKind: BranchKind.Break } when loopDepth > 0:
                output.Add(new BreakStmt());
                break;

            case IBranchOperation { BranchKind: BranchKind.Continue } when loopDepth > 0:
                output.Add(new ContinueStmt());
                break;

            case IInvalidOperation:
                HasInvalidCode = true;
                break;

            default:
                ReportStatement(operation, DescribeStatement(operation));
                break;
        }
    }

    private int loopDepth;

    private EquatableArray<Stmt> LowerList(IOperation operation)
    {
        loopDepth++;
        var statements = new List<Stmt>();
        LowerInto(operation, statements);
        loopDepth--;
        return statements.ToEquatableArray();
    }

    private EquatableArray<Stmt> LowerList(IEnumerable<IOperation> operations)
    {
        var statements = new List<Stmt>();
        foreach (IOperation operation in operations)
        {
            LowerInto(operation, statements);
        }

        return statements.ToEquatableArray();
    }

    /// <summary><c>foreach (var v in a)</c> over an array or span variable: an index loop reading <c>a[k]</c>.</summary>
    private void LowerForEach(IForEachLoopOperation loop, List<Stmt> output)
    {
        IOperation collection = WithoutImplicitConversions(loop.Collection);

        if (loop.LoopControlVariable is IVariableDeclaratorOperation { Symbol.IsRef: true })
        {
            ReportStatement(loop, "A 'foreach' loop with a ref variable");
            return;
        }

        // A view's bounds are fixed while the loop runs, like a variable's array.
        Expr source = LowerExpression(collection);
        bool isView = collection is ILocalReferenceOperation local && views.ContainsKey(local.Local);
        if (source.Type.Kind != ValueKind.Array || source is not VariableExpr && !isView
            || loop.LoopControlVariable is not IVariableDeclaratorOperation control)
        {
            ReportStatement(loop, "A 'foreach' loop over anything but an array or span variable");
            return;
        }

        string index = names.Fresh("index");
        variables.Add(new Variable(index, TypeRef.Int32, VariableRole.Temporary, false));
        TypeRef elementType = Types.From(control.Symbol.Type);
        var index0 = new VariableExpr(TypeRef.Int32, index);
        output.Add(new AssignStmt(index, TypeRef.Int32, new LiteralExpr(TypeRef.Int32, "0"), null));
        var body = new List<Stmt>();
        var current = new ElementExpr(source.Type.Element!, source, index0);
        if (elementType.Kind == ValueKind.Array)
        {
            // foreach (double[] row in rows): the row is a view of rows[index], which the body cannot move
            // unless it gives rows to a method that may.
            if (ViewRoot(source) is { } root && FindRowReplacer(root) is { } replacer)
            {
                ReportStatement(loop, "A 'foreach' over the rows of '" + root.Name + "' while '" + replacer + "' is given the array (it may replace a row)");
                return;
            }

            views[control.Symbol] = current;
        }
        else
        {
            string element = DeclareLocal(control.Symbol);
            declarationDepths[element] = loopDepth + 1; // it changes every iteration, like a local of the body
            body.Add(new AssignStmt(element, elementType, Ir.Convert(current, elementType), null));
        }

        body.AddRange(LowerList(loop.Body));
        var step = new Stmt[] { new AssignStmt(index, TypeRef.Int32, new BinaryExpr(TypeRef.Int32, "+", index0, new LiteralExpr(TypeRef.Int32, "1")), null) };
        AddLoop(output, new LoopStmt(
            new BinaryExpr(TypeRef.Boolean, "<", index0, new InstanceMemberExpr(TypeRef.Int32, source, "Length")),
            body.ToEquatableArray(),
            step.ToEquatableArray(),
            IsDoWhile: false,
            LoopHeader(loop)));
    }

    private static string LoopHeader(ILoopOperation loop) => loop.Syntax switch
    {
        ForStatementSyntax f => "for (" + Whitespace.Replace(f.Declaration?.ToString() ?? string.Join(", ", f.Initializers), " ") + "; " + f.Condition + "; " + string.Join(", ", f.Incrementors) + ")",
        WhileStatementSyntax w => "while (" + Whitespace.Replace(w.Condition.ToString(), " ") + ")",
        DoStatementSyntax d => "do … while (" + Whitespace.Replace(d.Condition.ToString(), " ") + ")",
        ForEachStatementSyntax e => "foreach (" + e.Type + " " + e.Identifier.Text + " in " + e.Expression + ")",
        _ => "loop",
    };

    /// <summary>
    /// A local's initializer. Besides plain values: <c>stackalloc T[n]</c>, and array initializers
    /// <c>{ a, b }</c> / <c>new[] { a, b }</c>, which become a creation and one element write each.
    /// </summary>
    private IEnumerable<Stmt> LowerInitializer(string name, TypeRef type, IOperation value, string source)
    {
        IOperation unwrapped = WithoutImplicitConversions(value);

        if (value.Syntax is StackAllocArrayCreationExpressionSyntax stackAlloc
            && stackAlloc.Type is ArrayTypeSyntax arrayType && arrayType.RankSpecifiers.Count == 1
            && arrayType.RankSpecifiers[0].Sizes.Count == 1 && stackAlloc.Initializer is null
            && value.SemanticModel?.GetOperation(arrayType.RankSpecifiers[0].Sizes[0]) is { } sizeOperation)
        {
            return new[] { new AssignStmt(name, type, new NewArrayExpr(type, LowerExpression(sizeOperation), IsStackAlloc: true), source) };
        }

        if (TryLowerCopyOf(name, type, value, source) is { } copy)
        {
            return copy;
        }

        if (unwrapped is IArrayCreationOperation { Initializer: { } elements } creation && creation.DimensionSizes.Length == 1 && type.Kind == ValueKind.Array)
        {
            var statements = new List<Stmt>
            {
                new AssignStmt(name, type, new NewArrayExpr(type, new LiteralExpr(TypeRef.Int32, elements.ElementValues.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), IsStackAlloc: false), source),
            };
            var array = new VariableExpr(type, name);
            for (int i = 0; i < elements.ElementValues.Length; i++)
            {
                statements.Add(new ElementAssignStmt(
                    array,
                    new LiteralExpr(TypeRef.Int32, i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    type.Element!,
                    LowerExpression(elements.ElementValues[i]),
                    source));
            }

            return statements;
        }

        return new[] { new AssignStmt(name, type, LowerExpression(value), source) };
    }

    /// <summary>
    /// A span or array local that names an existing array or part of one — <c>ReadOnlySpan&lt;double&gt; row =
    /// x.Slice(p * d, d)</c>, <c>Span&lt;double&gt; v = w</c>, <c>double[] point = points[p]</c> — gets no memory
    /// or adjoint of its own: every use of it becomes that array, slice or jagged row, whose bounds or row
    /// index are computed once, at the declaration, into int locals (as C# evaluates them once). The
    /// analyses then follow the array by its own name, as if each use had been written as the slice.
    /// Such a local cannot be assigned again (reported as any array variable is).
    /// </summary>
    private bool TryDeclareView(IVariableDeclaratorOperation declarator, IOperation value, string source, List<Stmt> output)
    {
        ILocalSymbol local = declarator.Symbol;
        if (Types.From(local.Type).Kind != ValueKind.Array)
        {
            return false;
        }

        IOperation unwrapped = WithoutImplicitConversions(value);

        bool namesArray = unwrapped switch
        {
            ILocalReferenceOperation or IParameterReferenceOperation => true,
            IArrayElementReferenceOperation => true, // a jagged row
            IInvocationOperation invocation => IsSliceMethod(invocation.TargetMethod),
            IObjectCreationOperation => Types.From(unwrapped.Type) is { Kind: ValueKind.Array, IsSpan: true },
            _ => false,
        };
        if (!namesArray || unwrapped.Type is null || Types.From(unwrapped.Type).Kind != ValueKind.Array)
        {
            return false;
        }

        Expr view = LowerExpression(unwrapped);
        if (ViewRoot(view) is not { } root)
        {
            // x.AsSpan(1..3), F().AsSpan(0, 2) and the like: lowered once already, so reported here.
            ReportExpression(declarator, NotCreatedHere);
            return true;
        }

        if (view is not VariableExpr && FindRowReplacer(root) is { } replacer)
        {
            // C# keeps the row it took; the view would read the slot again after the call.
            ReportExpression(declarator, "A row of the jagged array '" + root.Name + "' kept in a local while '" + replacer + "' is given the array (it may replace the row): index the row where it is used");
            return true;
        }

        views[local] = BoundsComputedOnce(view, local.Name, source, output);
        return true;
    }

    /// <summary>
    /// The array variable at the bottom of a view — through slices and jagged rows — or null when the
    /// view starts from anything else (a call's result, a field), which every use would evaluate again.
    /// </summary>
    private static VariableExpr? ViewRoot(Expr view) => view switch
    {
        VariableExpr { Type.Kind: ValueKind.Array } variable => variable,
        SliceExpr slice => ViewRoot(slice.Array),
        ElementExpr { Type.Kind: ValueKind.Array } row => ViewRoot(row.Array),
        _ => null,
    };

    /// <summary>
    /// A method, other than a [Differentiable] one, that the body hands the jagged array
    /// <paramref name="root"/> itself (as an argument or a receiver, under any name), which may replace its rows.
    /// </summary>
    private string? FindRowReplacer(VariableExpr root)
    {
        if (root.Type.Element?.Kind != ValueKind.Array)
        {
            return null;
        }

        foreach (IOperation operation in methodBody!.Descendants())
        {
            IEnumerable<IOperation> given = operation switch
            {
                IInvocationOperation invocation when !Types.IsDifferentiableCallee(invocation.TargetMethod)
                    => invocation.Arguments.Select(a => a.Value).Concat(invocation.Instance is null ? Enumerable.Empty<IOperation>() : new[] { invocation.Instance }),
                IObjectCreationOperation creation => creation.Arguments.Select(a => a.Value),
                _ => Enumerable.Empty<IOperation>(),
            };
            if (given.Any(value => JaggedRootName(value, depth: 0) == root.Name))
            {
                return operation is IInvocationOperation call ? call.TargetMethod.Name : SourceOf(operation);
            }
        }

        return null;
    }

    /// <summary>The parameter or local a jagged array value is, through locals that name it (<c>double[][] alias = data</c>).</summary>
    private string? JaggedRootName(IOperation value, int depth)
    {
        value = WithoutImplicitConversions(value);
        switch (value)
        {
            case IParameterReferenceOperation parameter:
                return parameter.Parameter.Name;
            case ILocalReferenceOperation local when depth < 8:
                IVariableDeclaratorOperation? declarator = methodBody!.Descendants().OfType<IVariableDeclaratorOperation>()
                    .FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local.Local));
                return declarator?.Initializer is { } initializer && local.Local.Type is IArrayTypeSymbol { ElementType: IArrayTypeSymbol }
                    ? JaggedRootName(initializer.Value, depth + 1)
                    : localNames.TryGetValue(local.Local, out string? name) ? name : null;
            default:
                return null;
        }
    }

    /// <summary>A view with every slice bound and row index along it (inner ones first) in an int local.</summary>
    private Expr BoundsComputedOnce(Expr view, string prefix, string source, List<Stmt> output)
    {
        switch (view)
        {
            case SliceExpr slice:
                // The bounds may name the array itself (x.Slice(start) is Length − start; rows[i].AsSpan()
                // is 0 and rows[i].Length): they get the array with its row index computed once.
                Expr array = BoundsComputedOnce(slice.Array, prefix, source, output);
                Expr WithArray(Expr bound) => IrRewriter.Rewrite(bound, node => node == slice.Array ? array : node);
                Expr start = ComputeOnce(WithArray(slice.Start), prefix + "Start", source, output);
                Expr length = slice.Length is BinaryExpr { Operator: "-", Left: InstanceMemberExpr { Member: "Length" } whole, Right: var subtracted } toEnd
                              && whole.Receiver == slice.Array && subtracted == slice.Start
                    ? toEnd with { Left = whole with { Receiver = array }, Right = start } // x.Slice(start): Length − start
                    : WithArray(slice.Length);
                return slice with { Array = array, Start = start, Length = ComputeOnce(length, prefix + "Length", source, output) };
            case ElementExpr row:
                return row with { Index = ComputeOnce(row.Index, prefix + "Row", source, output) };
            default:
                return view;
        }
    }

    /// <summary><paramref name="value"/> itself when it has the same value wherever it is in scope (<see cref="IsSteady"/>), else a local assigned it here.</summary>
    private Expr ComputeOnce(Expr value, string name, string source, List<Stmt> output)
    {
        if (IsSteady(value))
        {
            return value;
        }

        string temporary = names.Fresh(name);
        variables.Add(new Variable(temporary, value.Type, VariableRole.Temporary, false));
        output.Add(new AssignStmt(temporary, value.Type, value, source));
        return new VariableExpr(value.Type, temporary);
    }

    /// <summary>
    /// Literals, array lengths and arithmetic on them and on variables the body never assigns after their
    /// declaration: such a value cannot change while a view declared after it is in scope, so the view
    /// keeps it as written (two views <c>u.AsSpan(0, n)</c> and <c>u.AsSpan(n, n)</c> are then seen apart).
    /// </summary>
    private bool IsSteady(Expr value) => value switch
    {
        LiteralExpr => true,
        VariableExpr variable => variable.Type.Kind != ValueKind.Array && SymbolNamed(variable.Name) is { } symbol && !Reassigned.Contains(symbol),
        InstanceMemberExpr { Member: "Length", Receiver: VariableExpr { Type.Kind: ValueKind.Array } } => true,
        UnaryExpr unary => IsSteady(unary.Operand),
        BinaryExpr binary => IsSteady(binary.Left) && IsSteady(binary.Right),
        ConvertExpr conversion => IsSteady(conversion.Operand),
        _ => false,
    };

    private HashSet<ISymbol>? reassigned;

    /// <summary>The locals and parameters the body assigns, updates or passes by ref/out after declaring them.</summary>
    private HashSet<ISymbol> Reassigned => reassigned ??= new HashSet<ISymbol>(
        methodBody!.Descendants().Select(operation => operation switch
        {
            IAssignmentOperation assignment => assignment.Target,
            IIncrementOrDecrementOperation increment => increment.Target,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
            _ => null,
        }).Select(target => target switch
        {
            IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        }).Where(symbol => symbol is not null)!,
        SymbolEqualityComparer.Default);

    /// <summary>The parameter or (already declared) local a variable name stands for.</summary>
    private ISymbol? SymbolNamed(string name)
        => method.Parameters.FirstOrDefault(p => p.Name == name) ?? localNames.FirstOrDefault(pair => pair.Value == name).Key;

    /// <summary>
    /// <c>Array.Clear(a)</c>, <c>Array.Clear(a, start, length)</c>, <c>Array.Fill(a, v)</c>,
    /// <c>span.Clear()</c> and <c>span.Fill(v)</c> on an array of <c>double</c>, <c>float</c> or <c>T</c>
    /// become the loop they stand for, <c>a[k] = v</c> over the range (its bounds and <c>v</c> computed
    /// once): the elements they overwrite are then saved for the reverse sweep, and their adjoints
    /// cleared there, like any element write — an array that carries derivatives may be reset and reused.
    /// </summary>
    private bool TryLowerFill(IInvocationOperation invocation, string source, List<Stmt> output)
    {
        IMethodSymbol target = invocation.TargetMethod;
        if (target.Name is not ("Clear" or "Fill"))
        {
            return false;
        }

        var arguments = OrderedArguments(invocation.Arguments);
        IOperation? array;
        IOperation? value = null;
        var bounds = new List<IOperation>();
        if (target.IsStatic && target.ContainingType.SpecialType == SpecialType.System_Array && arguments.Count > 0)
        {
            // Array.Clear(a[, start, length]), Array.Fill(a, v[, start, count])
            array = arguments[0];
            int rest = 1;
            if (target.Name == "Fill")
            {
                value = arguments.Count > 1 ? arguments[1] : null;
                rest = 2;
            }

            bounds.AddRange(arguments.Skip(rest));
        }
        else if (!target.IsStatic && invocation.Instance is { } receiver
                 && target.ContainingType.OriginalDefinition.ToDisplayString() == "System.Span<T>"
                 && arguments.Count == (target.Name == "Fill" ? 1 : 0))
        {
            array = receiver;
            value = arguments.FirstOrDefault();
        }
        else
        {
            return false;
        }

        array = WithoutImplicitConversions(array);

        TypeRef arrayType = Types.From(array.Type);
        if (arrayType.Kind != ValueKind.Array || !arrayType.Element!.IsFloating || bounds.Count is not (0 or 2)
            || (target.Name == "Fill") != (value is not null))
        {
            return false;
        }

        // In C#'s order: the array, the value, then start and count.
        TypeRef element = arrayType.Element;
        Expr range = array == invocation.Instance ? LowerReceiver(array) : LowerExpression(array);
        range = BoundsComputedOnce(range, "fill", source, output);
        Expr filler = value is null ? Ir.Zero(element) : ComputeOnce(Ir.Convert(LowerExpression(value), element), "filler", source, output);
        if (bounds.Count == 2)
        {
            Expr start = ComputeOnce(LowerExpression(bounds[0]), "fillStart", source, output);
            Expr count = ComputeOnce(LowerExpression(bounds[1]), "fillLength", source, output);
            range = new SliceExpr(SpanOf(element), range, start, count);
        }

        EmitElementLoop(range, LengthOf(range), _ => filler, source, output);
        return true;
    }

    /// <summary>
    /// <c>source.CopyTo(destination)</c> on spans (and arrays as spans), <c>Array.Copy(source, destination,
    /// length)</c> and <c>Array.Copy(source, sourceIndex, destination, destinationIndex, length)</c> of
    /// <c>double</c>, <c>float</c> or <c>T</c> become <c>destination[k] = source[k]</c> over the range, so
    /// a copy of an array that carries derivatives carries them. A copy within one array (its parts may
    /// overlap, which the loop would read after writing) stays a call.
    /// </summary>
    private bool TryLowerCopy(IInvocationOperation invocation, string source, List<Stmt> output)
    {
        IMethodSymbol target = invocation.TargetMethod;
        var arguments = OrderedArguments(invocation.Arguments);
        IOperation from;
        IOperation to;
        IOperation? length = null;
        var offsets = new List<IOperation>();
        if (target.Name == "CopyTo" && !target.IsStatic && invocation.Instance is { } receiver && arguments.Count == 1
            && IsSpanType(target.ContainingType))
        {
            (from, to) = (receiver, arguments[0]);
        }
        else if (target.Name == "CopyTo" && target.IsExtensionMethod && target.ContainingType.ToDisplayString() == "System.MemoryExtensions" && arguments.Count == 2)
        {
            (from, to) = (arguments[0], arguments[1]); // array.CopyTo(span)
        }
        else if (target.Name == "Copy" && target.ContainingType.SpecialType == SpecialType.System_Array
                 && arguments.Count is 3 or 5 && arguments.Last().Type?.SpecialType == SpecialType.System_Int32)
        {
            from = arguments[0];
            to = arguments[arguments.Count == 3 ? 1 : 2];
            length = arguments.Last();
            if (arguments.Count == 5)
            {
                offsets.Add(arguments[1]);
                offsets.Add(arguments[3]);
            }
        }
        else
        {
            return false;
        }

        from = WithoutImplicitConversions(from);
        to = WithoutImplicitConversions(to);
        TypeRef fromType = Types.From(from.Type);
        TypeRef toType = Types.From(to.Type);
        if (fromType.Kind != ValueKind.Array || toType.Kind != ValueKind.Array || !fromType.Element!.IsFloating || fromType.Element != toType.Element)
        {
            return false;
        }

        Expr fromRange = from == invocation.Instance ? LowerReceiver(from) : LowerExpression(from);
        Expr toRange = LowerExpression(to);
        if (ViewRoot(fromRange) is not { } fromRoot || ViewRoot(toRange) is not { } toRoot || fromRoot.Name == toRoot.Name)
        {
            return false;
        }

        // In C#'s order: source, destination (each with its row index), their offsets, then the count, once.
        TypeRef element = fromType.Element;
        fromRange = BoundsComputedOnce(fromRange, "copy", source, output);
        toRange = BoundsComputedOnce(toRange, "copyTo", source, output);
        if (length is not null)
        {
            Expr fromStart = offsets.Count > 0 ? ComputeOnce(LowerExpression(offsets[0]), "copyStart", source, output) : Ir.Int(0);
            Expr toStart = offsets.Count > 0 ? ComputeOnce(LowerExpression(offsets[1]), "copyToStart", source, output) : Ir.Int(0);
            Expr count = ComputeOnce(LowerExpression(length), "copyLength", source, output);
            fromRange = new SliceExpr(SpanOf(element), fromRange, fromStart, count);
            toRange = new SliceExpr(SpanOf(element), toRange, toStart, count);
        }

        EmitElementLoop(toRange, LengthOf(fromRange), index => new ElementExpr(element, fromRange, index), source, output);
        return true;
    }

    /// <summary>
    /// <c>double[] copy = (double[])x.Clone()</c>, <c>x.ToArray()</c> (a span's, or LINQ's on an array):
    /// a new array of the source's length and the loop that copies it, so the copy carries derivatives.
    /// </summary>
    private List<Stmt>? TryLowerCopyOf(string name, TypeRef type, IOperation value, string source)
    {
        IOperation unwrapped = value;
        while (unwrapped is IConversionOperation conversion)
        {
            unwrapped = conversion.Operand; // (double[])x.Clone()
        }

        if (type.Kind != ValueKind.Array || type.IsSpan || !type.Element!.IsFloating
            || unwrapped is not IInvocationOperation { TargetMethod: var copier } invocation
            || !(copier.Name == "Clone" && copier.ContainingType.SpecialType == SpecialType.System_Array
                 || copier.Name == "ToArray" && (IsSpanType(copier.ContainingType) || copier.ContainingType.ToDisplayString() == "System.Linq.Enumerable")))
        {
            return null;
        }

        IOperation? from = invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length == 1 ? invocation.Arguments[0].Value : null);
        if (from is null || invocation.Arguments.Length > (invocation.Instance is null ? 1 : 0))
        {
            return null;
        }

        from = WithoutImplicitConversions(from);
        if (Types.From(from.Type) is not { Kind: ValueKind.Array } fromType || fromType.Element != type.Element)
        {
            return null;
        }

        Expr fromRange = LowerExpression(from);
        if (ViewRoot(fromRange) is null)
        {
            return null;
        }

        var statements = new List<Stmt>();
        fromRange = BoundsComputedOnce(fromRange, name, source, statements);
        statements.Add(new AssignStmt(name, type, new NewArrayExpr(type, LengthOf(fromRange), IsStackAlloc: false), source));
        EmitElementLoop(new VariableExpr(type, name), LengthOf(fromRange), index => new ElementExpr(type.Element, fromRange, index), source, statements);
        return statements;
    }

    private static TypeRef SpanOf(TypeRef element) => new("global::System.Span<" + element.Name + ">", ValueKind.Array, element, IsSpan: true);

    /// <summary>The argument values in parameter order (named arguments may come in any order).</summary>
    private static List<IOperation> OrderedArguments(IEnumerable<IArgumentOperation> arguments)
        => arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();

    private static IOperation WithoutImplicitConversions(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static Expr LengthOf(Expr range) => range is SliceExpr slice ? slice.Length : new InstanceMemberExpr(TypeRef.Int32, range, "Length");

    /// <summary><c>for (int k = 0; k &lt; length; k++) range[k] = value(k);</c>, commented with the call it stands for.</summary>
    private void EmitElementLoop(Expr range, Expr length, System.Func<Expr, Expr> value, string source, List<Stmt> output)
    {
        string index = names.Fresh("index");
        variables.Add(new Variable(index, TypeRef.Int32, VariableRole.Temporary, false));
        var position = new VariableExpr(TypeRef.Int32, index);
        output.Add(new AssignStmt(index, TypeRef.Int32, Ir.Int(0), null));
        output.Add(new LoopStmt(
            new BinaryExpr(TypeRef.Boolean, "<", position, length),
            new Stmt[] { new ElementAssignStmt(range, position, range.Type.Element!, value(position), null) }.ToEquatableArray(),
            new Stmt[] { new AssignStmt(index, TypeRef.Int32, new BinaryExpr(TypeRef.Int32, "+", position, Ir.Int(1)), null) }.ToEquatableArray(),
            IsDoWhile: false,
            source.TrimEnd(';') + ", element by element"));
    }

    private const string NotCreatedHere = "An array or span local that is neither created here (new T[n], an initializer, stackalloc) nor another name for an array, a slice or a jagged row";

    /// <summary>
    /// Array and span locals must be created once, outside loops, with <c>new T[n]</c>, an initializer
    /// or <c>stackalloc</c>: the generator gives each such array one adjoint array and never has to
    /// reason about two names for the same memory.
    /// </summary>
    private bool CheckArrayLocal(IVariableDeclaratorOperation declarator, List<Stmt> lowered)
    {
        TypeRef type = Types.From(declarator.Symbol.Type);
        if (type.Kind != ValueKind.Array)
        {
            // IList<double> v = x, Memory<double> m = x, new ArraySegment<double>(x): a second name for
            // an array's memory, under a type the analyses do not follow.
            if (lowered.Count > 0 && lowered[0] is AssignStmt { Value: { } value } && RefersToArray(value))
            {
                ReportExpression(declarator, "A local of type " + declarator.Symbol.Type.ToDisplayString() + " referring to an array (aliasing is not supported)");
                return false;
            }

            return true;
        }

        string? problem = null;
        if (!lowered.Exists(statement => statement is AssignStmt { Value: NewArrayExpr } creation && creation.Target == NameOf(declarator.Symbol)))
        {
            problem = NotCreatedHere;
        }
        else if (type.Element!.Kind == ValueKind.Array)
        {
            problem = "A local jagged array (pass jagged arrays as parameters)";
        }
        else if (loopDepth > 0 && !TryHoistCreation(lowered))
        {
            problem = "Creating an array inside a loop with a length that changes from one iteration to the next (create it once before the loop and overwrite its elements)";
        }

        if (problem is null)
        {
            return true;
        }

        ReportExpression(declarator, problem);
        return false;
    }

    /// <summary>
    /// An array created inside a loop (<c>double[] z = new double[d];</c> per point) whose length is the
    /// same every time it runs (it reads only parameters and locals declared outside loops, none of them
    /// ever assigned again): created once, just before the outermost loop, and cleared where it was
    /// created — what the fresh array held. Nothing else can hold the array (array variables are never assigned), so no
    /// iteration can tell the difference, and the generator keeps its one array and one adjoint per name.
    /// </summary>
    private bool TryHoistCreation(List<Stmt> lowered)
    {
        int at = lowered.FindIndex(statement => statement is AssignStmt { Value: NewArrayExpr });
        var creation = (AssignStmt)lowered[at];
        Expr length = ((NewArrayExpr)creation.Value).Length;
        if (!IsSteady(length) || !DeclaredOutsideLoops(length))
        {
            return false;
        }

        hoisted.Add(creation with { Source = creation.Source + " (created once, before the loop)" });
        var clear = new List<Stmt>();
        if (lowered.Count == at + 1)
        {
            // new T[n]: the fresh array's zeros. (An initializer or a copy writes every element itself.)
            EmitElementLoop(new VariableExpr(creation.TargetType, creation.Target), length, _ => Ir.Zero(creation.TargetType.Element!), creation.Source ?? creation.Target, clear);
        }

        lowered.RemoveAt(at);
        lowered.InsertRange(at, clear);
        return true;
    }

    /// <summary>Whether every variable <paramref name="value"/> reads is a parameter or a local declared outside all loops.</summary>
    private bool DeclaredOutsideLoops(Expr value)
    {
        var read = new HashSet<string>();
        IrWalk.AddVariables(value, read);
        return read.All(variable => declarationDepths.TryGetValue(variable, out int depth) ? depth == 0 : SymbolNamed(variable) is IParameterSymbol);
    }

    /// <summary>Array creations moved out of the loop being lowered, to go just before the outermost one.</summary>
    private readonly List<Stmt> hoisted = new();

    /// <summary>Adds a loop; before an outermost one, the array creations hoisted out of it.</summary>
    private void AddLoop(List<Stmt> output, LoopStmt loop)
    {
        if (loopDepth == 0)
        {
            output.AddRange(hoisted);
            hoisted.Clear();
        }

        output.Add(loop);
    }

    /// <summary>An array or slice itself (its conversion dropped), or an object made directly from one.</summary>
    private static bool RefersToArray(Expr value) => value switch
    {
        VariableExpr or SliceExpr => value.Type.Kind == ValueKind.Array,
        NewObjectExpr creation => creation.Arguments.Any(argument => RefersToArray(argument.Value)),
        _ => false,
    };

    private void LowerExpressionStatement(IOperation expression, string source, List<Stmt> output)
    {
        if (expression is IAssignmentOperation or IIncrementOrDecrementOperation && TryLowerElementWrite(expression, source, output))
        {
            return;
        }

        if (expression is IInvocationOperation call && (TryLowerFill(call, source, output) || TryLowerCopy(call, source, output)))
        {
            return;
        }

        switch (expression)
        {
            case ISimpleAssignmentOperation assignment when !assignment.IsRef:
                if (TryGetAssignable(assignment.Target, out string target, out TypeRef targetType))
                {
                    output.Add(new AssignStmt(target, targetType, LowerExpression(assignment.Value), source));
                }

                break;

            case ICompoundAssignmentOperation compound:
                if (TryGetAssignable(compound.Target, out string compoundTarget, out TypeRef compoundType))
                {
                    output.Add(new AssignStmt(compoundTarget, compoundType, LowerCompound(compound, compoundTarget, compoundType), source));
                }

                break;

            case IIncrementOrDecrementOperation increment:
                if (TryGetAssignable(increment.Target, out string incrementTarget, out TypeRef incrementType))
                {
                    string op = increment.Kind == OperationKind.Increment ? "+" : "-";
                    Expr one = incrementType.IsFloating ? Ir.Number(1, incrementType) : new LiteralExpr(TypeRef.Int32, "1");
                    Expr sum = new BinaryExpr(incrementType.Kind == ValueKind.Integral && incrementType.Name is not ("int" or "long" or "uint" or "ulong") ? TypeRef.Int32 : incrementType, op, new VariableExpr(incrementType, incrementTarget), one);
                    output.Add(new AssignStmt(incrementTarget, incrementType, Ir.Convert(sum, incrementType), source));
                }

                break;

            case IInvocationOperation invocation:
                output.Add(new ExpressionStmt(LowerExpression(invocation), source));
                break;

            case IThrowOperation { Exception: not null } thrown:
                output.Add(new ThrowStmt(LowerExpression(thrown.Exception), source));
                break;

            case IInvalidOperation:
                HasInvalidCode = true;
                break;

            case IDeconstructionAssignmentOperation:
                ReportExpression(expression, "A deconstruction assignment");
                break;

            default:
                ReportExpression(expression, "The expression statement '" + SourceOf(expression) + "'");
                break;
        }
    }

    /// <summary>
    /// <c>a[i] = e</c>, <c>a[i] op= e</c> and <c>a[i]++</c> on arrays and spans (also jagged rows):
    /// an element assignment whose value reads the old element where the operator needs it.
    /// </summary>
    private bool TryLowerElementWrite(IOperation expression, string source, List<Stmt> output)
    {
        IOperation? target = expression switch
        {
            IAssignmentOperation assignment => assignment.Target,
            IIncrementOrDecrementOperation increment => increment.Target,
            _ => null,
        };
        if (target is null || !IsElementAccess(target))
        {
            return false;
        }

        if (LowerExpression(target) is not ElementExpr element)
        {
            return true; // reported
        }

        if (Analysis.ActivityAnalysis.RootName(element) is null)
        {
            // The save analysis follows locals and parameters: a static array changed here would be
            // read back changed by the reverse sweep.
            ReportExpression(target, "A write into an array that is not a local or parameter (held in a field or property, or chosen by an expression; differentiable code may only write the elements of its own locals and parameters)");
            return true;
        }

        TypeRef type = element.Type;
        if (type.Kind == ValueKind.Array)
        {
            ReportExpression(expression, "Replacing a row of a jagged array (aliasing is not supported; write its elements instead)");
            return true;
        }

        Expr value;
        switch (expression)
        {
            case ISimpleAssignmentOperation simple when !simple.IsRef:
                value = LowerExpression(simple.Value);
                break;
            case ICompoundAssignmentOperation compound when IsBuiltInOperator(compound.OperatorMethod, compound.ConstrainedToType) && BinaryOperatorText(compound.OperatorKind) is { } op:
                Expr rhs = LowerExpression(compound.Value);
                Expr left = element;
                TypeRef operatorType = type;
                if (!compound.InConversion.IsIdentity)
                {
                    operatorType = rhs.Type;
                    left = Ir.Convert(left, operatorType);
                }

                value = new BinaryExpr(operatorType, op, left, rhs);
                value = compound.OutConversion.IsIdentity ? value : Ir.Convert(value, type);
                break;
            case IIncrementOrDecrementOperation increment:
                Expr one = type.IsFloating ? Ir.Number(1, type) : new LiteralExpr(TypeRef.Int32, "1");
                value = Ir.Convert(new BinaryExpr(type.IsFloating ? type : TypeRef.Int32, increment.Kind == OperationKind.Increment ? "+" : "-", element, one), type);
                break;
            default:
                ReportExpression(expression, "This assignment to an array element");
                return true;
        }

        output.Add(new ElementAssignStmt(element.Array, element.Index, type, value, source));
        return true;
    }

    private static bool IsElementAccess(IOperation operation)
        => operation is IArrayElementReferenceOperation
           || (operation is IPropertyReferenceOperation { Property.IsIndexer: true } indexer && Types.SpanElement(indexer.Property.ContainingType) is not null);

    /// <summary><c>x op= y</c> becomes <c>x = (T)((U)x op y)</c> with the conversions Roslyn reports.</summary>
    private Expr LowerCompound(ICompoundAssignmentOperation compound, string target, TypeRef targetType)
    {
        if (!IsBuiltInOperator(compound.OperatorMethod, compound.ConstrainedToType))
        {
            ReportExpression(compound, "A user-defined compound operator");
            return new DefaultExpr(targetType);
        }

        Expr value = LowerExpression(compound.Value);
        Expr left = new VariableExpr(targetType, target);
        TypeRef operatorType = targetType;
        if (!compound.InConversion.IsIdentity)
        {
            operatorType = value.Type;
            left = Ir.Convert(left, operatorType);
        }

        string? op = BinaryOperatorText(compound.OperatorKind);
        if (op is null)
        {
            ReportExpression(compound, "The operator in '" + SourceOf(compound) + "'");
            return new DefaultExpr(targetType);
        }

        Expr result = new BinaryExpr(operatorType, op, left, value);
        return compound.OutConversion.IsIdentity ? result : Ir.Convert(result, targetType);
    }

    private bool TryGetAssignable(IOperation target, out string name, out TypeRef type)
    {
        if (target.Type is { } targetType && Types.From(targetType).Kind == ValueKind.Array)
        {
            ReportExpression(target, "Assigning an array or span variable after its declaration (aliasing is not supported)");
            name = string.Empty;
            type = TypeRef.Void;
            return false;
        }

        switch (target)
        {
            case ILocalReferenceOperation local:
                name = NameOf(local.Local);
                type = Types.From(local.Local.Type);
                return true;
            case IParameterReferenceOperation parameter when parameter.Parameter.RefKind == RefKind.None:
                name = parameter.Parameter.Name;
                type = Types.From(parameter.Parameter.Type);
                return true;
            case IInvalidOperation:
                HasInvalidCode = true;
                break;
            case IFieldReferenceOperation or IPropertyReferenceOperation:
                ReportExpression(target, "Assignment to a field or property (differentiable code may only write its own locals and parameters)");
                break;
            default:
                ReportExpression(target, "Assignment to '" + SourceOf(target) + "'");
                break;
        }

        name = string.Empty;
        type = TypeRef.Void;
        return false;
    }

    // ------------------------------------------------------------------ expressions

    private Expr LowerExpression(IOperation operation)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TypeRef type = Types.From(operation.Type);
        switch (operation)
        {
            case ILiteralOperation literal:
                return literal.Syntax is LiteralExpressionSyntax syntax && literal.ConstantValue.Value is not (string or char)
                    ? new LiteralExpr(type, syntax.Token.Text)
                    : Constants.Format(literal.ConstantValue.Value, type, literal.Type);

            case ILocalReferenceOperation local:
                if (local.Local.IsConst && local.ConstantValue.HasValue)
                {
                    return Constants.Format(local.ConstantValue.Value, type, local.Type);
                }

                if (views.TryGetValue(local.Local, out Expr? view))
                {
                    return view;
                }

                return new VariableExpr(type, NameOf(local.Local));

            case IParameterReferenceOperation parameter:
                if (inlinedArguments.TryGetValue(parameter.Parameter, out Expr? argument))
                {
                    return argument;
                }

                return new VariableExpr(type, parameter.Parameter.Name);

            case INameOfOperation or IDefaultValueOperation when operation.ConstantValue.HasValue:
                return Constants.Format(operation.ConstantValue.Value, type, operation.Type);

            case IDefaultValueOperation:
                return new DefaultExpr(type);

            case IFieldReferenceOperation field:
                return field.Field.IsStatic || field.Instance is null
                    ? new StaticMemberExpr(type, Qualified(field.Field.ContainingType) + "." + field.Field.Name)
                    : new InstanceMemberExpr(type, LowerExpression(field.Instance), field.Field.Name);

            case IArrayElementReferenceOperation element when element.Indices.Length == 1:
                return new ElementExpr(type, LowerExpression(element.ArrayReference), LowerIndex(element.Indices[0]));

            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer
                when indexer.Arguments.Length == 1 && indexer.Instance is not null && Types.SpanElement(indexer.Property.ContainingType) is not null:
                return new ElementExpr(type, LowerExpression(indexer.Instance), LowerIndex(indexer.Arguments[0].Value));

            case IArrayCreationOperation creation when creation.DimensionSizes.Length == 1 && creation.Initializer is null:
                return new NewArrayExpr(type, LowerExpression(creation.DimensionSizes[0]), IsStackAlloc: false);

            case IPropertyReferenceOperation property when property.Arguments.IsEmpty && Types.GenericMathReceiver(property.Property, property.ConstrainedToType) is { } numberType:
                // T.Zero and T.One are the literals of generic code; other constants (T.Pi, T.Epsilon) stay members of T.
                return property.Property.Name switch
                {
                    "Zero" => Ir.Number(0, type),
                    "One" => Ir.Number(1, type),
                    _ => new StaticMemberExpr(type, Qualified(numberType) + "." + property.Property.Name),
                };

            case IPropertyReferenceOperation property when property.Arguments.IsEmpty:
                return property.Property.IsStatic || property.Instance is null
                    ? new StaticMemberExpr(type, Qualified(property.ConstrainedToType ?? property.Property.ContainingType) + "." + property.Property.Name)
                    : new InstanceMemberExpr(type, LowerExpression(property.Instance), property.Property.Name);

            case IConversionOperation conversion:
                return LowerConversion(conversion, type);

            case IUnaryOperation unary:
                return LowerUnary(unary, type);

            case IBinaryOperation binary:
                return LowerBinary(binary, type);

            case IConditionalOperation conditional when conditional.WhenFalse is not null:
                return new ConditionalExpr(
                    type,
                    LowerExpression(conditional.Condition),
                    LowerExpression(conditional.WhenTrue),
                    LowerExpression(conditional.WhenFalse));

            case IInvocationOperation invocation:
                return LowerInvocation(invocation, type);

            case IObjectCreationOperation creation when creation.Initializer is null && creation.Constructor is not null:
                return TryLowerSpanCreation(creation, type) ?? new NewObjectExpr(type, LowerArguments(creation.Arguments, creation));

            case IInterpolatedStringOperation interpolated:
                return LowerInterpolatedString(interpolated, type);

            case IInvalidOperation:
                HasInvalidCode = true;
                return new DefaultExpr(type);

            default:
                ReportExpression(operation, DescribeExpression(operation));
                return new DefaultExpr(type);
        }
    }

    private Expr LowerConversion(IConversionOperation conversion, TypeRef type)
    {
        if (conversion.OperatorMethod is not null)
        {
            if (type.IsFloating || Types.IsFloating(conversion.Operand.Type))
            {
                ReportExpression(conversion, "A user-defined conversion to or from a floating-point type");
                return new DefaultExpr(type);
            }
        }

        Expr operand = LowerExpression(conversion.Operand);
        if (conversion.Conversion.IsIdentity && operand.Type == type)
        {
            return operand;
        }

        // Implicit reference and boxing conversions are re-inferred by the compiler from the same
        // context; only numeric ones are printed, as casts, so the generated arithmetic is explicit.
        if (conversion.IsImplicit && !conversion.Conversion.IsNumeric && !conversion.ConstantValue.HasValue)
        {
            return operand;
        }

        // A constant converted to a floating type prints as a literal of that type (2 -> 2.0), which
        // keeps derivative formulas built from it in floating-point arithmetic.
        if (type.IsFloating && conversion.ConstantValue.HasValue && IsLiteralLike(conversion.Operand))
        {
            return Constants.Format(conversion.ConstantValue.Value, type, conversion.Type);
        }

        return new ConvertExpr(type, operand, conversion.IsChecked);
    }

    private static bool IsLiteralLike(IOperation operation)
        => operation is ILiteralOperation || (operation is IUnaryOperation unary && unary.Operand is ILiteralOperation);

    private Expr LowerUnary(IUnaryOperation unary, TypeRef type)
    {
        string? op = unary.OperatorKind switch
        {
            UnaryOperatorKind.Minus => "-",
            UnaryOperatorKind.Plus => "+",
            UnaryOperatorKind.Not => "!",
            UnaryOperatorKind.BitwiseNegation => "~",
            _ => null,
        };
        if (op is null || (!IsBuiltInOperator(unary.OperatorMethod, unary.ConstrainedToType) && type.IsFloating))
        {
            ReportExpression(unary, "The operator in '" + SourceOf(unary) + "'");
            return new DefaultExpr(type);
        }

        return new UnaryExpr(type, op, LowerExpression(unary.Operand));
    }

    private Expr LowerBinary(IBinaryOperation binary, TypeRef type)
    {
        string? op = BinaryOperatorText(binary.OperatorKind);
        if (op is null || (!IsBuiltInOperator(binary.OperatorMethod, binary.ConstrainedToType) && (type.IsFloating || Types.IsFloating(binary.LeftOperand.Type) || Types.IsFloating(binary.RightOperand.Type))))
        {
            ReportExpression(binary, "The operator in '" + SourceOf(binary) + "'");
            return new DefaultExpr(type);
        }

        return new BinaryExpr(type, op, LowerExpression(binary.LeftOperand), LowerExpression(binary.RightOperand));
    }

    /// <summary>A language operator, or a generic-math operator on a floating type parameter (<c>a * b</c> on <c>T</c>): printed as is.</summary>
    private static bool IsBuiltInOperator(IMethodSymbol? operatorMethod, ITypeSymbol? constrainedTo)
        => operatorMethod is null || Types.GenericMathReceiver(operatorMethod, constrainedTo) is not null;

    private static string? BinaryOperatorText(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => "+",
        BinaryOperatorKind.Subtract => "-",
        BinaryOperatorKind.Multiply => "*",
        BinaryOperatorKind.Divide => "/",
        BinaryOperatorKind.Remainder => "%",
        BinaryOperatorKind.LeftShift => "<<",
        BinaryOperatorKind.RightShift => ">>",
        BinaryOperatorKind.UnsignedRightShift => ">>>",
        BinaryOperatorKind.And => "&",
        BinaryOperatorKind.Or => "|",
        BinaryOperatorKind.ExclusiveOr => "^",
        BinaryOperatorKind.ConditionalAnd => "&&",
        BinaryOperatorKind.ConditionalOr => "||",
        BinaryOperatorKind.Equals => "==",
        BinaryOperatorKind.NotEquals => "!=",
        BinaryOperatorKind.LessThan => "<",
        BinaryOperatorKind.LessThanOrEqual => "<=",
        BinaryOperatorKind.GreaterThan => ">",
        BinaryOperatorKind.GreaterThanOrEqual => ">=",
        _ => null,
    };

    private Expr LowerIndex(IOperation index)
    {
        if (index.Type?.SpecialType != SpecialType.System_Int32)
        {
            ReportExpression(index, "An index that is not an int (ranges, Index '^')");
        }

        return LowerExpression(index);
    }

    /// <summary><c>x.AsSpan()</c>, <c>x.AsSpan(start, length)</c>, <c>s.Slice(start, length)</c> on arrays and spans.</summary>
    private Expr? TryLowerSlice(IInvocationOperation invocation, TypeRef type)
    {
        IMethodSymbol target = invocation.TargetMethod;
        if (type.Kind != ValueKind.Array || !IsSliceMethod(target))
        {
            return null;
        }

        var arguments = OrderedArguments(invocation.Arguments);
        IOperation? receiver = invocation.Instance;
        if (receiver is null && target.IsExtensionMethod && arguments.Count > 0)
        {
            receiver = arguments[0];
            arguments.RemoveAt(0);
        }

        receiver = receiver is null ? null : WithoutImplicitConversions(receiver);
        if (receiver is null || arguments.Any(a => a.Type?.SpecialType != SpecialType.System_Int32))
        {
            return null;
        }

        Expr array = LowerExpression(receiver);
        if (arguments.Count == 0)
        {
            return array;
        }

        Expr start = LowerExpression(arguments[0]);
        if (arguments.Count == 1 && IrWalk.CallsBeyondMath(start))
        {
            // Its length is Length − start: the call would run twice.
            ReportExpression(invocation, "A slice to the end whose start calls a method (compute the start into a local first)");
        }

        Expr length = arguments.Count > 1
            ? LowerExpression(arguments[1])
            : new BinaryExpr(TypeRef.Int32, "-", new InstanceMemberExpr(TypeRef.Int32, array, "Length"), start);
        return new SliceExpr(type, array, start, length);
    }

    /// <summary>The BCL's slicing methods — <c>MemoryExtensions.AsSpan</c>, <c>Span&lt;T&gt;.Slice</c>, <c>ReadOnlySpan&lt;T&gt;.Slice</c> — not a namesake.</summary>
    private static bool IsSliceMethod(IMethodSymbol method) => method.Name switch
    {
        "AsSpan" => method.ContainingType.ToDisplayString() == "System.MemoryExtensions",
        "Slice" => IsSpanType(method.ContainingType),
        _ => false,
    };

    private static bool IsSpanType(INamedTypeSymbol type) => type.OriginalDefinition.ToDisplayString() is "System.Span<T>" or "System.ReadOnlySpan<T>";

    /// <summary>
    /// <c>new Span&lt;T&gt;(x)</c> and <c>new ReadOnlySpan&lt;T&gt;(x, start, length)</c> over an array are
    /// <c>x</c> and its slice, as <c>x.AsSpan(…)</c> is: the span is the array under another name, and
    /// the analyses follow arrays by name.
    /// </summary>
    private Expr? TryLowerSpanCreation(IObjectCreationOperation creation, TypeRef type)
    {
        var arguments = OrderedArguments(creation.Arguments);
        if (type is not { Kind: ValueKind.Array, IsSpan: true } || arguments.Count is not (1 or 3)
            || arguments[0].Type is not IArrayTypeSymbol { Rank: 1 }
            || arguments.Skip(1).Any(a => a.Type?.SpecialType != SpecialType.System_Int32))
        {
            return null;
        }

        Expr array = LowerExpression(arguments[0]);
        return arguments.Count == 1 ? array : new SliceExpr(type, array, LowerExpression(arguments[1]), LowerExpression(arguments[2]));
    }

    private Expr LowerInvocation(IInvocationOperation invocation, TypeRef type)
    {
        if (TryLowerSlice(invocation, type) is { } slice)
        {
            return slice;
        }

        IMethodSymbol target = invocation.TargetMethod;
        EquatableArray<Argument> arguments = LowerArguments(invocation.Arguments, invocation);
        int site = sites.Count;
        sites.Add(NameLocation(invocation));
        siteMethods.Add(target);

        // T.Exp(x) on a floating type parameter is the generic spelling of Math.Exp(x).
        ITypeSymbol? numberType = Types.GenericMathReceiver(target, invocation.ConstrainedToType);
        // A static abstract member reached through a type parameter is called on it (T.M(), not IFoo<T>.M()).
        string owner = Qualified(invocation.ConstrainedToType ?? target.ContainingType);
        if (target.IsStatic && type.IsFloating && (numberType is not null || DerivativeRules.IsMathType(owner))
            && DerivativeRules.TryGet(target.Name, arguments.Count, out _))
        {
            return new CallExpr(type, CallKind.Intrinsic, owner + "." + target.Name, null, arguments, null, site);
        }

        if (numberType is not null && target.Name is "CreateChecked" or "CreateSaturating" or "CreateTruncating" && arguments.Count == 1)
        {
            return LowerGenericConversion(arguments[0].Value, type, isChecked: target.Name == "CreateChecked");
        }

        if (Types.IsDifferentiableCallee(target) && !target.IsGenericMethod && TryInline(invocation, target, arguments) is { } inlined)
        {
            return inlined;
        }

        if (Types.IsDifferentiableCallee(target))
        {
            // A generic callee's pullback gets the call's type arguments spelled out (T, or double/float).
            string typeArguments = target.IsGenericMethod ? "<" + string.Join(", ", target.TypeArguments.Select(Qualified)) + ">" : string.Empty;
            var differentiable = target.Parameters.Select(Types.IsDifferentiableParameter).ToEquatableArray();
            var callee = new DifferentiableCallee(
                owner + "." + target.Name + "Pullback" + typeArguments,
                differentiable,
                target.Parameters.Select(p => p.Name).ToEquatableArray(),
                target.ReturnsVoid,
                target.Parameters.Select(p => target.ReturnsVoid && MethodReader.IsOutput(p)).ToEquatableArray(),
                target.Parameters.Select(p => Types.SpanElement(p.Type) is not null).ToEquatableArray());
            return new CallExpr(type, CallKind.Differentiable, owner + "." + target.Name + typeArguments, null, arguments, callee, site);
        }

        string name = target.Name;
        if (target.IsGenericMethod)
        {
            name += "<" + string.Join(", ", target.TypeArguments.Select(Qualified)) + ">";
        }

        if (target.IsStatic || invocation.Instance is null)
        {
            return new CallExpr(type, CallKind.Opaque, owner + "." + name, null, arguments, null, site);
        }

        return new CallExpr(type, CallKind.Opaque, name, LowerReceiver(invocation.Instance), arguments, null, site);
    }

    /// <summary>
    /// The receiver of an instance call. <c>x.AsSpan()</c> lowers to the array itself, which is right
    /// for an argument (the compiler converts it again) but not for a receiver: <c>x.AsSpan().Fill(v)</c>
    /// calls a span method, so the receiver stays a span over the whole array.
    /// </summary>
    private Expr LowerReceiver(IOperation receiver)
    {
        Expr lowered = LowerExpression(receiver);
        TypeRef type = Types.From(receiver.Type);
        if (type is { Kind: ValueKind.Array, IsSpan: true } && lowered.Type is { Kind: ValueKind.Array, IsSpan: false })
        {
            return new SliceExpr(type, lowered, new LiteralExpr(TypeRef.Int32, "0"), new InstanceMemberExpr(TypeRef.Int32, lowered, "Length"));
        }

        return lowered;
    }

    /// <summary>
    /// <c>T.CreateChecked(v)</c> and its Saturating/Truncating siblings: a constant becomes a literal of
    /// <c>T</c>; any other value a conversion (differentiated as one when it is floating).
    /// </summary>
    private static Expr LowerGenericConversion(Expr value, TypeRef type, bool isChecked)
    {
        if (value is LiteralExpr literal && Ir.LiteralValue(literal) is { } constant)
        {
            return Ir.Number(literal.Type.Kind == ValueKind.Single ? (float)constant : constant, type);
        }

        return value.Type == type ? value : new ConvertExpr(type, value, isChecked);
    }

    private readonly Dictionary<IParameterSymbol, Expr> inlinedArguments = new(SymbolEqualityComparer.Default);
    private readonly HashSet<IMethodSymbol> inlining = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Inlines a small [Differentiable] callee — one whose body is a single expression over scalar
    /// parameters, each used once or given a variable or constant — into the caller's expression, so
    /// the caller's reverse sweep differentiates it directly instead of re-running it inside its
    /// pullback (for a sigmoid, that saves an exp per call). Anything else stays a pullback call.
    /// </summary>
    private Expr? TryInline(IInvocationOperation invocation, IMethodSymbol target, EquatableArray<Argument> arguments)
    {
        if (target.ReturnsVoid || inlining.Count >= 3 || inlining.Contains(target)
            || SymbolEqualityComparer.Default.Equals(target, method)
            || invocation.SemanticModel is null
            || arguments.Count != target.Parameters.Length)
        {
            return null;
        }

        foreach (IParameterSymbol parameter in target.Parameters)
        {
            if (parameter.RefKind != RefKind.None || Types.From(parameter.Type).Kind == ValueKind.Array
                || Types.HasAttribute(parameter, Types.NoDiffAttribute))
            {
                return null;
            }
        }

        if (Types.SourceBody(target, invocation.SemanticModel.Compilation, invocation.SemanticModel, cancellationToken) is not { } body
            || (body.BlockBody ?? body.ExpressionBody) is not { Operations.Length: 1 } block
            || block.Operations[0] is not IReturnOperation { ReturnedValue: { } returned })
        {
            return null;
        }

        // Each parameter is substituted: one used twice must receive a variable or a constant.
        var uses = new Dictionary<IParameterSymbol, int>(SymbolEqualityComparer.Default);
        foreach (IOperation node in returned.DescendantsAndSelf())
        {
            if (node is IParameterReferenceOperation reference)
            {
                uses[reference.Parameter] = uses.TryGetValue(reference.Parameter, out int n) ? n + 1 : 1;
            }
        }

        for (int i = 0; i < target.Parameters.Length; i++)
        {
            if (uses.TryGetValue(target.Parameters[i], out int count) && count > 1
                && arguments[i].Value is not (VariableExpr or LiteralExpr or StaticMemberExpr))
            {
                return null;
            }
        }

        // Lower the callee's expression against a scratch diagnostics list: if anything in it is
        // unsupported, keep the call (the callee reports its own problems).
        int before = diagnostics.Count;
        bool invalidBefore = HasInvalidCode;
        inlining.Add(target);
        for (int i = 0; i < target.Parameters.Length; i++)
        {
            inlinedArguments[target.Parameters[i]] = arguments[i].Value;
        }

        Expr inlined = LowerExpression(returned);
        foreach (IParameterSymbol parameter in target.Parameters)
        {
            inlinedArguments.Remove(parameter);
        }

        inlining.Remove(target);
        if (diagnostics.Count != before || HasInvalidCode != invalidBefore)
        {
            diagnostics.RemoveRange(before, diagnostics.Count - before);
            HasInvalidCode = invalidBefore;
            return null;
        }

        return inlined;
    }

    private EquatableArray<Argument> LowerArguments(IEnumerable<IArgumentOperation> arguments, IOperation owner)
    {
        var result = new List<Argument>();
        foreach (IArgumentOperation argument in arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (argument.Parameter is { RefKind: RefKind.Ref or RefKind.Out })
            {
                ReportExpression(argument, "A ref or out argument");
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
            {
                bool elementsWritable = argument.Parameter?.Type is IArrayTypeSymbol { ElementType: { } elementType } && Types.MayWriteElements(elementType);
                foreach (IOperation element in initializer.ElementValues)
                {
                    result.Add(new Argument(LowerExpression(element), string.Empty, elementsWritable));
                }

                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamCollection)
            {
                ReportExpression(owner, "A params collection argument");
                continue;
            }

            bool mayBeWritten = argument.Parameter is { } parameter && argument.SemanticModel is { } model
                ? ParameterWrites.MayWrite(parameter, model.Compilation, writtenParameters, cancellationToken, model)
                : Types.MayWriteElements(argument.Parameter);
            result.Add(new Argument(LowerExpression(argument.Value), string.Empty, mayBeWritten));
        }

        return result.ToEquatableArray();
    }

    private Expr LowerInterpolatedString(IInterpolatedStringOperation interpolated, TypeRef type)
    {
        var parts = new List<InterpolationPart>();
        foreach (IInterpolatedStringContentOperation part in interpolated.Parts)
        {
            switch (part)
            {
                case IInterpolatedStringTextOperation text:
                    parts.Add(new InterpolationPart(text.Text.ConstantValue.Value as string ?? string.Empty, null, null, null));
                    break;
                case IInterpolationOperation hole:
                    parts.Add(new InterpolationPart(
                        null,
                        LowerExpression(hole.Expression),
                        hole.Alignment is null ? null : hole.Alignment.ConstantValue.Value?.ToString(),
                        hole.FormatString?.ConstantValue.Value as string));
                    break;
                default:
                    ReportExpression(part, "This interpolated string part");
                    break;
            }
        }

        return new InterpolatedStringExpr(type, parts.ToEquatableArray());
    }

    // ------------------------------------------------------------------ helpers

    private string DeclareLocal(ILocalSymbol local)
    {
        if (localNames.TryGetValue(local, out string? existing))
        {
            return existing;
        }

        string name = names.Fresh(local.Name);
        localNames.Add(local, name);
        declarationDepths[name] = loopDepth;
        variables.Add(new Variable(name, Types.From(local.Type), VariableRole.Local, false));
        return name;
    }

    private string NameOf(ILocalSymbol local) => DeclareLocal(local);

    private static string Qualified(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>Single-line source text of a node, for comments in the generated code.</summary>
    public static string SourceOf(IOperation operation) => Whitespace.Replace(operation.Syntax.ToString(), " ").Trim();

    private static Location NameLocation(IInvocationOperation invocation)
    {
        if (invocation.Syntax is InvocationExpressionSyntax syntax)
        {
            return syntax.Expression.GetLocation();
        }

        return invocation.Syntax.GetLocation();
    }

    private void ReportStatement(IOperation operation, string construct)
    {
        SyntaxNode syntax = operation.Syntax;
        Location location = syntax switch
        {
            ForStatementSyntax s => s.ForKeyword.GetLocation(),
            CommonForEachStatementSyntax s => s.ForEachKeyword.GetLocation(),
            WhileStatementSyntax s => s.WhileKeyword.GetLocation(),
            DoStatementSyntax s => s.DoKeyword.GetLocation(),
            SwitchStatementSyntax s => s.SwitchKeyword.GetLocation(),
            TryStatementSyntax s => s.TryKeyword.GetLocation(),
            UsingStatementSyntax s => s.UsingKeyword.GetLocation(),
            LockStatementSyntax s => s.LockKeyword.GetLocation(),
            FixedStatementSyntax s => s.FixedKeyword.GetLocation(),
            CheckedStatementSyntax s => s.Keyword.GetLocation(),
            UnsafeStatementSyntax s => s.UnsafeKeyword.GetLocation(),
            GotoStatementSyntax s => s.GotoKeyword.GetLocation(),
            BreakStatementSyntax s => s.BreakKeyword.GetLocation(),
            ContinueStatementSyntax s => s.ContinueKeyword.GetLocation(),
            YieldStatementSyntax s => s.YieldKeyword.GetLocation(),
            LabeledStatementSyntax s => s.Identifier.GetLocation(),
            LocalFunctionStatementSyntax s => s.Identifier.GetLocation(),
            _ => syntax.GetLocation(),
        };
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStatement, location, construct, method.Name));
    }

    private void ReportExpression(IOperation operation, string construct)
        => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax.GetLocation(), construct, method.Name));

    private static string DescribeStatement(IOperation operation) => operation switch
    {
        IForLoopOperation => "A 'for' loop",
        IForEachLoopOperation => "A 'foreach' loop",
        IWhileLoopOperation { ConditionIsTop: true } => "A 'while' loop",
        IWhileLoopOperation => "A 'do' loop",
        ISwitchOperation => "A 'switch' statement",
        ITryOperation => "A 'try' statement",
        IUsingOperation or IUsingDeclarationOperation => "A 'using' statement",
        ILockOperation => "A 'lock' statement",
        IBranchOperation { BranchKind: BranchKind.Break } => "A 'break' statement",
        IBranchOperation { BranchKind: BranchKind.Continue } => "A 'continue' statement",
        IBranchOperation => "A 'goto' statement",
        ILabeledOperation => "A labeled statement",
        ILocalFunctionOperation => "A local function",
        IReturnOperation => "A 'yield' statement",
        _ => "The statement '" + SourceOf(operation) + "'",
    };

    private static string DescribeExpression(IOperation operation) => operation switch
    {
        ISwitchExpressionOperation => "A switch expression",
        IAnonymousFunctionOperation or IDelegateCreationOperation => "A lambda or delegate",
        IIsPatternOperation or IIsTypeOperation => "Pattern matching",
        ICoalesceOperation or ICoalesceAssignmentOperation => "The '??' operator",
        ITupleOperation => "A tuple",
        IArrayElementReferenceOperation => "This array element access",
        IArrayCreationOperation => "This array creation (only new T[n] and initializers of locals are supported)",
        IAssignmentOperation => "An assignment inside an expression",
        IIncrementOrDecrementOperation => "An increment or decrement inside an expression",
        IThrowOperation => "A throw expression",
        IPropertyReferenceOperation => "An indexer",
        IConditionalAccessOperation => "The '?.' operator",
        IObjectCreationOperation => "An object initializer",
        IAwaitOperation => "'await'",
        IInstanceReferenceOperation => "'this'",
        ISizeOfOperation => "'sizeof'",
        ITypeOfOperation => "'typeof'",
        IAddressOfOperation => "Taking an address",
        IWithOperation => "A 'with' expression",
        _ => "The expression '" + SourceOf(operation) + "'",
    };
}
