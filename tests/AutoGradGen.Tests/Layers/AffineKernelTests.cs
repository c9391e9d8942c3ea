using System;
using AutoGradGen.Layers;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests.Layers;

/// <summary>The Affine kernel (product and bias in one [Differentiable] kernel) against central differences and against Dense.</summary>
public class AffineKernelTests
{
    [Fact]
    public void Affine_pullback_matches_central_differences_and_the_dense_layer()
    {
        const int batch = 3, inFeatures = 4, outFeatures = 2;
        var random = new Random(11);
        double[] x = RandomPoints.Uniform(random, batch * inFeatures, -1, 1);
        double[] w = RandomPoints.Uniform(random, outFeatures * inFeatures, -1, 1);
        double[] b = RandomPoints.Uniform(random, outFeatures, -1, 1);
        double[] seed = RandomPoints.Uniform(random, batch * outFeatures, -1, 1);

        double Loss(double[] p)
        {
            var y = new double[batch * outFeatures];
            LayerKernels.Affine(p.AsSpan(0, x.Length), p.AsSpan(x.Length, w.Length), p.AsSpan(x.Length + w.Length), batch, inFeatures, outFeatures, y);
            double total = 0;
            for (int i = 0; i < y.Length; i++)
            {
                total += seed[i] * y[i];
            }

            return total;
        }

        double[] gx = new double[x.Length], gw = new double[w.Length], gb = new double[b.Length];
        double[] outputAdjoint = (double[])seed.Clone();
        LayerKernels.AffinePullback(x, w, b, batch, inFeatures, outFeatures, new double[seed.Length], gx, gw, gb, outputAdjoint);
        double[] point = Pack.Of(x, w, b);
        GradientAssert.Matches(Loss, point, Loss(point), Pack.Of(gx, gw, gb));

        // The Dense layer (product and AddBias separately) gives the same gradients.
        var dense = new Dense<double>(inFeatures, outFeatures);
        w.CopyTo(dense.Weight.Value);
        b.CopyTo(dense.Bias.Value);
        dense.Forward(new Tensor<double>((double[])x.Clone(), batch, inFeatures));
        Tensor<double> inputGradient = dense.Backward(new Tensor<double>(seed, batch, outFeatures));
        for (int i = 0; i < gx.Length; i++)
        {
            Assert.Equal(gx[i], inputGradient.Span[i], 12);
        }

        for (int i = 0; i < gw.Length; i++)
        {
            Assert.Equal(gw[i], dense.Weight.Gradient[i], 12);
        }

        for (int i = 0; i < gb.Length; i++)
        {
            Assert.Equal(gb[i], dense.Bias.Gradient[i], 12);
        }
    }
}
