using System.Collections.Generic;

namespace AutoGradGen.Generators.Lowering;

/// <summary>Hands out identifiers that are unique within one generated method.</summary>
internal sealed class NameScope
{
    private readonly HashSet<string> used = new();

    public bool IsUsed(string name) => used.Contains(name);

    public NameScope Clone()
    {
        var copy = new NameScope();
        copy.used.UnionWith(used);
        return copy;
    }

    public void Reserve(string name) => used.Add(name);

    /// <summary>Returns <paramref name="preferred"/> if free, else <c>preferred2</c>, <c>preferred3</c>, ….</summary>
    public string Fresh(string preferred)
    {
        if (used.Add(preferred))
        {
            return preferred;
        }

        for (int i = 2; ; i++)
        {
            string candidate = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (used.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
