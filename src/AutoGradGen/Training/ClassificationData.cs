using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AutoGradGen.Training;

/// <summary>Labelled examples for classification: <see cref="Count"/> rows of <see cref="Features"/> values, one class index each.</summary>
public sealed class ClassificationData
{
    /// <summary>Examples over <paramref name="inputs"/> (row-major, not copied) and <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">The sizes do not agree, or a label is outside [0, <paramref name="classes"/>).</exception>
    public ClassificationData(double[] inputs, int[] labels, int features, int classes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if ((long)labels.Length * features != inputs.Length)
        {
            throw new ArgumentException($"{labels.Length} labels need {(long)labels.Length * features} input values ({features} per example), got {inputs.Length}.", nameof(inputs));
        }

        int bad = Array.FindIndex(labels, label => label < 0 || label >= classes);
        if (bad >= 0)
        {
            throw new ArgumentException($"Label {bad} is {labels[bad]}, outside [0, {classes}).", nameof(labels));
        }

        Inputs = inputs;
        Labels = labels;
        Features = features;
        Classes = classes;
    }

    /// <summary>The inputs, <see cref="Count"/> × <see cref="Features"/>, row-major.</summary>
    public double[] Inputs { get; }

    /// <summary>The class of each example.</summary>
    public int[] Labels { get; }

    /// <summary>Values per example.</summary>
    public int Features { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Number of examples.</summary>
    public int Count => Labels.Length;

    /// <summary>The first <paramref name="count"/> examples (sharing nothing with this set).</summary>
    public ClassificationData Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        count = Math.Min(count, Count);
        return new ClassificationData(Inputs.AsSpan(0, count * Features).ToArray(), Labels.AsSpan(0, count).ToArray(), Features, Classes);
    }

    /// <summary>Copies the examples at <paramref name="indices"/> into a batch tensor and label buffer.</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    public void Gather<T>(ReadOnlySpan<int> indices, Tensor<T> batch, Span<int> labels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Length != indices.Length * Features || labels.Length != indices.Length)
        {
            throw new ArgumentException($"A batch of {indices.Length} needs {indices.Length} × {Features} inputs and {indices.Length} labels.", nameof(batch));
        }

        for (int i = 0; i < indices.Length; i++)
        {
            ReadOnlySpan<double> example = Inputs.AsSpan(indices[i] * Features, Features);
            Span<T> row = batch.Span.Slice(i * Features, Features);
            if (typeof(T) == typeof(double))
            {
                example.CopyTo(MemoryMarshal.Cast<T, double>(row));
            }
            else
            {
                for (int j = 0; j < example.Length; j++)
                {
                    row[j] = T.CreateTruncating(example[j]);
                }
            }
            labels[i] = Labels[indices[i]];
        }
    }
}
