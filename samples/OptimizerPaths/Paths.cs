using System;
using System.Collections.Generic;
using AutoGradGen;
using AutoGradGen.Optimizers;

namespace OptimizerPathsSample;

/// <summary>One optimizer's points: index 0 is the start, index k the point after step k.</summary>
internal sealed record OptimizerPath(string Name, string Settings, IReadOnlyList<(double X, double Y)> Points);

/// <summary>Runs the runtime's optimizers on <see cref="Surface.F"/> with the generated gradient.</summary>
internal static class Paths
{
    public const double StartX = -7;
    public const double StartY = 2;

    /// <summary>The six optimizers of the textbook figure, with its learning rates and PyTorch's other defaults.</summary>
    public static readonly IReadOnlyList<(string Name, string Settings, Func<Parameter<double>, IOptimizer> Create)> Optimizers = new (string, string, Func<Parameter<double>, IOptimizer>)[]
    {
        ("SGD", "lr 0.95", p => new Sgd<double>(new[] { p }, new SgdOptions { LearningRate = 0.95 })),
        ("Momentum", "lr 0.1, momentum 0.9", p => new Sgd<double>(new[] { p }, new SgdOptions { LearningRate = 0.1, Momentum = 0.9 })),
        ("Nesterov", "lr 0.1, momentum 0.9", p => new Sgd<double>(new[] { p }, new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Nesterov = true })),
        ("AdaGrad", "lr 1.5", p => new Adagrad<double>(new[] { p }, new AdagradOptions { LearningRate = 1.5 })),
        ("RMSProp", "lr 0.1, alpha 0.99", p => new RmsProp<double>(new[] { p }, new RmsPropOptions { LearningRate = 0.1 })),
        ("Adam", "lr 0.3, betas (0.9, 0.999)", p => new Adam<double>(new[] { p }, new AdamOptions { LearningRate = 0.3 })),
    };

    /// <summary>Every optimizer's path from (−7, 2) over <paramref name="steps"/> steps.</summary>
    public static List<OptimizerPath> RunAll(int steps)
    {
        var paths = new List<OptimizerPath>();
        foreach ((string name, string settings, Func<Parameter<double>, IOptimizer> create) in Optimizers)
        {
            paths.Add(new OptimizerPath(name, settings, Run(create, steps)));
        }

        return paths;
    }

    /// <summary>The training loop of one optimizer: zero the gradient, fill it from FGradient, step.</summary>
    private static List<(double X, double Y)> Run(Func<Parameter<double>, IOptimizer> create, int steps)
    {
        var xy = new Parameter<double>("xy", new double[] { StartX, StartY });
        IOptimizer optimizer = create(xy);
        var points = new List<(double X, double Y)>(steps + 1) { (xy.Value[0], xy.Value[1]) };
        for (int step = 1; step <= steps; step++)
        {
            optimizer.ZeroGrad();
            Surface.FGradient(xy.Value[0], xy.Value[1], out double xGrad, out double yGrad);
            xy.Gradient[0] += xGrad;
            xy.Gradient[1] += yGrad;
            optimizer.Step();
            points.Add((xy.Value[0], xy.Value[1]));
        }

        return points;
    }
}
