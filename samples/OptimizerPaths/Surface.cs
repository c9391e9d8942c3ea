using AutoGradGen;

namespace OptimizerPathsSample;

/// <summary>The test surface of CS231n's optimizer notes: a bowl 20 times wider in x than in y, minimum at (0, 0).</summary>
public static partial class Surface
{
    /// <summary>f(x, y) = x²/20 + y²; the generator adds <c>FGradient(x, y, out xGrad, out yGrad)</c>.</summary>
    [Differentiable]
    public static double F(double x, double y) => x * x / 20 + y * y;
}
