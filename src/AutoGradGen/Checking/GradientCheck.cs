using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AutoGradGen.Checking;

/// <summary>Computes the value of a function and writes its gradient at <paramref name="point"/>.</summary>
/// <param name="point">Where to evaluate.</param>
/// <param name="gradient">Receives ∂f/∂xᵢ for each coordinate; same length as <paramref name="point"/>.</param>
/// <returns>f(point).</returns>
public delegate double GradientFunction(ReadOnlySpan<double> point, Span<double> gradient);

/// <summary>Evaluates a scalar function at <paramref name="point"/>.</summary>
public delegate double ScalarFunction(ReadOnlySpan<double> point);

/// <summary>
/// Tolerances of <see cref="GradientCheck"/>. The defaults are those of
/// <c>torch.autograd.gradcheck</c>: step ε = 1e-6, absolute tolerance 1e-5, relative tolerance 1e-3.
/// </summary>
public sealed record GradientCheckOptions
{
    /// <summary>The default options (ε = 1e-6, atol = 1e-5, rtol = 1e-3).</summary>
    public static GradientCheckOptions Default { get; } = new();

    /// <summary>Central-difference step ε: ∂f/∂xᵢ ≈ (f(x + εeᵢ) − f(x − εeᵢ)) / 2ε.</summary>
    public double Epsilon { get; init; } = 1e-6;

    /// <summary>atol in the acceptance test |analytic − numeric| ≤ atol + rtol·|numeric|.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-5;

    /// <summary>rtol in the acceptance test |analytic − numeric| ≤ atol + rtol·|numeric|.</summary>
    public double RelativeTolerance { get; init; } = 1e-3;
}

/// <summary>One coordinate of a gradient check.</summary>
/// <param name="Name">The coordinate's name (a parameter name, or <c>x[i]</c>).</param>
/// <param name="Analytic">The gradient the code under test computed.</param>
/// <param name="Numeric">The central-difference estimate.</param>
/// <param name="AbsoluteError">|analytic − numeric|.</param>
/// <param name="RelativeError">|analytic − numeric| / max(|analytic|, |numeric|), or 0 when both are 0.</param>
/// <param name="Passed">Whether |analytic − numeric| ≤ atol + rtol·|numeric|.</param>
public readonly record struct GradientCheckEntry(
    string Name,
    double Analytic,
    double Numeric,
    double AbsoluteError,
    double RelativeError,
    bool Passed);

/// <summary>The outcome of <see cref="GradientCheck.Run"/>: one entry per coordinate and a verdict.</summary>
public sealed class GradientCheckReport
{
    internal GradientCheckReport(double value, IReadOnlyList<GradientCheckEntry> entries, GradientCheckOptions options)
    {
        Value = value;
        Entries = entries;
        Options = options;
    }

    /// <summary>f at the checked point, as the gradient function returned it.</summary>
    public double Value { get; }

    /// <summary>One entry per coordinate, in order.</summary>
    public IReadOnlyList<GradientCheckEntry> Entries { get; }

    /// <summary>The tolerances used.</summary>
    public GradientCheckOptions Options { get; }

    /// <summary>True when every coordinate passed.</summary>
    public bool Passed
    {
        get
        {
            foreach (GradientCheckEntry entry in Entries)
            {
                if (!entry.Passed)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The largest absolute error over the coordinates.</summary>
    public double MaxAbsoluteError
    {
        get
        {
            double max = 0;
            foreach (GradientCheckEntry entry in Entries)
            {
                max = Math.Max(max, entry.AbsoluteError);
            }

            return max;
        }
    }

    /// <summary>A fixed-width table: name, analytic, numeric, absolute and relative error, verdict.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-12} {1,16} {2,16} {3,10} {4,10}  {5}", "coordinate", "analytic", "numeric", "abs err", "rel err", "ok"));
        foreach (GradientCheckEntry e in Entries)
        {
            text.AppendLine(string.Format(
                CultureInfo.InvariantCulture,
                "{0,-12} {1,16:G10} {2,16:G10} {3,10:E2} {4,10:E2}  {5}",
                e.Name,
                e.Analytic,
                e.Numeric,
                e.AbsoluteError,
                e.RelativeError,
                e.Passed ? "yes" : "NO"));
        }

        text.Append(Passed ? "PASSED" : "FAILED");
        return text.ToString();
    }
}

/// <summary>
/// Numerical gradient checking: compares an analytic gradient (for example a generated
/// <c>MGradient</c>) with central differences, coordinate by coordinate, as
/// <c>torch.autograd.gradcheck</c> does.
/// </summary>
public static class GradientCheck
{
    /// <summary>
    /// Checks <paramref name="gradient"/> against central differences of <paramref name="function"/>
    /// at <paramref name="point"/>: for each coordinate i, numericᵢ = (f(x + εeᵢ) − f(x − εeᵢ)) / 2ε,
    /// and the coordinate passes when |analyticᵢ − numericᵢ| ≤ atol + rtol·|numericᵢ|.
    /// </summary>
    /// <param name="function">The function f.</param>
    /// <param name="gradient">Computes f and ∇f (the code under test).</param>
    /// <param name="point">Where to check; not modified.</param>
    /// <param name="names">Optional coordinate names, one per coordinate (default <c>x[i]</c>).</param>
    /// <param name="options">Tolerances; <see cref="GradientCheckOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentNullException">A delegate is null.</exception>
    /// <exception cref="ArgumentException">The point is empty or holds a non-finite value, or the names do not match it.</exception>
    public static GradientCheckReport Run(
        ScalarFunction function,
        GradientFunction gradient,
        ReadOnlySpan<double> point,
        IReadOnlyList<string>? names = null,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(gradient);
        options ??= GradientCheckOptions.Default;
        if (point.IsEmpty)
        {
            throw new ArgumentException("The point to check has no coordinates.", nameof(point));
        }

        if (names is not null && names.Count != point.Length)
        {
            throw new ArgumentException($"{names.Count} names were given for a point with {point.Length} coordinates.", nameof(names));
        }

        if (!(options.Epsilon > 0) || double.IsInfinity(options.Epsilon))
        {
            throw new ArgumentException($"Epsilon must be positive and finite; it is {options.Epsilon}.", nameof(options));
        }

        for (int i = 0; i < point.Length; i++)
        {
            if (!double.IsFinite(point[i]))
            {
                throw new ArgumentException($"Coordinate {i} of the point is {point[i]}; a gradient can only be checked at a finite point.", nameof(point));
            }
        }

        double[] analytic = new double[point.Length];
        double value = gradient(point, analytic);

        double[] shifted = point.ToArray();
        var entries = new GradientCheckEntry[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            double original = shifted[i];
            shifted[i] = original + options.Epsilon;
            double plus = function(shifted);
            shifted[i] = original - options.Epsilon;
            double minus = function(shifted);
            shifted[i] = original;

            double numeric = (plus - minus) / (2 * options.Epsilon);
            double absolute = Math.Abs(analytic[i] - numeric);
            double scale = Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric));
            double relative = scale == 0 ? 0 : absolute / scale;
            bool passed = absolute <= options.AbsoluteTolerance + (options.RelativeTolerance * Math.Abs(numeric));
            entries[i] = new GradientCheckEntry(
                names?[i] ?? "x[" + i.ToString(CultureInfo.InvariantCulture) + "]",
                analytic[i],
                numeric,
                absolute,
                relative,
                passed);
        }

        return new GradientCheckReport(value, entries, options);
    }
}
