using System;
using System.Linq;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>Float gradients of <see cref="ArraysFloat"/>, checked at float tolerance.</summary>
public class ArraysFloatTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LogSumExp(int seed)
    {
        float[] x = RandomPoints.UniformFloats(new Random(seed), 5, -2, 2);
        float[] g = new float[x.Length];
        float value = ArraysFloat.LogSumExpGradient(x, g);
        GradientAssert.Matches(p => ArraysFloat.LogSumExp(p), x, value, g);
    }

    /// <summary>Pre-activations on both sides of the ReLU, none within the finite-difference step of the kink.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(7)]
    public void SpanRelu(int seed)
    {
        var random = new Random(seed);
        float[] x = RandomPoints.UniformFloats(random, 6, -2, 2);
        float[] w = RandomPoints.UniformFloats(random, 6, -1, 1);
        float[] z = x.Zip(w, (a, b) => a * b).ToArray();
        Assert.Contains(z, v => v > 0);
        Assert.Contains(z, v => v < 0);
        Assert.DoesNotContain(z, v => MathF.Abs(v) < 0.05f);
        float[] gx = new float[x.Length], gw = new float[w.Length];
        float value = ArraysFloat.SpanReluGradient(x, w, gx, gw);
        GradientAssert.Matches(p => { var u = new Unpack<float>(p); return ArraysFloat.SpanRelu(u.Next(x), u.Next(w)); }, Pack.OfFloats(x, w), value, Pack.OfFloats(gx, gw));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TanhLayer(int seed)
    {
        var random = new Random(seed);
        float[] w = RandomPoints.UniformFloats(random, 4 * 3, -1, 1);
        float[] b = RandomPoints.UniformFloats(random, 4, -0.5f, 0.5f);
        float[] input = RandomPoints.UniformFloats(random, 3, -1, 1);
        float[] target = RandomPoints.UniformFloats(random, 4, -1, 1);
        float[] gw = new float[w.Length], gb = new float[b.Length];
        float value = ArraysFloat.TanhLayerGradient(w, b, input, target, gw, gb);
        GradientAssert.Matches(p => { var u = new Unpack<float>(p); return ArraysFloat.TanhLayer(u.Next(w), u.Next(b), input, target); }, Pack.OfFloats(w, b), value, Pack.OfFloats(gw, gb));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void PrefixSumsStackalloc(int seed, int stride)
    {
        float[] x = RandomPoints.UniformFloats(new Random(seed), 6, -1, 1);
        float[] g = new float[x.Length];
        float value = ArraysFloat.PrefixSumsStackallocGradient(x, stride, g);
        GradientAssert.Matches(p => ArraysFloat.PrefixSumsStackalloc(p, stride), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void QuadraticForm(int seed)
    {
        var random = new Random(seed);
        float[][] a = Enumerable.Range(0, 3).Select(_ => RandomPoints.UniformFloats(random, 3, -1, 1)).ToArray();
        float[] x = RandomPoints.UniformFloats(random, 3, -1, 1);
        float[][] ga = a.Select(row => new float[row.Length]).ToArray();
        float[] gx = new float[x.Length];
        float value = ArraysFloat.QuadraticFormGradient(a, x, ga, gx);
        GradientAssert.Matches(p => { var u = new Unpack<float>(p); return ArraysFloat.QuadraticForm(u.Next(a), u.Next(x)); }, Pack.OfFloats(a, x), value, Pack.OfFloats(ga, gx));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 30)]
    public void DampedOscillatorRk4(int seed, int steps)
    {
        var random = new Random(seed);
        float omega = 1 + (float)random.NextDouble();
        float gamma = 0.1f + (0.3f * (float)random.NextDouble());
        float[] initial = RandomPoints.UniformFloats(random, 2, -1, 1);
        float[] gi = new float[2];
        float value = ArraysFloat.DampedOscillatorRk4Gradient(omega, gamma, initial, 0.05f, steps, out float gOmega, out float gGamma, gi);
        GradientAssert.Matches(
            p => { var u = new Unpack<float>(p); return ArraysFloat.DampedOscillatorRk4(u.Scalar(), u.Scalar(), u.Next(initial), 0.05f, steps); },
            Pack.OfFloats(omega, gamma, initial), value, Pack.OfFloats(gOmega, gGamma, gi));
    }
}
