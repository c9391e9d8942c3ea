using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AutoGradGen.Generators.Benchmarks;

/// <summary>The kind of [Differentiable] method a synthetic project is made of.</summary>
public enum Flavour
{
    /// <summary>A few lines of scalar arithmetic, Math calls and a branch (three shapes in turn).</summary>
    Scalar,

    /// <summary>Span parameters, nested loops, local arrays and element writes (a GMM-like and an LSTM-like objective in turn).</summary>
    Loop,
}

/// <summary>
/// The source text of a synthetic user project: <c>methods</c> [Differentiable] methods spread round-robin
/// over up to <see cref="Classes"/> partial classes (one file each), plus one file that has nothing to do
/// with the generator (the target of the "unrelated edit").
/// </summary>
public static class SyntheticProject
{
    public const int Classes = 10;

    public const string UnrelatedPath = "Unrelated.cs";

    /// <summary>The method whose body the "one method edit" changes: the first method of the first class.</summary>
    public const int EditedMethod = 0;

    /// <summary>Number of generated files to expect: the generator writes one per containing type.</summary>
    public static int ExpectedFiles(int methods) => Math.Min(methods, Classes);

    public static string ClassPath(int classIndex) => $"Model/Functions{classIndex}.cs";

    public static string ClassName(int classIndex) => $"Functions{classIndex}";

    /// <summary>The class files (path, text); <paramref name="editedMethod"/>, if given, gets a different constant in its body.</summary>
    public static List<(string Path, string Text)> ClassFiles(Flavour flavour, int methods, int? editedMethod = null)
    {
        var files = new List<(string Path, string Text)>();
        for (int c = 0; c < ExpectedFiles(methods); c++)
        {
            files.Add((ClassPath(c), ClassFile(flavour, methods, c, editedMethod)));
        }

        return files;
    }

    /// <summary>The one class file that holds <paramref name="method"/>.</summary>
    public static int ClassOf(int method) => method % Classes;

    public static string ClassFile(Flavour flavour, int methods, int classIndex, int? editedMethod = null)
    {
        var builder = new StringBuilder();
        builder.Append("""
            using System;
            using AutoGradGen;

            namespace Synthetic.Model;

            """);
        builder.Append("public static partial class ").Append(ClassName(classIndex)).Append("\n{\n");
        for (int m = classIndex; m < methods; m += Classes)
        {
            string constant = Constant(m, edited: m == editedMethod);
            builder.Append(flavour == Flavour.Scalar ? ScalarMethod(m, constant) : LoopMethod(m, constant)).Append('\n');
        }

        return builder.Append("}\n").ToString();
    }

    /// <summary>A file the generator does not care about; <paramref name="version"/> changes one literal.</summary>
    public static string Unrelated(int version) => $$"""
        namespace Synthetic.Other;

        public static class Settings
        {
            public static int Answer() => {{version}};

            public static string Describe(int value) => value switch
            {
                0 => "none",
                1 => "one",
                _ => "many",
            };
        }
        """;

    /// <summary>The literal that varies per method (so no two bodies are identical) and that the body edit changes.</summary>
    public static string Constant(int method, bool edited)
        => (1.0 + (method / 1000.0) + (edited ? 0.5 : 0.0)).ToString("0.0###", CultureInfo.InvariantCulture);

    public static string MethodName(Flavour flavour, int method) => (flavour == Flavour.Scalar ? "Scalar" : "Objective") + method.ToString(CultureInfo.InvariantCulture);

    // Three scalar shapes in the style of the test corpus: an if/else with Math calls, a conditional
    // and a [NoDiff] parameter, an expression body with piecewise-linear calls.
    private static string ScalarMethod(int m, string k) => (m % 3) switch
    {
        0 => $$"""
                [Differentiable]
                public static double Scalar{{m}}(double x, double y)
                {
                    double t = (x * y) + {{k}};
                    if (x > 0.0)
                    {
                        t += Math.Sin(x) * y;
                    }
                    else
                    {
                        t -= Math.Exp(-x * x);
                    }

                    return t * Math.Log(1.0 + (y * y));
                }

            """,
        1 => $$"""
                [Differentiable]
                public static double Scalar{{m}}(double x, double y, [NoDiff] double scale)
                {
                    double r = Math.Sqrt((x * x) + (y * y) + {{k}});
                    double s = r > 1.0 ? Math.Tanh(r) : r * r;
                    return (scale * s) + Math.Pow(x, 3) - Math.Cos(x * y);
                }

            """,
        _ => $$"""
                [Differentiable]
                public static double Scalar{{m}}(double x, double y)
                    => (Math.Max(x, y) * {{k}}) + Math.Atan2(y, 1.0 + (x * x)) - (x < y ? x * y : y / (1.0 + (x * x)));

            """,
    };

    // Variants of the GMM and LSTM objectives of tests/AutoGradGen.Benchmarks/Objectives, renamed per method.
    private static string LoopMethod(int m, string k) => (m % 2) switch
    {
        0 => $$"""
                [Differentiable]
                public static double Objective{{m}}(
                    [NoDiff] int d,
                    [NoDiff] int k,
                    ReadOnlySpan<double> alphas,
                    ReadOnlySpan<double> means,
                    ReadOnlySpan<double> icf,
                    [NoDiff] ReadOnlySpan<double> x,
                    [NoDiff] double gamma,
                    [NoDiff] int m)
                {
                    int n = x.Length / d;
                    int icfSize = d * (d + 1) / 2;
                    double[] logDets = new double[k];
                    double[] diagonals = new double[k * d];
                    double[] z = new double[d];
                    double[] terms = new double[k];
                    for (int c = 0; c < k; c++)
                    {
                        double s = 0;
                        for (int j = 0; j < d; j++)
                        {
                            s += icf[c * icfSize + j];
                            diagonals[c * d + j] = Math.Exp(icf[c * icfSize + j]);
                        }

                        logDets[c] = s;
                    }

                    double total = 0;
                    for (int p = 0; p < n; p++)
                    {
                        for (int c = 0; c < k; c++)
                        {
                            for (int j = 0; j < d; j++)
                            {
                                z[j] = x[p * d + j] - means[c * d + j];
                            }

                            double norm = 0;
                            for (int row = 0; row < d; row++)
                            {
                                double q = diagonals[c * d + row] * z[row];
                                for (int col = 0; col < row; col++)
                                {
                                    q += icf[c * icfSize + d + col * (2 * d - col - 1) / 2 + row - col - 1] * z[col];
                                }

                                norm += q * q;
                            }

                            terms[c] = alphas[c] + logDets[c] - 0.5 * norm;
                        }

                        double max = terms[0];
                        for (int c = 1; c < k; c++)
                        {
                            max = Math.Max(max, terms[c]);
                        }

                        double sum = 0;
                        for (int c = 0; c < k; c++)
                        {
                            sum += Math.Exp(terms[c] - max);
                        }

                        total += Math.Log(sum) + max;
                    }

                    double alphaMax = alphas[0];
                    for (int c = 1; c < k; c++)
                    {
                        alphaMax = Math.Max(alphaMax, alphas[c]);
                    }

                    double alphaSum = 0;
                    for (int c = 0; c < k; c++)
                    {
                        alphaSum += Math.Exp(alphas[c] - alphaMax);
                    }

                    double prior = 0;
                    for (int c = 0; c < k; c++)
                    {
                        double frobenius = 0;
                        for (int j = 0; j < d; j++)
                        {
                            frobenius += diagonals[c * d + j] * diagonals[c * d + j];
                        }

                        for (int j = d; j < icfSize; j++)
                        {
                            frobenius += icf[c * icfSize + j] * icf[c * icfSize + j];
                        }

                        prior += 0.5 * gamma * gamma * frobenius - m * logDets[c];
                    }

                    return {{k}} * (total - n * (Math.Log(alphaSum) + alphaMax) + prior);
                }

            """,
        _ => $$"""
                [Differentiable]
                public static double Objective{{m}}(
                    [NoDiff] int layers,
                    [NoDiff] int b,
                    ReadOnlySpan<double> weights,
                    ReadOnlySpan<double> extra,
                    ReadOnlySpan<double> initial,
                    [NoDiff] ReadOnlySpan<double> sequence)
                {
                    int steps = sequence.Length / b - 1;
                    double[] state = new double[2 * layers * b];
                    double[] input = new double[b];
                    double[] output = new double[b];
                    for (int i = 0; i < state.Length; i++)
                    {
                        state[i] = initial[i];
                    }

                    double loss = 0;
                    for (int t = 0; t < steps; t++)
                    {
                        for (int i = 0; i < b; i++)
                        {
                            input[i] = sequence[t * b + i] * extra[i];
                        }

                        for (int layer = 0; layer < layers; layer++)
                        {
                            int w = 8 * layer * b;
                            int bias = w + 4 * b;
                            int h = 2 * layer * b;
                            int cell = h + b;
                            for (int i = 0; i < b; i++)
                            {
                                double forget = 1.0 / (1.0 + Math.Exp(-(input[i] * weights[w + i] + weights[bias + i])));
                                double gate = 1.0 / (1.0 + Math.Exp(-(state[h + i] * weights[w + b + i] + weights[bias + b + i])));
                                double outGate = 1.0 / (1.0 + Math.Exp(-(input[i] * weights[w + 2 * b + i] + weights[bias + 2 * b + i])));
                                double change = Math.Tanh(state[h + i] * weights[w + 3 * b + i] + weights[bias + 3 * b + i]);
                                state[cell + i] = state[cell + i] * forget + gate * change;
                                state[h + i] = outGate * Math.Tanh(state[cell + i]);
                                input[i] = state[h + i];
                            }
                        }

                        double max = double.NegativeInfinity;
                        for (int i = 0; i < b; i++)
                        {
                            output[i] = input[i] * extra[b + i] + extra[2 * b + i];
                            max = Math.Max(max, output[i]);
                        }

                        double sum = 0;
                        for (int i = 0; i < b; i++)
                        {
                            sum += Math.Exp(output[i] - max);
                        }

                        double logSum = Math.Log(sum) + max;
                        for (int i = 0; i < b; i++)
                        {
                            loss += sequence[(t + 1) * b + i] * (output[i] - logSum);
                        }
                    }

                    return -{{k}} * loss / (steps * b);
                }

            """,
    };
}
