using System;
using AutoGradGen;

namespace AutoGradGen.Benchmarks.Objectives;

/// <summary>
/// The ADBench LSTM objective: a stack of <c>layers</c> LSTM cells with diagonal weights over a
/// sequence of <c>steps + 1</c> vectors of size b, predicting each next vector; the loss is the
/// negative mean log-softmax likelihood of the next vector. Parameters: per layer, 4b weights and
/// 4b biases (forget, input, output gate, candidate) in <c>main</c>; input scale, output scale and
/// output bias (3b) in <c>extra</c>; the initial hidden and cell states (2b per layer) in <c>state</c>,
/// which the objective copies and updates in place.
/// </summary>
public static partial class Lstm
{
    [Differentiable]
    public static double Objective(
        [NoDiff] int layers,
        [NoDiff] int b,
        ReadOnlySpan<double> main,
        ReadOnlySpan<double> extra,
        ReadOnlySpan<double> initialState,
        [NoDiff] ReadOnlySpan<double> sequence)
    {
        int steps = sequence.Length / b - 1;
        double[] state = new double[2 * layers * b];
        double[] input = new double[b];
        double[] prediction = new double[b];
        for (int i = 0; i < state.Length; i++)
        {
            state[i] = initialState[i];
        }

        double total = 0;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < b; i++)
            {
                input[i] = sequence[t * b + i] * extra[i];
            }

            for (int layer = 0; layer < layers; layer++)
            {
                int weights = 2 * layer * 4 * b;
                int biases = weights + 4 * b;
                int hidden = 2 * layer * b;
                int cell = hidden + b;
                for (int i = 0; i < b; i++)
                {
                    double forget = Sigmoid(input[i] * main[weights + i] + main[biases + i]);
                    double ingate = Sigmoid(state[hidden + i] * main[weights + b + i] + main[biases + b + i]);
                    double outgate = Sigmoid(input[i] * main[weights + 2 * b + i] + main[biases + 2 * b + i]);
                    double change = Math.Tanh(state[hidden + i] * main[weights + 3 * b + i] + main[biases + 3 * b + i]);
                    state[cell + i] = state[cell + i] * forget + ingate * change;
                    state[hidden + i] = outgate * Math.Tanh(state[cell + i]);
                    input[i] = state[hidden + i];
                }
            }

            double max = double.NegativeInfinity;
            for (int i = 0; i < b; i++)
            {
                prediction[i] = input[i] * extra[b + i] + extra[2 * b + i];
                max = Math.Max(max, prediction[i]);
            }

            double sum = 0;
            for (int i = 0; i < b; i++)
            {
                sum += Math.Exp(prediction[i] - max);
            }

            double logSum = Math.Log(sum) + max;
            for (int i = 0; i < b; i++)
            {
                total += sequence[(t + 1) * b + i] * (prediction[i] - logSum);
            }
        }

        return -total / (steps * b);
    }

    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
