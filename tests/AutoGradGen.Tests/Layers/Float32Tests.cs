using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using AutoGradGen.Layers;
using AutoGradGen.Optimizers;
using AutoGradGen.Serialization;
using AutoGradGen.Tests.Support;
using AutoGradGen.Training;
using Xunit.Abstractions;

namespace AutoGradGen.Tests.Layers;

/// <summary>
/// The runtime at T = float: every layer against its double twin on the same (float-representable)
/// parameters, inputs and output gradients; a float gradient check; the losses and the L2 penalty at
/// float against double; a warm float training step of the benchmark MLP allocating nothing; the
/// trainer learning at float; and float checkpoints (F32 on disk, a double checkpoint refused).
/// </summary>
public sealed class Float32Tests : IDisposable
{
    /// <summary>
    /// Float-vs-double tolerance: max |f − d| ≤ 1e-4 · (1 + max |d|) per compared tensor.
    /// Both sides start from the same float values, so the difference is float32 arithmetic alone:
    /// unit roundoff u = 2⁻²⁴ ≈ 6e-8, and the longest computation here (a 70-term dot product, or a
    /// batch mean/variance then 1/√ in BatchNorm, a few exp/log in softmax) has a worst-case error of
    /// about k·u ≈ 4e-6 of the magnitude scale (typically √k·u ≈ 5e-7). 1e-4 leaves ≥ 25× headroom
    /// over that worst case, yet catches anything that is not float rounding: a wrong float kernel
    /// path (vector tails, tiles), a constant in the wrong precision, a half-precision-like loss of
    /// bits (≈ 1e-3), or a zeroed buffer — every compared tensor has max |d| ≥ 0.01 (asserted), so an
    /// all-zero float result exceeds the bound.
    /// </summary>
    private const double Tolerance = 1e-4;

    /// <summary>The smallest max |d| a compared tensor may have, so that an all-zero float result fails.</summary>
    private const double MinimumScale = 0.01;

    private readonly ITestOutputHelper output;
    private readonly string folder = Directory.CreateTempSubdirectory("autogradgen-float32-").FullName;

    public Float32Tests(ITestOutputHelper output) => this.output = output;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // ---------------------------------------------------------------------------------------------
    // 1. Float versus double, layer by layer.
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public void Dense_float_matches_double()
    {
        // 70 inputs and 37 outputs, 13 rows: partial register tiles (6 rows × 2 vectors) and vector tails at float's 8/16 lanes.
        var d = new Dense<double>(70, 37, seed: 21);
        var f = new Dense<float>(70, 37, seed: 99); // other initial values: everything must come from the copy
        CopyParameters(d, f);
        Compare("Dense", d, f, RoundedUniform(1, 13, 70, -2, 2), gradientSeed: 201);
    }

    [Fact]
    public void ReLU_float_matches_double()
        => Compare("ReLU", new ReLU<double>(), new ReLU<float>(), AwayFromZero(RoundedUniform(2, 9, 11, -2, 2)), gradientSeed: 202);

    [Fact]
    public void LeakyReLU_float_matches_double()
        => Compare("LeakyReLU", new LeakyReLU<double>(0.2), new LeakyReLU<float>(0.2), AwayFromZero(RoundedUniform(3, 9, 11, -2, 2)), gradientSeed: 203);

    [Fact]
    public void Sigmoid_float_matches_double()
        => Compare("Sigmoid", new Sigmoid<double>(), new Sigmoid<float>(), RoundedUniform(4, 9, 11, -6, 6), gradientSeed: 204);

    [Fact]
    public void Tanh_float_matches_double()
        => Compare("Tanh", new Tanh<double>(), new Tanh<float>(), RoundedUniform(5, 9, 11, -3, 3), gradientSeed: 205);

    [Fact]
    public void Softmax_float_matches_double()
        => Compare("Softmax", new Softmax<double>(), new Softmax<float>(), RoundedUniform(6, 9, 11, -5, 5), gradientSeed: 206);

    [Fact]
    public void BatchNorm1d_training_mode_float_matches_double()
    {
        BatchNorm1d<double> d = LayerTests.ScaledBatchNorm(6, seed: 7);
        var f = new BatchNorm1d<float>(6);
        CopyParameters(d, f);
        Compare("BatchNorm1d (train)", d, f, RoundedUniform(7, 16, 6, -1, 3), gradientSeed: 207);
    }

    [Fact]
    public void BatchNorm1d_eval_mode_after_training_forwards_float_matches_double()
    {
        BatchNorm1d<double> d = LayerTests.ScaledBatchNorm(6, seed: 8);
        var f = new BatchNorm1d<float>(6);
        CopyParameters(d, f);

        // A few training forwards move the running statistics, in each precision on its own.
        for (int i = 0; i < 3; i++)
        {
            Tensor<double> batch = RoundedUniform(80 + i, 10, 6, -1 + i, 3 + (2 * i));
            d.Forward(batch);
            f.Forward(ToFloat(batch));
        }

        Assert.True(d.RunningMean.ToArray().All(m => Math.Abs(m) > 0.05), "the running mean should have moved away from 0");
        CompareBuffers("BatchNorm1d after 3 training forwards", d, f);

        d.Eval();
        f.Eval();
        Compare("BatchNorm1d (eval)", d, f, RoundedUniform(8, 12, 6, -1, 3), gradientSeed: 208);
    }

    [Fact]
    public void Dropout_training_mode_with_the_same_seed_float_matches_double()
    {
        var d = new Dropout<double>(0.4, seed: 9);
        var f = new Dropout<float>(0.4, seed: 9);
        Tensor<double> x = AwayFromZero(RoundedUniform(9, 10, 12, -2, 2));
        (Tensor<double> yd, Tensor<float> yf) = Compare("Dropout (train)", d, f, x, gradientSeed: 209);

        // The same seed draws the same mask: zeros in exactly the same places, and some of each.
        int dropped = 0;
        for (int i = 0; i < yd.Length; i++)
        {
            Assert.True((yd.Span[i] == 0) == (yf.Span[i] == 0), $"element {i}: double {yd.Span[i]:R}, float {yf.Span[i]:R}");
            dropped += yd.Span[i] == 0 ? 1 : 0;
        }

        Assert.InRange(dropped, 1, yd.Length - 1);
    }

    [Fact]
    public void Sequential_mlp_logits_float_matches_double()
    {
        static Sequential<T> Mlp<T>(int seed)
            where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
            => new(new Dense<T>(20, 32, seed: seed), new ReLU<T>(), new Dense<T>(32, 6, seed: seed + 1));

        Sequential<double> d = Mlp<double>(31);
        Sequential<float> f = Mlp<float>(77);
        CopyParameters(d, f);
        Tensor<double> x = RoundedUniform(10, 14, 20, -2, 2);

        // No ReLU input near its kink, where float and double rounding could take different branches.
        double nearest = d.Modules[0].Forward(x).Span.ToArray().Min(Math.Abs);
        Assert.True(nearest > 1e-4, $"a ReLU input is {nearest:E2} from the kink: pick other seeds");

        Compare("Sequential Dense-ReLU-Dense", d, f, x, gradientSeed: 210);
    }

    // ---------------------------------------------------------------------------------------------
    // 2. A float gradient check.
    // ---------------------------------------------------------------------------------------------

    /// <summary>
    /// Backward of Dense&lt;float&gt; + Tanh&lt;float&gt; against central differences computed in float
    /// (GradientAssert's float overload: h = 1e-2·max(1, |x|), one Richardson step, tolerance
    /// 2e-3·max(1, |numeric|)). L = Σ w ⊙ y has 6 terms below 1 in size, so its float rounding error is
    /// ~1e-6 and the difference quotient's at most ~1e-4 (rounding over 2h = 0.02), and the O(h⁴)
    /// truncation on tanh ~1e-7: float evaluation fits the float tolerance (the largest error is about
    /// 1% of it), so no double evaluation of the float model is needed.
    /// </summary>
    [Fact]
    public void Dense_and_Tanh_float_backward_matches_float_central_differences()
    {
        const int Rows = 2, In = 4, Out = 3;
        var random = new Random(12);
        float[] x = RandomPoints.UniformFloats(random, Rows * In, -1.5f, 1.5f);
        float[] weight = RandomPoints.UniformFloats(random, Out * In, -0.8f, 0.8f);
        float[] bias = RandomPoints.UniformFloats(random, Out, -0.5f, 0.5f);
        float[] w = RandomPoints.UniformFloats(random, Rows * Out, -1f, 1f);

        Sequential<float> Network(float[] weightValues, float[] biasValues)
        {
            var dense = new Dense<float>(In, Out, seed: 5);
            weightValues.CopyTo(dense.Weight.Value);
            biasValues.CopyTo(dense.Bias.Value);
            return new Sequential<float>(dense, new Tanh<float>());
        }

        float Sum(Tensor<float> y)
        {
            float sum = 0;
            for (int i = 0; i < y.Length; i++)
            {
                sum += w[i] * y.Span[i];
            }

            return sum;
        }

        float L(float[] point)
        {
            var u = new Unpack<float>(point);
            float[] xs = u.Next(x);
            float[] ws = u.Next(weight);
            float[] bs = u.Next(bias);
            return Sum(Network(ws, bs).Forward(new Tensor<float>(xs, Rows, In)));
        }

        Sequential<float> network = Network(weight, bias);
        float value = Sum(network.Forward(new Tensor<float>((float[])x.Clone(), Rows, In)));
        Tensor<float> inputGradient = network.Backward(new Tensor<float>((float[])w.Clone(), Rows, Out));
        var dense = (Dense<float>)network.Modules[0];
        float[] analytic = Pack.OfFloats(inputGradient.Span.ToArray(), dense.Weight.Gradient.ToArray(), dense.Bias.Gradient.ToArray());

        Assert.Contains(analytic, g => Math.Abs(g) > 0.05f);
        float[] point = Pack.OfFloats(x, weight, bias);
        GradientAssert.Matches(L, point, value, analytic);

        float[] numeric = CentralDifference.Gradient(L, point);
        double worst = Enumerable.Range(0, analytic.Length).Max(i => Math.Abs(analytic[i] - numeric[i]) / (GradientAssert.FloatTolerance * Math.Max(1, Math.Abs(numeric[i]))));
        output.WriteLine($"{analytic.Length} derivatives checked in float, largest error {worst:P2} of the float tolerance");
    }

    // ---------------------------------------------------------------------------------------------
    // 3. Losses and the L2 penalty at float.
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public void SoftmaxCrossEntropy_float_matches_double()
    {
        const int Batch = 7, Classes = 5;
        var random = new Random(13);
        double[] logits = RoundedArray(random, Batch * Classes, -4, 4);
        int[] labels = RandomPoints.Indices(random, Batch, Classes);

        var gd = new double[logits.Length];
        var gf = new float[logits.Length];
        double vd = Loss.SoftmaxCrossEntropyGradient<double>(logits, labels, Classes, gd);
        float vf = Loss.SoftmaxCrossEntropyGradient<float>(ToFloats(logits), labels, Classes, gf);
        AssertClose(new[] { vd }, new[] { vf }, "SoftmaxCrossEntropy value");
        AssertClose(gd, gf, "SoftmaxCrossEntropy gradient");
    }

    [Fact]
    public void MulticlassHinge_float_matches_double()
    {
        const int Batch = 8, Classes = 4;
        const double Margin = 1.0;
        var random = new Random(14);
        double[] scores = RoundedArray(random, Batch * Classes, -2, 2);
        int[] labels = RandomPoints.Indices(random, Batch, Classes);

        // Both sides of the hinge occur, none within 1e-3 of it (where the two precisions could disagree).
        var violations = new List<double>();
        for (int n = 0; n < Batch; n++)
        {
            for (int j = 0; j < Classes; j++)
            {
                if (j != labels[n])
                {
                    violations.Add(scores[(n * Classes) + j] - scores[(n * Classes) + labels[n]] + Margin);
                }
            }
        }

        Assert.Contains(violations, v => v > 0);
        Assert.Contains(violations, v => v < 0);
        Assert.DoesNotContain(violations, v => Math.Abs(v) < 1e-3);

        var gd = new double[scores.Length];
        var gf = new float[scores.Length];
        double vd = Loss.MulticlassHingeGradient<double>(scores, labels, Classes, Margin, gd);
        float vf = Loss.MulticlassHingeGradient<float>(ToFloats(scores), labels, Classes, Margin, gf);
        AssertClose(new[] { vd }, new[] { vf }, "MulticlassHinge value");
        AssertClose(gd, gf, "MulticlassHinge gradient");
    }

    [Fact]
    public void MeanSquaredError_float_matches_double()
    {
        var random = new Random(15);
        double[] predictions = RoundedArray(random, 23, -2, 2);
        double[] targets = RoundedArray(random, 23, -2, 2);

        var gpd = new double[23];
        var gtd = new double[23];
        var gpf = new float[23];
        var gtf = new float[23];
        double vd = Loss.MeanSquaredErrorGradient<double>(predictions, targets, gpd, gtd);
        float vf = Loss.MeanSquaredErrorGradient<float>(ToFloats(predictions), ToFloats(targets), gpf, gtf);
        AssertClose(new[] { vd }, new[] { vf }, "MeanSquaredError value");
        AssertClose(gpd, gpf, "MeanSquaredError ∂/∂predictions");
        AssertClose(gtd, gtf, "MeanSquaredError ∂/∂targets");
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_float_matches_double()
    {
        var random = new Random(16);
        double[] logits = RoundedArray(random, 23, -6, 6);
        double[] targets = RoundedArray(random, 23, 0, 1);

        var gd = new double[23];
        var gf = new float[23];
        double vd = Loss.BinaryCrossEntropyWithLogitsGradient<double>(logits, targets, gd);
        float vf = Loss.BinaryCrossEntropyWithLogitsGradient<float>(ToFloats(logits), ToFloats(targets), gf);
        AssertClose(new[] { vd }, new[] { vf }, "BinaryCrossEntropyWithLogits value");
        AssertClose(gd, gf, "BinaryCrossEntropyWithLogits gradient");
    }

    [Fact]
    public void L2_penalty_float_matches_double()
    {
        const double Lambda = 0.3;
        double[] weights = RoundedArray(new Random(17), 40, -2, 2);

        var gd = new double[40];
        var gf = new float[40];
        double vd = Penalty.L2Gradient<double>(weights, Lambda, gd);
        float vf = Penalty.L2Gradient<float>(ToFloats(weights), Lambda, gf);
        AssertClose(new[] { vd }, new[] { vf }, "L2 value");
        AssertClose(gd, gf, "L2 gradient");
    }

    // ---------------------------------------------------------------------------------------------
    // 4. A warm float32 training step allocates nothing.
    // ---------------------------------------------------------------------------------------------

    /// <summary>The same step in this process at a batch where no product reaches the matmul's parallel threshold.</summary>
    [Fact]
    public void A_warm_float32_mlp_step_at_batch_4_allocates_nothing()
    {
        // Batch 4: the largest product (∂W of the first layer, 256 × 4 × 784) stays below 2²⁰ multiply-adds.
        long allocated = WarmStepAllocations(batch: 4, steps: 20, allThreads: false);
        Assert.Equal(0, allocated);
    }

    /// <summary>
    /// Bytes allocated by <paramref name="steps"/> warm steps of the benchmark's MLP at float, on this
    /// thread, and with <paramref name="allThreads"/> also on the matmul's worker-pool threads.
    /// </summary>
    internal static long WarmStepAllocations(int batch, int steps, bool allThreads)
    {
        var model = new Sequential<float>(new Dense<float>(784, 256, seed: 1), new ReLU<float>(), new Dense<float>(256, 256, seed: 2), new ReLU<float>(), new Dense<float>(256, 10, seed: 3));
        var optimizer = new Adam<float>(model.Parameters(), new AdamOptions { LearningRate = 1e-3 });
        var random = new Random(4);
        var input = new Tensor<float>(batch, 784);
        for (int i = 0; i < input.Length; i++)
        {
            input.Span[i] = (float)random.NextDouble();
        }

        var labels = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            labels[i] = random.Next(10);
        }

        var logitsGradient = new Tensor<float>(batch, 10);
        float sink = 0;
        void Steps(int count)
        {
            for (int step = 0; step < count; step++)
            {
                optimizer.ZeroGrad();
                Tensor<float> logits = model.Forward(input);
                sink += Loss.SoftmaxCrossEntropyGradient<float>(logits.Span, labels, 10, logitsGradient.Span);
                model.Backward(logitsGradient, inputGradient: false);
                optimizer.Step();
            }
        }

        Steps(3); // JIT, pooled tapes and panels (per thread), optimizer state
        long before = GC.GetAllocatedBytesForCurrentThread() + (allThreads ? WorkerPool.HelperAllocatedBytes : 0);
        Steps(steps);
        long allocated = GC.GetAllocatedBytesForCurrentThread() + (allThreads ? WorkerPool.HelperAllocatedBytes : 0) - before;

        Assert.True(float.IsFinite(sink));
        return allocated;
    }

    // ---------------------------------------------------------------------------------------------
    // 5. Trainer<float> learns.
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public void Trainer_float_learns_separable_blobs()
    {
        (ClassificationData train, ClassificationData test) = Training.TrainerTests.Blobs(seed: 3);
        Module<float> model = new Sequential<float>(new Dense<float>(2, 16, seed: 1), new Tanh<float>(), new Dense<float>(16, 3, seed: 2));
        var optimizer = new Adam<float>(model.Parameters(), new AdamOptions { LearningRate = 0.02 });
        var trainer = new Trainer<float>(model, optimizer, Loss.SoftmaxCrossEntropyGradient<float>, new TrainerOptions { Epochs = 8, BatchSize = 32, Seed = 4 });

        var clock = Stopwatch.StartNew();
        Evaluation before = trainer.Evaluate(test);
        IReadOnlyList<EpochReport> reports = trainer.Fit(train, test);
        clock.Stop();
        output.WriteLine($"test loss {before.Loss:F4} -> {reports[^1].TestLoss:F4}, accuracy {before.Accuracy:P1} -> {reports[^1].TestAccuracy:P1}, train loss {reports[0].TrainLoss:F4} -> {reports[^1].TrainLoss:F4}, {clock.Elapsed.TotalSeconds:F2} s");

        Assert.Equal(8, reports.Count);
        Assert.All(reports, r => Assert.True(double.IsFinite(r.TrainLoss) && double.IsFinite(r.TestLoss)));
        Assert.True(reports[^1].TestLoss < before.Loss / 3, $"test loss {before.Loss} -> {reports[^1].TestLoss}");
        Assert.True(reports[^1].TrainLoss < reports[0].TrainLoss, $"train loss {reports[0].TrainLoss} -> {reports[^1].TrainLoss}");
        Assert.True(reports[^1].TestAccuracy > 0.9, $"accuracy {reports[^1].TestAccuracy} (chance 1/3)");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"training took {clock.Elapsed.TotalSeconds:F2} s");
    }

    // ---------------------------------------------------------------------------------------------
    // 6. Checkpoints at float.
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public void A_float_checkpoint_round_trips_bit_for_bit_as_F32()
    {
        Sequential<float> trained = CheckpointModel<float>(seed: 1);
        trained.Forward(ToFloat(RoundedUniform(40, 8, 5, -1, 2))); // moves BatchNorm's running statistics off their defaults
        string path = Path.Combine(folder, "float.safetensors");
        ModelCheckpoint.Save(path, trained, new Dictionary<string, string> { ["note"] = "float32" });

        Dictionary<string, string> dtypes = HeaderDTypes(path);
        Assert.Equal(trained.NamedParameters().Select(n => n.Name).Concat(trained.NamedBuffers().Select(b => b.Name)).Order(StringComparer.Ordinal), dtypes.Keys.Order(StringComparer.Ordinal));
        Assert.All(dtypes, entry => Assert.Equal("F32", entry.Value));

        Sequential<float> fresh = CheckpointModel<float>(seed: 2);
        Assert.NotEqual(Bits(trained), Bits(fresh));
        IReadOnlyDictionary<string, string> metadata = ModelCheckpoint.Load(path, fresh);
        Assert.Equal("float32", metadata["note"]);
        Assert.Equal(Bits(trained), Bits(fresh));
    }

    [Fact]
    public void A_double_checkpoint_is_refused_by_a_float_model_naming_the_dtypes_and_changing_nothing()
    {
        Sequential<double> source = CheckpointModel<double>(seed: 3);
        source.Forward(RoundedUniform(41, 8, 5, -1, 2));
        string doublePath = Path.Combine(folder, "double.safetensors");
        ModelCheckpoint.Save(doublePath, source);
        Assert.All(HeaderDTypes(doublePath), entry => Assert.Equal("F64", entry.Value));

        Sequential<float> target = CheckpointModel<float>(seed: 4);
        target.Forward(ToFloat(RoundedUniform(42, 8, 5, -1, 2)));
        uint[] before = Bits(target);
        var error = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(doublePath, target));
        output.WriteLine(error.Message);
        Assert.Contains("F64", error.Message);
        Assert.Contains("F32", error.Message);
        Assert.Equal(before, Bits(target));

        // And the other way round: a float checkpoint is refused by a double model.
        string floatPath = Path.Combine(folder, "float.safetensors");
        ModelCheckpoint.Save(floatPath, target);
        double[] doubleBefore = source.NamedParameters().SelectMany(n => n.Parameter.ValueArray).Concat(source.NamedBuffers().SelectMany(b => b.Values)).ToArray();
        error = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(floatPath, source));
        Assert.Contains("F32", error.Message);
        Assert.Contains("F64", error.Message);
        Assert.Equal(doubleBefore, source.NamedParameters().SelectMany(n => n.Parameter.ValueArray).Concat(source.NamedBuffers().SelectMany(b => b.Values)).ToArray());
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers.
    // ---------------------------------------------------------------------------------------------

    /// <summary>
    /// Runs Forward then Backward (with the same float-representable output gradient) on both models
    /// from the same input, comparing outputs, input gradients, parameter gradients and buffers.
    /// </summary>
    private (Tensor<double> Output, Tensor<float> FloatOutput) Compare(string what, Module<double> d, Module<float> f, Tensor<double> x, int gradientSeed)
    {
        AssertSameParameters(d, f);
        foreach (Parameter<double> p in d.Parameters())
        {
            p.Gradient.Clear();
        }

        foreach (Parameter<float> p in f.Parameters())
        {
            p.Gradient.Clear();
        }

        Tensor<double> yd = d.Forward(x);
        Tensor<float> yf = f.Forward(ToFloat(x));
        AssertClose(yd.Span, yf.Span, $"{what} output");

        Tensor<double> gd = RoundedUniform(gradientSeed, yd.Rows, yd.Columns, -1, 1);
        AssertClose(d.Backward(gd).Span, f.Backward(ToFloat(gd)).Span, $"{what} input gradient");

        (string Name, Parameter<double> Parameter)[] dp = d.NamedParameters().ToArray();
        (string Name, Parameter<float> Parameter)[] fp = f.NamedParameters().ToArray();
        Assert.Equal(dp.Select(n => n.Name), fp.Select(n => n.Name));
        for (int i = 0; i < dp.Length; i++)
        {
            AssertClose(dp[i].Parameter.Gradient, fp[i].Parameter.Gradient, $"{what} ∂L/∂{dp[i].Name}");
        }

        CompareBuffers(what, d, f);
        return (yd.Clone(), yf.Clone());
    }

    private void CompareBuffers(string what, Module<double> d, Module<float> f)
    {
        (string Name, double[] Values)[] db = d.NamedBuffers().ToArray();
        (string Name, float[] Values)[] fb = f.NamedBuffers().ToArray();
        Assert.Equal(db.Select(b => b.Name), fb.Select(b => b.Name));
        for (int i = 0; i < db.Length; i++)
        {
            AssertClose(db[i].Values, fb[i].Values, $"{what} {db[i].Name}");
        }
    }

    /// <summary>max |f − d| ≤ <see cref="Tolerance"/> · (1 + max |d|), with max |d| ≥ <see cref="MinimumScale"/>.</summary>
    private void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(expected.Length > 0, $"{what}: nothing to compare");
        double scale = 0, worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(float.IsFinite(actual[i]), $"{what}[{i}]: float {actual[i]:R}, double {expected[i]:R}");
            scale = Math.Max(scale, Math.Abs(expected[i]));
            double error = Math.Abs(actual[i] - expected[i]);
            if (error > worst)
            {
                worst = error;
                worstIndex = i;
            }
        }

        Assert.True(scale >= MinimumScale, $"{what}: the double values are all below {MinimumScale} in size (max {scale:E2}); the comparison would prove nothing");
        double allowed = Tolerance * (1 + scale);
        output.WriteLine($"{what}: {expected.Length} values, max |d| {scale:G4}, max |f − d| {worst:E2} ({worst / allowed:P2} of the tolerance)");
        Assert.True(
            worst <= allowed,
            $"{what}[{worstIndex}]: float {actual[worstIndex].ToString("R", CultureInfo.InvariantCulture)}, double {expected[worstIndex].ToString("R", CultureInfo.InvariantCulture)}, |f − d| {worst:E2} > {allowed:E2} (max |d| {scale:G4})");
    }

    /// <summary>Rounds <paramref name="d"/>'s parameters to float in place and copies them into <paramref name="f"/>.</summary>
    private static void CopyParameters(Module<double> d, Module<float> f)
    {
        (string Name, Parameter<double> Parameter)[] dp = d.NamedParameters().ToArray();
        (string Name, Parameter<float> Parameter)[] fp = f.NamedParameters().ToArray();
        Assert.Equal(dp.Select(n => n.Name), fp.Select(n => n.Name));
        for (int p = 0; p < dp.Length; p++)
        {
            Span<double> source = dp[p].Parameter.Value;
            Span<float> destination = fp[p].Parameter.Value;
            Assert.Equal(source.Length, destination.Length);
            for (int i = 0; i < source.Length; i++)
            {
                destination[i] = (float)source[i];
                source[i] = destination[i];
            }
        }

        AssertSameParameters(d, f);
    }

    private static void AssertSameParameters(Module<double> d, Module<float> f)
    {
        double[] dv = d.Parameters().SelectMany(p => p.ValueArray).ToArray();
        float[] fv = f.Parameters().SelectMany(p => p.ValueArray).ToArray();
        Assert.Equal(dv, fv.Select(v => (double)v));
    }

    private static Sequential<T> CheckpointModel<T>(int seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => new(new Dense<T>(5, 7, seed: seed), new BatchNorm1d<T>(7), new ReLU<T>(), new Dense<T>(7, 3, seed: seed + 10));

    /// <summary>The bits of every parameter value and buffer value, in order.</summary>
    private static uint[] Bits(Module<float> model)
        => model.NamedParameters().SelectMany(n => n.Parameter.ValueArray).Concat(model.NamedBuffers().SelectMany(b => b.Values)).Select(BitConverter.SingleToUInt32Bits).ToArray();

    /// <summary>Each tensor's dtype in a safetensors file's header.</summary>
    private static Dictionary<string, string> HeaderDTypes(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        using JsonDocument header = JsonDocument.Parse(bytes.AsMemory(8, length));
        return header.RootElement.EnumerateObject()
            .Where(p => p.Name != "__metadata__")
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("dtype").GetString()!);
    }

    /// <summary>Uniform values rounded to float (so the double and float sides see the same numbers).</summary>
    private static Tensor<double> RoundedUniform(int seed, int rows, int columns, double low, double high)
        => new(RoundedArray(new Random(seed), rows * columns, low, high), rows, columns);

    private static double[] RoundedArray(Random random, int length, double low, double high)
        => Array.ConvertAll(RandomPoints.Uniform(random, length, low, high), v => (double)(float)v);

    private static Tensor<float> ToFloat(Tensor<double> values)
    {
        float[] floats = ToFloats(values.Array);
        Assert.Equal(values.Array, floats.Select(v => (double)v)); // exact: the values were float to begin with
        return new Tensor<float>(floats, values.Shape.ToArray());
    }

    private static float[] ToFloats(double[] values) => Array.ConvertAll(values, v => (float)v);

    /// <summary>Moves values at least 0.05 away from 0 (off the ReLU kinks), keeping their signs and float representability.</summary>
    private static Tensor<double> AwayFromZero(Tensor<double> values)
    {
        Span<double> span = values.Span;
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = (float)(span[i] < 0 ? span[i] - 0.05 : span[i] + 0.05);
        }

        return values;
    }

}
