using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoGradGen.Generators.Diagnostics;
using AutoGradGen.Generators.Emit;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AutoGradGen.Generators;

/// <summary>
/// The incremental pipeline: find [Differentiable] methods, compile each into an equatable model
/// (all semantic work happens here, once per edit of that method), report diagnostics from their own
/// branch, and emit one file per containing type.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    public static class TrackingNames
    {
        public const string Methods = nameof(Methods);
        public const string Models = nameof(Models);
        public const string Files = nameof(Files);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<MethodResult> methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "AutoGradGen.DifferentiableAttribute",
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (context, cancellationToken) => MethodCompiler.Compile(context, cancellationToken))
            .WithTrackingName(TrackingNames.Methods);

        // Reported against the compilation's own syntax trees, so that #pragma warning disable reaches
        // them (a location built from a path alone bypasses the tree's pragma table). Only methods with
        // diagnostics meet every new compilation here; the models stay cached.
        IncrementalValueProvider<Compilation> compilation = context.CompilationProvider;
        context.RegisterSourceOutput(methods.Select(static (result, _) => result.Diagnostics).Where(static d => d.Count > 0).Combine(compilation), Report);

        // [DerivativeOf] registrations are checked where they are written, whether or not a call uses them.
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> registrations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                Lowering.CustomDerivatives.AttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (context, _) => CheckRegistration(context));
        context.RegisterSourceOutput(registrations.Where(static d => d.Count > 0).Combine(compilation), Report);

        IncrementalValuesProvider<MethodModel> models = methods
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Models);

        IncrementalValuesProvider<TypeFileModel> files = models
            .Collect()
            .SelectMany(static (models, _) => GroupByType(models))
            .WithTrackingName(TrackingNames.Files);

        // Bounds checks in the reverse sweep: kept in Debug builds, dropped where the forward sweep
        // already made them in optimized ones, unless the project says otherwise.
        IncrementalValueProvider<bool> reverseBoundsChecks = context.AnalyzerConfigOptionsProvider
            .Combine(context.CompilationProvider.Select(static (compilation, _) => compilation.Options.OptimizationLevel))
            .Select(static (pair, _) => ReverseBoundsChecks(pair.Left.GlobalOptions, pair.Right));

        context.RegisterSourceOutput(files.Combine(reverseBoundsChecks), static (context, pair) =>
        {
            TypeFileModel file = pair.Left;
            string source;
            try
            {
                source = SourceEmitter.Emit(file, reverseBoundsChecks: pair.Right);
            }
            catch (Exception exception)
            {
                foreach (MethodModel method in file.Methods)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, method.Name, exception.Message));
                }

                return;
            }

            context.AddSource(file.Container.HintName, SourceText.From(source, System.Text.Encoding.UTF8));
        });
    }

    /// <summary>Reports diagnostics at locations in the compilation's own syntax trees, indexed by path once per call.</summary>
    private static void Report(SourceProductionContext context, (EquatableArray<DiagnosticInfo> Diagnostics, Compilation Compilation) pair)
    {
        var trees = new Dictionary<string, List<SyntaxTree>>();
        foreach (SyntaxTree tree in pair.Compilation.SyntaxTrees)
        {
            if (!trees.TryGetValue(tree.FilePath, out List<SyntaxTree>? sameFile))
            {
                trees.Add(tree.FilePath, sameFile = new List<SyntaxTree>());
            }

            sameFile.Add(tree);
        }

        foreach (DiagnosticInfo diagnostic in pair.Diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic(trees));
        }
    }

    /// <summary>The MSBuild property <c>AutoGradGenReverseBoundsChecks</c> (true/false); unset, checks stay in unoptimized builds only.</summary>
    private static bool ReverseBoundsChecks(Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions options, OptimizationLevel optimization)
        => options.TryGetValue("build_property.AutoGradGenReverseBoundsChecks", out string? value) && bool.TryParse(value, out bool keep)
            ? keep
            : optimization == OptimizationLevel.Debug;

    private static EquatableArray<DiagnosticInfo> CheckRegistration(GeneratorAttributeSyntaxContext context)
    {
        if (context.TargetSymbol is not IMethodSymbol registration || context.Attributes.IsEmpty)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        Location location = context.Attributes[0].ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? Location.None;
        IMethodSymbol? target = Lowering.CustomDerivatives.Targets(registration, context.SemanticModel.Compilation);
        string? problem = target is null
            ? "the method it names does not exist"
            : Lowering.CustomDerivatives.Mismatch(registration, target);
        if (problem is null)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        string targetName = target?.ToDisplayString() ?? context.Attributes[0].ConstructorArguments.LastOrDefault().Value?.ToString() ?? "?";
        return new EquatableArray<DiagnosticInfo>(new[]
        {
            DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDerivativeRegistration, location, registration.Name, targetName, problem),
        });
    }

    private static ImmutableArray<TypeFileModel> GroupByType(ImmutableArray<MethodModel> models)
    {
        var order = new List<TypeChainModel>();
        var groups = new Dictionary<TypeChainModel, List<MethodModel>>();
        foreach (MethodModel model in models)
        {
            if (!groups.TryGetValue(model.Container, out List<MethodModel>? group))
            {
                group = new List<MethodModel>();
                groups.Add(model.Container, group);
                order.Add(model.Container);
            }

            group.Add(model);
        }

        var files = ImmutableArray.CreateBuilder<TypeFileModel>(order.Count);
        foreach (TypeChainModel container in order)
        {
            files.Add(new TypeFileModel(container, groups[container].ToEquatableArray()));
        }

        return files.MoveToImmutable();
    }
}
