using System;

namespace AutoGradGen.Tests.Support;

/// <summary>
/// Reference derivatives for the end-to-end tests: central differences refined by one Richardson
/// step, D = (4·D(h/2) − D(h)) / 3 with D(h) = (f(x+h) − f(x−h)) / 2h, whose truncation error is
/// O(h⁴). With h = 1e-3·max(1, |x|) the estimate is good to ~1e-10 relative on smooth functions,
/// well inside the 1e-7 the tests require.
/// </summary>
public static class CentralDifference
{
    public static double Derivative(Func<double, double> f, double x)
    {
        double h = 1e-3 * Math.Max(1.0, Math.Abs(x));
        double coarse = (f(x + h) - f(x - h)) / (2 * h);
        double fine = (f(x + (h / 2)) - f(x - (h / 2))) / h;
        return ((4 * fine) - coarse) / 3;
    }

    /// <summary>∂f/∂xᵢ at <paramref name="point"/> for every i.</summary>
    public static double[] Gradient(Func<double[], double> f, double[] point)
    {
        var gradient = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            int index = i;
            gradient[i] = Derivative(
                xi =>
                {
                    double[] shifted = (double[])point.Clone();
                    shifted[index] = xi;
                    return f(shifted);
                },
                point[i]);
        }

        return gradient;
    }

    /// <summary>The same estimate in single precision, for float methods (h = 1e-2·max(1, |x|)).</summary>
    public static float[] Gradient(Func<float[], float> f, float[] point)
    {
        var gradient = new float[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            float x = point[i];
            float h = 1e-2f * Math.Max(1f, Math.Abs(x));
            float At(float xi)
            {
                float[] shifted = (float[])point.Clone();
                shifted[i] = xi;
                return f(shifted);
            }

            float coarse = (At(x + h) - At(x - h)) / (2 * h);
            float fine = (At(x + (h / 2)) - At(x - (h / 2))) / h;
            gradient[i] = ((4 * fine) - coarse) / 3;
        }

        return gradient;
    }
}
