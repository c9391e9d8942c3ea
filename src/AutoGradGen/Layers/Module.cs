using System;
using System.Numerics;
using System.Collections.Generic;
using System.Linq;

namespace AutoGradGen.Layers;

/// <summary>
/// A layer or a network of layers (PyTorch's <c>nn.Module</c>, with an explicit backward pass):
/// <see cref="Forward"/> maps a <c>batch × features</c> tensor to the next, <see cref="Backward(Tensor{T})"/> takes
/// ∂loss/∂output of the last forward pass, adds ∂loss/∂θ into each parameter's gradient and returns
/// ∂loss/∂input. Modules start in training mode; <see cref="Eval"/> switches dropout off and batch
/// normalization to its running statistics.
/// </summary>
/// <remarks>
/// The tensors <see cref="Forward"/> and <see cref="Backward(Tensor{T})"/> return belong to the module and are
/// overwritten by its next call with the same shape (so a training step allocates nothing once warm);
/// <see cref="Tensor{T}.Clone"/> one to keep it.
/// </remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private Tensor<T>? lastInput;
    private Tensor<T>? lastOutput;
    private Tensor<T>? outputBuffer;
    private Tensor<T>? inputGradientBuffer;
    private T[] pullbackScratch = Array.Empty<T>();

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Switches to training mode (or to evaluation mode with <paramref name="training"/> false), this module and the ones inside it.</summary>
    public Module<T> Train(bool training = true)
    {
        IsTraining = training;
        foreach (Module<T> child in Children())
        {
            child.Train(training);
        }

        return this;
    }

    /// <summary>Switches to evaluation mode: no dropout, batch normalization with running statistics.</summary>
    public Module<T> Eval() => Train(false);

    /// <summary>Computes the output for <paramref name="input"/> and keeps what <see cref="Backward(Tensor{T})"/> needs.</summary>
    /// <exception cref="ArgumentException">The input's shape does not fit the module.</exception>
    public Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor<T> output = ForwardCore(input);
        lastInput = input;
        lastOutput = output;
        return output;
    }

    /// <summary>
    /// Back-propagates <paramref name="outputGradient"/> (∂loss/∂output of the last <see cref="Forward"/>):
    /// adds into the parameters' gradients and returns ∂loss/∂input. <paramref name="outputGradient"/> is not changed.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    /// <exception cref="ArgumentException">The gradient's shape is not the last output's.</exception>
    public Tensor<T> Backward(Tensor<T> outputGradient) => Backward(outputGradient, inputGradient: true)!;

    /// <summary>
    /// As <see cref="Backward(Tensor{T})"/>; with <paramref name="inputGradient"/> false the caller needs
    /// only the parameters' gradients (a network's input is data, as an input without
    /// <c>requires_grad</c> in PyTorch): layers may skip ∂loss/∂input — <see cref="Dense{T}"/> saves one
    /// of its three products — and the result is null.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    /// <exception cref="ArgumentException">The gradient's shape is not the last output's.</exception>
    public Tensor<T>? Backward(Tensor<T> outputGradient, bool inputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (lastInput is null || lastOutput is null)
        {
            throw new InvalidOperationException($"{GetType().Name}.Backward needs a Forward pass first.");
        }

        if (!outputGradient.Shape.SequenceEqual(lastOutput.Shape))
        {
            throw new ArgumentException($"The output gradient has shape {outputGradient.ShapeText}, but the last output had shape {lastOutput.ShapeText}.", nameof(outputGradient));
        }

        InputGradientRequested = inputGradient;
        Tensor<T> result = BackwardCore(lastInput, outputGradient);
        return inputGradient ? result : null;
    }

    /// <summary>
    /// Whether the <see cref="BackwardCore"/> in progress must compute ∂loss/∂input; when false, its
    /// return value is discarded and the layer may leave the input gradient uncomputed.
    /// </summary>
    protected bool InputGradientRequested { get; private set; } = true;

    /// <summary>The trainable parameters with their dotted names (<c>0.weight</c>, <c>2.bias</c>), as PyTorch's <c>named_parameters()</c>.</summary>
    public virtual IEnumerable<(string Name, Parameter<T> Parameter)> NamedParameters()
        => NamedFromChildren(child => child.NamedParameters());

    /// <summary>The trainable parameters, in order.</summary>
    public IEnumerable<Parameter<T>> Parameters() => NamedParameters().Select(named => named.Parameter);

    /// <summary>State that is saved but not trained (batch normalization's running statistics), as PyTorch's <c>named_buffers()</c>.</summary>
    public virtual IEnumerable<(string Name, T[] Values)> NamedBuffers()
        => NamedFromChildren(child => child.NamedBuffers());

    /// <summary>The modules inside this one (none for a layer).</summary>
    protected virtual IEnumerable<Module<T>> Children() => Enumerable.Empty<Module<T>>();

    /// <summary>The forward computation.</summary>
    protected abstract Tensor<T> ForwardCore(Tensor<T> input);

    /// <summary>The backward computation for the last input; must not change <paramref name="outputGradient"/>.</summary>
    protected abstract Tensor<T> BackwardCore(Tensor<T> input, Tensor<T> outputGradient);

    /// <summary>Throws unless <paramref name="input"/> is a batch of rows of <paramref name="features"/> values.</summary>
    protected void RequireFeatures(Tensor<T> input, int features)
    {
        if (input.Rank != 2 || input.Columns != features)
        {
            throw new ArgumentException($"{GetType().Name} expects a batch × {features} input, got shape {input.ShapeText}.", nameof(input));
        }
    }

    /// <summary>The module's output buffer for a <paramref name="rows"/> × <paramref name="columns"/> result (reused while the shape stays).</summary>
    protected Tensor<T> OutputBuffer(int rows, int columns) => Reuse(ref outputBuffer, rows, columns, clear: false);

    /// <summary>The module's output buffer with <paramref name="input"/>'s shape.</summary>
    protected Tensor<T> OutputBufferLike(Tensor<T> input) => ReuseLike(ref outputBuffer, input, clear: false);

    /// <summary>A zeroed buffer with <paramref name="input"/>'s shape for ∂loss/∂input (reused while the shape stays).</summary>
    protected Tensor<T> InputGradientBuffer(Tensor<T> input) => ReuseLike(ref inputGradientBuffer, input, clear: true);

    /// <summary>
    /// Buffers for a generated kernel pullback, which consumes its outputs' adjoints and rewrites the
    /// outputs: a copy of <paramref name="outputGradient"/> (returned) and room for the outputs (reused across calls).
    /// </summary>
    protected Span<T> PullbackBuffers(Tensor<T> outputGradient, out Span<T> outputs)
    {
        int length = outputGradient.Length;
        if (pullbackScratch.Length < 2 * length)
        {
            pullbackScratch = new T[2 * length];
        }

        Span<T> outputAdjoint = pullbackScratch.AsSpan(0, length);
        outputGradient.Span.CopyTo(outputAdjoint);
        outputs = pullbackScratch.AsSpan(length, length);
        return outputAdjoint;
    }

    private static Tensor<T> Reuse(ref Tensor<T>? buffer, int rows, int columns, bool clear)
    {
        if (buffer is null || buffer.Rank != 2 || buffer.Rows != rows || buffer.Shape[1] != columns)
        {
            buffer = new Tensor<T>(rows, columns);
        }
        else if (clear)
        {
            buffer.Clear();
        }

        return buffer;
    }

    private static Tensor<T> ReuseLike(ref Tensor<T>? buffer, Tensor<T> like, bool clear)
    {
        if (buffer is null || !buffer.Shape.SequenceEqual(like.Shape))
        {
            buffer = new Tensor<T>(like.Shape.ToArray());
        }
        else if (clear)
        {
            buffer.Clear();
        }

        return buffer;
    }

    private IEnumerable<(string Name, TItem Item)> NamedFromChildren<TItem>(Func<Module<T>, IEnumerable<(string Name, TItem Item)>> select)
    {
        int index = 0;
        foreach (Module<T> child in Children())
        {
            foreach ((string name, TItem item) in select(child))
            {
                yield return (index + "." + name, item);
            }

            index++;
        }
    }
}

/// <summary>Modules applied one after another (PyTorch's <c>nn.Sequential</c>); parameters are named by position.</summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sequential<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Module<T>[] modules;

    /// <summary>A network of <paramref name="modules"/>, applied in order.</summary>
    /// <exception cref="ArgumentException">No module, or a null one.</exception>
    public Sequential(params Module<T>[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        if (modules.Length == 0 || modules.Any(m => m is null))
        {
            throw new ArgumentException("A Sequential needs at least one module and no null ones.", nameof(modules));
        }

        this.modules = (Module<T>[])modules.Clone();
    }

    /// <summary>The modules, in order.</summary>
    public IReadOnlyList<Module<T>> Modules => modules;

    /// <inheritdoc/>
    protected override IEnumerable<Module<T>> Children() => modules;

    /// <inheritdoc/>
    protected override Tensor<T> ForwardCore(Tensor<T> input)
    {
        Tensor<T> x = input;
        foreach (Module<T> module in modules)
        {
            x = module.Forward(x);
        }

        return x;
    }

    /// <inheritdoc/>
    protected override Tensor<T> BackwardCore(Tensor<T> input, Tensor<T> outputGradient)
    {
        Tensor<T> gradient = outputGradient;
        for (int i = modules.Length - 1; i > 0; i--)
        {
            gradient = modules[i].Backward(gradient, inputGradient: true)!;
        }

        // The first module's input gradient is the network's: computed only when asked for.
        return modules[0].Backward(gradient, InputGradientRequested) ?? gradient;
    }
}
