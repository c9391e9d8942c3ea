using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;

namespace AutoGradGen.Generators.Tests.Support;

/// <summary>
/// Snapshot testing of generated code. <c>Snapshots/{name}.verified.cs</c> holds the approved output,
/// checked in. On a mismatch the actual output is written beside it as <c>{name}.received.cs</c> and
/// the test fails with the first differing lines. Set <c>AUTOGRADGEN_ACCEPT_SNAPSHOTS=1</c> to
/// approve: the received text then overwrites the verified file.
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "AUTOGRADGEN_ACCEPT_SNAPSHOTS";

    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        string verifiedPath = Path.Combine(directory, name + ".verified.cs");
        string receivedPath = Path.Combine(directory, name + ".received.cs");
        actual = Normalize(actual);

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, actual, new UTF8Encoding(false));
            File.Delete(receivedPath);
            return;
        }

        string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual, new UTF8Encoding(false));
        string message = verified is null
            ? $"No snapshot {verifiedPath}. Review {receivedPath} and approve it with {AcceptVariable}=1."
            : $"Snapshot {name} differs; received output in {receivedPath} (approve with {AcceptVariable}=1).\n{Diff(verified, actual)}";
        Assert.Fail(message);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    /// <summary>The lines around the first difference, marked - (verified) and + (received).</summary>
    private static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        int first = 0;
        while (first < a.Length && first < b.Length && a[first] == b[first])
        {
            first++;
        }

        var text = new StringBuilder();
        text.AppendLine($"first difference at line {first + 1}:");
        for (int i = Math.Max(0, first - 2); i < Math.Min(Math.Max(a.Length, b.Length), first + 8); i++)
        {
            if (i < a.Length && (i >= b.Length || a[i] != b[i]))
            {
                text.AppendLine("- " + a[i]);
            }

            if (i < b.Length && (i >= a.Length || a[i] != b[i]))
            {
                text.AppendLine("+ " + b[i]);
            }

            if (i < a.Length && i < b.Length && a[i] == b[i])
            {
                text.AppendLine("  " + a[i]);
            }
        }

        return text.ToString();
    }
}
