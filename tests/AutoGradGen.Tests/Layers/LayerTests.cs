using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using AutoGradGen.Layers;
using AutoGradGen.Tests.Support;
using Xunit.Abstractions;

namespace AutoGradGen.Tests.Layers;

/// <summary>
/// The layers (<see cref="Dense"/>, the activations, <see cref="BatchNorm1d"/>, <see cref="Dropout"/>,
/// <see cref="Sequential"/>): backward passes against central differences, the Forward/Backward contract,
/// training versus evaluation mode, and a layer stack against PyTorch 1.13 (Data/layers_torch.json,
/// written by Data/generate_layers.py).
/// </summary>
public class LayerTests
{
    private const double Step = 1e-6;
    private const double RelativeTolerance = 1e-6;

    private readonly ITestOutputHelper output;

    public LayerTests(ITestOutputHelper output) => this.output = output;

    // ---------------------------------------------------------------------------------------------
    // 1. Numerical gradient checks: L = Σ w ⊙ Forward(x); Backward(w) is ∂L/∂x and adds ∂L/∂θ.
    // ---------------------------------------------------------------------------------------------

    /// <summary>
    /// Backward without the input gradient (what the trainer asks for): the same parameter gradients,
    /// bit for bit, a null result, and the next full Backward still returns the input gradient.
    /// </summary>
    [Fact]
    public void Backward_without_the_input_gradient_gives_the_same_parameter_gradients()
    {
        Sequential<double> Network() => new(new Dense<double>(5, 7, seed: 1), new Tanh<double>(), new Dense<double>(7, 3, seed: 2));
        Sequential<double> full = Network(), partial = Network();
        Tensor<double> input = Uniform(3, 4, 5, -1, 1);
        Tensor<double> outputGradient = Uniform(4, 4, 3, -1, 1);
        full.Forward(input);
        partial.Forward(input);

        Tensor<double>? inputGradient = full.Backward(outputGradient, inputGradient: true);
        Assert.Null(partial.Backward(outputGradient, inputGradient: false));

        Assert.NotNull(inputGradient);
        Assert.Contains(inputGradient.Array, v => v != 0);
        foreach (((string name, Parameter<double> expected), (_, Parameter<double> actual)) in full.NamedParameters().Zip(partial.NamedParameters()))
        {
            Assert.True(expected.GradientArray.AsSpan().SequenceEqual(actual.GradientArray), name);
            Assert.Contains(actual.GradientArray, v => v != 0);
        }

        partial.Forward(input);
        Assert.Equal(inputGradient.Array, partial.Backward(outputGradient).Array);
    }

    [Fact]
    public void Dense_gradients_match_central_differences()
        => CheckGradients(() => new Dense<double>(5, 3, seed: 11), AwayFromZero(Uniform(1, 4, 5, -2, 2)), lossSeed: 101);

    [Fact]
    public void ReLU_gradient_matches_central_differences()
        => CheckGradients(() => new ReLU<double>(), AwayFromZero(Uniform(2, 4, 6, -2, 2)), lossSeed: 102);

    [Fact]
    public void LeakyReLU_gradient_matches_central_differences()
        => CheckGradients(() => new LeakyReLU<double>(0.2), AwayFromZero(Uniform(3, 4, 6, -2, 2)), lossSeed: 103);

    [Fact]
    public void Sigmoid_gradient_matches_central_differences()
        => CheckGradients(() => new Sigmoid<double>(), Uniform(4, 4, 6, -4, 4), lossSeed: 104);

    [Fact]
    public void Tanh_gradient_matches_central_differences()
        => CheckGradients(() => new Tanh<double>(), Uniform(5, 4, 6, -3, 3), lossSeed: 105);

    [Fact]
    public void Softmax_gradient_matches_central_differences()
        => CheckGradients(() => new Softmax<double>(), Uniform(6, 4, 5, -3, 3), lossSeed: 106);

    [Fact]
    public void BatchNorm1d_training_mode_gradients_match_central_differences()
        => CheckGradients(() => ScaledBatchNorm(4, seed: 7), Uniform(7, 6, 4, -1, 3), lossSeed: 107);

    [Fact]
    public void BatchNorm1d_eval_mode_gradients_match_central_differences()
    {
        Func<Module<double>> create = () =>
        {
            BatchNorm1d<double> norm = ScaledBatchNorm(4, seed: 8);
            norm.Forward(Uniform(80, 5, 4, 0.5, 4));
            norm.Forward(Uniform(81, 5, 4, -1, 2));
            norm.Eval();
            return norm;
        };

        var check = (BatchNorm1d<double>)create();
        Assert.True(check.RunningMean.ToArray().All(m => Math.Abs(m) > 1e-3), "the running mean should have moved away from 0");
        CheckGradients(create, Uniform(8, 6, 4, -1, 3), lossSeed: 108);
    }

    [Fact]
    public void Dropout_training_mode_gradient_matches_central_differences()
    {
        // Every evaluation builds a fresh Dropout with the same seed: its first forward pass on an
        // input of the same length draws the same mask, so the perturbed losses share one mask.
        const int Seed = 9;
        Tensor<double> x = Uniform(9, 5, 6, -2, 2);
        Tensor<double> inputGradient = CheckGradients(() => new Dropout<double>(0.4, Seed), x, lossSeed: 109);
        Assert.Contains(0.0, inputGradient.Span.ToArray());
        Assert.Contains(inputGradient.Span.ToArray(), g => g != 0);
    }

    [Fact]
    public void Sequential_gradients_match_central_differences()
    {
        static Module<double> Create() => new Sequential<double>(
            new Dense<double>(5, 7, seed: 1),
            ScaledBatchNorm(7, seed: 2),
            new LeakyReLU<double>(0.1),
            new Dropout<double>(0.25, seed: 3),
            new Dense<double>(7, 6, seed: 4),
            new Tanh<double>(),
            new Dense<double>(6, 5, seed: 5),
            new ReLU<double>(),
            new Dense<double>(5, 4, seed: 6),
            new Sigmoid<double>(),
            new Dense<double>(4, 3, seed: 7),
            new Softmax<double>());

        Tensor<double> x = Uniform(10, 6, 5, -2, 2);
        AssertAwayFromKinks((Sequential<double>)Create(), x);
        Module<double> probe = Create();
        Assert.Equal(
            new[] { "0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias", "6.weight", "6.bias", "8.weight", "8.bias", "10.weight", "10.bias" },
            probe.NamedParameters().Select(named => named.Name).ToArray());
        CheckGradients(Create, x, lossSeed: 110);
    }

    // ---------------------------------------------------------------------------------------------
    // 2. The Forward/Backward contract.
    // ---------------------------------------------------------------------------------------------

    public static TheoryData<string> LayerNames => new()
    {
        "Dense", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "BatchNorm1d", "BatchNorm1d.eval", "Dropout", "Dropout.eval", "Sequential",
    };

    [Fact]
    public void Backward_accumulates_into_parameter_gradients()
    {
        var network = new Sequential<double>(new Dense<double>(4, 5, seed: 3), new Tanh<double>(), ScaledBatchNorm(5, seed: 4), new Dense<double>(5, 2, seed: 5));
        Tensor<double> x = Uniform(20, 6, 4, -1, 1);
        Tensor<double> w = Uniform(21, 6, 2, -1, 1);
        network.Forward(x);

        Tensor<double> first = network.Backward(w);
        double[][] once = network.Parameters().Select(p => p.Gradient.ToArray()).ToArray();
        Tensor<double> second = network.Backward(w);
        double[][] twice = network.Parameters().Select(p => p.Gradient.ToArray()).ToArray();

        Assert.Equal(first.Span.ToArray(), second.Span.ToArray()); // the input gradient is returned, not accumulated
        for (int p = 0; p < once.Length; p++)
        {
            Assert.Contains(once[p], g => Math.Abs(g) > 1e-6);
            for (int i = 0; i < once[p].Length; i++)
            {
                Assert.True(Math.Abs(twice[p][i] - (2 * once[p][i])) <= 1e-14 * Math.Max(1, Math.Abs(once[p][i])), $"parameter {p}[{i}]: once {once[p][i]:R}, twice {twice[p][i]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void Backward_before_Forward_throws(string name)
    {
        Module<double> module = Create(name);
        var exception = Assert.Throws<InvalidOperationException>(() => module.Backward(new Tensor<double>(3, 4)));
        Assert.Contains("Forward", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void Backward_rejects_a_wrong_shaped_output_gradient(string name)
    {
        Module<double> module = Create(name);
        Tensor<double> y = module.Forward(Uniform(30, 3, 4, -1, 1));
        Assert.Throws<ArgumentException>(() => module.Backward(new Tensor<double>(y.Rows, y.Columns + 1)));
        Assert.Throws<ArgumentException>(() => module.Backward(new Tensor<double>(y.Rows + 1, y.Columns)));
        Assert.Throws<ArgumentException>(() => module.Backward(new Tensor<double>(y.Length)));

        // The right shape is accepted afterwards.
        Tensor<double> inputGradient = module.Backward(Uniform(31, y.Rows, y.Columns, -1, 1));
        Assert.Equal(new[] { 3, 4 }, inputGradient.Shape.ToArray());
    }

    [Fact]
    public void A_wrong_input_feature_count_is_rejected_naming_the_expected_features()
    {
        var dense = new Dense<double>(7, 2);
        var exception = Assert.Throws<ArgumentException>(() => dense.Forward(new Tensor<double>(3, 4)));
        Assert.Matches(new Regex(@"\b7\b"), exception.Message);

        var norm = new BatchNorm1d<double>(9);
        exception = Assert.Throws<ArgumentException>(() => norm.Forward(new Tensor<double>(3, 4)));
        Assert.Matches(new Regex(@"\b9\b"), exception.Message);

        exception = Assert.Throws<ArgumentException>(() => norm.Eval().Forward(new Tensor<double>(3, 4)));
        Assert.Matches(new Regex(@"\b9\b"), exception.Message);

        var network = new Sequential<double>(new Dense<double>(6, 3), new ReLU<double>(), new Dense<double>(3, 2));
        exception = Assert.Throws<ArgumentException>(() => network.Forward(new Tensor<double>(2, 5)));
        Assert.Matches(new Regex(@"\b6\b"), exception.Message);

        // A rank-3 input is not a batch × features matrix either.
        Assert.Throws<ArgumentException>(() => new Dense<double>(4, 2).Forward(new Tensor<double>(2, 2, 2)));
    }

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void Forward_and_Backward_do_not_modify_their_arguments(string name)
    {
        Module<double> module = Create(name);
        Tensor<double> x = Uniform(40, 3, 4, -1, 1);
        double[] xBefore = x.Span.ToArray();
        Tensor<double> y = module.Forward(x);
        Assert.Equal(xBefore, x.Span.ToArray());

        Tensor<double> g = Uniform(41, y.Rows, y.Columns, -1, 1);
        double[] gBefore = g.Span.ToArray();
        Tensor<double> first = module.Backward(g);
        Assert.Equal(gBefore, g.Span.ToArray());
        Assert.Equal(xBefore, x.Span.ToArray());

        // The same gradient again gives the same input gradient (nothing was consumed).
        Tensor<double> second = module.Backward(g);
        Assert.Equal(first.Span.ToArray(), second.Span.ToArray());
        Assert.Equal(gBefore, g.Span.ToArray());
    }

    // ---------------------------------------------------------------------------------------------
    // 3. Training versus evaluation mode.
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public void Dropout_in_eval_mode_is_the_identity()
    {
        var dropout = new Dropout<double>(0.5, seed: 1);
        dropout.Eval();
        Assert.False(dropout.IsTraining);
        Tensor<double> x = Uniform(50, 8, 10, -2, 2);
        Tensor<double> g = Uniform(51, 8, 10, -2, 2);
        Assert.Equal(x.Span.ToArray(), dropout.Forward(x).Span.ToArray());
        Assert.Equal(g.Span.ToArray(), dropout.Backward(g).Span.ToArray());
    }

    [Fact]
    public void Dropout_in_training_mode_zeroes_about_half_and_doubles_the_rest()
    {
        var dropout = new Dropout<double>(0.5, seed: 2);
        Assert.True(dropout.IsTraining);
        Tensor<double> x = AwayFromZero(Uniform(52, 100, 50, -2, 2));
        Tensor<double> y = dropout.Forward(x);
        Tensor<double> g = AwayFromZero(Uniform(53, 100, 50, -2, 2));
        Tensor<double> gx = dropout.Backward(g);

        int zeros = 0;
        for (int i = 0; i < x.Length; i++)
        {
            bool dropped = y.Span[i] == 0;
            Assert.True(dropped || y.Span[i] == 2 * x.Span[i], $"output {i} is {y.Span[i]:R} for input {x.Span[i]:R}");

            // The backward pass uses the forward pass's mask.
            Assert.Equal(dropped ? 0.0 : 2 * g.Span[i], gx.Span[i]);
            zeros += dropped ? 1 : 0;
        }

        double fraction = (double)zeros / x.Length;
        Assert.InRange(fraction, 0.45, 0.55); // 5000 draws: the standard deviation is 0.007
    }

    [Fact]
    public void Dropout_masks_are_determined_by_the_seed()
    {
        Tensor<double> x = AwayFromZero(Uniform(54, 20, 10, -2, 2));
        double[] a = new Dropout<double>(0.5, seed: 7).Forward(x).Span.ToArray();
        double[] b = new Dropout<double>(0.5, seed: 7).Forward(x).Span.ToArray();
        double[] c = new Dropout<double>(0.5, seed: 8).Forward(x).Span.ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);

        // One instance draws a new mask for every batch.
        var dropout = new Dropout<double>(0.5, seed: 7);
        Assert.Equal(a, dropout.Forward(x).Span.ToArray());
        Assert.NotEqual(a, dropout.Forward(x).Span.ToArray());
    }

    [Fact]
    public void Dropout_with_p_0_is_the_identity_and_with_p_1_gives_zeros()
    {
        Tensor<double> x = AwayFromZero(Uniform(55, 10, 10, -2, 2));
        Tensor<double> g = AwayFromZero(Uniform(56, 10, 10, -2, 2));

        var none = new Dropout<double>(0, seed: 1);
        Assert.True(none.IsTraining);
        Assert.Equal(x.Span.ToArray(), none.Forward(x).Span.ToArray());
        Assert.Equal(g.Span.ToArray(), none.Backward(g).Span.ToArray());

        var all = new Dropout<double>(1, seed: 1);
        Assert.All(all.Forward(x).Span.ToArray(), v => Assert.True(v == 0, $"{v:R} is not 0"));
        Assert.All(all.Backward(g).Span.ToArray(), v => Assert.True(v == 0, $"{v:R} is not 0"));
    }

    [Fact]
    public void BatchNorm1d_in_training_mode_standardizes_each_feature()
    {
        const int Batch = 32, Features = 5;
        var norm = new BatchNorm1d<double>(Features);
        Tensor<double> x = Uniform(60, Batch, Features, -1, 1);
        for (int row = 0; row < Batch; row++)
        {
            for (int f = 0; f < Features; f++)
            {
                x[row, f] = (x[row, f] * (f + 1) * 3) + (10 * f) - 7; // each feature its own scale and offset
            }
        }

        Tensor<double> y = norm.Forward(x);
        for (int f = 0; f < Features; f++)
        {
            double[] column = Enumerable.Range(0, Batch).Select(row => y[row, f]).ToArray();
            double mean = column.Average();
            double variance = column.Select(v => (v - mean) * (v - mean)).Average();
            Assert.True(Math.Abs(mean) < 1e-12, $"feature {f}: mean {mean:R}");
            Assert.True(Math.Abs(variance - 1) < 1e-4, $"feature {f}: biased variance {variance:R}");
        }
    }

    [Fact]
    public void BatchNorm1d_in_eval_mode_uses_the_running_statistics()
    {
        const int Features = 3;
        var norm = ScaledBatchNorm(Features, seed: 12);
        double[] gamma = norm.Gamma.Value.ToArray(), beta = norm.Beta.Value.ToArray();
        Tensor<double> first = Uniform(61, 8, Features, 1, 5), second = Uniform(62, 8, Features, -3, 0);
        norm.Forward(first);
        norm.Forward(second);

        // μ ← 0.9 μ + 0.1 μ_B, σ² ← 0.9 σ² + 0.1 · unbiased σ²_B, from μ = 0, σ² = 1.
        double[] expectedMean = new double[Features], expectedVariance = Enumerable.Repeat(1.0, Features).ToArray();
        foreach (Tensor<double> batch in new[] { first, second })
        {
            for (int f = 0; f < Features; f++)
            {
                double[] column = Enumerable.Range(0, batch.Rows).Select(row => batch[row, f]).ToArray();
                double mean = column.Average();
                double unbiased = column.Sum(v => (v - mean) * (v - mean)) / (column.Length - 1);
                expectedMean[f] = (0.9 * expectedMean[f]) + (0.1 * mean);
                expectedVariance[f] = (0.9 * expectedVariance[f]) + (0.1 * unbiased);
            }
        }

        AssertClose(expectedMean, norm.RunningMean.ToArray(), 1e-13, "running mean");
        AssertClose(expectedVariance, norm.RunningVariance.ToArray(), 1e-13, "running variance");

        norm.Eval();
        Tensor<double> x = Uniform(63, 4, Features, -2, 4);
        Tensor<double> y = norm.Forward(x);
        double[] expected = new double[x.Length];
        for (int row = 0; row < x.Rows; row++)
        {
            for (int f = 0; f < Features; f++)
            {
                expected[(row * Features) + f] = (gamma[f] * (x[row, f] - expectedMean[f]) / Math.Sqrt(expectedVariance[f] + 1e-5)) + beta[f];
            }
        }

        AssertClose(expected, y.Span.ToArray(), 1e-13, "eval output");

        // Evaluation leaves the statistics alone, and a single row is fine.
        AssertClose(expectedMean, norm.RunningMean.ToArray(), 1e-13, "running mean after eval");
        AssertClose(expectedVariance, norm.RunningVariance.ToArray(), 1e-13, "running variance after eval");
        Assert.Equal(y.Row(0).ToArray(), norm.Forward(new Tensor<double>(x.Row(0).ToArray(), 1, Features)).Span.ToArray());

        // Back in training mode the batch's statistics are used instead.
        norm.Train();
        double[] trained = norm.Forward(x).Span.ToArray();
        Assert.True(trained.Zip(expected).Max(pair => Math.Abs(pair.First - pair.Second)) > 0.1);
    }

    [Fact]
    public void Eval_and_Train_on_a_Sequential_reach_every_child()
    {
        var inner = new Sequential<double>(new Dense<double>(3, 3, seed: 1), new Dropout<double>(0.5, seed: 2), new BatchNorm1d<double>(3));
        var network = new Sequential<double>(new Dense<double>(4, 3, seed: 3), inner, new Dropout<double>(0.5, seed: 4), new ReLU<double>());
        Module<double>[] all = { network, network.Modules[0], inner, inner.Modules[0], inner.Modules[1], inner.Modules[2], network.Modules[2], network.Modules[3] };
        Assert.All(all, m => Assert.True(m.IsTraining));

        Assert.Same(network, network.Eval());
        Assert.All(all, m => Assert.False(m.IsTraining));

        // In eval mode the network is deterministic (no dropout, running statistics).
        Tensor<double> x = Uniform(70, 5, 4, -1, 1);
        Assert.Equal(network.Forward(x).Span.ToArray(), network.Forward(x).Span.ToArray());

        network.Train();
        Assert.All(all, m => Assert.True(m.IsTraining));
        network.Train(false);
        Assert.All(all, m => Assert.False(m.IsTraining));
        network.Train(true);
        Assert.NotEqual(network.Forward(x).Span.ToArray(), network.Forward(x).Span.ToArray());
    }

    [Fact]
    public void BatchNorm1d_in_training_mode_rejects_a_single_row()
    {
        var norm = new BatchNorm1d<double>(3);
        Assert.Throws<ArgumentException>(() => norm.Forward(new Tensor<double>(new[] { 1.0, 2, 3 }, 1, 3)));
        Assert.Equal(new[] { 0.0, 0, 0 }, norm.RunningMean.ToArray()); // nothing was updated

        var network = new Sequential<double>(new Dense<double>(2, 3), new BatchNorm1d<double>(3));
        Assert.Throws<ArgumentException>(() => network.Forward(new Tensor<double>(new[] { 1.0, 2 }, 1, 2)));
        network.Eval();
        Assert.Equal(new[] { 1, 3 }, network.Forward(new Tensor<double>(new[] { 1.0, 2 }, 1, 2)).Shape.ToArray());
    }

    // ---------------------------------------------------------------------------------------------
    // 4. A layer stack against PyTorch.
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public void Layer_stack_matches_PyTorch_in_training_and_eval_mode()
    {
        JsonElement reference = LoadReference();
        int batch = reference.GetProperty("batch").GetInt32();
        int inFeatures = reference.GetProperty("in_features").GetInt32();
        double slope = reference.GetProperty("negative_slope").GetDouble();
        double momentum = reference.GetProperty("momentum").GetDouble();
        double epsilon = reference.GetProperty("eps").GetDouble();

        var network = new Sequential<double>(
            new Dense<double>(inFeatures, 6),
            new BatchNorm1d<double>(6, momentum, epsilon),
            new ReLU<double>(),
            new Dense<double>(6, 5),
            new LeakyReLU<double>(slope),
            new Dense<double>(5, 4),
            new Sigmoid<double>(),
            new Dense<double>(4, 4),
            new Tanh<double>(),
            new Dense<double>(4, 3),
            new Softmax<double>());

        // Copy PyTorch's parameters in by name; the names must be exactly PyTorch's.
        Dictionary<string, double[]> parameters = Named(reference.GetProperty("parameters"));
        Assert.Equal(parameters.Keys.OrderBy(k => k, StringComparer.Ordinal), network.NamedParameters().Select(n => n.Name).OrderBy(k => k, StringComparer.Ordinal));
        foreach ((string name, Parameter<double> parameter) in network.NamedParameters())
        {
            Assert.Equal(parameters[name].Length, parameter.Length);
            parameters[name].CopyTo(parameter.Value);
        }

        var x = new Tensor<double>(Doubles(reference.GetProperty("input")), batch, inFeatures);
        var w = new Tensor<double>(Doubles(reference.GetProperty("loss_weights")), batch, 3);
        var errors = new ErrorTracker();

        // Training mode: forward, backward, running statistics after one forward.
        JsonElement train = reference.GetProperty("train");
        CompareRun(network, x, w, train, errors, "train");
        CompareBuffers(network, Named(train.GetProperty("buffers")), errors, "after one training forward");

        // A second training forward, on another batch, moves the statistics again.
        network.Forward(new Tensor<double>(Doubles(reference.GetProperty("second_input")), batch, inFeatures));
        CompareBuffers(network, Named(reference.GetProperty("running_after_two")), errors, "after two training forwards");

        // Eval mode: the running statistics, and gradients through them.
        network.Eval();
        CompareRun(network, x, w, reference.GetProperty("eval"), errors, "eval");

        output.WriteLine($"PyTorch {reference.GetProperty("torch").GetString()}: {errors.Count} values compared, max relative error {errors.MaxRelative:E2} ({errors.Worst}), max absolute error on values below 1e-9 {errors.MaxTinyAbsolute:E2}");
        Assert.True(errors.Count > 300, $"only {errors.Count} values were compared");
    }

    // ---------------------------------------------------------------------------------------------
    // 5. Dense's default initialization.
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public void Dense_default_initialization_is_bounded_and_deterministic()
    {
        const int In = 400, Out = 60;
        double bound = 1 / Math.Sqrt(In);
        var a = new Dense<double>(In, Out, seed: 5);
        var b = new Dense<double>(In, Out, seed: 5);
        var c = new Dense<double>(In, Out, seed: 6);

        double[] weight = a.Weight.Value.ToArray(), bias = a.Bias.Value.ToArray();
        Assert.Equal(In * Out, weight.Length);
        Assert.Equal(Out, bias.Length);
        Assert.All(weight, v => Assert.InRange(v, -bound, bound));
        Assert.All(bias, v => Assert.InRange(v, -bound, bound));

        // Spread over the whole interval, centred, not a constant.
        Assert.True(weight.Max() > 0.95 * bound && weight.Min() < -0.95 * bound, $"weights in [{weight.Min():R}, {weight.Max():R}], bound {bound:R}");
        Assert.True(Math.Abs(weight.Average()) < 0.02 * bound, $"mean weight {weight.Average():R}");
        Assert.True(bias.Max() > 0.5 * bound && bias.Min() < -0.5 * bound, $"biases in [{bias.Min():R}, {bias.Max():R}]");
        Assert.NotEqual(weight.Take(Out).ToArray(), bias); // the bias is not a copy of the first weights

        Assert.Equal(weight, b.Weight.Value.ToArray());
        Assert.Equal(bias, b.Bias.Value.ToArray());
        Assert.NotEqual(weight, c.Weight.Value.ToArray());
        Assert.NotEqual(bias, c.Bias.Value.ToArray());
        Assert.All(a.Weight.Gradient.ToArray(), g => Assert.Equal(0.0, g));
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers.
    // ---------------------------------------------------------------------------------------------

    /// <summary>
    /// Checks Backward(w) of a fresh module from <paramref name="create"/> against central differences of
    /// L = Σ w ⊙ Forward(x), with respect to x and to every parameter value. Every evaluation of L uses a
    /// fresh module (and the first forward pass of it), so dropout masks and batch statistics match.
    /// </summary>
    private Tensor<double> CheckGradients(Func<Module<double>> create, Tensor<double> x, int lossSeed)
    {
        Module<double> module = create();
        foreach (Parameter<double> parameter in module.Parameters())
        {
            parameter.Gradient.Clear();
        }

        Tensor<double> y = module.Forward(x.Clone());
        Tensor<double> w = Uniform(lossSeed, y.Rows, y.Columns, -1, 1);
        double[] weights = w.Span.ToArray(); // the numeric side does not depend on what Backward does to w
        Tensor<double> inputGradient = module.Backward(w);
        Assert.Equal(x.Shape.ToArray(), inputGradient.Shape.ToArray());
        double[][] parameterGradients = module.Parameters().Select(p => p.Gradient.ToArray()).ToArray();

        // The loss's terms set the scale of its rounding error.
        double scale = Math.Max(1, y.Span.ToArray().Zip(weights).Sum(pair => Math.Abs(pair.First * pair.Second)));
        double worst = 0;
        int checkedCount = 0;

        double Loss(Action<Module<double>> perturbParameters, Tensor<double> input)
        {
            Module<double> fresh = create();
            perturbParameters(fresh);
            double[] outputs = fresh.Forward(input).Span.ToArray();
            double sum = 0;
            for (int i = 0; i < outputs.Length; i++)
            {
                sum += weights[i] * outputs[i];
            }

            return sum;
        }

        for (int i = 0; i < x.Length; i++)
        {
            int index = i;
            double numeric = CentralDifference(
                x.Span[i],
                v =>
                {
                    Tensor<double> shifted = x.Clone();
                    shifted.Span[index] = v;
                    return Loss(_ => { }, shifted);
                });
            worst = Math.Max(worst, AssertGradient(numeric, inputGradient.Span[i], scale, $"∂L/∂x[{i}]"));
            checkedCount++;
        }

        int parameterCount = parameterGradients.Length;
        Assert.Equal(parameterCount, create().Parameters().Count());
        for (int p = 0; p < parameterCount; p++)
        {
            (string name, Parameter<double> parameter) = module.NamedParameters().ElementAt(p);
            Assert.Equal(parameter.Length, parameterGradients[p].Length);
            for (int i = 0; i < parameter.Length; i++)
            {
                (int pIndex, int iIndex) = (p, i);
                double numeric = CentralDifference(
                    parameter.Value[i],
                    v => Loss(fresh => fresh.Parameters().ElementAt(pIndex).Value[iIndex] = v, x));
                worst = Math.Max(worst, AssertGradient(numeric, parameterGradients[p][i], scale, $"∂L/∂{name}[{i}]"));
                checkedCount++;
            }
        }

        output.WriteLine($"{module.GetType().Name}: {checkedCount} derivatives checked, largest error {worst:P1} of the tolerance");
        return inputGradient;
    }

    private static double CentralDifference(double at, Func<double, double> f)
    {
        double h = Step * Math.Max(1, Math.Abs(at));
        return (f(at + h) - f(at - h)) / (2 * h);
    }

    /// <summary>Asserts the analytic derivative is within tolerance of the numeric one; returns the error as a fraction of the tolerance.</summary>
    private static double AssertGradient(double numeric, double analytic, double scale, string what)
    {
        double error = Math.Abs(analytic - numeric);
        double allowed = (RelativeTolerance * Math.Abs(numeric)) + (1e-8 * scale);
        Assert.True(error <= allowed, $"{what}: analytic {analytic.ToString("R", CultureInfo.InvariantCulture)}, numeric {numeric.ToString("R", CultureInfo.InvariantCulture)}, error {error:E2} > {allowed:E2}");
        return error / allowed;
    }

    /// <summary>Checks that no ReLU or LeakyReLU of <paramref name="network"/> sees an input within 1e-3 of its kink.</summary>
    private static void AssertAwayFromKinks(Sequential<double> network, Tensor<double> x)
    {
        Tensor<double> h = x;
        foreach (Module<double> module in network.Modules)
        {
            if (module is ReLU<double> or LeakyReLU<double>)
            {
                double nearest = h.Span.ToArray().Min(Math.Abs);
                Assert.True(nearest > 1e-3, $"an input of {module.GetType().Name} is {nearest:E2} from the kink: pick other seeds");
            }

            h = module.Forward(h);
        }
    }

    private static Module<double> Create(string name) => name switch
    {
        "Dense" => new Dense<double>(4, 3, seed: 1),
        "ReLU" => new ReLU<double>(),
        "LeakyReLU" => new LeakyReLU<double>(0.05),
        "Sigmoid" => new Sigmoid<double>(),
        "Tanh" => new Tanh<double>(),
        "Softmax" => new Softmax<double>(),
        "BatchNorm1d" => ScaledBatchNorm(4, seed: 2),
        "BatchNorm1d.eval" => ScaledBatchNorm(4, seed: 3).Eval(),
        "Dropout" => new Dropout<double>(0.5, seed: 4),
        "Dropout.eval" => new Dropout<double>(0.5, seed: 4).Eval(),
        "Sequential" => new Sequential<double>(new Dense<double>(4, 5, seed: 5), new BatchNorm1d<double>(5), new ReLU<double>(), new Dropout<double>(0.3, seed: 6), new Dense<double>(5, 2, seed: 7), new Softmax<double>()),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown layer"),
    };

    /// <summary>A batch normalization with γ and β away from their initial 1 and 0.</summary>
    internal static BatchNorm1d<double> ScaledBatchNorm(int features, int seed)
    {
        var norm = new BatchNorm1d<double>(features);
        var random = new Random(seed);
        RandomPoints.Uniform(random, features, 0.5, 2).CopyTo(norm.Gamma.Value);
        RandomPoints.Uniform(random, features, -1, 1).CopyTo(norm.Beta.Value);
        return norm;
    }

    private static Tensor<double> Uniform(int seed, int rows, int columns, double low, double high)
        => new(RandomPoints.Uniform(new Random(seed), rows * columns, low, high), rows, columns);

    /// <summary>Moves values at least 0.05 away from 0 (off the ReLU kinks), keeping their signs.</summary>
    private static Tensor<double> AwayFromZero(Tensor<double> values)
    {
        Span<double> span = values.Span;
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = span[i] < 0 ? span[i] - 0.05 : span[i] + 0.05;
        }

        return values;
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    private static void CompareRun(Module<double> network, Tensor<double> x, Tensor<double> w, JsonElement expected, ErrorTracker errors, string mode)
    {
        foreach (Parameter<double> parameter in network.Parameters())
        {
            parameter.Gradient.Clear();
        }

        Tensor<double> y = network.Forward(x);
        errors.Compare(Doubles(expected.GetProperty("output")), y.Span.ToArray(), $"{mode} output");
        double loss = y.Span.ToArray().Zip(w.Span.ToArray()).Sum(pair => pair.First * pair.Second);
        errors.Compare(new[] { expected.GetProperty("loss").GetDouble() }, new[] { loss }, $"{mode} loss");

        Tensor<double> inputGradient = network.Backward(w);
        errors.Compare(Doubles(expected.GetProperty("input_gradient")), inputGradient.Span.ToArray(), $"{mode} input gradient");

        Dictionary<string, double[]> gradients = Named(expected.GetProperty("parameter_gradients"));
        Assert.Equal(gradients.Count, network.NamedParameters().Count());
        foreach ((string name, Parameter<double> parameter) in network.NamedParameters())
        {
            errors.Compare(gradients[name], parameter.Gradient.ToArray(), $"{mode} ∂L/∂{name}");
        }
    }

    private static void CompareBuffers(Module<double> network, Dictionary<string, double[]> expected, ErrorTracker errors, string when)
    {
        Dictionary<string, double[]> actual = network.NamedBuffers().ToDictionary(b => b.Name, b => b.Values);
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach ((string name, double[] values) in expected)
        {
            errors.Compare(values, actual[name], $"{name} {when}");
        }
    }

    private static Dictionary<string, double[]> Named(JsonElement element)
        => element.EnumerateObject().ToDictionary(property => property.Name, property => Doubles(property.Value));

    private static double[] Doubles(JsonElement element) => element.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static JsonElement LoadReference()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "layers_torch.json")));
        return document.RootElement.Clone();
    }

    /// <summary>Compares to 1e-10 relative with a 1e-12 absolute floor, recording the largest errors.</summary>
    private sealed class ErrorTracker
    {
        public int Count { get; private set; }

        public double MaxRelative { get; private set; }

        public string Worst { get; private set; } = "none";

        /// <summary>The largest absolute error among expected values below 1e-9 (PyTorch's zeros up to rounding).</summary>
        public double MaxTinyAbsolute { get; private set; }

        public void Compare(double[] expected, double[] actual, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                double error = Math.Abs(expected[i] - actual[i]);
                Assert.True(
                    error <= Math.Max(1e-10 * Math.Abs(expected[i]), 1e-12),
                    $"{what}[{i}]: PyTorch {expected[i].ToString("R", CultureInfo.InvariantCulture)}, AutoGradGen {actual[i].ToString("R", CultureInfo.InvariantCulture)}, error {error:E2}");
                if (Math.Abs(expected[i]) >= 1e-9)
                {
                    double relative = error / Math.Abs(expected[i]);
                    if (relative > MaxRelative)
                    {
                        MaxRelative = relative;
                        Worst = $"{what}[{i}]";
                    }
                }
                else
                {
                    MaxTinyAbsolute = Math.Max(MaxTinyAbsolute, error);
                }

                Count++;
            }
        }
    }
}
