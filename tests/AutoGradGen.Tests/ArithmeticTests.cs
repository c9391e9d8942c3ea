using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

public class ArithmeticTests
{
    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(2.5, 0.4)]
    [InlineData(-1.1, 3.2)]
    public void Overwrites(double x, double y)
    {
        double value = Arithmetic.OverwritesGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.Overwrites(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }
}
