using AutoGradGen.Generators.Helpers;

namespace AutoGradGen.Generators.Models;

/// <summary>One enclosing type declaration: <c>partial {Keyword} {Name}</c> (Name includes type parameters).</summary>
internal sealed record ContainingTypeModel(string Keyword, string Name, bool IsStatic);

/// <summary>Where generated members go: the namespace (null for the global one) and the type chain, outermost first.</summary>
internal sealed record TypeChainModel(string? Namespace, EquatableArray<ContainingTypeModel> Types)
{
    /// <summary>The hint name of the one generated file for this type.</summary>
    public string HintName
    {
        get
        {
            var builder = new System.Text.StringBuilder();
            if (Namespace is not null)
            {
                builder.Append(Namespace).Append('.');
            }

            for (int i = 0; i < Types.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append('.');
                }

                foreach (char c in Types[i].Name)
                {
                    builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
                }
            }

            return builder.Append(".Differentiable.g.cs").ToString();
        }
    }
}

/// <summary>A parameter of the user's method and the names of its generated gradient and adjoint arguments.</summary>
internal sealed record ParameterModel(
    string Name,
    TypeRef Type,
    string Modifier,
    bool IsDifferentiable,
    string GradientName,
    string AdjointName);

/// <summary>
/// The type parameter list of a generic method (<c>&lt;T&gt;</c>) and its constraint clauses, fully
/// qualified (<c>where T : global::System.Numerics.IFloatingPointIeee754&lt;T&gt;</c>); empty for others.
/// </summary>
internal sealed record TypeParametersModel(string List, EquatableArray<string> Constraints)
{
    public static readonly TypeParametersModel None = new(string.Empty, EquatableArray<string>.Empty);
}

/// <summary>
/// Everything needed to print the two generated members of one differentiable method. Equatable by
/// value: the incremental pipeline serves it from cache when an edit does not change it.
/// <see cref="WrittenArrayParameters"/>: the array and span parameters the method may write, for
/// callers in other assemblies; null when it has none that could be written.
/// </summary>
internal sealed record MethodModel(
    TypeChainModel Container,
    string Name,
    string Accessibility,
    TypeRef ReturnType,
    EquatableArray<ParameterModel> Parameters,
    string SeedName,
    string DocumentationSignature,
    TypeParametersModel TypeParameters,
    EquatableArray<Stmt> GradientBody,
    EquatableArray<Stmt> PullbackBody,
    bool IsKernel,
    EquatableArray<string>? WrittenArrayParameters);

/// <summary>All methods of one containing type: one generated file.</summary>
internal sealed record TypeFileModel(TypeChainModel Container, EquatableArray<MethodModel> Methods);

/// <summary>What the transform step produces for one attributed method.</summary>
internal sealed record MethodResult(MethodModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
