using System;
using AutoGradGen.Tapes;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>
/// Sums over independent iterations, reversed one iteration at a time in the forward sweep, and the
/// near misses that must not be: every gradient against central differences, every pullback as
/// old adjoint + seed · gradient, and the tape bounded by one iteration exactly where fusion applies.
/// </summary>
[Collection(SerialCollection.Name)]
public class IndependentIterationTests
{
    private const double Seed = 2.5;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(4, 7)]
    public void Pointwise_quadratic_with_a_private_array_and_a_scalar_partial(int d, int n)
    {
        var random = new Random(d + n);
        double[] mean = RandomPoints.Uniform(random, d, -0.5, 0.5);
        double[] lower = RandomPoints.Uniform(random, d * (d + 1) / 2, -0.8, 0.8);
        double[] w = RandomPoints.Uniform(random, 3, -0.5, 0.5);
        double[] points = RandomPoints.Uniform(random, n * d, -1, 1);
        double[] gMean = new double[d], gLower = new double[lower.Length], gW = new double[3];
        double value = IndependentIterations.PointwiseQuadraticGradient(mean, lower, w, points, gMean, gLower, gW);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return IndependentIterations.PointwiseQuadratic(u.Next(mean), u.Next(lower), u.Next(w), points); },
            Pack.Of(mean, lower, w),
            value,
            Pack.Of(gMean, gLower, gW));
    }

    [Fact]
    public void Pointwise_quadratic_pullback_adds_seed_times_the_gradient()
    {
        var random = new Random(11);
        const int d = 3, n = 5;
        double[] mean = RandomPoints.Uniform(random, d, -0.5, 0.5);
        double[] lower = RandomPoints.Uniform(random, d * (d + 1) / 2, -0.8, 0.8);
        double[] w = RandomPoints.Uniform(random, 3, -0.5, 0.5);
        double[] points = RandomPoints.Uniform(random, n * d, -1, 1);
        double[] gMean = new double[d], gLower = new double[lower.Length], gW = new double[3];
        IndependentIterations.PointwiseQuadraticGradient(mean, lower, w, points, gMean, gLower, gW);

        double[] startMean = RandomPoints.Uniform(random, d, -1, 1);
        double[] startLower = RandomPoints.Uniform(random, lower.Length, -1, 1);
        double[] startW = RandomPoints.Uniform(random, 3, -1, 1);
        double[] aMean = (double[])startMean.Clone(), aLower = (double[])startLower.Clone(), aW = (double[])startW.Clone();
        IndependentIterations.PointwiseQuadraticPullback(mean, lower, w, points, Seed, aMean, aLower, aW);
        AssertAccumulated(startMean, gMean, aMean);
        AssertAccumulated(startLower, gLower, aLower);
        AssertAccumulated(startW, gW, aW);
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(1, 2)]
    public void Single_precision_sum_subtracted_from(int degree, int count)
    {
        var random = new Random(degree * 10 + count);
        float[] coefficients = RandomPoints.UniformFloats(random, degree, -0.5f, 0.5f);
        float[] t = RandomPoints.UniformFloats(random, count, -1, 1);
        float[] y = RandomPoints.UniformFloats(random, count, -1, 1);
        float[] gradient = new float[degree];
        float value = IndependentIterations.NegativeLeastSquaresSingleGradient(coefficients, t, y, gradient);
        GradientAssert.Matches(p => IndependentIterations.NegativeLeastSquaresSingle(p, t, y), coefficients, value, gradient);
    }

    [Fact]
    public void Sum_over_a_type_parameter()
    {
        var random = new Random(5);
        double[] coefficients = RandomPoints.Uniform(random, 4, -0.5, 0.5);
        double[] t = RandomPoints.Uniform(random, 6, -1, 1);
        double[] y = RandomPoints.Uniform(random, 6, -1, 1);
        double[] gradient = new double[4];
        double value = IndependentIterations.LeastSquaresGenericGradient<double>(coefficients, t, y, gradient);
        GradientAssert.Matches(p => IndependentIterations.LeastSquaresGeneric<double>(p, t, y), coefficients, value, gradient);
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 1)]
    public void Callee_given_slices_of_a_parameter(int width, int count)
    {
        var random = new Random(width + count);
        double[] weights = RandomPoints.Uniform(random, 2 * width, -1, 1);
        double[] points = RandomPoints.Uniform(random, width * count, -1, 1);
        double[] gradient = new double[weights.Length];
        double value = IndependentIterations.SlicedCallsGradient(weights, points, width, gradient);
        GradientAssert.Matches(p => IndependentIterations.SlicedCalls(p, points, width), weights, value, gradient);

        double[] start = RandomPoints.Uniform(random, weights.Length, -1, 1);
        double[] adjoint = (double[])start.Clone();
        IndependentIterations.SlicedCallsPullback(weights, points, width, Seed, adjoint);
        AssertAccumulated(start, gradient, adjoint);
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 1)]
    public void Callee_given_a_whole_parameter(int width, int count)
    {
        var random = new Random(3 * width + count);
        double[] weights = RandomPoints.Uniform(random, width, -1, 1);
        double[] points = RandomPoints.Uniform(random, width * count, -1, 1);
        double[] gradient = new double[width];
        double value = IndependentIterations.WholeArrayCallsGradient(weights, points, gradient);
        GradientAssert.Matches(p => IndependentIterations.WholeArrayCalls(p, points), weights, value, gradient);

        double[] start = RandomPoints.Uniform(random, width, -1, 1);
        double[] adjoint = (double[])start.Clone();
        IndependentIterations.WholeArrayCallsPullback(weights, points, Seed, adjoint);
        AssertAccumulated(start, gradient, adjoint);
    }

    [Theory]
    [InlineData(2, 3, 4)]
    [InlineData(1, 1, 1)]
    public void Array_written_whole_per_inner_iteration(int d, int k, int n)
    {
        var random = new Random(d + k + n);
        double[] means = RandomPoints.Uniform(random, k * d, -0.5, 0.5);
        double[] weights = RandomPoints.Uniform(random, k, 0.5, 1.5);
        double[] points = RandomPoints.Uniform(random, n * d, -1, 1);
        double[] gMeans = new double[means.Length], gWeights = new double[k];
        double value = IndependentIterations.ComponentsPerPointGradient(means, weights, points, d, gMeans, gWeights);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return IndependentIterations.ComponentsPerPoint(u.Next(means), u.Next(weights), points, d); },
            Pack.Of(means, weights),
            value,
            Pack.Of(gMeans, gWeights));
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(2, 1)]
    public void Array_bounded_by_a_length_changed_after_its_creation(int d, int n)
    {
        var random = new Random(5 * d + n);
        double[] w = RandomPoints.Uniform(random, d, -1, 1);
        double[] points = RandomPoints.Uniform(random, n, -1, 1);
        double[] gradient = new double[d];
        double value = IndependentIterations.LengthChangedAfterCreationGradient(w, points, gradient);
        GradientAssert.Matches(p => IndependentIterations.LengthChangedAfterCreation(p, points), w, value, gradient);
    }

    [Fact]
    public void Array_written_whole_only_in_a_branch()
    {
        var random = new Random(29);
        double[] w = RandomPoints.Uniform(random, 3, -1, 1);
        double[] points = { 0.7, -0.4, 0.2, -0.9, 0.5 };
        double[] gradient = new double[3];
        double value = IndependentIterations.WholeWriteInABranchGradient(w, points, gradient);
        GradientAssert.Matches(p => IndependentIterations.WholeWriteInABranch(p, points), w, value, gradient);
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(3, 1)]
    public void Array_carried_between_iterations(int d, int n)
    {
        var random = new Random(d * n);
        double[] gain = RandomPoints.Uniform(random, d, -1, 1);
        double[] points = RandomPoints.Uniform(random, d * n, -1, 1);
        double[] gradient = new double[d];
        double value = IndependentIterations.CarriedStateGradient(gain, points, gradient);
        GradientAssert.Matches(p => IndependentIterations.CarriedState(p, points), gain, value, gradient);
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(2, 2)]
    public void Array_written_only_in_part(int d, int n)
    {
        var random = new Random(d + 7 * n);
        double[] gain = RandomPoints.Uniform(random, d, -1, 1);
        double[] points = RandomPoints.Uniform(random, d * n, -1, 1);
        double[] gradient = new double[d];
        double value = IndependentIterations.PartlyWrittenGradient(gain, points, gradient);
        GradientAssert.Matches(p => IndependentIterations.PartlyWritten(p, points), gain, value, gradient);
    }

    [Fact]
    public void Sum_whose_value_before_the_loop_the_reverse_sweep_reads()
        => MatchesWithPoints(13, 5, IndependentIterations.SumReadBeforeItsLoopGradient, IndependentIterations.SumReadBeforeItsLoop);

    [Fact]
    public void Sum_starting_at_an_exponential()
        => MatchesWithPoints(17, 5, IndependentIterations.SumStartsAtAnExponentialGradient, IndependentIterations.SumStartsAtAnExponential);

    [Fact]
    public void Counter_read_before_its_loop()
        => MatchesWithPoints(19, 6, IndependentIterations.CounterReadBeforeGradient, IndependentIterations.CounterReadBefore);

    private delegate double WithPoints(ReadOnlySpan<double> w, ReadOnlySpan<double> points);

    private delegate double WithPointsGradient(ReadOnlySpan<double> w, ReadOnlySpan<double> points, Span<double> wGrad);

    /// <summary>Three weights and <paramref name="pointCount"/> points from the seed: the gradient against central differences.</summary>
    private static void MatchesWithPoints(int seed, int pointCount, WithPointsGradient gradientOf, WithPoints function)
    {
        var random = new Random(seed);
        double[] w = RandomPoints.Uniform(random, 3, -0.5, 0.5);
        double[] points = RandomPoints.Uniform(random, pointCount, -1, 1);
        double[] gradient = new double[3];
        double value = gradientOf(w, points, gradient);
        GradientAssert.Matches(p => function(p, points), w, value, gradient);
    }

    [Fact]
    public void Fused_loops_keep_one_iteration_on_the_tape_and_near_misses_keep_them_all()
    {
        const int d = 3;
        var random = new Random(23);
        double[] mean = RandomPoints.Uniform(random, d, -0.5, 0.5);
        double[] lower = RandomPoints.Uniform(random, d * (d + 1) / 2, -0.8, 0.8);
        double[] w = RandomPoints.Uniform(random, 3, -0.5, 0.5);
        double[] gain = RandomPoints.Uniform(random, d, -1, 1);

        long PointwiseBytes(int n) => Bytes(
            "AutoGradGen.Tests.Corpus.IndependentIterations.PointwiseQuadratic",
            () => IndependentIterations.PointwiseQuadraticGradient(mean, lower, w, RandomPoints.Uniform(random, n * d, -1, 1), new double[d], new double[lower.Length], new double[3]));
        long SumReadBeforeBytes(int n) => Bytes(
            "AutoGradGen.Tests.Corpus.IndependentIterations.SumReadBeforeItsLoop",
            () => IndependentIterations.SumReadBeforeItsLoopGradient(w, RandomPoints.Uniform(random, n, -1, 1), new double[3]));
        long CarriedBytes(int n) => Bytes(
            "AutoGradGen.Tests.Corpus.IndependentIterations.CarriedState",
            () => IndependentIterations.CarriedStateGradient(gain, RandomPoints.Uniform(random, n * d, -1, 1), new double[d]));

        double[] means = RandomPoints.Uniform(random, 2 * d, -0.5, 0.5);
        long ComponentsBytes(int n) => Bytes(
            "AutoGradGen.Tests.Corpus.IndependentIterations.ComponentsPerPoint",
            () => IndependentIterations.ComponentsPerPointGradient(means, new[] { 0.5, 1.5 }, RandomPoints.Uniform(random, n * d, -1, 1), d, new double[2 * d], new double[2]));
        long BranchBytes(int n) => Bytes(
            "AutoGradGen.Tests.Corpus.IndependentIterations.WholeWriteInABranch",
            () => IndependentIterations.WholeWriteInABranchGradient(w, RandomPoints.Uniform(random, n, -1, 1), new double[3]));
        long LengthChangedBytes(int n) => Bytes(
            "AutoGradGen.Tests.Corpus.IndependentIterations.LengthChangedAfterCreation",
            () => IndependentIterations.LengthChangedAfterCreationGradient(w, RandomPoints.Uniform(random, n, -1, 1), new double[3]));

        Assert.True(ComponentsBytes(2) > 0);
        Assert.Equal(ComponentsBytes(2), ComponentsBytes(30));
        Assert.True(BranchBytes(30) > BranchBytes(3));
        Assert.True(LengthChangedBytes(30) > LengthChangedBytes(3));
        Assert.True(PointwiseBytes(2) > 0);
        Assert.Equal(PointwiseBytes(2), PointwiseBytes(40));
        Assert.Equal(20 * (CarriedBytes(2) - CarriedBytes(1)), CarriedBytes(21) - CarriedBytes(1));
        Assert.True(CarriedBytes(21) > CarriedBytes(1));
        Assert.True(SumReadBeforeBytes(30) > SumReadBeforeBytes(3));
    }

    private static long Bytes(string method, Func<double> gradient)
    {
        TapeStatistics.IsEnabled = true;
        try
        {
            gradient();
            TapeRecord? record = TapeStatistics.Get(method);
            Assert.NotNull(record);
            return record.Value.LastBytes;
        }
        finally
        {
            TapeStatistics.IsEnabled = false;
        }
    }

    private static void AssertAccumulated(double[] start, double[] gradient, double[] adjoint)
    {
        for (int i = 0; i < start.Length; i++)
        {
            double expected = start[i] + (Seed * gradient[i]);
            Assert.True(Math.Abs(adjoint[i] - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"adjoint[{i}] = {adjoint[i]:R}, expected {expected:R}");
        }
    }
}
