using System;
using System.Linq;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>Gradients of the model objectives in <see cref="ArraysModels"/> at seeded random points.</summary>
public class ArraysModelsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MlpSquaredError(int seed)
    {
        const int inputSize = 3, hiddenSize = 4, outputSize = 2, batch = 3;
        var random = new Random(seed);
        double[] w1 = RandomPoints.Uniform(random, hiddenSize * inputSize, -1, 1);
        double[] b1 = RandomPoints.Uniform(random, hiddenSize, -0.5, 0.5);
        double[] w2 = RandomPoints.Uniform(random, outputSize * hiddenSize, -1, 1);
        double[] b2 = RandomPoints.Uniform(random, outputSize, -0.5, 0.5);
        double[] inputs = RandomPoints.Uniform(random, batch * inputSize, -1, 1);
        double[] targets = RandomPoints.Uniform(random, batch * outputSize, -1, 1);
        double[] gw1 = new double[w1.Length], gb1 = new double[b1.Length], gw2 = new double[w2.Length], gb2 = new double[b2.Length];
        double value = ArraysModels.MlpSquaredErrorGradient(w1, b1, w2, b2, inputs, targets, gw1, gb1, gw2, gb2);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return ArraysModels.MlpSquaredError(u.Next(w1), u.Next(b1), u.Next(w2), u.Next(b2), inputs, targets); },
            Pack.Of(w1, b1, w2, b2), value, Pack.Of(gw1, gb1, gw2, gb2));
    }

    /// <summary>d = 3 dimensions, k = 2 components (and k = 3), a few points.</summary>
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void GmmObjective(int seed, int k)
    {
        const int d = 3, n = 4;
        var random = new Random(seed);
        double[] alphas = RandomPoints.Uniform(random, k, -1, 1);
        double[][] means = RandomPoints.Uniform(random, k, d, -1, 1);
        double[][] icf = RandomPoints.Uniform(random, k, d * (d + 1) / 2, -0.5, 0.5);
        double[][] x = RandomPoints.Uniform(random, n, d, -1.5, 1.5);
        double[] ga = new double[k];
        double[][] gm = RandomPoints.ZerosLike(means), gi = RandomPoints.ZerosLike(icf);
        double value = ArraysModels.GmmObjectiveGradient(alphas, means, icf, x, 1.0, 2, ga, gm, gi);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return ArraysModels.GmmObjective(u.Next(alphas), u.Next(means), u.Next(icf), x, 1.0, 2); },
            Pack.Of(alphas, means, icf), value, Pack.Of(ga, gm, gi));
    }

    /// <summary>Two layers, hidden size 3, sequences of 3 and 5 steps (and one layer).</summary>
    [Theory]
    [InlineData(1, 2, 3)]
    [InlineData(2, 2, 5)]
    [InlineData(3, 1, 4)]
    public void LstmObjective(int seed, int layers, int steps)
    {
        const int b = 3;
        var random = new Random(seed);
        double[] main = RandomPoints.Uniform(random, layers * 8 * b, -1, 1);
        double[] extra = RandomPoints.Uniform(random, 3 * b, -1, 1);
        double[] state = RandomPoints.Uniform(random, layers * 2 * b, -0.5, 0.5);
        double[] sequence = RandomPoints.Uniform(random, steps * b, -1, 1);
        double[] gMain = new double[main.Length], gExtra = new double[extra.Length];
        double value = ArraysModels.LstmObjectiveGradient(main, extra, state, sequence, layers, gMain, gExtra);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return ArraysModels.LstmObjective(u.Next(main), u.Next(extra), state, sequence, layers); },
            Pack.Of(main, extra), value, Pack.Of(gMain, gExtra));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 25)]
    [InlineData(3, 40)]
    public void LotkaVolterraRk4(int seed, int steps)
    {
        var random = new Random(seed);
        double[] parameters = { 1.0 + (0.2 * random.NextDouble()), 0.5 + (0.1 * random.NextDouble()), 0.4 + (0.1 * random.NextDouble()), 0.8 + (0.2 * random.NextDouble()) };
        double[] initial = RandomPoints.Uniform(random, 2, 0.5, 1.5);
        double[] target = RandomPoints.Uniform(random, 2, 0.5, 1.5);
        double[] gp = new double[4], gi = new double[2];
        double value = ArraysModels.LotkaVolterraRk4Gradient(parameters, initial, target, 0.1, steps, gp, gi);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return ArraysModels.LotkaVolterraRk4(u.Next(parameters), u.Next(initial), target, 0.1, steps); },
            Pack.Of(parameters, initial), value, Pack.Of(gp, gi));
    }

    /// <summary>Points and centers both differentiable (every center wins some point at these seeds).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void KMeansCost(int seed)
    {
        var random = new Random(seed);
        double[][] points = RandomPoints.Uniform(random, 6, 2, -2, 2);
        double[][] centers = RandomPoints.Uniform(random, 3, 2, -1, 1);
        int[] nearest = Array.ConvertAll(points, p => Enumerable.Range(0, centers.Length).MinBy(c => ArraysModels.SquaredDistance(p, centers[c])));
        Assert.Equal(centers.Length, nearest.Distinct().Count());
        double[][] gp = RandomPoints.ZerosLike(points), gc = RandomPoints.ZerosLike(centers);
        double value = ArraysModels.KMeansCostGradient(points, centers, gp, gc);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return ArraysModels.KMeansCost(u.Next(points), u.Next(centers)); },
            Pack.Of(points, centers), value, Pack.Of(gp, gc));
    }

    /// <summary>
    /// Rotation magnitudes per camera: both large (Rodrigues), both tiny (θ² well below
    /// SmallAngle even after the finite-difference step, so the first-order branch), and one of each.
    /// </summary>
    [Theory]
    [InlineData(1, 0.5, 0.5)]
    [InlineData(2, 0.002, 0.002)]
    [InlineData(3, 0.002, 0.8)]
    [InlineData(4, 0.7, 0.001)]
    public void ReprojectionError(int seed, double rotation0, double rotation1)
    {
        var random = new Random(seed);
        double[][] cameras = new double[2][];
        double[] rotations = { rotation0, rotation1 };
        for (int c = 0; c < 2; c++)
        {
            double[] angleAxis = RandomPoints.Uniform(random, 3, -rotations[c], rotations[c]);
            double theta2 = angleAxis.Sum(r => r * r);
            Assert.True(theta2 < ArraysModels.SmallAngle / 4 || theta2 > ArraysModels.SmallAngle * 4, $"θ² = {theta2} is too close to the branch");
            double[] translation = RandomPoints.Uniform(random, 3, -0.3, 0.3);
            double focal = 1 + random.NextDouble();
            double[] distortion = RandomPoints.Uniform(random, 2, -0.1, 0.1);
            cameras[c] = Pack.Of(angleAxis, translation, focal, distortion);
        }

        double[][] points = new double[3][];
        for (int q = 0; q < 3; q++)
        {
            points[q] = Pack.Of(RandomPoints.Uniform(random, 2, -1, 1), 4 + random.NextDouble());
        }

        int[] cameraIndex = { 0, 1, 0, 1, 1 };
        int[] pointIndex = { 0, 0, 1, 2, 1 };
        double[] observations = RandomPoints.Uniform(random, 2 * cameraIndex.Length, -0.5, 0.5);
        double[][] gc = RandomPoints.ZerosLike(cameras), gp = RandomPoints.ZerosLike(points);
        double value = ArraysModels.ReprojectionErrorGradient(cameras, points, observations, cameraIndex, pointIndex, gc, gp);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return ArraysModels.ReprojectionError(u.Next(cameras), u.Next(points), observations, cameraIndex, pointIndex); },
            Pack.Of(cameras, points), value, Pack.Of(gc, gp));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void HoltForecastError(int seed)
    {
        var random = new Random(seed);
        double alpha = 0.2 + (0.6 * random.NextDouble());
        double beta = 0.1 + (0.5 * random.NextDouble());
        double[] series = RandomPoints.Uniform(random, 8, 0, 2);
        double[] gs = new double[series.Length];
        double value = ArraysModels.HoltForecastErrorGradient(alpha, beta, series, out double ga, out double gb, gs);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return ArraysModels.HoltForecastError(u.Scalar(), u.Scalar(), u.Next(series)); },
            Pack.Of(alpha, beta, series), value, Pack.Of(ga, gb, gs));
    }
}
