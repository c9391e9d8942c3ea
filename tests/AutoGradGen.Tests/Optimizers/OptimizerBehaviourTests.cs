using System;
using System.Linq;
using AutoGradGen.Optimizers;

namespace AutoGradGen.Tests.Optimizers;

/// <summary>Optimizer contracts beyond the reference trajectories: validation, lazy state, float precision.</summary>
public class OptimizerBehaviourTests
{
    [Fact]
    public void State_is_created_at_the_first_step()
    {
        var p = new Parameter<double>("p", new[] { 1.0, 2.0 });
        var adam = new Adam<double>(new[] { p }, new AdamOptions());
        Assert.Null(adam.StateOf(p));
        p.Gradient[0] = 0.5;
        adam.Step();
        AdamState<double>? state = adam.StateOf(p);
        Assert.NotNull(state);
        Assert.Equal(1, state.Step);
        Assert.Null(state.MaxSecondMoment);
    }

    [Fact]
    public void ZeroGrad_clears_every_gradient()
    {
        var a = new Parameter<double>("a", new[] { 1.0 });
        var b = new Parameter<double>("b", new[] { 1.0, 2.0 });
        a.Gradient[0] = 3;
        b.Gradient.Fill(4);
        var sgd = new Sgd<double>(new[] { new ParameterGroup<double, SgdOptions>(new[] { a }, new SgdOptions { LearningRate = 0.1 }), new ParameterGroup<double, SgdOptions>(new[] { b }, new SgdOptions { LearningRate = 0.2 }) });
        sgd.ZeroGrad();
        Assert.Equal(0.0, a.Gradient[0]);
        Assert.All(b.GradientArray, g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void Invalid_hyperparameters_are_rejected_with_the_name()
    {
        var p = new Parameter<double>("p", 2);
        Assert.Equal("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>(new[] { p }, new SgdOptions { LearningRate = -1 })).ParamName);
        Assert.Equal("Nesterov", Assert.Throws<ArgumentException>(() => new Sgd<double>(new[] { p }, new SgdOptions { LearningRate = 0.1, Nesterov = true })).ParamName);
        Assert.Equal("Beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<double>(new[] { p }, new AdamOptions { Beta2 = 1.0 })).ParamName);
        Assert.Equal("Alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp<double>(new[] { p }, new RmsPropOptions { Alpha = -0.1 })).ParamName);
    }

    [Fact]
    public void A_parameter_in_two_groups_or_an_empty_group_is_rejected()
    {
        var p = new Parameter<double>("shared", 1);
        var options = new SgdOptions { LearningRate = 0.1 };
        var error = Assert.Throws<ArgumentException>(() => new Sgd<double>(new[]
        {
            new ParameterGroup<double, SgdOptions>(new[] { p }, options),
            new ParameterGroup<double, SgdOptions>(new[] { p }, options),
        }));
        Assert.Contains("shared", error.Message);
        Assert.Throws<ArgumentException>(() => new ParameterGroup<double, SgdOptions>(Array.Empty<Parameter<double>>(), options));
    }

    [Fact]
    public void Float_parameters_follow_the_double_trajectory_to_float_precision()
    {
        var pd = new Parameter<double>("p", new[] { -7.0, 2.0 });
        var pf = new Parameter<float>("p", new[] { -7f, 2f });
        var optimizers = (new Adam<double>(new[] { pd }, new AdamOptions { LearningRate = 0.3, Amsgrad = true }), new Adam<float>(new[] { pf }, new AdamOptions { LearningRate = 0.3, Amsgrad = true }));
        for (int step = 0; step < 30; step++)
        {
            OptimizerProblems.SurfaceGradient(pd.Value[0], pd.Value[1], out pd.Gradient[0], out pd.Gradient[1]);
            pf.Gradient[0] = pf.Value[0] / 10;
            pf.Gradient[1] = 2 * pf.Value[1];
            optimizers.Item1.Step();
            optimizers.Item2.Step();
        }

        Assert.Equal(pd.Value[0], pf.Value[0], 1e-4);
        Assert.Equal(pd.Value[1], pf.Value[1], 1e-4);
    }

    /// <summary>
    /// Adam updates long parameters a vector at a time: every element must equal, bit for bit, the same
    /// element updated alone (a one-element parameter takes the scalar loop), with and without weight decay.
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void Adam_vectorized_update_is_bit_identical_to_the_scalar_one(double weightDecay)
    {
        const int length = 37; // whole vectors and a scalar tail at any vector width
        var random = new Random(11);
        var options = new AdamOptions { LearningRate = 0.05, WeightDecay = weightDecay };
        (Parameter<double> wholeD, Parameter<double>[] singlesD) = LongAndSingles<double>(random, length);
        (Parameter<float> wholeF, Parameter<float>[] singlesF) = LongAndSingles<float>(random, length);
        double[] initial = wholeD.Value.ToArray();
        var optimizers = new IOptimizer[]
        {
            new Adam<double>(new[] { wholeD }, options), new Adam<double>(singlesD, options),
            new Adam<float>(new[] { wholeF }, options), new Adam<float>(singlesF, options),
        };
        for (int step = 0; step < 6; step++)
        {
            for (int i = 0; i < length; i++)
            {
                double g = Math.Sin((step + 1) * (i + 1)) * Math.Pow(10, (i % 7) - 3);
                wholeD.Gradient[i] = singlesD[i].Gradient[0] = g;
                wholeF.Gradient[i] = singlesF[i].Gradient[0] = (float)g;
            }

            foreach (IOptimizer optimizer in optimizers)
            {
                optimizer.Step();
            }
        }

        for (int i = 0; i < length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(singlesD[i].Value[0]), BitConverter.DoubleToInt64Bits(wholeD.Value[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits(singlesF[i].Value[0]), BitConverter.SingleToInt32Bits(wholeF.Value[i]));
        }

        Assert.All(Enumerable.Range(0, length), i => Assert.NotEqual(initial[i], wholeD.Value[i])); // every element moved
    }

    private static (Parameter<T> Whole, Parameter<T>[] Singles) LongAndSingles<T>(Random random, int length)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var whole = new Parameter<T>("whole", length);
        var singles = new Parameter<T>[length];
        for (int i = 0; i < length; i++)
        {
            T value = T.CreateTruncating(random.NextDouble() * 2 - 1);
            whole.Value[i] = value;
            singles[i] = new Parameter<T>("p" + i, new[] { value });
        }

        return (whole, singles);
    }

    [Fact]
    public void Schedules_validate_their_arguments()
    {
        var sgd = new Sgd<double>(new[] { new Parameter<double>("p", 1) }, new SgdOptions { LearningRate = 0.1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepSchedule(sgd, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(sgd, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialSchedule(sgd, double.NaN));
    }
}
