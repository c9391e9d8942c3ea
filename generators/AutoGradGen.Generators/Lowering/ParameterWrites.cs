using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoGradGen.Generators.Lowering;

/// <summary>
/// Whether a <c>[Differentiable]</c> callee declared in this compilation can change the elements of an
/// array or span parameter. Its pullback runs it again on the same arguments, so an array it changes
/// must be put back as it was at the call first (<see cref="Reverse.CallWrites"/>); most callees only
/// read theirs (<c>double[] x</c> used as <c>x[i]</c> and <c>x.Length</c>) and need nothing. A callee
/// only in metadata is judged by the <c>[WritesArrayParameters]</c> list the generator put on its
/// pullback (without one, every array counts as written); a use this does not recognise as a read
/// counts as a write.
/// </summary>
internal static class ParameterWrites
{
    /// <summary>How deep to follow a parameter passed on to further callees in source.</summary>
    private const int MaxDepth = 4;

    /// <summary>
    /// Whether a callee may change the elements of an array passed for <paramref name="parameter"/>;
    /// answers are kept in <paramref name="known"/>. <paramref name="model"/>, a semantic model at hand,
    /// is reused for bodies in its tree (a new one binds the whole tree again).
    /// </summary>
    public static bool MayWrite(IParameterSymbol parameter, Compilation compilation, Dictionary<IParameterSymbol, bool> known, CancellationToken cancellationToken, SemanticModel? model = null)
    {
        if (!Types.MayWriteElements(parameter))
        {
            return false;
        }

        if (!known.TryGetValue(parameter, out bool mayWrite))
        {
            mayWrite = MayWrite(parameter, compilation, new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default), model, cancellationToken);
            known.Add(parameter, mayWrite);
        }

        return mayWrite;
    }

    /// <param name="onPath">The callees' parameters the array is being followed through (at most <see cref="MaxDepth"/>).</param>
    private static bool MayWrite(IParameterSymbol parameter, Compilation compilation, HashSet<IParameterSymbol> onPath, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (!Types.MayWriteElements(parameter))
        {
            return false;
        }

        if (onPath.Count == MaxDepth
            || parameter.ContainingSymbol is not IMethodSymbol { OriginalDefinition: var method }
            || !Types.HasAttribute(method, Types.DifferentiableAttribute))
        {
            return true;
        }

        if (Types.SourceBody(method, compilation, model, cancellationToken) is not { } body)
        {
            // Another assembly's method: its generated pullback says which arrays it writes.
            return WrittenPerPullback(method) is not { } written || written.Contains(method.Parameters[parameter.Ordinal].Name);
        }

        IParameterSymbol declared = method.Parameters[parameter.Ordinal];
        if (!onPath.Add(declared))
        {
            // Passed on to itself (recursion): the array's other uses there decide, and they are being read.
            return false;
        }

        try
        {
            foreach (IOperation node in body.Descendants())
            {
                if (node is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, declared)
                    && !IsRead(reference, compilation, onPath, model, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            onPath.Remove(declared);
        }
    }

    /// <summary>
    /// The parameter names listed by <c>[WritesArrayParameters]</c> on the method's generated pullback
    /// (the member <c>{Name}Pullback</c> of its type whose first parameters, as many as the attribute
    /// counts, are the method's), or null when there is none — a library built before the attribute existed.
    /// </summary>
    private static HashSet<string>? WrittenPerPullback(IMethodSymbol method)
    {
        foreach (ISymbol member in method.ContainingType.GetMembers(method.Name + "Pullback"))
        {
            if (member is not IMethodSymbol pullback || pullback.Arity != method.Arity || pullback.Parameters.Length <= method.Parameters.Length)
            {
                continue;
            }

            bool matches = true;
            for (int i = 0; i < method.Parameters.Length && matches; i++)
            {
                matches = pullback.Parameters[i].Name == method.Parameters[i].Name
                    && pullback.Parameters[i].Type.ToDisplayString() == method.Parameters[i].Type.ToDisplayString();
            }

            if (!matches)
            {
                continue;
            }

            foreach (AttributeData attribute in pullback.GetAttributes())
            {
                // The count tells the pullback of this overload from a longer one's (Dot(x, w) and Dot(x, w, s)).
                if (attribute.AttributeClass?.ToDisplayString() == Types.WritesArrayParametersAttribute
                    && attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value is int parameterCount && parameterCount == method.Parameters.Length
                    && attribute.ConstructorArguments[1].Kind == TypedConstantKind.Array)
                {
                    var names = new HashSet<string>();
                    foreach (TypedConstant name in attribute.ConstructorArguments[1].Values)
                    {
                        if (name.Value is string text)
                        {
                            names.Add(text);
                        }
                    }

                    return names;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a use of an array or span only reads its elements: an element read, <c>.Length</c>, a
    /// read-only view (<c>ReadOnlySpan&lt;T&gt;</c>), a slice or <c>AsSpan</c> that is itself only read,
    /// the source of a copy, a <c>foreach</c> without a <c>ref</c> variable over numbers (not jagged rows), or an argument for a
    /// parameter that cannot write (in a callee in source: one that does not).
    /// </summary>
    private static bool IsRead(IOperation use, Compilation compilation, HashSet<IParameterSymbol> onPath, SemanticModel? model, CancellationToken cancellationToken)
    {
        IOperation? parent = use.Parent;
        while (parent is IConversionOperation { Parent: IConversionOperation or IForEachLoopOperation })
        {
            parent = parent.Parent; // a foreach converts its collection to IEnumerable: the loop variable tells
        }

        if (parent is IForEachLoopOperation loop)
        {
            // Rows of a jagged array can be written through the loop variable, and so can a ref one.
            return loop.LoopControlVariable is IVariableDeclaratorOperation { Symbol: { IsRef: false } control }
                && (control.Type is not IArrayTypeSymbol || OnlyRead(control, loop, compilation, onPath, model, cancellationToken));
        }

        parent = use.Parent;
        while (parent is IConversionOperation conversion)
        {
            if (!Types.MayWriteElements(conversion.Type!))
            {
                // ReadOnlySpan<T>, IReadOnlyList<T>, and object as for opaque calls (a cast back to write is not assumed).
                return conversion.Type is INamedTypeSymbol;
            }

            use = parent;
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IArrayElementReferenceOperation element when element.ArrayReference == use:
                // A jagged row is itself an array: what matters is what is done with it.
                return element.Type is IArrayTypeSymbol ? IsRead(element, compilation, onPath, model, cancellationToken) : !IsWritten(element);
            case IPropertyReferenceOperation { Property.Name: "Length" }:
                return true;
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == use:
                return !IsWritten(indexer);
            case IInvocationOperation call when call.Instance == use:
                return call.TargetMethod.Name switch
                {
                    "Slice" => IsRead(call, compilation, onPath, model, cancellationToken),
                    "CopyTo" or "TryCopyTo" or "ToArray" or "IndexOf" or "Contains" or "SequenceEqual" => true,
                    _ => false,
                };
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { IsRef: false } view } }:
                // Span<double> row = x.AsSpan(…), double[] y = x: another name, judged by its own uses.
                return OnlyRead(view, parent, compilation, onPath, model, cancellationToken);
            case IArgumentOperation { Parameter: { } target } argument when argument.Parent is IInvocationOperation invocation:
                if (target.RefKind is RefKind.Ref or RefKind.Out)
                {
                    return false;
                }

                if (invocation.TargetMethod.ContainingType?.ToDisplayString() == "System.MemoryExtensions" && invocation.TargetMethod.Name is "AsSpan" or "AsMemory")
                {
                    return IsRead(invocation, compilation, onPath, model, cancellationToken);
                }

                return !MayWrite(target, compilation, onPath, model, cancellationToken);
            default:
                return false;
        }
    }

    /// <summary>Whether every use of <paramref name="local"/> in the method around <paramref name="inside"/> only reads.</summary>
    private static bool OnlyRead(ILocalSymbol local, IOperation inside, Compilation compilation, HashSet<IParameterSymbol> onPath, SemanticModel? model, CancellationToken cancellationToken)
    {
        IOperation root = inside;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return root.Descendants().OfType<ILocalReferenceOperation>()
            .Where(reference => SymbolEqualityComparer.Default.Equals(reference.Local, local))
            .All(reference => IsRead(reference, compilation, onPath, model, cancellationToken));
    }

    /// <summary>Whether an element is assigned, updated, incremented, passed by <c>ref</c>/<c>out</c> or taken by a <c>ref</c> local.</summary>
    private static bool IsWritten(IOperation element) => element.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == element,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol.RefKind == RefKind.Ref,
        _ => false,
    };
}
