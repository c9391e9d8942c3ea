using System;
using AutoGradGen.Benchmarks.Objectives;

namespace AutoGradGen.Benchmarks.HandWritten;

/// <summary>
/// A hand-written reverse-mode adjoint (backpropagation through time) of <see cref="Lstm.Objective"/>,
/// the reference the generated <c>Lstm.ObjectiveGradient</c> is measured against.
/// </summary>
public static class LstmAdjoint
{
    // Per (step, layer) the forward pass records 8 vectors of size b, in this order.
    private const int Input = 0, HiddenBefore = 1, CellBefore = 2, Forget = 3, InGate = 4, OutGate = 5, Change = 6, CellTanh = 7, Recorded = 8;

    [ThreadStatic]
    private static double[]? scratch;

    /// <summary>
    /// Returns <see cref="Lstm.Objective"/> and overwrites <paramref name="mainGrad"/>,
    /// <paramref name="extraGrad"/> and <paramref name="initialStateGrad"/> with its gradient.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The forward pass runs the cells and records, per step and layer, the cell's input xᵢ, its
    /// previous hidden and cell states h, c, the gate activations f, i, o, the candidate g = tanh(·)
    /// and tanh(c′), so that the backward pass evaluates no transcendental function. The loss at
    /// step t depends on that step's top hidden state only, so its adjoint is formed right away:
    /// with s = −1/(steps·b) and targets y = sequence[t + 1], the prediction pⱼ = h̃ⱼ·scaleⱼ + biasⱼ
    /// gets p̄ⱼ = s(yⱼ − (Σ y)·softmax(p)ⱼ), giving the output scale and bias gradients and the
    /// adjoint p̄ⱼ·scaleⱼ of the top hidden state, which is stored per step.
    /// </para>
    /// <para>
    /// The backward pass walks the steps in reverse, top layer first, carrying h̄ and c̄ of each
    /// layer from step t + 1. For c′ = c f + i g and h′ = o tanh(c′): ō = h̄′ tanh(c′),
    /// c̄′ += h̄′ o (1 − tanh²c′), f̄ = c̄′ c, ī = c̄′ g, ḡ = c̄′ i and c̄ = c̄′ f. Through the sigmoids
    /// (σ′ = σ(1 − σ)) and tanh (1 − g²) these become pre-activation adjoints a, which add a·input
    /// to the diagonal weights and a to the biases. The forget and output gates read the layer's
    /// input, so x̄ = a_f w_f + a_o w_o goes to the layer below (or, at the bottom, to the input scale
    /// via the sequence value); the input gate and candidate read h, so h̄ = a_i w_i + a_g w_g is
    /// carried to step t − 1. What is carried past the first step is the initial state's gradient.
    /// </para>
    /// </remarks>
    public static double ObjectiveGradient(
        int layers,
        int b,
        ReadOnlySpan<double> main,
        ReadOnlySpan<double> extra,
        ReadOnlySpan<double> initialState,
        ReadOnlySpan<double> sequence,
        Span<double> mainGrad,
        Span<double> extraGrad,
        Span<double> initialStateGrad)
    {
        CheckLength(main.Length, mainGrad.Length, nameof(mainGrad));
        CheckLength(extra.Length, extraGrad.Length, nameof(extraGrad));
        CheckLength(initialState.Length, initialStateGrad.Length, nameof(initialStateGrad));

        int steps = sequence.Length / b - 1;
        int stateSize = 2 * layers * b;
        int block = Recorded * b;
        int tapeSize = Math.Max(steps, 0) * layers * block;

        // Scratch: the tape, the top hidden adjoint per step, the running state and carried adjoints, and three b-vectors.
        Span<double> buffer = Scratch(tapeSize + (Math.Max(steps, 0) * b) + (2 * stateSize) + (3 * b));
        Span<double> tape = buffer.Slice(0, tapeSize);
        Span<double> topBar = buffer.Slice(tapeSize, Math.Max(steps, 0) * b);
        Span<double> state = buffer.Slice(tapeSize + topBar.Length, stateSize);
        Span<double> stateBar = buffer.Slice(tapeSize + topBar.Length + stateSize, stateSize);
        Span<double> input = buffer.Slice(tapeSize + topBar.Length + (2 * stateSize), b);
        Span<double> prediction = buffer.Slice(tapeSize + topBar.Length + (2 * stateSize) + b, b);
        Span<double> shiftedExp = buffer.Slice(tapeSize + topBar.Length + (2 * stateSize) + (2 * b), b);

        initialState.CopyTo(state);
        mainGrad.Clear();
        extraGrad.Clear();
        stateBar.Clear();

        ReadOnlySpan<double> inputScale = extra.Slice(0, b);
        ReadOnlySpan<double> outputScale = extra.Slice(b, b);
        ReadOnlySpan<double> outputBias = extra.Slice(2 * b, b);
        Span<double> outputScaleGrad = extraGrad.Slice(b, b);
        Span<double> outputBiasGrad = extraGrad.Slice(2 * b, b);
        double seed = -1.0 / (steps * b);

        double total = 0;
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<double> current = sequence.Slice(t * b, b);
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = current[i] * inputScale[i];
            }

            for (int layer = 0; layer < layers; layer++)
            {
                ReadOnlySpan<double> weights = main.Slice(8 * layer * b, 4 * b);
                ReadOnlySpan<double> biases = main.Slice((8 * layer * b) + (4 * b), 4 * b);
                Span<double> hidden = state.Slice(2 * layer * b, b);
                Span<double> cell = state.Slice((2 * layer * b) + b, b);
                Span<double> record = tape.Slice(((t * layers) + layer) * block, block);
                for (int i = 0; i < input.Length; i++)
                {
                    double x = input[i];
                    double h = hidden[i];
                    double c = cell[i];
                    double forget = Sigmoid((x * weights[i]) + biases[i]);
                    double ingate = Sigmoid((h * weights[b + i]) + biases[b + i]);
                    double outgate = Sigmoid((x * weights[(2 * b) + i]) + biases[(2 * b) + i]);
                    double change = Math.Tanh((h * weights[(3 * b) + i]) + biases[(3 * b) + i]);
                    double newCell = (c * forget) + (ingate * change);
                    double cellTanh = Math.Tanh(newCell);
                    double newHidden = outgate * cellTanh;
                    record[(Input * b) + i] = x;
                    record[(HiddenBefore * b) + i] = h;
                    record[(CellBefore * b) + i] = c;
                    record[(Forget * b) + i] = forget;
                    record[(InGate * b) + i] = ingate;
                    record[(OutGate * b) + i] = outgate;
                    record[(Change * b) + i] = change;
                    record[(CellTanh * b) + i] = cellTanh;
                    cell[i] = newCell;
                    hidden[i] = newHidden;
                    input[i] = newHidden;
                }
            }

            double max = double.NegativeInfinity;
            for (int i = 0; i < prediction.Length; i++)
            {
                double p = (input[i] * outputScale[i]) + outputBias[i];
                prediction[i] = p;
                max = Math.Max(max, p);
            }

            double sum = 0;
            for (int i = 0; i < prediction.Length; i++)
            {
                double e = Math.Exp(prediction[i] - max);
                shiftedExp[i] = e;
                sum += e;
            }

            double logSum = Math.Log(sum) + max;
            ReadOnlySpan<double> next = sequence.Slice((t + 1) * b, b);
            double targetSum = 0;
            for (int i = 0; i < next.Length; i++)
            {
                total += next[i] * (prediction[i] - logSum);
                targetSum += next[i];
            }

            // This step's loss adjoint: p̄ = s (y − (Σ y) softmax(p)), softmax(p) = exp(p − max) / sum.
            Span<double> top = topBar.Slice(t * b, b);
            double weight = targetSum / sum;
            for (int i = 0; i < top.Length; i++)
            {
                double pBar = seed * (next[i] - (weight * shiftedExp[i]));
                outputScaleGrad[i] += pBar * input[i];
                outputBiasGrad[i] += pBar;
                top[i] = pBar * outputScale[i];
            }
        }

        // Backward through time; `input` now holds the adjoint flowing down into each layer's output.
        Span<double> inputScaleGrad = extraGrad.Slice(0, b);
        Span<double> inputBar = input;
        for (int t = steps - 1; t >= 0; t--)
        {
            topBar.Slice(t * b, b).CopyTo(inputBar);
            for (int layer = layers - 1; layer >= 0; layer--)
            {
                ReadOnlySpan<double> weights = main.Slice(8 * layer * b, 4 * b);
                Span<double> weightsGrad = mainGrad.Slice(8 * layer * b, 4 * b);
                Span<double> biasesGrad = mainGrad.Slice((8 * layer * b) + (4 * b), 4 * b);
                Span<double> hiddenBar = stateBar.Slice(2 * layer * b, b);
                Span<double> cellBar = stateBar.Slice((2 * layer * b) + b, b);
                ReadOnlySpan<double> record = tape.Slice(((t * layers) + layer) * block, block);
                for (int i = 0; i < inputBar.Length; i++)
                {
                    double forget = record[(Forget * b) + i];
                    double ingate = record[(InGate * b) + i];
                    double outgate = record[(OutGate * b) + i];
                    double change = record[(Change * b) + i];
                    double cellTanh = record[(CellTanh * b) + i];
                    double x = record[(Input * b) + i];
                    double h = record[(HiddenBefore * b) + i];

                    double newHiddenBar = hiddenBar[i] + inputBar[i];
                    double newCellBar = cellBar[i] + (newHiddenBar * outgate * (1 - (cellTanh * cellTanh)));
                    double forgetPre = newCellBar * record[(CellBefore * b) + i] * forget * (1 - forget);
                    double ingatePre = newCellBar * change * ingate * (1 - ingate);
                    double outgatePre = newHiddenBar * cellTanh * outgate * (1 - outgate);
                    double changePre = newCellBar * ingate * (1 - (change * change));

                    weightsGrad[i] += forgetPre * x;
                    biasesGrad[i] += forgetPre;
                    weightsGrad[b + i] += ingatePre * h;
                    biasesGrad[b + i] += ingatePre;
                    weightsGrad[(2 * b) + i] += outgatePre * x;
                    biasesGrad[(2 * b) + i] += outgatePre;
                    weightsGrad[(3 * b) + i] += changePre * h;
                    biasesGrad[(3 * b) + i] += changePre;

                    inputBar[i] = (forgetPre * weights[i]) + (outgatePre * weights[(2 * b) + i]);
                    hiddenBar[i] = (ingatePre * weights[b + i]) + (changePre * weights[(3 * b) + i]);
                    cellBar[i] = newCellBar * forget;
                }
            }

            ReadOnlySpan<double> current = sequence.Slice(t * b, b);
            for (int i = 0; i < inputBar.Length; i++)
            {
                inputScaleGrad[i] += inputBar[i] * current[i];
            }
        }

        stateBar.CopyTo(initialStateGrad);
        return -total / (steps * b);
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static Span<double> Scratch(int length)
    {
        double[]? buffer = scratch;
        if (buffer is null || buffer.Length < length)
        {
            buffer = new double[Math.Max(length, 2 * (buffer?.Length ?? 0))];
            scratch = buffer;
        }

        return buffer.AsSpan(0, length);
    }

    private static void CheckLength(int expected, int actual, string name)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"The gradient buffer has length {actual}, expected {expected}.", name);
        }
    }
}
