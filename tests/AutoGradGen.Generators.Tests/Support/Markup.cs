using Microsoft.CodeAnalysis.Text;

namespace AutoGradGen.Generators.Tests.Support;

/// <summary>Source with one span marked <c>[|like this|]</c>: the expected location of a diagnostic.</summary>
public static class Markup
{
    public static (string Source, TextSpan Span) Parse(string markup)
    {
        int start = markup.IndexOf("[|", System.StringComparison.Ordinal);
        int end = markup.IndexOf("|]", System.StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "markup needs one [| … |] span");
        string source = markup.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }
}
