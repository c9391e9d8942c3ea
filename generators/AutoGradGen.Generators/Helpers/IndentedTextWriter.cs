using System.Text;

namespace AutoGradGen.Generators.Helpers;

/// <summary>A small string builder that tracks indentation, for emitting readable C#.</summary>
internal sealed class IndentedTextWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder builder = new();
    private int depth;

    public void WriteLine(string line = "")
    {
        if (line.Length > 0)
        {
            for (int i = 0; i < depth; i++)
            {
                builder.Append(IndentUnit);
            }

            builder.Append(line);
        }

        builder.Append('\n');
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the scope is disposed.</summary>
    public Scope Block(string header)
    {
        WriteLine(header);
        WriteLine("{");
        depth++;
        return new Scope(this);
    }

    public void Indent() => depth++;

    public void Outdent() => depth--;

    public override string ToString() => builder.ToString();

    internal readonly struct Scope : System.IDisposable
    {
        private readonly IndentedTextWriter writer;

        public Scope(IndentedTextWriter writer) => this.writer = writer;

        public void Dispose()
        {
            writer.depth--;
            writer.WriteLine("}");
        }
    }
}
