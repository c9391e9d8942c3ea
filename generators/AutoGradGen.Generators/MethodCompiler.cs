using System;
using System.Collections.Generic;
using System.Threading;
using AutoGradGen.Generators.Analysis;
using AutoGradGen.Generators.Diagnostics;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Lowering;
using AutoGradGen.Generators.Models;
using AutoGradGen.Generators.Reverse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoGradGen.Generators;

/// <summary>
/// Runs the phases for one [Differentiable] method: contract check → lowering → normalization →
/// activity → value recording → reverse transform, and packs the result into an equatable
/// <see cref="MethodModel"/> plus diagnostics. Never throws (but for cancellation): an internal
/// failure becomes one AGG0009 error on this method and the others still generate.
/// </summary>
internal static class MethodCompiler
{
    /// <summary>
    /// Test hook: compiling a method with this name throws, so tests can check that an internal
    /// failure becomes AGG0009 on that method alone. Always null outside the generator's tests.
    /// </summary>
    internal static string? FaultInjectionMethodName;

    public static MethodResult Compile(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            return new MethodResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        try
        {
            MethodModel? model = CompileCore(method, syntax, context.SemanticModel, diagnostics, cancellationToken);
            return new MethodResult(model, diagnostics.ToEquatableArray());
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            var failure = DiagnosticInfo.Create(
                DiagnosticDescriptors.InternalError,
                syntax.Identifier.GetLocation(),
                method.Name,
                exception.GetType().Name + ": " + exception.Message);
            return new MethodResult(null, new EquatableArray<DiagnosticInfo>(new[] { failure }));
        }
    }

    private static MethodModel? CompileCore(
        IMethodSymbol method,
        MethodDeclarationSyntax syntax,
        SemanticModel semanticModel,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        if (method.PartialImplementationPart is not null && syntax.Body is null && syntax.ExpressionBody is null)
        {
            return null; // the defining declaration of a partial method: its implementation part is handled
        }

        if (FaultInjectionMethodName is not null && method.Name == FaultInjectionMethodName)
        {
            throw new InvalidOperationException("fault injected by a test");
        }

        if (!MethodReader.Check(method, syntax, diagnostics))
        {
            return null;
        }

        // Code that does not compile is the compiler's to report; differentiating it would only add noise.
        foreach (Diagnostic diagnostic in semanticModel.GetDiagnostics(syntax.Span, cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return null;
            }
        }

        if (semanticModel.GetOperation(syntax, cancellationToken) is not IMethodBodyOperation bodyOperation)
        {
            return null;
        }

        // Names of the generated signature are fixed first, from the parameters alone: a body local
        // that would clash is renamed, never a public parameter.
        var names = new NameScope();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            names.Reserve(parameter.Name);
        }

        var parameters = new List<ParameterModel>();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            bool differentiable = Types.IsDifferentiableParameter(parameter);
            parameters.Add(new ParameterModel(
                parameter.Name,
                Types.From(parameter.Type),
                parameter.RefKind == RefKind.In ? "in " : string.Empty,
                differentiable,
                differentiable ? names.Fresh(parameter.Name + "Grad") : string.Empty,
                differentiable ? names.Fresh(parameter.Name + "Adjoint") : string.Empty));
        }

        string seed = names.Fresh("seed");

        LoweredBody? lowered = BodyLowering.Lower(method, bodyOperation, names, diagnostics, cancellationToken);
        if (lowered is null || diagnostics.Count > 0)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        List<Variable> variables = lowered.Variables;
        TypeRef resultType = Types.From(method.ReturnType);
        bool isKernel = method.ReturnsVoid;
        string result = names.Fresh("result");
        if (!isKernel)
        {
            variables.Add(new Variable(result, resultType, VariableRole.Local, false));
        }

        // A kernel's outputs are what the caller's adjoints flow back from; so are the differentiable
        // arrays a value-returning method may change, whose adjoints its pullback takes in and out
        // (callers count those changes: ActivityAnalysis.ArraysWrittenByValueCalls).
        var outputs = new List<string>();
        var writes = new Dictionary<IParameterSymbol, bool>(SymbolEqualityComparer.Default);
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (isKernel
                ? MethodReader.IsOutput(parameter)
                : Types.IsDifferentiableParameter(parameter) && Types.IsFloatingArray(parameter.Type)
                  && ParameterWrites.MayWrite(parameter, semanticModel.Compilation, writes, cancellationToken, semanticModel))
            {
                outputs.Add(parameter.Name);
            }
        }

        if (!parameters.Exists(p => p.IsDifferentiable))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoDifferentiableParameters, syntax.Identifier.GetLocation(), method.Name));
        }

        List<Stmt> body = Normalizer.Normalize(lowered.Statements, result, resultType, names, variables);
        ActivityAnalysis activity = ActivityAnalysis.Run(body, variables, result, outputs);

        // Lifting and value recording both move parts of a value ahead of the rest: what a call there
        // changes would be read out of order.
        List<UnsavedChange> unsaved = CallWrites.ReadsBesideChanges(body, activity.Varied);
        body = ConditionalLifting.Run(body, activity.Varied, names, variables);
        activity = ActivityAnalysis.Run(body, variables, result, outputs);
        // A resolved kernel's outputs carry derivatives from then on, which may make later calls given
        // them active: resolve again until nothing changes.
        while (ResolveCustomDerivatives(body, activity, lowered, semanticModel.Compilation, cancellationToken) is { } resolved)
        {
            body = resolved;
            activity = ActivityAnalysis.Run(body, variables, result, outputs);
        }

        if (ReportCallsWithoutDerivative(body, activity, lowered.Sites, diagnostics, method.Name)
            | ReportUntrackedArrayArguments(body, activity, lowered.Sites, diagnostics, method.Name, syntax.Identifier.GetLocation())
            | ReportInPlaceKernelCalls(body, activity, lowered.Sites, diagnostics, method.Name))
        {
            return null;
        }

        unsaved.AddRange(CallWrites.ReadsBesideChanges(body, activity.Varied));
        body = ValueRecording.Run(body, activity.Varied, names, variables);
        activity = ActivityAnalysis.Run(body, variables, result, outputs);
        cancellationToken.ThrowIfCancellationRequested();
        if (ReportDerivativesInNoDiffArrays(method, outputs, activity, diagnostics))
        {
            return null;
        }

        var gradientNames = new Dictionary<string, string>();
        var adjointNames = new Dictionary<string, string>();
        foreach (ParameterModel parameter in parameters)
        {
            if (parameter.IsDifferentiable)
            {
                gradientNames[parameter.Name] = parameter.GradientName;
                adjointNames[parameter.Name] = parameter.AdjointName;
            }
        }

        string qualifiedName = method.ContainingType.ToDisplayString() + "." + method.Name;
        var typeParameters = new List<string>();
        foreach (ITypeParameterSymbol typeParameter in method.TypeParameters)
        {
            typeParameters.Add(typeParameter.Name);
        }

        // Each body gets its own copy of the name scope: the two members are separate methods.
        // A kernel has a Jacobian, not a gradient: it only gets a pullback.
        // The Gradient starts the changed arrays' adjoints at zero: only the result is useful there.
        List<Stmt> gradient = isKernel
            ? new List<Stmt>()
            : AdjointBuilder.Build(body, variables, outputs.Count == 0 ? activity : ActivityAnalysis.Run(body, variables, result), Copy(names), result, resultType,
                new AdjointFlavor(isGradient: true, gradientNames, Ir.Number(1, resultType), qualifiedName, typeParameters));
        List<Stmt> pullback = AdjointBuilder.Build(body, variables, activity, Copy(names), result, resultType,
            new AdjointFlavor(isGradient: false, adjointNames, new VariableExpr(resultType, seed), qualifiedName, typeParameters), unsaved);
        ReportUnsavedChanges(unsaved, lowered, diagnostics);

        return new MethodModel(
            MethodReader.ReadContainer(method),
            method.Name,
            MethodReader.Accessibility(method),
            resultType,
            parameters.ToEquatableArray(),
            seed,
            MethodReader.DocumentationSignature(method),
            MethodReader.TypeParameters(method),
            gradient.ToEquatableArray(),
            pullback.ToEquatableArray(),
            isKernel,
            WrittenArrayParameters(method, semanticModel, cancellationToken));
    }

    /// <summary>The parameters whose arrays the method may write (<see cref="ParameterWrites"/>); null when none could be written.</summary>
    private static EquatableArray<string>? WrittenArrayParameters(IMethodSymbol method, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var known = new Dictionary<IParameterSymbol, bool>(SymbolEqualityComparer.Default);
        var written = new List<string>();
        bool writable = false;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (Types.MayWriteElements(parameter))
            {
                writable = true;
                if (ParameterWrites.MayWrite(parameter, semanticModel.Compilation, known, cancellationToken, semanticModel))
                {
                    written.Add(parameter.Name);
                }
            }
        }

        return writable ? written.ToEquatableArray() : null;
    }

    private static NameScope Copy(NameScope names) => names.Clone();

    /// <summary>AGG0015, once per call and array: changes the gradient cannot undo (<see cref="CallWrites"/>).</summary>
    private static void ReportUnsavedChanges(List<UnsavedChange> unsaved, LoweredBody lowered, List<DiagnosticInfo> diagnostics)
    {
        var reported = new HashSet<UnsavedChange>();
        foreach (UnsavedChange change in unsaved)
        {
            if (change.Site >= 0 && reported.Add(change))
            {
                IMethodSymbol callee = lowered.SiteMethods[change.Site];
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ChangedArrayNotRestored,
                    lowered.Sites[change.Site],
                    callee.ContainingType.ToDisplayString() + "." + callee.Name,
                    change.Array));
            }
        }
    }

    /// <summary>
    /// Calls that carry derivatives into a method with no known derivative are looked up among the
    /// [DerivativeOf] registrations; those found become calls chained through the registered pullback.
    /// Returns the rewritten body, or null if nothing changed.
    /// </summary>
    private static List<Stmt>? ResolveCustomDerivatives(List<Stmt> body, ActivityAnalysis activity, LoweredBody lowered, Compilation compilation, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<int, DifferentiableCallee>();
        foreach (CallExpr call in AllCalls(body))
        {
            if (call.Kind == CallKind.Opaque && call.Site >= 0 && !resolved.ContainsKey(call.Site)
                && (ActivityAnalysis.IsVaried(call, activity.Varied) || PassesActiveArray(call, activity))
                && CustomDerivatives.Find(lowered.SiteMethods[call.Site], compilation, cancellationToken) is { } callee)
            {
                resolved.Add(call.Site, callee);
            }
        }

        if (resolved.Count == 0)
        {
            return null;
        }

        return IrRewriter.RewriteCalls(body, call => resolved.TryGetValue(call.Site, out DifferentiableCallee? callee) && call.Kind == CallKind.Opaque
            ? call with { Kind = CallKind.Differentiable, Callee = callee }
            : call);
    }

    /// <summary>AGG0007 for every call whose result carries a derivative but whose callee has no known one.</summary>
    private static bool ReportCallsWithoutDerivative(
        IEnumerable<Stmt> body,
        ActivityAnalysis activity,
        List<Location> sites,
        List<DiagnosticInfo> diagnostics,
        string methodName)
    {
        int before = diagnostics.Count;
        var writes = new List<ActivityAnalysis.Assignment>();
        ActivityAnalysis.CollectWrites(body, writes);
        var reported = new HashSet<int>();
        foreach (ActivityAnalysis.Assignment write in writes)
        {
            if (activity.Active.Contains(write.Root))
            {
                FindOpaque(write.Value, activity, sites, diagnostics, reported);
            }
        }

        // Anywhere, even in code that is otherwise inactive: a method we cannot see into may write
        // an array that carries derivatives, which the reverse sweep would never know.
        foreach (CallExpr call in AllCalls(body))
        {
            if (call.Kind == CallKind.Opaque && reported.Add(call.Site) && PassesActiveArray(call, activity))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoKnownDerivative, call.Site >= 0 ? sites[call.Site] : null, Unqualified(call.Target)));
            }
        }

        return diagnostics.Count > before;
    }

    /// <summary>
    /// AGG0016 for a [NoDiff] array or span parameter the body stores values that carry derivatives in
    /// (a workspace; where the result depends on them, a one-dimensional one gets an adjoint of the
    /// gradient's own); AGG0004 for a jagged one the result depends on that way, which gets none.
    /// Returns whether an error was reported.
    /// </summary>
    private static bool ReportDerivativesInNoDiffArrays(IMethodSymbol method, List<string> outputs, ActivityAnalysis activity, List<DiagnosticInfo> diagnostics)
    {
        bool failed = false;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (!Types.IsFloatingArray(parameter.Type) || Types.IsDifferentiableParameter(parameter) || outputs.Contains(parameter.Name)
                || !activity.Varied.Contains(parameter.Name))
            {
                continue;
            }

            Location? location = parameter.Locations.Length > 0 ? parameter.Locations[0] : null;
            if (parameter.Type is IArrayTypeSymbol { ElementType: IArrayTypeSymbol } && activity.Active.Contains(parameter.Name))
            {
                // Only where the result depends on what it holds: a trace nothing reads back needs no adjoint.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameter, location, parameter.Name, method.Name,
                    "the result depends on values that depend on the differentiable inputs stored in this jagged [NoDiff] array, which gets no adjoint; drop [NoDiff] to make it differentiable, or keep the values in a one-dimensional local array"));
                failed = true;
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DerivativesStoredInNoDiffArray, location, method.Name, parameter.Name));
            }
        }

        return failed;
    }

    /// <summary>
    /// AGG0006 for an argument of a [Differentiable] callee (or a registered derivative) that should
    /// carry derivatives but is not an array, a slice or a row (<c>c ? w : v</c>, a wrapper): which
    /// adjoint it stands for is not known, and its derivative would be dropped; and for a kernel output
    /// that is not one (a static array), which the save analysis cannot follow. Returns whether any was reported.
    /// </summary>
    private static bool ReportUntrackedArrayArguments(IEnumerable<Stmt> body, ActivityAnalysis activity, List<Location> sites, List<DiagnosticInfo> diagnostics, string methodName, Location method)
    {
        bool reported = false;
        foreach (Stmt statement in IrWalk.Statements(body))
        {
            foreach (Expr expression in IrWalk.OwnExpressions(statement))
            {
                foreach (Expr node in IrWalk.Nodes(expression))
                {
                    // (c ? w : v)[i], (c ? w : v).AsSpan()[i]: an element whose adjoint has no array to go to.
                    if (node is ElementExpr element && ActivityAnalysis.RootName(element) is null && SuppliesVariedArray(element.Array, activity))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, method,
                            "The element '" + Emit.CSharpPrinter.Expression(element) + "' of an array chosen by an expression (choose the element instead: c ? x[i] : y[i])", methodName));
                        return true;
                    }
                }
            }
        }

        foreach (CallExpr call in AllCalls(body))
        {
            if (call.Kind != CallKind.Differentiable || call.Site < 0)
            {
                continue;
            }

            for (int i = 0; i < call.Arguments.Count; i++)
            {
                Expr argument = call.Arguments[i].Value;
                bool isOutput = call.Callee is { IsKernel: true } kernel && i < kernel.ParameterIsOutput.Count && kernel.ParameterIsOutput[i];
                if (ActivityAnalysis.CarriesDerivative(call, i) && argument.Type.Kind == ValueKind.Array && ActivityAnalysis.RootName(argument) is null
                    && (isOutput || SuppliesVariedArray(argument, activity)))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, sites[call.Site],
                        isOutput
                            ? "An output of kernel '" + Unqualified(call.Target) + "' that is not a local or parameter (a field's array, or one chosen by an expression; the gradient cannot follow what it holds)"
                            : "An argument of '" + Unqualified(call.Target) + "' that carries derivatives but is not an array, a slice or a jagged row (choose the array before the call)",
                        methodName));
                    reported = true;
                    break;
                }
            }
        }

        return reported;
    }

    /// <summary>Whether a varied array can be behind <paramref name="argument"/>: supplied by it, or wrapped in it (<c>new Memory&lt;T&gt;(w)</c>, also under <c>?:</c>).</summary>
    private static bool WrapsVariedArray(Expr argument, ActivityAnalysis activity) => argument switch
    {
        NewObjectExpr wrapper => System.Linq.Enumerable.Any(wrapper.Arguments, a => WrapsVariedArray(a.Value, activity)),
        ConditionalExpr conditional => WrapsVariedArray(conditional.WhenTrue, activity) || WrapsVariedArray(conditional.WhenFalse, activity),
        ConvertExpr conversion => WrapsVariedArray(conversion.Operand, activity),
        _ => SuppliesVariedArray(argument, activity),
    };

    /// <summary>Whether a varied array can be the value of <paramref name="array"/> (a branch of a conditional, through conversions, slices and rows).</summary>
    private static bool SuppliesVariedArray(Expr array, ActivityAnalysis activity) => array switch
    {
        VariableExpr variable => activity.Varied.Contains(variable.Name),
        ConditionalExpr conditional => SuppliesVariedArray(conditional.WhenTrue, activity) || SuppliesVariedArray(conditional.WhenFalse, activity),
        ConvertExpr conversion => SuppliesVariedArray(conversion.Operand, activity),
        SliceExpr slice => SuppliesVariedArray(slice.Array, activity),
        ElementExpr row => SuppliesVariedArray(row.Array, activity),
        _ => false,
    };

    /// <summary>
    /// AGG0006 for a kernel call whose pullback runs and which is given one array as an output and as
    /// another argument that carries derivatives (<c>Square(y, y)</c>, two overlapping slices): its
    /// pullback would read and write one adjoint under two names. Returns whether any was reported.
    /// </summary>
    private static bool ReportInPlaceKernelCalls(IEnumerable<Stmt> body, ActivityAnalysis activity, List<Location> sites, List<DiagnosticInfo> diagnostics, string methodName)
    {
        bool reported = false;
        foreach (CallExpr call in AllCalls(body))
        {
            if (call.Callee is not { IsKernel: true } callee)
            {
                continue;
            }

            if (AliasedOutput(call, callee, activity) is { } root && call.Site >= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, sites[call.Site],
                    "Passing '" + root + "' to kernel '" + Unqualified(call.Target) + "' both as an output and as another argument (an in-place call; pass a separate output array)",
                    methodName));
                reported = true;
            }
        }

        return reported;
    }

    /// <summary>
    /// The array a kernel call that runs its pullback (an output carries derivatives to the result)
    /// gets as an output and, not visibly apart, as another argument that carries derivatives.
    /// </summary>
    private static string? AliasedOutput(CallExpr call, DifferentiableCallee callee, ActivityAnalysis activity)
    {
        for (int i = 0; i < call.Arguments.Count && i < callee.ParameterIsOutput.Count; i++)
        {
            Expr output = call.Arguments[i].Value;
            if (!callee.ParameterIsOutput[i] || ActivityAnalysis.RootName(output) is not { } root || !activity.Active.Contains(root))
            {
                continue;
            }

            for (int j = 0; j < call.Arguments.Count && j < callee.ParameterIsDifferentiable.Count; j++)
            {
                Expr other = call.Arguments[j].Value;
                if (j != i && callee.ParameterIsDifferentiable[j] && other.Type.Kind == ValueKind.Array && ActivityAnalysis.RootName(other) == root
                    && !AreApart(output, other))
                {
                    return root;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Two views of one array that visibly do not overlap: slices one of which starts where the other
    /// ends (<c>y.AsSpan(0, n)</c> and <c>y.AsSpan(n, n)</c>; <c>y.AsSpan(s, n)</c> and <c>y.AsSpan(s + n, m)</c>),
    /// or rows of a jagged array at indices that differ by a constant (<c>h[t - 1]</c> and <c>h[t]</c>).
    /// </summary>
    private static bool AreApart(Expr first, Expr second) => (first, second) switch
    {
        (SliceExpr a, SliceExpr b) => a.Array == b.Array && (Follows(a, b) || Follows(b, a)),
        (ElementExpr a, ElementExpr b) => a.Array == b.Array && Offset(a.Index) is var (x, p) && Offset(b.Index) is var (y, q) && Equals(x, y) && p != q,
        _ => false,
    };

    private static bool Follows(SliceExpr before, SliceExpr after)
        => after.Start == (before.Start is LiteralExpr { Text: "0" } ? before.Length : new BinaryExpr(TypeRef.Int32, "+", before.Start, before.Length));

    /// <summary>An index as a base plus a constant (<c>t - 1</c> → (t, −1), <c>3</c> → (null, 3)); null when it is neither.</summary>
    private static (Expr? Base, long Constant) Offset(Expr index) => index switch
    {
        LiteralExpr literal when long.TryParse(literal.Text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long value) => (null, value),
        BinaryExpr { Operator: "+" or "-" } sum when Offset(sum.Right) is (null, long constant) => (sum.Left, sum.Operator == "+" ? constant : -constant),
        _ => (index, 0),
    };

    private static bool PassesActiveArray(CallExpr call, ActivityAnalysis activity)
    {
        if (call.Receiver is { } receiver && receiver.Type.IsFloatingArray && ActivityAnalysis.RootName(receiver) is { } owner && activity.Varied.Contains(owner))
        {
            return true;
        }

        foreach (Argument argument in call.Arguments)
        {
            if (argument.Value.Type.IsFloatingArray && ActivityAnalysis.RootName(argument.Value) is { } root && activity.Varied.Contains(root))
            {
                return true;
            }

            // new Memory<T>(y), c ? y : z: an array that carries derivatives behind a wrapper.
            if (argument.MayBeWritten && WrapsVariedArray(argument.Value, activity))
            {
                return true;
            }
        }

        return false;
    }

    private static string Unqualified(string target) => target.StartsWith("global::", StringComparison.Ordinal) ? target.Substring(8) : target;

    /// <summary>Every call in the body: in statements, conditions and nested expressions.</summary>
    private static IEnumerable<CallExpr> AllCalls(IEnumerable<Stmt> statements)
    {
        foreach (Stmt statement in IrWalk.Statements(statements))
        {
            foreach (Expr expression in IrWalk.OwnExpressions(statement))
            {
                foreach (Expr node in IrWalk.Nodes(expression))
                {
                    if (node is CallExpr call)
                    {
                        yield return call;
                    }
                }
            }
        }
    }

    private static void FindOpaque(Expr expression, ActivityAnalysis activity, List<Location> sites, List<DiagnosticInfo> diagnostics, HashSet<int> reported)
    {
        if (!ActivityAnalysis.IsVaried(expression, activity.Varied))
        {
            return;
        }

        if (expression is CallExpr { Kind: CallKind.Opaque } opaque)
        {
            if (reported.Add(opaque.Site))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoKnownDerivative, opaque.Site >= 0 ? sites[opaque.Site] : null, Unqualified(opaque.Target)));
            }

            return;
        }

        if (expression is CallExpr { Kind: CallKind.Differentiable } call)
        {
            for (int i = 0; i < call.Arguments.Count; i++)
            {
                if (!ActivityAnalysis.CarriesDerivative(call, i) && ActivityAnalysis.IsVaried(call.Arguments[i].Value, activity.Varied) && reported.Add(call.Site))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.ActiveArgumentToNoDiffParameter,
                        call.Site >= 0 ? sites[call.Site] : null,
                        call.Callee!.ParameterNames[i],
                        Unqualified(call.Target)));
                }
            }
        }

        foreach (Expr child in IrWalk.Children(expression))
        {
            FindOpaque(child, activity, sites, diagnostics, reported);
        }
    }
}
