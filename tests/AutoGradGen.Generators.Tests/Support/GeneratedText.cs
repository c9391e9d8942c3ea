namespace AutoGradGen.Generators.Tests.Support;

/// <summary>Pieces of a generated file, for assertions about one member's code.</summary>
public static class GeneratedText
{
    /// <summary>The text from the first <paramref name="start"/> up to the next <paramref name="end"/> after it.</summary>
    public static string Between(string source, string start, string end)
    {
        int from = source.IndexOf(start, System.StringComparison.Ordinal);
        Assert.True(from >= 0, "'" + start + "' is not in the generated source");
        int to = source.IndexOf(end, from, System.StringComparison.Ordinal);
        Assert.True(to >= 0, "'" + end + "' does not follow '" + start + "' in the generated source");
        return source.Substring(from, to - from);
    }

    /// <summary>The generated <c>{method}Gradient</c> member, up to its pullback.</summary>
    public static string Gradient(string source, string method) => Between(source, method + "Gradient(", method + "Pullback(");
}
