using AutoGradGen.Generators.Models;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoGradGen.Generators.Lowering;

/// <summary>Maps Roslyn types to <see cref="TypeRef"/>s and answers the contract's type questions.</summary>
internal static class Types
{
    public const string DifferentiableAttribute = "AutoGradGen.DifferentiableAttribute";

    /// <summary>On a generated pullback: the array parameters the differentiated method may write.</summary>
    public const string WritesArrayParametersAttribute = "AutoGradGen.WritesArrayParametersAttribute";
    public const string NoDiffAttribute = "AutoGradGen.NoDiffAttribute";

    public static TypeRef From(ITypeSymbol? type)
    {
        if (type is null)
        {
            return new TypeRef("object", ValueKind.Other);
        }

        string name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return new TypeRef(name, ValueKind.Array, From(array.ElementType));
        }

        if (SpanElement(type) is { } spanElement)
        {
            return new TypeRef(name, ValueKind.Array, From(spanElement), IsSpan: true);
        }

        if (IsGenericFloating(type))
        {
            return new TypeRef(name, ValueKind.Generic);
        }

        ValueKind kind = type.SpecialType switch
        {
            SpecialType.System_Double => ValueKind.Double,
            SpecialType.System_Single => ValueKind.Single,
            SpecialType.System_Boolean => ValueKind.Boolean,
            SpecialType.System_Void => ValueKind.Void,
            SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64
                or SpecialType.System_UInt64 or SpecialType.System_Char => ValueKind.Integral,
            _ => ValueKind.Other,
        };
        return new TypeRef(name, kind);
    }

    /// <summary>double, float, or a type parameter constrained to <c>IFloatingPointIeee754&lt;T&gt;</c>.</summary>
    public static bool IsFloating(ITypeSymbol? type)
        => type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single || IsGenericFloating(type);

    /// <summary>
    /// A type parameter <c>T</c> constrained to <c>IFloatingPointIeee754&lt;T&gt;</c> (directly or through an
    /// interface that extends it): every function the derivative rules call exists on it as <c>T.Exp</c>, …
    /// </summary>
    public static bool IsGenericFloating(ITypeSymbol? type)
    {
        if (type is not ITypeParameterSymbol parameter)
        {
            return false;
        }

        foreach (ITypeSymbol constraint in parameter.ConstraintTypes)
        {
            if (constraint is INamedTypeSymbol named && (IsIeee754Of(named, parameter) || named.AllInterfaces.Any(i => IsIeee754Of(i, parameter))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIeee754Of(INamedTypeSymbol type, ITypeParameterSymbol parameter)
        => type.IsGenericType
           && type.ConstructedFrom.ToDisplayString() == "System.Numerics.IFloatingPointIeee754<TSelf>"
           && SymbolEqualityComparer.Default.Equals(type.TypeArguments[0], parameter);

    /// <summary>
    /// A static abstract member of the generic-math interfaces reached through a floating type
    /// parameter (<c>T.Exp(x)</c>, <c>T.One</c>, <c>a * b</c> on <c>T</c>): the type parameter, else null.
    /// </summary>
    public static ITypeSymbol? GenericMathReceiver(ISymbol? member, ITypeSymbol? constrainedTo)
        => member is { IsStatic: true, ContainingType.TypeKind: TypeKind.Interface }
           && member.ContainingNamespace?.ToDisplayString() == "System.Numerics"
           && IsGenericFloating(constrainedTo)
            ? constrainedTo
            : null;

    /// <summary>The element type of <c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c>, else null.</summary>
    public static ITypeSymbol? SpanElement(ITypeSymbol? type)
        => type is INamedTypeSymbol { IsGenericType: true } named
           && named.ConstructedFrom.ToDisplayString() is "System.Span<T>" or "System.ReadOnlySpan<T>"
            ? named.TypeArguments[0]
            : null;

    /// <summary>
    /// Whether a callee can change the elements of an array passed for <paramref name="parameter"/>:
    /// through an array, <c>Span&lt;T&gt;</c>, <c>Memory&lt;T&gt;</c> or <c>ArraySegment&lt;T&gt;</c>, or a
    /// mutable collection (<c>IList&lt;T&gt;</c>, <c>ICollection&lt;T&gt;</c>, <c>IList</c>, <c>Array</c>) —
    /// by value or <c>in</c> alike, which only fixes the reference. Read-only spans and collections and
    /// <c>object</c> or type parameters (formatting, logging: a cast back to an array to write it is not
    /// assumed) cannot; neither can the sources of <c>System.Array</c> and <c>MemoryExtensions</c>
    /// methods (<c>Array.IndexOf</c>, the source of <c>Array.Copy</c>, <c>x.CopyTo(y)</c>'s <c>x</c>).
    /// </summary>
    public static bool MayWriteElements(IParameterSymbol? parameter)
    {
        if (parameter is null || !MayWriteElements(parameter.Type))
        {
            return false;
        }

        if (parameter.ContainingSymbol is IMethodSymbol { ContainingType: { } owner } method
            && owner.ContainingNamespace?.ToDisplayString() == "System" && owner.Name is "Array" or "MemoryExtensions")
        {
            return parameter.Name is not ("source" or "sourceArray")
                && !(owner.Name == "Array" && method.Name is "IndexOf" or "LastIndexOf" or "BinarySearch" or "Exists" or "Find" or "FindAll"
                    or "FindIndex" or "FindLast" or "FindLastIndex" or "TrueForAll" or "ConvertAll" or "ForEach" or "AsReadOnly");
        }

        return true;
    }

    /// <summary><see cref="MayWriteElements(IParameterSymbol?)"/> for a parameter of type <paramref name="type"/>.</summary>
    public static bool MayWriteElements(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol => true,
        INamedTypeSymbol { SpecialType: SpecialType.System_Array } => true,
        INamedTypeSymbol named => named.OriginalDefinition.ToDisplayString() is "System.Span<T>" or "System.Memory<T>" or "System.ArraySegment<T>"
            or "System.Collections.Generic.IList<T>" or "System.Collections.Generic.ICollection<T>" or "System.Collections.IList",
        _ => false,
    };

    /// <summary>double[], float[], spans of them, and jagged double[][]/float[][].</summary>
    public static bool IsFloatingArray(ITypeSymbol? type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return IsFloating(array.ElementType) || (array.ElementType is IArrayTypeSymbol { Rank: 1 } row && IsFloating(row.ElementType));
        }

        return IsFloating(SpanElement(type));
    }

    public static bool HasAttribute(ISymbol symbol, string metadataName)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == metadataName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The contract's rule: a floating parameter passed by value or <c>in</c>, not marked [NoDiff].</summary>
    public static bool IsDifferentiableParameter(IParameterSymbol parameter)
        => (IsFloating(parameter.Type) || IsFloatingArray(parameter.Type))
           && parameter.RefKind is RefKind.None or RefKind.In
           && !HasAttribute(parameter, NoDiffAttribute);

    /// <summary>
    /// The bound body of a method declared once in <paramref name="compilation"/>'s own syntax trees
    /// (not a referenced project's, which cannot be bound here), or null. The caller's semantic model
    /// is reused when the method is in the same tree.
    /// </summary>
    public static Microsoft.CodeAnalysis.Operations.IMethodBodyOperation? SourceBody(IMethodSymbol method, Compilation compilation, SemanticModel? callerModel, System.Threading.CancellationToken cancellationToken)
    {
        if (method.DeclaringSyntaxReferences.Length != 1
            || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax declaration
            || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
        {
            return null;
        }

        SemanticModel model = callerModel is not null && callerModel.SyntaxTree == declaration.SyntaxTree
            ? callerModel
            : compilation.GetSemanticModel(declaration.SyntaxTree);
        return model.GetOperation(declaration, cancellationToken) as Microsoft.CodeAnalysis.Operations.IMethodBodyOperation;
    }

    /// <summary>A <c>[Differentiable]</c> method the generator can chain through (its pullback exists).</summary>
    public static bool IsDifferentiableCallee(IMethodSymbol method)
        => method.IsStatic
           && (IsFloating(method.ReturnType) || (method.ReturnsVoid && MethodReader.IsKernel(method)))
           && HasAttribute(method.OriginalDefinition, DifferentiableAttribute);
}
