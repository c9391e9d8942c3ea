using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AutoGradGen.Optimizers;

namespace AutoGradGen.Tests.Optimizers;

/// <summary>The problems the reference trajectories were computed on, with generated gradients.</summary>
public static partial class OptimizerProblems
{
    private static readonly double[] A = { 1.0, 2.0, -1.0, 0.5, -1.0, 3.0, 2.0, 0.0, 1.0, -1.5, 1.0, 0.5 };
    private static readonly double[] B = { 1.0, -2.0, 0.5, 3.0 };

    /// <summary>f(x, y) = x²/20 + y², the notes' optimizer surface.</summary>
    [Differentiable]
    public static double Surface(double x, double y) => x * x / 20 + y * y;

    /// <summary>½‖A p − b‖² for the 4×3 system of the reference script.</summary>
    [Differentiable]
    public static double LeastSquares(ReadOnlySpan<double> p, [NoDiff] double[] a, [NoDiff] double[] b)
    {
        double loss = 0;
        for (int row = 0; row < b.Length; row++)
        {
            double residual = -b[row];
            for (int column = 0; column < p.Length; column++)
            {
                residual += a[row * p.Length + column] * p[column];
            }

            loss += 0.5 * residual * residual;
        }

        return loss;
    }

    /// <summary>Writes the problem's gradient into the parameters' gradient buffers.</summary>
    public static void Gradient(string problem, IReadOnlyList<Parameter<double>> parameters)
    {
        switch (problem)
        {
            case "surface":
                SurfaceGradient(parameters[0].Value[0], parameters[0].Value[1], out parameters[0].Gradient[0], out parameters[0].Gradient[1]);
                break;
            case "surface_groups":
                SurfaceGradient(parameters[0].Value[0], parameters[1].Value[0], out parameters[0].Gradient[0], out parameters[1].Gradient[0]);
                break;
            case "least_squares":
                LeastSquaresGradient(parameters[0].Value, A, B, parameters[0].Gradient);
                break;
            default:
                throw new ArgumentException("unknown problem " + problem, nameof(problem));
        }
    }
}

/// <summary>
/// Every optimizer and option against trajectories computed with PyTorch 1.13 in float64 (see
/// Data/generate_optimizer_references.py), to 1e-10 relative at every step, learning rates included.
/// </summary>
public class OptimizerReferenceTests
{
    private static readonly JsonElement Cases = LoadCases();

    public static IEnumerable<object[]> CaseNames
        => Cases.EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Trajectory_matches_PyTorch(string name)
    {
        JsonElement reference = Cases.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        string problem = reference.GetProperty("problem").GetString()!;
        double[][] trajectory = reference.GetProperty("trajectory").EnumerateArray().Select(Doubles).ToArray();
        double[][] rates = reference.GetProperty("learning_rates").EnumerateArray().Select(Doubles).ToArray();

        var parameters = new List<Parameter<double>>();
        if (problem == "surface_groups")
        {
            parameters.Add(new Parameter<double>("x", trajectory[0].AsSpan(0, 1)));
            parameters.Add(new Parameter<double>("y", trajectory[0].AsSpan(1, 1)));
        }
        else
        {
            parameters.Add(new Parameter<double>("p", trajectory[0]));
        }

        (Action step, Action zeroGrad, ILearningRateGroups groups) = Build(reference, parameters);
        LearningRateSchedule? schedule = reference.TryGetProperty("schedule", out JsonElement s) ? Schedule(s, groups) : null;

        for (int t = 1; t < trajectory.Length; t++)
        {
            zeroGrad();
            OptimizerProblems.Gradient(problem, parameters);
            step();
            schedule?.Step();
            double[] actual = parameters.SelectMany(p => p.ValueArray).ToArray();
            AssertClose(trajectory[t], actual, $"{name}, step {t}");
            AssertClose(rates[t], Enumerable.Range(0, groups.GroupCount).Select(groups.GetLearningRate).ToArray(), $"{name}, learning rate after step {t}");
        }
    }

    private static (Action Step, Action ZeroGrad, ILearningRateGroups Groups) Build(JsonElement reference, List<Parameter<double>> parameters)
    {
        string optimizer = reference.GetProperty("optimizer").GetString()!;
        JsonElement[] groupOptions = reference.TryGetProperty("groups", out JsonElement g)
            ? g.EnumerateArray().ToArray()
            : new[] { reference.GetProperty("options") };
        IEnumerable<Parameter<double>>[] members = groupOptions.Length == 1
            ? new IEnumerable<Parameter<double>>[] { parameters }
            : parameters.Select(p => (IEnumerable<Parameter<double>>)new[] { p }).ToArray();

        switch (optimizer)
        {
            case "sgd":
                var sgd = new Sgd<double>(groupOptions.Select((o, i) => new ParameterGroup<double, SgdOptions>(members[i], new SgdOptions
                {
                    LearningRate = Number(o, "lr", double.NaN),
                    Momentum = Number(o, "momentum", 0),
                    Dampening = Number(o, "dampening", 0),
                    Nesterov = Flag(o, "nesterov"),
                    WeightDecay = Number(o, "weight_decay", 0),
                    Maximize = Flag(o, "maximize"),
                })));
                return (sgd.Step, sgd.ZeroGrad, sgd);
            case "adagrad":
                var adagrad = new Adagrad<double>(groupOptions.Select((o, i) => new ParameterGroup<double, AdagradOptions>(members[i], new AdagradOptions
                {
                    LearningRate = Number(o, "lr", 1e-2),
                    LearningRateDecay = Number(o, "lr_decay", 0),
                    InitialAccumulatorValue = Number(o, "initial_accumulator_value", 0),
                    Epsilon = Number(o, "eps", 1e-10),
                    WeightDecay = Number(o, "weight_decay", 0),
                    Maximize = Flag(o, "maximize"),
                })));
                return (adagrad.Step, adagrad.ZeroGrad, adagrad);
            case "rmsprop":
                var rmsprop = new RmsProp<double>(groupOptions.Select((o, i) => new ParameterGroup<double, RmsPropOptions>(members[i], new RmsPropOptions
                {
                    LearningRate = Number(o, "lr", 1e-2),
                    Alpha = Number(o, "alpha", 0.99),
                    Epsilon = Number(o, "eps", 1e-8),
                    Momentum = Number(o, "momentum", 0),
                    Centered = Flag(o, "centered"),
                    WeightDecay = Number(o, "weight_decay", 0),
                    Maximize = Flag(o, "maximize"),
                })));
                return (rmsprop.Step, rmsprop.ZeroGrad, rmsprop);
            case "adam":
            case "adamw":
                bool decoupled = optimizer == "adamw";
                IEnumerable<ParameterGroup<double, AdamOptions>> adamGroups = groupOptions.Select((o, i) => new ParameterGroup<double, AdamOptions>(members[i], new AdamOptions
                {
                    LearningRate = Number(o, "lr", 1e-3),
                    Beta1 = o.TryGetProperty("betas", out JsonElement b1) ? b1[0].GetDouble() : 0.9,
                    Beta2 = o.TryGetProperty("betas", out JsonElement b2) ? b2[1].GetDouble() : 0.999,
                    Epsilon = Number(o, "eps", 1e-8),
                    WeightDecay = Number(o, "weight_decay", decoupled ? AdamOptions.AdamWDefaults.WeightDecay : 0),
                    Amsgrad = Flag(o, "amsgrad"),
                    Maximize = Flag(o, "maximize"),
                }));
                if (decoupled)
                {
                    var adamW = new AdamW<double>(adamGroups);
                    return (adamW.Step, adamW.ZeroGrad, adamW);
                }

                var adam = new Adam<double>(adamGroups);
                return (adam.Step, adam.ZeroGrad, adam);
            default:
                throw new ArgumentException("unknown optimizer " + optimizer);
        }
    }

    private static LearningRateSchedule Schedule(JsonElement schedule, ILearningRateGroups groups)
    {
        JsonElement arguments = schedule[1];
        return schedule[0].GetString() switch
        {
            "step" => new StepSchedule(groups, arguments.GetProperty("step_size").GetInt32(), Number(arguments, "gamma", 0.1)),
            "exponential" => new ExponentialSchedule(groups, arguments.GetProperty("gamma").GetDouble()),
            "cosine" => new CosineSchedule(groups, arguments.GetProperty("T_max").GetInt32(), Number(arguments, "eta_min", 0)),
            string kind => throw new ArgumentException("unknown schedule " + kind),
            null => throw new ArgumentException("schedule without a kind"),
        };
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            Assert.True(
                error <= 1e-10 * Math.Max(1.0, Math.Abs(expected[i])),
                $"{what}, coordinate {i}: PyTorch {expected[i]:R}, AutoGradGen {actual[i]:R}, error {error:E2}");
        }
    }

    private static double Number(JsonElement options, string name, double fallback)
        => options.TryGetProperty(name, out JsonElement value) ? value.GetDouble() : fallback;

    private static bool Flag(JsonElement options, string name)
        => options.TryGetProperty(name, out JsonElement value) && value.GetBoolean();

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static JsonElement LoadCases()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Data", "optimizer_references.json");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("cases").Clone();
    }
}
