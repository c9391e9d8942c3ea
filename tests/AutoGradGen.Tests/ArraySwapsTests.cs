using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>The <see cref="ArraySwaps"/> corpus against central differences.</summary>
public class ArraySwapsTests
{
    private static readonly double[] W = { 0.7, -0.4, 1.3, 0.2 };

    public static TheoryData<string> Functions => new() { "SelfDot", "BubbleSorted", "Reversed", "BreakOnThreshold", "StackallocSlices" };

    [Theory]
    [MemberData(nameof(Functions))]
    public void Matches_central_differences(string name)
    {
        (Func<double[], double> function, Func<double[], double[], double> gradient) = name switch
        {
            "SelfDot" => ((Func<double[], double>)ArraySwaps.SelfDot, (Func<double[], double[], double>)((w, g) => ArraySwaps.SelfDotGradient(w, g))),
            "BubbleSorted" => (ArraySwaps.BubbleSorted, (w, g) => ArraySwaps.BubbleSortedGradient(w, g)),
            "Reversed" => (ArraySwaps.Reversed, (w, g) => ArraySwaps.ReversedGradient(w, g)),
            "BreakOnThreshold" => (ArraySwaps.BreakOnThreshold, (w, g) => ArraySwaps.BreakOnThresholdGradient(w, g)),
            _ => (ArraySwaps.StackallocSlices, (w, g) => ArraySwaps.StackallocSlicesGradient(w, g)),
        };

        foreach (double[] point in new[] { W, new[] { -0.3, 0.9, 0.1, -1.2 } })
        {
            double[] g = new double[point.Length];
            double value = gradient(point, g);
            Assert.Equal(function(point), value);
            GradientAssert.Matches(function, point, value, g);
        }
    }

    [Fact]
    public void Recurrence()
    {
        double[] x = { 0.5, 1, -1, 2 };
        double[] g = new double[W.Length];
        double value = ArraySwaps.RecurrenceGradient(W, x, g);
        GradientAssert.Matches(p => ArraySwaps.Recurrence(p, x), W, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void LoopBoundFromArray(int count)
    {
        double[] g = new double[W.Length];
        double value = ArraySwaps.LoopBoundFromArrayGradient(W, new[] { count }, g);
        GradientAssert.Matches(p => ArraySwaps.LoopBoundFromArray(p, new[] { count }), W, value, g);
    }
}
