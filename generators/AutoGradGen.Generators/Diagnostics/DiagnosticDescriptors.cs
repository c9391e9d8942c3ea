using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AutoGradGen.Generators.Diagnostics;

/// <summary>The catalog of diagnostics the generator reports (AGG0001…). The README's table mirrors it.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "AutoGradGen";

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = new(
        id: "AGG0001",
        title: "Containing type must be partial",
        messageFormat: "Type '{0}' must be declared partial: the generator adds the gradient of '{1}' to it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Generated Gradient and Pullback methods are added to the type that declares the [Differentiable] method, so that type and every type containing it must be declared 'partial'. Add the 'partial' modifier.");

    public static readonly DiagnosticDescriptor MethodNotStatic = new(
        id: "AGG0002",
        title: "Differentiable method must be static",
        messageFormat: "Differentiable method '{0}' must be static",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A [Differentiable] method is a pure function of its parameters: declare it 'static' and pass any state it needs as parameters (mark constants [NoDiff]).");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = new(
        id: "AGG0003",
        title: "Unsupported return type",
        messageFormat: "Differentiable method '{0}' returns '{1}'; it must return double or float, or be a void kernel with at least one output span (a differentiable Span<T> or T[] parameter)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The gradient is taken of a scalar output: a [Differentiable] method returns double or float.");

    public static readonly DiagnosticDescriptor UnsupportedParameter = new(
        id: "AGG0004",
        title: "Unsupported parameter",
        messageFormat: "Parameter '{0}' of differentiable method '{1}' is not supported: {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Differentiable parameters are double or float passed by value (or 'in'). Mark other data [NoDiff] to pass it as a constant, or pass it as an integer, boolean or object, which are never differentiated.");

    public static readonly DiagnosticDescriptor UnsupportedStatement = new(
        id: "AGG0005",
        title: "Unsupported statement",
        messageFormat: "{0} is not supported in differentiable method '{1}'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The statement is outside the subset the generator differentiates. Rewrite it with the supported statements (see the README's table) or move it into a helper method that only receives constant arguments.");

    public static readonly DiagnosticDescriptor UnsupportedExpression = new(
        id: "AGG0006",
        title: "Unsupported expression",
        messageFormat: "{0} is not supported in differentiable method '{1}'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The expression is outside the subset the generator differentiates. Rewrite it with the supported expressions (see the README's table) or move it into a helper method.");

    public static readonly DiagnosticDescriptor NoKnownDerivative = new(
        id: "AGG0007",
        title: "Call with active arguments has no known derivative",
        messageFormat: "'{0}' is called with values that depend on the differentiable inputs, but it has no known derivative; mark it [Differentiable], or make its arguments constant (mark the inputs they come from [NoDiff])",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The gradient flows through every call whose result the output depends on. The generator knows the derivatives of Math/MathF functions and of [Differentiable] methods; any other method may only be called with arguments that do not depend on the differentiable inputs.");

    public static readonly DiagnosticDescriptor NameClash = new(
        id: "AGG0008",
        title: "Generated member name already exists",
        messageFormat: "Type '{0}' already has a member named '{1}', which the generator needs for differentiable method '{2}'; rename one of them",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "For a method M the generator adds MGradient and MPullback to the same type. A user-written member with one of those names would clash with it.");

    public static readonly DiagnosticDescriptor InternalError = new(
        id: "AGG0009",
        title: "Internal generator error",
        messageFormat: "AutoGradGen could not differentiate '{0}' because of an internal error: {1}. Please report it with the method's code.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator failed on this method; other methods still generate. This is a bug in AutoGradGen.");

    public static readonly DiagnosticDescriptor GenericMethod = new(
        id: "AGG0010",
        title: "Type parameter of a differentiable method is not a floating-point type",
        messageFormat: "Type parameter '{1}' of differentiable method '{0}' must be constrained to System.Numerics.IFloatingPointIeee754<{1}> (double and float satisfy it); other type parameters are not supported",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator emits type-specific derivative code; generic type parameters are not supported.");

    public static readonly DiagnosticDescriptor MissingBody = new(
        id: "AGG0011",
        title: "Differentiable method has no body",
        messageFormat: "Differentiable method '{0}' has no body to differentiate",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Abstract, extern and partial-definition methods have no body. Put [Differentiable] on a method with a block or expression body.");

    public static readonly DiagnosticDescriptor NoDifferentiableParameters = new(
        id: "AGG0012",
        title: "Differentiable method has no differentiable parameters",
        messageFormat: "Differentiable method '{0}' has no differentiable parameter (double or float without [NoDiff]); its gradient is empty",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Every parameter is constant, so the generated Gradient only returns the value. Remove [NoDiff] from the parameters to differentiate, or remove [Differentiable].");

    public static readonly DiagnosticDescriptor ActiveArgumentToNoDiffParameter = new(
        id: "AGG0013",
        title: "Active value passed to a [NoDiff] parameter",
        messageFormat: "The argument for parameter '{0}' of '{1}' depends on the differentiable inputs, but that parameter is [NoDiff], so its derivative would be lost; remove [NoDiff] from '{0}' or pass a value that does not depend on the inputs",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A [NoDiff] parameter is treated as a constant by the callee's pullback. Passing it a value that depends on the inputs would silently drop that dependence from the gradient.");

    public static readonly DiagnosticDescriptor InvalidDerivativeRegistration = new(
        id: "AGG0014",
        title: "Custom derivative registration does not match its target",
        messageFormat: "'{0}' cannot be the pullback of '{1}': {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A [DerivativeOf(typeof(T), \"M\")] method must have the generated pullback's shape: static void, M's parameters, the seed (M's return type), then one adjoint per differentiable parameter (ref T for a scalar, Span<T> for an array or span, T[][] for a jagged array).");

    public static readonly DiagnosticDescriptor ChangedArrayNotRestored = new(
        id: "AGG0015",
        title: "A call may change an array the gradient reads again",
        messageFormat: "'{0}' may change '{1}', whose values the gradient reads again after this call, and the generator cannot put them back here; pass the call a copy, or make it a statement of its own given '{1}' itself",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A method the generator cannot see into, given an array it may write (an array, Span<T>, Memory<T> or mutable collection parameter), may change values the reverse sweep reads again; so may a [Differentiable] method that writes into a [NoDiff] array parameter, whose pullback also reads it. When the call is a statement of its own, or part of an assignment whose value reads nothing else of that array, the gradient saves the array (or slice, or jagged row) before it and puts it back after. It cannot for a call in a loop condition or in a condition read before, a call that may not run (right of && or ||, a ?: branch), a jagged array itself, a value that also reads the array, an element whose index the call changes, an array reached through a wrapper (new Memory<T>(x), c ? x : y; new Span<T>(x) is x itself), or a slice whose bounds are not plain variables, lengths and arithmetic: the gradient would read the changed values. A [Differentiable] callee's array is put back just before its pullback runs it again and once more after it; there, anything else in the statement reading that array, or a second call in it changing an array the gradient reads again, is reported too.");

    public static readonly DiagnosticDescriptor DerivativesStoredInNoDiffArray = new(
        id: "AGG0016",
        title: "Values that carry derivatives are stored in a [NoDiff] array parameter",
        messageFormat: "'{0}' stores values that depend on its differentiable inputs into [NoDiff] parameter '{1}': its gradient is right, but a caller that reads '{1}' afterwards gets no derivatives through it; use a local array if callers read it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A [NoDiff] array used as a workspace may hold values that carry derivatives: the method's own gradient and pullback differentiate through them (the values it held on entry are constants). A [NoDiff] parameter is data to callers, though: a caller whose gradient reads the array after the call treats those values as constants and loses their derivatives. A local array (pooled in the generated code) or, for a void kernel, an output span carries them.");

    private static readonly Dictionary<string, DiagnosticDescriptor> Catalog = Index(
        ContainingTypeNotPartial, MethodNotStatic, UnsupportedReturnType, UnsupportedParameter,
        UnsupportedStatement, UnsupportedExpression, NoKnownDerivative, NameClash, InternalError,
        GenericMethod, MissingBody, NoDifferentiableParameters, ActiveArgumentToNoDiffParameter, InvalidDerivativeRegistration,
        ChangedArrayNotRestored, DerivativesStoredInNoDiffArray);

    /// <summary>All descriptors, in ID order.</summary>
    public static IEnumerable<DiagnosticDescriptor> All => Catalog.Values;

    public static DiagnosticDescriptor ById(string id) => Catalog[id];

    private static Dictionary<string, DiagnosticDescriptor> Index(params DiagnosticDescriptor[] descriptors)
    {
        var result = new Dictionary<string, DiagnosticDescriptor>();
        foreach (DiagnosticDescriptor descriptor in descriptors)
        {
            result.Add(descriptor.Id, descriptor);
        }

        return result;
    }
}
