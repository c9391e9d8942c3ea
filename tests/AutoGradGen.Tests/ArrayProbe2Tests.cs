using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

public class ArrayProbe2Tests
{
    [Fact]
    public void Blocks()
    {
        double[] x = { 0.5, -1.5, 2.0, 0.3, 0.1, -0.7 };
        double[] w = { 0.2, 0.1, -0.3, 0.5, 0.9, 0.4 };
        double[] g = new double[x.Length];
        double value = ArrayProbe2.BlocksGradient(x, w, 2, g);
        GradientAssert.Matches(p => ArrayProbe2.Blocks(p, w, 2), x, value, g);
    }

    [Fact]
    public void Local()
    {
        double[] x = { 0.5, -1.5, 2.0, 0.3, 0.1, -0.7 };
        double[] g = new double[x.Length];
        double value = ArrayProbe2.LocalGradient(x, g);
        GradientAssert.Matches(p => ArrayProbe2.Local(p), x, value, g);
    }

    [Fact]
    public void KMeans()
    {
        double[][] points = { new[] { 0.1, 0.2 }, new[] { 1.0, 0.8 }, new[] { -0.5, 0.3 } };
        double[][] centers = { new[] { 0.0, 0.0 }, new[] { 1.2, 1.0 } };
        double[][] gp = { new double[2], new double[2], new double[2] };
        double[][] gc = { new double[2], new double[2] };
        double value = ArrayProbe2.KMeansGradient(points, centers, gp, gc);
        double[] flat = { 0.0, 0.0, 1.2, 1.0 };
        double[] gflat = { gc[0][0], gc[0][1], gc[1][0], gc[1][1] };
        GradientAssert.Matches(p => ArrayProbe2.KMeans(points, new[] { new[] { p[0], p[1] }, new[] { p[2], p[3] } }), flat, value, gflat);
    }
}

public class TripBoundEdgeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Do_loop_that_runs_once_past_its_bound(int start)
    {
        double[] x = { 0.3, -0.7, 1.1, 0.2, 0.9, -0.4 };
        double[] g = new double[x.Length];
        double value = TripBoundEdges.DoLoopRunsOnceGradient(x, start, g);
        GradientAssert.Matches(p => TripBoundEdges.DoLoopRunsOnce(p, start), x, value, g);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(3, 3)]
    [InlineData(4, 1)]
    public void Loop_over_an_empty_or_reversed_range(int from, int to)
    {
        double[] x = { 0.3, -0.7, 1.1, 0.2, 0.9, -0.4 };
        double[] g = new double[x.Length];
        double value = TripBoundEdges.EmptyRangeGradient(x, from, to, g);
        GradientAssert.Matches(p => TripBoundEdges.EmptyRange(p, from, to), x, value, g);
    }
}
