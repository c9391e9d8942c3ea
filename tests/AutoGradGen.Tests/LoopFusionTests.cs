using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>
/// Fused reverse loops (and the near misses left apart) against central differences, at lengths
/// around the loops' starts (so that fused ranges are empty, partial or whole) and at zero, one and
/// several steps; each gradient twice more (pooled adjoints must not carry values between calls) and
/// the pullback as old adjoint + seed · gradient.
/// </summary>
public class LoopFusionTests
{
    private delegate double Function(ReadOnlySpan<double> x, int steps);

    private delegate double Gradient(ReadOnlySpan<double> x, int steps, Span<double> xGrad);

    private delegate void Pullback(ReadOnlySpan<double> x, int steps, double seed, Span<double> xAdjoint);

    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        string[] names =
        {
            nameof(LoopFusion.StaggeredStarts), nameof(LoopFusion.TwoSavesPerIteration), nameof(LoopFusion.ReadsAhead),
            nameof(LoopFusion.ReadsBehind), nameof(LoopFusion.BetweenTouchesTheRange), nameof(LoopFusion.SharedScalarAdjoint),
            nameof(LoopFusion.FusedBranchBetween), nameof(LoopFusion.FusedPairInsideALoop), nameof(LoopFusion.SameArrayTwice),
            nameof(LoopFusion.FillFromFirstElement),
        };
        foreach (string name in names)
        {
            foreach ((int n, int steps) in new[] { (1, 2), (2, 1), (3, 3), (6, 2), (4, 0) })
            {
                data.Add(name, n, steps);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_central_differences(string method, int n, int steps)
    {
        (Function f, Gradient gradientOf, Pullback pullback) = Methods(method);
        var random = new Random((n * 31) + steps);
        double[] x = RandomPoints.Uniform(random, n, -0.8, 0.8);
        double[] g = new double[n];
        double value = gradientOf(x, steps, g);
        Assert.Equal(f(x, steps), value, 1e-12);
        GradientAssert.Matches(p => f(p, steps), x, value, g);

        double[] again = new double[n];
        gradientOf(x, steps, again);
        gradientOf(x, steps, again);
        Assert.Equal(g, again);

        double[] start = RandomPoints.Uniform(random, n, -1, 1);
        double[] adjoint = (double[])start.Clone();
        pullback(x, steps, -1.75, adjoint);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(start[i] + (-1.75 * g[i]), adjoint[i], 1e-12);
        }
    }

    [Fact]
    public void A_kernel_pullback_given_an_element_of_its_output_adjoint_as_the_scalar_adjoint_adds_as_if_apart()
    {
        // A hand-written caller may alias the two; generated callers pass a local (ArrayPassedBeside).
        double[] w = { 0.3, -0.7, 1.1, 0.4 };
        double[] y = new double[w.Length];
        double[] apart = { 0.5, -1.25, 2.0, 0.75 };
        double[] aliased = (double[])apart.Clone();
        double aAdjoint = 0;
        LoopFusion.ScaledFillPullback(1.5, w, y, ref aAdjoint, apart);
        apart[0] += aAdjoint;
        LoopFusion.ScaledFillPullback(1.5, w, y, ref aliased[0], aliased);
        Assert.Equal(apart, aliased);
    }

    private static (Function, Gradient, Pullback) Methods(string method) => method switch
    {
        nameof(LoopFusion.StaggeredStarts) => (LoopFusion.StaggeredStarts, LoopFusion.StaggeredStartsGradient, LoopFusion.StaggeredStartsPullback),
        nameof(LoopFusion.TwoSavesPerIteration) => (LoopFusion.TwoSavesPerIteration, LoopFusion.TwoSavesPerIterationGradient, LoopFusion.TwoSavesPerIterationPullback),
        nameof(LoopFusion.ReadsAhead) => (LoopFusion.ReadsAhead, LoopFusion.ReadsAheadGradient, LoopFusion.ReadsAheadPullback),
        nameof(LoopFusion.ReadsBehind) => (LoopFusion.ReadsBehind, LoopFusion.ReadsBehindGradient, LoopFusion.ReadsBehindPullback),
        nameof(LoopFusion.BetweenTouchesTheRange) => (LoopFusion.BetweenTouchesTheRange, LoopFusion.BetweenTouchesTheRangeGradient, LoopFusion.BetweenTouchesTheRangePullback),
        nameof(LoopFusion.SharedScalarAdjoint) => (LoopFusion.SharedScalarAdjoint, LoopFusion.SharedScalarAdjointGradient, LoopFusion.SharedScalarAdjointPullback),
        nameof(LoopFusion.FusedBranchBetween) => (LoopFusion.FusedBranchBetween, LoopFusion.FusedBranchBetweenGradient, LoopFusion.FusedBranchBetweenPullback),
        nameof(LoopFusion.FusedPairInsideALoop) => (LoopFusion.FusedPairInsideALoop, LoopFusion.FusedPairInsideALoopGradient, LoopFusion.FusedPairInsideALoopPullback),
        nameof(LoopFusion.SameArrayTwice) => (LoopFusion.SameArrayTwice, LoopFusion.SameArrayTwiceGradient, LoopFusion.SameArrayTwicePullback),
        _ => (LoopFusion.FillFromFirstElement, LoopFusion.FillFromFirstElementGradient, LoopFusion.FillFromFirstElementPullback),
    };
}
