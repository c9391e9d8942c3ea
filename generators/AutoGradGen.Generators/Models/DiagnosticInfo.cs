using System.Collections.Generic;
using AutoGradGen.Generators.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoGradGen.Generators.Models;

/// <summary>A source location as plain values (a <see cref="Location"/> holds the syntax tree).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    /// <summary>
    /// The location in the compilation's syntax tree of that path (<paramref name="trees"/>, by path),
    /// which the compiler checks against the tree's <c>#pragma warning</c> directives; else one built
    /// from the path.
    /// </summary>
    public Location ToLocation(IReadOnlyDictionary<string, List<SyntaxTree>> trees)
    {
        if (trees.TryGetValue(FilePath, out List<SyntaxTree>? sameFile))
        {
            foreach (SyntaxTree tree in sameFile)
            {
                if (Span.End <= tree.Length && tree.GetLineSpan(Span).Span == LineSpan)
                {
                    return Location.Create(tree, Span);
                }
            }
        }

        return Location.Create(FilePath, Span, LineSpan);
    }
}

/// <summary>A diagnostic to report, as equatable values (descriptor id, location, message arguments).</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> MessageArguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
        => new(descriptor.Id, LocationInfo.From(location), new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic(IReadOnlyDictionary<string, List<SyntaxTree>> trees)
    {
        DiagnosticDescriptor descriptor = Diagnostics.DiagnosticDescriptors.ById(Id);
        object[] args = new object[MessageArguments.Count];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = MessageArguments[i];
        }

        return Diagnostic.Create(descriptor, Location?.ToLocation(trees) ?? Microsoft.CodeAnalysis.Location.None, args);
    }
}
