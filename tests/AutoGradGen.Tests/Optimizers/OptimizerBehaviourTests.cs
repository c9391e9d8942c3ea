using System;
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

    [Fact]
    public void Schedules_validate_their_arguments()
    {
        var sgd = new Sgd<double>(new[] { new Parameter<double>("p", 1) }, new SgdOptions { LearningRate = 0.1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepSchedule(sgd, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(sgd, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialSchedule(sgd, double.NaN));
    }
}
