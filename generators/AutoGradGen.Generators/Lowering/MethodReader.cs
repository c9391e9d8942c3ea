using System.Collections.Generic;
using AutoGradGen.Generators.Diagnostics;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoGradGen.Generators.Lowering;

/// <summary>
/// Checks a [Differentiable] method against the contract (static, floating return, partial
/// containers, supported parameters, free generated names) and reads the facts the emitter needs.
/// </summary>
internal static class MethodReader
{
    /// <summary>Reports every contract violation; returns false if the method cannot be generated.</summary>
    public static bool Check(IMethodSymbol method, MethodDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        int before = diagnostics.Count;
        string name = method.Name;

        for (SyntaxNode? node = syntax.Parent; node is TypeDeclarationSyntax type; node = node.Parent)
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, type.Identifier.GetLocation(), type.Identifier.Text, name));
            }
        }

        if (!method.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotStatic, syntax.Identifier.GetLocation(), name));
        }

        // Generic methods are supported over floating type parameters: T : IFloatingPointIeee754<T>.
        for (int i = 0; i < method.TypeParameters.Length; i++)
        {
            ITypeParameterSymbol typeParameter = method.TypeParameters[i];
            if (!Types.IsGenericFloating(typeParameter))
            {
                Location location = syntax.TypeParameterList is { } list && i < list.Parameters.Count ? list.Parameters[i].GetLocation() : syntax.Identifier.GetLocation();
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, location, name, typeParameter.Name));
            }
        }

        bool isKernel = method.ReturnsVoid && IsKernel(method);
        if ((!Types.IsFloating(method.ReturnType) && !isKernel) || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType, syntax.ReturnType.GetLocation(), name, method.ReturnType.ToDisplayString()));
        }

        for (int i = 0; i < method.Parameters.Length; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            string? problem = ParameterProblem(parameter);
            if (problem is not null)
            {
                Location location = i < syntax.ParameterList.Parameters.Count ? syntax.ParameterList.Parameters[i].GetLocation() : syntax.Identifier.GetLocation();
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameter, location, parameter.Name, name, problem));
            }
        }

        if (syntax.Body is null && syntax.ExpressionBody is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingBody, syntax.Identifier.GetLocation(), name));
        }

        foreach (string generated in new[] { name + "Gradient", name + "Pullback" })
        {
            if (!method.ContainingType.GetMembers(generated).IsEmpty)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameClash, syntax.Identifier.GetLocation(), method.ContainingType.Name, generated, name));
            }
        }

        return diagnostics.Count == before;
    }

    /// <summary>
    /// A void differentiable method is a kernel: it writes its outputs, the differentiable parameters
    /// that are mutable floating arrays (<c>Span&lt;T&gt;</c>, <c>T[]</c>, <c>T[][]</c>); read-only spans are
    /// inputs. It needs at least one output.
    /// </summary>
    public static bool IsKernel(IMethodSymbol method)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (IsOutput(parameter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An output (in-out) parameter of a kernel: a differentiable, mutable floating array.</summary>
    public static bool IsOutput(IParameterSymbol parameter)
        => Types.IsDifferentiableParameter(parameter) && Types.IsFloatingArray(parameter.Type)
           && !(Types.SpanElement(parameter.Type) is not null && parameter.Type.Name == "ReadOnlySpan");

    private static string? ParameterProblem(IParameterSymbol parameter)
    {
        if (parameter.RefKind is RefKind.Ref or RefKind.Out or RefKind.RefReadOnlyParameter)
        {
            return "ref and out parameters are not supported; pass it by value";
        }

        ITypeSymbol type = parameter.Type;
        if (type is IArrayTypeSymbol { Rank: > 1 })
        {
            return "multidimensional arrays are not supported; use a flat array or a jagged T[][]";
        }

        if (type is IArrayTypeSymbol { ElementType: IArrayTypeSymbol { ElementType: IArrayTypeSymbol } } && Types.IsFloating(Innermost(type)))
        {
            return "arrays nested deeper than T[][] are not supported";
        }

        return null;
    }

    private static ITypeSymbol Innermost(ITypeSymbol type)
    {
        while (type is IArrayTypeSymbol array)
        {
            type = array.ElementType;
        }

        return type;
    }

    /// <summary>The namespace and containing types, outermost first, as the emitter repeats them.</summary>
    public static TypeChainModel ReadContainer(IMethodSymbol method)
    {
        var types = new List<ContainingTypeModel>();
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            types.Insert(0, new ContainingTypeModel(Keyword(type), NameWithTypeParameters(type), type.IsStatic));
        }

        INamespaceSymbol ns = method.ContainingType.ContainingNamespace;
        return new TypeChainModel(ns.IsGlobalNamespace ? null : ns.ToDisplayString(), types.ToEquatableArray());
    }

    private static string Keyword(INamedTypeSymbol type)
    {
        if (type.IsRecord)
        {
            return type.TypeKind == TypeKind.Struct ? "record struct" : "record";
        }

        return type.TypeKind switch
        {
            TypeKind.Struct => "struct",
            TypeKind.Interface => "interface",
            _ => "class",
        };
    }

    private static string NameWithTypeParameters(INamedTypeSymbol type)
    {
        string name = type.Name;
        if (type.TypeParameters.Length > 0)
        {
            var parameters = new List<string>();
            foreach (ITypeParameterSymbol parameter in type.TypeParameters)
            {
                parameters.Add(parameter.Name);
            }

            name += "<" + string.Join(", ", parameters) + ">";
        }

        return name;
    }

    public static string Accessibility(IMethodSymbol method) => method.DeclaredAccessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    /// <summary>The method's type parameters and their constraints, as the generated members repeat them.</summary>
    public static TypeParametersModel TypeParameters(IMethodSymbol method)
    {
        if (!method.IsGenericMethod)
        {
            return TypeParametersModel.None;
        }

        var names = new List<string>();
        var clauses = new List<string>();
        foreach (ITypeParameterSymbol parameter in method.TypeParameters)
        {
            names.Add(parameter.Name);
            var constraints = new List<string>();
            if (parameter.HasUnmanagedTypeConstraint)
            {
                constraints.Add("unmanaged");
            }
            else if (parameter.HasValueTypeConstraint)
            {
                constraints.Add("struct");
            }
            else if (parameter.HasReferenceTypeConstraint)
            {
                constraints.Add("class");
            }
            else if (parameter.HasNotNullConstraint)
            {
                constraints.Add("notnull");
            }

            foreach (ITypeSymbol constraint in parameter.ConstraintTypes)
            {
                constraints.Add(constraint.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            }

            if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint)
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                clauses.Add("where " + parameter.Name + " : " + string.Join(", ", constraints));
            }
        }

        return new TypeParametersModel("<" + string.Join(", ", names) + ">", clauses.ToEquatableArray());
    }

    /// <summary><c>Name(double x, int n)</c>, for the generated XML docs.</summary>
    public static string DocumentationSignature(IMethodSymbol method)
    {
        var parameters = new List<string>();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            parameters.Add(parameter.Type.ToDisplayString() + " " + parameter.Name);
        }

        return method.Name + "(" + string.Join(", ", parameters) + ")";
    }
}
