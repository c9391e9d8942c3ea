using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoGradGen.Generators.Lowering;

/// <summary>
/// Pullbacks registered with <c>[DerivativeOf(typeof(T), "M")]</c>: finding the one for a call,
/// and checking that a registration has the generated pullback's shape.
/// </summary>
internal static class CustomDerivatives
{
    public const string AttributeName = "AutoGradGen.DerivativeOfAttribute";

    /// <summary>
    /// The registered pullback of <paramref name="target"/>, looked up in the compilation's source
    /// and in the AutoGradGen runtime assembly (which registers its own primitives). Called only for
    /// calls that would otherwise have no derivative, so the scan stays off the common path.
    /// </summary>
    public static DifferentiableCallee? Find(IMethodSymbol target, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (IMethodSymbol registration in Registrations(compilation, cancellationToken))
        {
            if (Targets(registration, compilation) is { } registered
                && SymbolEqualityComparer.Default.Equals(registered.OriginalDefinition, target.OriginalDefinition)
                && Mismatch(registration, registered) is null
                && target.TypeArguments.All(Types.IsFloating))
            {
                var differentiable = new List<bool>();
                var names = new List<string>();
                for (int i = 0; i < target.Parameters.Length; i++)
                {
                    differentiable.Add(IsDifferentiable(registration.Parameters[i]));
                    names.Add(target.Parameters[i].Name);
                }

                string owner = registration.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                // A generic registration is called with the call's own type arguments (Dot<double> → DotPullback<double>).
                string typeArguments = target.IsGenericMethod
                    ? "<" + string.Join(", ", target.TypeArguments.Select(t => t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))) + ">"
                    : string.Empty;
                bool isKernel = target.ReturnsVoid;
                return new DifferentiableCallee(
                    owner + "." + registration.Name + typeArguments,
                    differentiable.ToEquatableArray(),
                    names.ToEquatableArray(),
                    isKernel,
                    target.Parameters.Select(p => isKernel && MethodReader.IsOutput(p)).ToEquatableArray(),
                    target.Parameters.Select(p => Types.SpanElement(p.Type) is not null).ToEquatableArray(),
                    IsRegistered: true);
            }
        }

        return null;
    }

    /// <summary>The method a registration names, or null if the attribute does not resolve to exactly one.</summary>
    public static IMethodSymbol? Targets(IMethodSymbol registration, Compilation compilation)
    {
        foreach (AttributeData attribute in registration.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != AttributeName || attribute.ConstructorArguments.Length != 2
                || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol type
                || attribute.ConstructorArguments[1].Value is not string name)
            {
                continue;
            }

            // Overloads are told apart by the registration's leading parameter types (a generic
            // candidate's written with the registration's type parameters).
            foreach (IMethodSymbol candidate in type.GetMembers(name).OfType<IMethodSymbol>())
            {
                IMethodSymbol aligned = InRegistrationTerms(candidate, registration);
                if (aligned.Parameters.Length < registration.Parameters.Length
                    && Enumerable.Range(0, aligned.Parameters.Length).All(i => SymbolEqualityComparer.Default.Equals(aligned.Parameters[i].Type, registration.Parameters[i].Type)))
                {
                    return candidate;
                }
            }

            return type.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault();
        }

        return null;
    }

    /// <summary>
    /// A generic target <c>M&lt;T&gt;</c> written with the registration's own type parameters
    /// (<c>M&lt;U&gt;</c> for <c>P&lt;U&gt;</c>), so that their parameter types compare; any other target as is.
    /// </summary>
    private static IMethodSymbol InRegistrationTerms(IMethodSymbol target, IMethodSymbol registration)
        => target.IsGenericMethod && target.TypeParameters.Length == registration.TypeParameters.Length
            ? target.OriginalDefinition.Construct(registration.TypeParameters.Cast<ITypeSymbol>().ToArray())
            : target;

    /// <summary>Why <paramref name="registration"/> cannot be the pullback of <paramref name="target"/>, or null if it can.</summary>
    public static string? Mismatch(IMethodSymbol registration, IMethodSymbol target)
    {
        if (!registration.IsStatic || !registration.ReturnsVoid)
        {
            return "a pullback is a static void method";
        }

        if (target.ContainingType.IsGenericType || registration.ContainingType.IsGenericType)
        {
            return "methods of generic types are not supported, as targets or as pullbacks";
        }

        if (target.IsGenericMethod || registration.IsGenericMethod)
        {
            if (!target.IsGenericMethod)
            {
                return "the target is not generic, so the pullback must not be either";
            }

            if (target.TypeParameters.Length != registration.TypeParameters.Length)
            {
                return "a generic target needs a pullback with as many type parameters (" + target.TypeParameters.Length + "), in the same order";
            }

            // Written in the pullback's type parameters, each a floating type and nothing more, so that
            // any type argument a differentiable caller can give (double, float, its own floating T) fits.
            target = InRegistrationTerms(target, registration);
            foreach (ITypeParameterSymbol typeParameter in registration.TypeParameters)
            {
                if (!IsPlainFloatingTypeParameter(typeParameter))
                {
                    return "type parameter '" + typeParameter.Name + "' must be constrained to System.Numerics.IFloatingPointIeee754<" + typeParameter.Name + "> and nothing else";
                }
            }
        }

        // A kernel (void, writing output spans) has no seed: its outputs' adjoints come in place of one.
        bool isKernel = target.IsStatic && target.ReturnsVoid && MethodReader.IsKernel(target);
        if (!target.IsStatic || !(Types.IsFloating(target.ReturnType) || isKernel))
        {
            return "the target must be a static method returning double or float, or a void kernel writing a Span<double>/Span<float> output";
        }

        int n = target.Parameters.Length;
        var expected = new List<string>();
        for (int i = 0; i < n; i++)
        {
            expected.Add(target.Parameters[i].Type.ToDisplayString());
        }

        int seedCount = isKernel ? 0 : 1;
        if (registration.Parameters.Length < n + seedCount)
        {
            return isKernel
                ? "expected the target's parameters (" + string.Join(", ", expected) + "), then one adjoint per differentiable parameter, outputs included"
                : "expected the target's parameters (" + string.Join(", ", expected) + "), then the seed (" + target.ReturnType.ToDisplayString() + "), then one adjoint per differentiable parameter";
        }

        for (int i = 0; i < n; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(registration.Parameters[i].Type, target.Parameters[i].Type))
            {
                return "parameter " + (i + 1) + " must have the target's type " + target.Parameters[i].Type.ToDisplayString();
            }
        }

        if (!isKernel && (!SymbolEqualityComparer.Default.Equals(registration.Parameters[n].Type, target.ReturnType) || registration.Parameters[n].RefKind != RefKind.None))
        {
            return "parameter " + (n + 1) + " must be the seed, of the target's return type " + target.ReturnType.ToDisplayString();
        }

        int next = n + seedCount;
        for (int i = 0; i < n; i++)
        {
            if (!IsDifferentiable(registration.Parameters[i]))
            {
                continue;
            }

            ITypeSymbol type = target.Parameters[i].Type;
            string want = Types.IsFloating(type)
                ? "ref " + type.ToDisplayString()
                : Types.From(type).Rank == 2 ? type.ToDisplayString() : "System.Span<" + Types.From(type).FloatingElement!.Name + ">";
            if (next >= registration.Parameters.Length)
            {
                return "missing the adjoint of '" + target.Parameters[i].Name + "' (" + want + ")";
            }

            IParameterSymbol adjoint = registration.Parameters[next++];
            string have = (adjoint.RefKind == RefKind.Ref ? "ref " : adjoint.RefKind == RefKind.None ? string.Empty : adjoint.RefKind.ToString().ToLowerInvariant() + " ") + adjoint.Type.ToDisplayString();
            if (have != want)
            {
                return "the adjoint of '" + target.Parameters[i].Name + "' must be " + want + ", not " + have;
            }
        }

        if (next != registration.Parameters.Length)
        {
            return "it has " + (registration.Parameters.Length - next) + " parameter(s) more than the target's parameters, " + (isKernel ? string.Empty : "the seed ") + "and one adjoint per differentiable parameter";
        }

        return null;
    }

    /// <summary><c>where U : IFloatingPointIeee754&lt;U&gt;</c>, with no other constraint.</summary>
    private static bool IsPlainFloatingTypeParameter(ITypeParameterSymbol typeParameter)
        => typeParameter.ConstraintTypes.Length == 1
           && typeParameter.ConstraintTypes[0] is INamedTypeSymbol { IsGenericType: true } constraint
           && constraint.ConstructedFrom.ToDisplayString() == "System.Numerics.IFloatingPointIeee754<TSelf>"
           && SymbolEqualityComparer.Default.Equals(constraint.TypeArguments[0], typeParameter)
           && !typeParameter.HasValueTypeConstraint && !typeParameter.HasUnmanagedTypeConstraint
           && !typeParameter.HasReferenceTypeConstraint && !typeParameter.HasConstructorConstraint && !typeParameter.HasNotNullConstraint;

    /// <summary>A target parameter is differentiated when it carries derivatives and the registration does not mark it [NoDiff].</summary>
    private static bool IsDifferentiable(IParameterSymbol registrationParameter)
        => (Types.IsFloating(registrationParameter.Type) || Types.IsFloatingArray(registrationParameter.Type))
           && !Types.HasAttribute(registrationParameter, Types.NoDiffAttribute);

    private static IEnumerable<IMethodSymbol> Registrations(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SemanticModel? model = null;
            foreach (AttributeSyntax attribute in tree.GetRoot(cancellationToken).DescendantNodes().OfType<AttributeSyntax>())
            {
                string name = attribute.Name.ToString();
                if (!name.EndsWith("DerivativeOf", System.StringComparison.Ordinal) && !name.EndsWith("DerivativeOfAttribute", System.StringComparison.Ordinal))
                {
                    continue;
                }

                if (attribute.Parent?.Parent is MethodDeclarationSyntax method)
                {
                    model ??= compilation.GetSemanticModel(tree);
                    if (model.GetDeclaredSymbol(method, cancellationToken) is IMethodSymbol symbol)
                    {
                        yield return symbol;
                    }
                }
            }
        }

        // The runtime registers the derivatives of its own vectorized primitives.
        foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Name != "AutoGradGen")
            {
                continue;
            }

            foreach (IMethodSymbol method in AllMethods(assembly.GlobalNamespace))
            {
                if (method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeName))
                {
                    yield return method;
                }
            }
        }
    }

    private static IEnumerable<IMethodSymbol> AllMethods(INamespaceOrTypeSymbol container)
    {
        foreach (ISymbol member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceOrTypeSymbol nested:
                    foreach (IMethodSymbol method in AllMethods(nested))
                    {
                        yield return method;
                    }

                    break;
                case IMethodSymbol { DeclaredAccessibility: Accessibility.Public, IsStatic: true } method:
                    yield return method;
                    break;
            }
        }
    }
}
