using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

public class ArrayProbeTests
{
    [Fact]
    public void SumOfSquares()
    {
        double[] x = { 0.5, -1.5, 2.0 };
        double[] g = new double[3];
        double value = ArrayProbe.SumOfSquaresGradient(x, g);
        GradientAssert.Matches(p => ArrayProbe.SumOfSquares(p), x, value, g);
    }

    [Fact]
    public void LogSumExp()
    {
        double[] x = { 0.5, -1.5, 2.0, 1.9 };
        double[] g = new double[4];
        double value = ArrayProbe.LogSumExpGradient(x, g);
        GradientAssert.Matches(p => ArrayProbe.LogSumExp(p), x, value, g);
    }
}
