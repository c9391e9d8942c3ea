using System.Collections.Generic;
using AutoGradGen.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace AutoGradGen.Generators.Tests;

/// <summary>
/// Which builds get reverse sweeps without repeated bounds checks: optimized ones by default, and
/// whatever the MSBuild property <c>AutoGradGenReverseBoundsChecks</c> says when it is set.
/// </summary>
public class ReverseBoundsCheckTests
{
    private const string Source = "using System;\nusing AutoGradGen;\n\nnamespace Demo;\n\n" + SnapshotTests.TriangularQuadraticForm;

    [Theory]
    [InlineData(OptimizationLevel.Debug, null, true)]
    [InlineData(OptimizationLevel.Release, null, false)]
    [InlineData(OptimizationLevel.Release, "true", true)]
    [InlineData(OptimizationLevel.Release, "True", true)]
    [InlineData(OptimizationLevel.Debug, "false", false)]
    [InlineData(OptimizationLevel.Release, "not-a-bool", false)]
    public void Property_and_optimization_decide(OptimizationLevel optimization, string? property, bool expectChecks)
    {
        Dictionary<string, string>? properties = property is null ? null : new() { ["AutoGradGenReverseBoundsChecks"] = property };
        GeneratorRun run = GeneratorHarness.Run(optimization, properties, Source);

        Assert.Null(run.Exception);
        Assert.Empty(run.CompilationDiagnostics);
        string source = run.SingleSource;
        Assert.Equal(!expectChecks, source.Contains("UncheckedAccess.At(", System.StringComparison.Ordinal));

        // Only reverse code changes: the forward sweep is the user's code, checks and all (no access in
        // this source is proven in range by its loop, see ProvenBoundsTests), except for the reverse
        // of each iteration an independent loop runs right after it (to the loop's end).
        string forward = source.Substring(0, source.IndexOf("// Reverse sweep", System.StringComparison.Ordinal));
        Assert.Contains("this iteration's reverse", forward, System.StringComparison.Ordinal);
        int reverseIndent = -1;
        foreach (string line in forward.Split('\n'))
        {
            int indent = line.Length - line.TrimStart().Length;
            if (line.TrimStart().StartsWith("// this iteration's reverse", System.StringComparison.Ordinal))
            {
                reverseIndent = indent;
                continue;
            }

            if (reverseIndent >= 0 && line.Trim().Length > 0 && indent < reverseIndent)
            {
                reverseIndent = -1;
            }

            if (reverseIndent < 0)
            {
                Assert.DoesNotContain("UncheckedAccess", line, System.StringComparison.Ordinal);
            }
        }
    }
}
