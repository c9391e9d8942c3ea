using System.Collections.Generic;
using AutoGradGen;
using AutoGradGen.Layers;

namespace MnistSample;

/// <summary>The multilayer perceptrons of the experiments.</summary>
internal static class Networks
{
    public enum Activation
    {
        Relu,
        Sigmoid,
    }

    /// <summary>Initial weights: normal with a fixed std (0.01 is the notes' first try), Xavier (for sigmoid/tanh) or He (for ReLU); biases start at 0.</summary>
    public enum Init
    {
        Std,
        Xavier,
        He,
    }

    /// <summary>Dense layers of the given sizes with an activation between them (none after the last: it outputs logits).</summary>
    /// <param name="std">The standard deviation for <see cref="Init.Std"/>.</param>
    public static Sequential<double> Mlp(int[] sizes, Activation activation, Init init, int seed, bool batchNorm = false, double dropout = 0, double std = 0.01)
    {
        var modules = new List<Module<double>>();
        for (int i = 0; i + 1 < sizes.Length; i++)
        {
            var dense = new Dense<double>(sizes[i], sizes[i + 1], seed + i);
            InitializeWeights(dense, init, std, seed + (100 * i));
            modules.Add(dense);
            if (i + 2 == sizes.Length)
            {
                break;
            }

            if (batchNorm)
            {
                modules.Add(new BatchNorm1d<double>(sizes[i + 1]));
            }

            modules.Add(activation == Activation.Relu ? new ReLU<double>() : new Sigmoid<double>());
            if (dropout > 0)
            {
                modules.Add(new Dropout<double>(dropout, seed + (1000 * i)));
            }
        }

        return new Sequential<double>(modules.ToArray());
    }

    private static void InitializeWeights(Dense<double> dense, Init init, double std, int seed)
    {
        switch (init)
        {
            case Init.Std:
                Initialize.Normal(dense.Weight.Value, std, seed);
                break;
            case Init.Xavier:
                Initialize.XavierNormal(dense.Weight.Value, dense.InFeatures, dense.OutFeatures, seed);
                break;
            case Init.He:
                Initialize.HeNormal(dense.Weight.Value, dense.InFeatures, seed);
                break;
        }

        Initialize.Zeros(dense.Bias.Value);
    }
}
