using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using AutoGradGen.Layers;
using AutoGradGen.Optimizers;
using AutoGradGen.Serialization;

namespace AutoGradGen.Tests.Optimizers;

/// <summary>
/// Optimizer state in safetensors checkpoints: a run saved after k steps and resumed in a fresh
/// process-like setting (new model, new optimizer) continues bit for bit like an uninterrupted run;
/// bad or mismatched files are rejected and change nothing.
/// </summary>
public sealed class OptimizerCheckpointTests : IDisposable
{
    private const int StepsBeforeSave = 4;
    private const int StepsAfterLoad = 5;

    private readonly string folder = Directory.CreateTempSubdirectory("autogradgen-optimizer-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Every optimizer and option combination that keeps state (and plain SGD, which keeps none).</summary>
    public static IEnumerable<object[]> Configurations => new[]
    {
        "SGD", "SGD momentum", "SGD nesterov", "Adagrad", "RMSprop", "RMSprop centered momentum", "Adam", "Adam amsgrad", "AdamW",
    }.SelectMany(name => new[] { new object[] { name, true }, new object[] { name, false } });

    [Theory]
    [MemberData(nameof(Configurations))]
    public void A_resumed_run_continues_bit_for_bit(string configuration, bool combinedFile)
    {
        // The uninterrupted run: k + m steps, the learning rates decaying every step.
        Module<double> reference = NewModel(seed: 1);
        IRun uninterrupted = Create(configuration, reference);
        var trajectory = new List<double[]>();
        var rates = new List<double[]>();
        for (int t = 0; t < StepsBeforeSave + StepsAfterLoad; t++)
        {
            uninterrupted.TrainStep(reference);
            trajectory.Add(Values(reference));
            rates.Add(uninterrupted.LearningRates());
        }

        // The same run stopped after k steps and saved.
        Module<double> first = NewModel(seed: 1);
        IRun stopped = Create(configuration, first);
        for (int t = 0; t < StepsBeforeSave; t++)
        {
            stopped.TrainStep(first);
        }

        string path = Path.Combine(folder, "run.safetensors");
        string statePath = Path.Combine(folder, "run.optimizer.safetensors");
        if (combinedFile)
        {
            stopped.SaveWithModel(path, first);
        }
        else
        {
            ModelCheckpoint.Save(path, first);
            stopped.Save(statePath, first.NamedParameters());
        }

        // A fresh model (other initial values) and optimizer, loaded, continue for m steps.
        Module<double> second = NewModel(seed: 2);
        IRun resumed = Create(configuration, second);
        if (combinedFile)
        {
            resumed.LoadWithModel(path, second);
        }
        else
        {
            ModelCheckpoint.Load(path, second);
            resumed.Load(statePath, second.NamedParameters());
        }

        AssertBits(trajectory[StepsBeforeSave - 1], Values(second), $"{configuration}: parameters after loading");
        AssertBits(rates[StepsBeforeSave - 1], resumed.LearningRates(), $"{configuration}: learning rates after loading");
        for (int t = StepsBeforeSave; t < StepsBeforeSave + StepsAfterLoad; t++)
        {
            resumed.TrainStep(second);
            AssertBits(trajectory[t], Values(second), $"{configuration}: parameters after step {t + 1}");
            AssertBits(rates[t], resumed.LearningRates(), $"{configuration}: learning rates after step {t + 1}");
        }

        AssertSameState(uninterrupted.StateDict(reference.NamedParameters()), resumed.StateDict(second.NamedParameters()));
        Assert.Equal(combinedFile ? 1 : 2, Directory.GetFiles(folder).Length); // no temporary file left behind
    }

    [Fact]
    public void A_scheduled_learning_rate_survives_the_round_trip()
    {
        Module<double> model = NewModel(seed: 1);
        var adam = new Adam<double>(Groups(model, new AdamOptions { LearningRate = 0.1 }, new AdamOptions { LearningRate = 0.03 }));
        var schedule = new CosineSchedule(adam, period: 7, minimum: 1e-3);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            SetGradients(model);
            adam.Step();
            schedule.Step();
        }

        Assert.NotEqual(0.1, adam.GetLearningRate(0));
        string path = Path.Combine(folder, "scheduled.safetensors");
        OptimizerCheckpoint.Save(path, adam, model.NamedParameters());

        Module<double> copy = NewModel(seed: 1);
        var resumed = new Adam<double>(Groups(copy, new AdamOptions { LearningRate = 0.1 }, new AdamOptions { LearningRate = 0.03 }));
        OptimizerCheckpoint.Load(path, resumed, copy.NamedParameters());
        AssertBits(new[] { adam.GetLearningRate(0), adam.GetLearningRate(1) }, new[] { resumed.GetLearningRate(0), resumed.GetLearningRate(1) }, "learning rates");
    }

    [Fact]
    public void The_file_holds_PyTorch_named_tensors_with_exact_counters()
    {
        Module<double> model = NewModel(seed: 1);
        var adam = new Adam<double>(Groups(model, new AdamOptions { Amsgrad = true }, new AdamOptions()));
        SetGradients(model);
        adam.Step();
        string path = Path.Combine(folder, "layout.safetensors");
        OptimizerCheckpoint.Save(path, adam, model.NamedParameters(), new Dictionary<string, string> { ["epoch"] = "1" });

        (JsonElement header, _) = ReadHeader(path);
        Assert.Equal("Adam", header.GetProperty("__metadata__").GetProperty("optimizer").GetString());
        Assert.Equal("1", header.GetProperty("__metadata__").GetProperty("epoch").GetString());
        AssertEntry(header, "group.0.lr", "F64", Array.Empty<long>());
        AssertEntry(header, "group.1.lr", "F64", Array.Empty<long>());
        AssertEntry(header, "state.0.weight.step", "I64", Array.Empty<long>());
        AssertEntry(header, "state.0.weight.exp_avg", "F64", new long[] { 6 });
        AssertEntry(header, "state.0.weight.exp_avg_sq", "F64", new long[] { 6 });
        AssertEntry(header, "state.0.weight.max_exp_avg_sq", "F64", new long[] { 6 });
        AssertEntry(header, "state.1.bias.exp_avg", "F64", new long[] { 1 });
        Assert.False(header.TryGetProperty("state.1.bias.max_exp_avg_sq", out _)); // group 1 has no AMSGrad

        // Step counters are integers, stored exactly however large.
        Parameter<double>[] parameters = model.Parameters().ToArray();
        OptimizerStateDict<double> state = adam.StateDict(model.NamedParameters());
        var steps = state.Steps.ToDictionary(pair => pair.Key, pair => pair.Value);
        steps["state.0.weight.step"] = (1L << 60) + 1;
        adam.LoadStateDict(new OptimizerStateDict<double>("Adam", state.Buffers, steps, state.LearningRates), model.NamedParameters());
        OptimizerCheckpoint.Save(path, adam, model.NamedParameters());
        var resumed = new Adam<double>(Groups(model, new AdamOptions { Amsgrad = true }, new AdamOptions()));
        OptimizerCheckpoint.Load(path, resumed, model.NamedParameters());
        Assert.Equal((1L << 60) + 1, resumed.StateOf(parameters[0])!.Step);
        Assert.Equal(1, resumed.StateOf(parameters[1])!.Step);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_checkpoint_saved_before_any_step_loads_as_no_state(bool combinedFile)
    {
        Module<double> model = NewModel(seed: 1);
        var adam = new Adam<double>(Groups(model, new AdamOptions { LearningRate = 0.2 }, new AdamOptions { LearningRate = 0.1 }));
        string path = Path.Combine(folder, "empty.safetensors");
        Save(path, model, adam, combinedFile);
        Assert.DoesNotContain(ReadHeader(path).Header.EnumerateObject(), entry => entry.Name.Contains("state.", StringComparison.Ordinal));

        // A trained optimizer loaded from it has no state and its first rates again, and steps as a new one.
        Module<double> trained = NewModel(seed: 1);
        var loaded = new Adam<double>(Groups(trained, new AdamOptions { LearningRate = 0.2 }, new AdamOptions { LearningRate = 0.1 }));
        SetGradients(trained);
        loaded.Step();
        loaded.SetLearningRate(0, 5);
        ModelCheckpoint.Save(Path.Combine(folder, "weights.safetensors"), model);
        ModelCheckpoint.Load(Path.Combine(folder, "weights.safetensors"), trained);
        Load(path, trained, loaded, combinedFile);
        Assert.All(trained.Parameters(), parameter => Assert.Null(loaded.StateOf(parameter)));
        Assert.Equal(0.2, loaded.GetLearningRate(0));

        SetGradients(model);
        adam.Step();
        SetGradients(trained);
        loaded.Step();
        AssertBits(Values(model), Values(trained), "first step after loading an empty state");
    }

    [Fact]
    public void Float_state_round_trips_as_F32_and_is_refused_by_a_double_optimizer()
    {
        var w = new Parameter<float>("w", new[] { 1f, -2f, 0.5f });
        var adam = new Adam<float>(new[] { w }, new AdamOptions { LearningRate = 0.1f, Amsgrad = true });
        for (int t = 0; t < 3; t++)
        {
            for (int i = 0; i < w.Length; i++)
            {
                w.Gradient[i] = MathF.Sin(3 * w.Value[i]) + w.Value[i];
            }

            adam.Step();
        }

        string path = Path.Combine(folder, "float.safetensors");
        OptimizerCheckpoint.Save(path, adam, new[] { ("w", w) });
        var copy = new Parameter<float>("w", w.Value);
        var resumed = new Adam<float>(new[] { copy }, new AdamOptions { LearningRate = 0.1f, Amsgrad = true });
        OptimizerCheckpoint.Load(path, resumed, new[] { ("w", copy) });
        Assert.Equal(adam.StateOf(w)!.FirstMoment, resumed.StateOf(copy)!.FirstMoment);
        Assert.Equal(adam.StateOf(w)!.MaxSecondMoment, resumed.StateOf(copy)!.MaxSecondMoment);

        var d = new Parameter<double>("w", 3);
        var doubleAdam = new Adam<double>(new[] { d }, new AdamOptions { LearningRate = 0.1f, Amsgrad = true });
        var error = Assert.Throws<InvalidDataException>(() => OptimizerCheckpoint.Load(path, doubleAdam, new[] { ("w", d) }));
        Assert.Contains("F32", error.Message);
        Assert.Null(doubleAdam.StateOf(d));
    }

    /// <summary>Bad files: each writes a file that the trained Adam (AMSGrad off) over <see cref="NewModel"/> must refuse.</summary>
    public static IEnumerable<object[]> BadFiles => new (string Name, string Expected, Action<string> Write)[]
    {
        ("truncated", "truncated", path => { WriteGood(path); File.WriteAllBytes(path, File.ReadAllBytes(path)[..^5]); }),
        ("cut inside the header", "header", path => { WriteGood(path); File.WriteAllBytes(path, File.ReadAllBytes(path)[..40]); }),
        ("corrupt header", "not valid safetensors JSON", path => { WriteGood(path); byte[] b = File.ReadAllBytes(path); b[9] = (byte)'#'; File.WriteAllBytes(path, b); }),
        ("another optimizer (SGD)", "the state of a SGD optimizer, not of Adam", path => WriteOther(path, m => new Sgd<double>(Groups(m, new SgdOptions { LearningRate = 0.1, Momentum = 0.9 }, new SgdOptions { LearningRate = 0.1, Momentum = 0.9 })))),
        ("another optimizer (AdamW)", "the state of a AdamW optimizer, not of Adam", path => WriteOther(path, m => new AdamW<double>(Groups(m, new AdamOptions(), new AdamOptions())))),
        ("extra state (AMSGrad)", "max_exp_avg_sq' is not kept by Adam", path => WriteOther(path, m => new Adam<double>(Groups(m, new AdamOptions { Amsgrad = true }, new AdamOptions())))),
        ("missing state tensor", "in its 'optimizer.*' tensors, it has no 'state.0.weight.exp_avg_sq'", path => { WriteGood(path); RenameTensor(path, "state.0.weight.exp_avg_sq", "state.0.weight.exp_avg_sX"); }),
        ("missing step", "it has no 'state.1.bias.step'", path => { WriteGood(path); RenameTensor(path, "state.1.bias.step", "state.1.bixs.step"); }),
        ("one group instead of two", "no 'group.1.lr'", path => WriteOther(path, m => new Adam<double>(m.Parameters(), new AdamOptions()))),
        ("no optimizer state at all", "holds no optimizer state", path => ModelCheckpoint.Save(path, NewModel(seed: 3))),
    }.Select(c => new object[] { c.Name, c.Expected, c.Write });

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_combined_checkpoint_changes_neither_model_nor_optimizer(string name, string expected, Action<string> write)
    {
        string path = Path.Combine(folder, "bad.safetensors");
        write(path);
        (Module<double> model, Adam<double> adam) = Trained();
        double[] values = Values(model);
        OptimizerStateDict<double> state = adam.StateDict(model.NamedParameters());

        var error = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(path, model, adam));
        Assert.Contains(path, error.Message);
        Assert.Contains("Nothing was loaded", error.Message);
        Assert.Contains(expected, error.Message);
        AssertBits(values, Values(model), name);
        AssertSameState(state, adam.StateDict(model.NamedParameters()));
    }

    [Fact]
    public void A_mismatched_optimizer_checkpoint_changes_nothing()
    {
        (Module<double> model, Adam<double> adam) = Trained();
        OptimizerStateDict<double> state = adam.StateDict(model.NamedParameters());
        double[] values = Values(model);

        void Refused(string path, string expected)
        {
            var error = Assert.Throws<InvalidDataException>(() => OptimizerCheckpoint.Load(path, adam, model.NamedParameters()));
            Assert.Contains(path, error.Message);
            Assert.Contains(expected, error.Message);
            Assert.Contains("Nothing was loaded", error.Message);
            AssertSameState(state, adam.StateDict(model.NamedParameters()));
            AssertBits(values, Values(model), expected);
        }

        // A parameter of a different length: the first layer has 3 × 3 weights there, 2 × 3 here.
        string wider = Path.Combine(folder, "wider.safetensors");
        var other = new Sequential<double>(new Dense<double>(3, 3, seed: 1), new Dense<double>(3, 1, seed: 1));
        var otherAdam = new Adam<double>(Groups(other, new AdamOptions(), new AdamOptions()));
        SetGradients(other);
        otherAdam.Step();
        OptimizerCheckpoint.Save(wider, otherAdam, other.NamedParameters());
        Refused(wider, "'state.0.weight.exp_avg' has 9 values, parameter '0.weight' has 6");

        // Missing state: saved without AMSGrad, loaded with it.
        string plain = Path.Combine(folder, "plain.safetensors");
        OptimizerCheckpoint.Save(plain, adam, model.NamedParameters());
        var amsgrad = new Adam<double>(Groups(model, new AdamOptions { Amsgrad = true }, new AdamOptions()));
        var missing = Assert.Throws<InvalidDataException>(() => OptimizerCheckpoint.Load(plain, amsgrad, model.NamedParameters()));
        Assert.Contains("no 'state.0.weight.max_exp_avg_sq'", missing.Message);
        Assert.All(model.Parameters(), parameter => Assert.Null(amsgrad.StateOf(parameter)));

        // State of parameters under other names.
        string renamed = Path.Combine(folder, "renamed.safetensors");
        OptimizerCheckpoint.Save(renamed, adam, model.NamedParameters().Select(named => ("net." + named.Name, named.Parameter)));
        Refused(renamed, "state for 'net.0.bias', which is not one of the optimizer's parameters");

        // The combined checkpoint is not an optimizer-only one.
        string combined = Path.Combine(folder, "combined.safetensors");
        ModelCheckpoint.Save(combined, model, adam);
        Refused(combined, "tensor '0.bias' is not optimizer state");

        // A damaged file.
        string damaged = Path.Combine(folder, "damaged.safetensors");
        OptimizerCheckpoint.Save(damaged, adam, model.NamedParameters());
        File.WriteAllBytes(damaged, File.ReadAllBytes(damaged)[..^1]);
        Refused(damaged, "truncated");
    }

    [Fact]
    public void State_dictionaries_need_a_name_for_every_parameter()
    {
        (Module<double> model, Adam<double> adam) = Trained();
        var named = model.NamedParameters().ToList();
        Assert.Contains("has no name", Assert.Throws<ArgumentException>(() => adam.StateDict(named.Skip(1))).Message);
        Assert.Contains("Two parameters are named", Assert.Throws<ArgumentException>(() => adam.StateDict(named.Append(("0.weight", new Parameter<double>("x", 1))))).Message);
        Assert.Throws<ArgumentException>(() => OptimizerCheckpoint.Save(Path.Combine(folder, "x.safetensors"), adam, named, new Dictionary<string, string> { ["optimizer"] = "mine" }));
        Assert.Empty(Directory.GetFiles(folder));

        // In memory, a state of another kind is refused just as a file is.
        OptimizerStateDict<double> state = adam.StateDict(named);
        var error = Assert.Throws<InvalidDataException>(() => adam.LoadStateDict(new OptimizerStateDict<double>("AdamW", state.Buffers, state.Steps, state.LearningRates), named));
        Assert.Contains("AdamW", error.Message);
    }

    // ---- the problem: a two-layer model, its layers in two parameter groups, a smooth non-quadratic loss ----

    private static Module<double> NewModel(int seed) => new Sequential<double>(new Dense<double>(3, 2, seed), new Dense<double>(2, 1, seed + 10));

    /// <summary>∇ of Σ (θᵢ − cᵢ)²/2 + 0.1 cos 3θᵢ over all parameters, cᵢ = (i mod 3 − 1)/2.</summary>
    private static void SetGradients(Module<double> model)
    {
        int i = 0;
        foreach (Parameter<double> parameter in model.Parameters())
        {
            for (int j = 0; j < parameter.Length; j++, i++)
            {
                double theta = parameter.Value[j];
                parameter.Gradient[j] = theta - (((i % 3) - 1) / 2.0) - (0.3 * Math.Sin(3 * theta));
            }
        }
    }

    private static ParameterGroup<double, TOptions>[] Groups<TOptions>(Module<double> model, TOptions first, TOptions second)
        where TOptions : OptimizerOptions
    {
        Parameter<double>[] parameters = model.Parameters().ToArray();
        return new[] { new ParameterGroup<double, TOptions>(parameters[..2], first), new ParameterGroup<double, TOptions>(parameters[2..], second) };
    }

    private static IRun Create(string configuration, Module<double> model) => configuration switch
    {
        "SGD" => new Run<SgdOptions, SgdState<double>>(new Sgd<double>(Groups(model, new SgdOptions { LearningRate = 0.1 }, new SgdOptions { LearningRate = 0.05, WeightDecay = 0.01 }))),
        "SGD momentum" => new Run<SgdOptions, SgdState<double>>(new Sgd<double>(Groups(model, new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Dampening = 0.1 }, new SgdOptions { LearningRate = 0.05, Momentum = 0.5, WeightDecay = 0.01 }))),
        "SGD nesterov" => new Run<SgdOptions, SgdState<double>>(new Sgd<double>(Groups(model, new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Nesterov = true }, new SgdOptions { LearningRate = 0.05, Momentum = 0.8, Nesterov = true }))),
        "Adagrad" => new Run<AdagradOptions, AdagradState<double>>(new Adagrad<double>(Groups(model, new AdagradOptions { LearningRate = 0.3, LearningRateDecay = 0.05, InitialAccumulatorValue = 0.1 }, new AdagradOptions { LearningRate = 0.2, WeightDecay = 0.01 }))),
        "RMSprop" => new Run<RmsPropOptions, RmsPropState<double>>(new RmsProp<double>(Groups(model, new RmsPropOptions { LearningRate = 0.02 }, new RmsPropOptions { LearningRate = 0.01, Alpha = 0.9 }))),
        "RMSprop centered momentum" => new Run<RmsPropOptions, RmsPropState<double>>(new RmsProp<double>(Groups(model, new RmsPropOptions { LearningRate = 0.02, Centered = true, Momentum = 0.5 }, new RmsPropOptions { LearningRate = 0.01, Centered = true, Momentum = 0.9, WeightDecay = 0.01 }))),
        "Adam" => new Run<AdamOptions, AdamState<double>>(new Adam<double>(Groups(model, new AdamOptions { LearningRate = 0.1 }, new AdamOptions { LearningRate = 0.05, Beta1 = 0.8, WeightDecay = 0.01 }))),
        "Adam amsgrad" => new Run<AdamOptions, AdamState<double>>(new Adam<double>(Groups(model, new AdamOptions { LearningRate = 0.1, Amsgrad = true }, new AdamOptions { LearningRate = 0.05, Amsgrad = true }))),
        "AdamW" => new Run<AdamOptions, AdamState<double>>(new AdamW<double>(Groups(model, AdamOptions.AdamWDefaults with { LearningRate = 0.1 }, AdamOptions.AdamWDefaults with { LearningRate = 0.05, Amsgrad = true }))),
        _ => throw new ArgumentException("unknown configuration " + configuration, nameof(configuration)),
    };

    /// <summary>One optimizer of any kind, trained with an exponential learning-rate decay.</summary>
    private interface IRun
    {
        void TrainStep(Module<double> model);

        double[] LearningRates();

        OptimizerStateDict<double> StateDict(IEnumerable<(string Name, Parameter<double> Parameter)> named);

        void Save(string path, IEnumerable<(string Name, Parameter<double> Parameter)> named);

        void Load(string path, IEnumerable<(string Name, Parameter<double> Parameter)> named);

        void SaveWithModel(string path, Module<double> model);

        void LoadWithModel(string path, Module<double> model);
    }

    private sealed class Run<TOptions, TState> : IRun
        where TOptions : OptimizerOptions
        where TState : class
    {
        private readonly Optimizer<double, TOptions, TState> optimizer;
        private readonly ExponentialSchedule schedule;

        public Run(Optimizer<double, TOptions, TState> optimizer)
        {
            this.optimizer = optimizer;
            schedule = new ExponentialSchedule(optimizer, gamma: 0.9);
        }

        public void TrainStep(Module<double> model)
        {
            optimizer.ZeroGrad();
            SetGradients(model);
            optimizer.Step();
            schedule.Step();
        }

        public double[] LearningRates() => Enumerable.Range(0, optimizer.GroupCount).Select(optimizer.GetLearningRate).ToArray();

        public OptimizerStateDict<double> StateDict(IEnumerable<(string Name, Parameter<double> Parameter)> named) => optimizer.StateDict(named);

        public void Save(string path, IEnumerable<(string Name, Parameter<double> Parameter)> named) => OptimizerCheckpoint.Save(path, optimizer, named);

        public void Load(string path, IEnumerable<(string Name, Parameter<double> Parameter)> named) => OptimizerCheckpoint.Load(path, optimizer, named);

        public void SaveWithModel(string path, Module<double> model) => ModelCheckpoint.Save(path, model, optimizer);

        public void LoadWithModel(string path, Module<double> model) => ModelCheckpoint.Load(path, model, optimizer);
    }

    private static (Module<double> Model, Adam<double> Adam) Trained()
    {
        Module<double> model = NewModel(seed: 5);
        var adam = new Adam<double>(Groups(model, new AdamOptions { LearningRate = 0.1 }, new AdamOptions { LearningRate = 0.05 }));
        for (int t = 0; t < 3; t++)
        {
            SetGradients(model);
            adam.Step();
        }

        adam.SetLearningRate(1, 0.025);
        return (model, adam);
    }

    /// <summary>A valid combined checkpoint of another Adam run (different values, so a partial load would show).</summary>
    private static void WriteGood(string path) => WriteOther(path, m => new Adam<double>(Groups(m, new AdamOptions(), new AdamOptions())));

    private static void WriteOther<TOptions, TState>(string path, Func<Module<double>, Optimizer<double, TOptions, TState>> create)
        where TOptions : OptimizerOptions
        where TState : class
    {
        Module<double> model = NewModel(seed: 3);
        Optimizer<double, TOptions, TState> optimizer = create(model);
        for (int t = 0; t < 2; t++)
        {
            SetGradients(model);
            optimizer.Step();
        }

        ModelCheckpoint.Save(path, model, optimizer);
    }

    private static void Save(string path, Module<double> model, Adam<double> adam, bool combinedFile)
    {
        if (combinedFile)
        {
            ModelCheckpoint.Save(path, model, adam);
        }
        else
        {
            OptimizerCheckpoint.Save(path, adam, model.NamedParameters());
        }
    }

    private static void Load(string path, Module<double> model, Adam<double> adam, bool combinedFile)
    {
        if (combinedFile)
        {
            ModelCheckpoint.Load(path, model, adam);
        }
        else
        {
            OptimizerCheckpoint.Load(path, adam, model.NamedParameters());
        }
    }

    /// <summary>Renames a tensor in the header in place (names of equal length keep the file valid safetensors).</summary>
    private static void RenameTensor(string path, string from, string to)
    {
        Assert.Equal(from.Length, to.Length);
        byte[] bytes = File.ReadAllBytes(path);
        string text = Encoding.Latin1.GetString(bytes);
        int at = text.IndexOf('"' + "optimizer." + from + '"', StringComparison.Ordinal);
        Assert.True(at > 0, from);
        Encoding.Latin1.GetBytes("optimizer." + to).CopyTo(bytes, at + 1);
        File.WriteAllBytes(path, bytes);
    }

    private static (JsonElement Header, int DataStart) ReadHeader(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return (JsonDocument.Parse(bytes.AsMemory(8, length)).RootElement.Clone(), 8 + length);
    }

    private static void AssertEntry(JsonElement header, string name, string dtype, long[] shape)
    {
        Assert.True(header.TryGetProperty(name, out JsonElement entry), name);
        Assert.Equal(dtype, entry.GetProperty("dtype").GetString());
        Assert.Equal(shape, entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray());
    }

    private static double[] Values(Module<double> model) => model.Parameters().SelectMany(parameter => parameter.ValueArray).ToArray();

    private static void AssertBits(double[] expected, double[] actual, string what)
    {
        Assert.True(
            expected.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(actual.Select(BitConverter.DoubleToInt64Bits)),
            $"{what}: expected [{string.Join(", ", expected.Select(v => v.ToString("R")))}], got [{string.Join(", ", actual.Select(v => v.ToString("R")))}]");
    }

    private static void AssertSameState(OptimizerStateDict<double> expected, OptimizerStateDict<double> actual)
    {
        Assert.Equal(expected.Optimizer, actual.Optimizer);
        Assert.Equal(expected.Steps.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Steps.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Buffers.Keys.Order(StringComparer.Ordinal), actual.Buffers.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, double[] values) in expected.Buffers)
        {
            AssertBits(values, actual.Buffers[name], name);
        }

        Assert.Equal(expected.LearningRates.Keys.Order(StringComparer.Ordinal), actual.LearningRates.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, double rate) in expected.LearningRates)
        {
            AssertBits(new[] { rate }, new[] { actual.LearningRates[name] }, name);
        }
    }
}
