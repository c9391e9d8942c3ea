using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using AutoGradGen.Generators.Tests.Support;

namespace AutoGradGen.Generators.Tests;

/// <summary>
/// Differential testing on random programs: seeded random [Differentiable] methods — locals overwritten
/// many times, branches on active values, loops over an array with in-place updates, Math calls — are
/// compiled through the generator, loaded, and every gradient is compared with central differences.
/// </summary>
public class RandomProgramTests
{
    private const int Programs = 40;

    [Fact]
    public void Generated_gradients_of_random_programs_match_central_differences()
        => AssertGradientsMatch(seedBase: 1000);

    /// <summary>
    /// The same, with calls to a [Differentiable] helper that changes the array and returns a value —
    /// its value used, tested in a condition, dropped, or accumulated in a loop.
    /// </summary>
    [Fact]
    public void Generated_gradients_of_random_programs_with_calls_changing_the_array_match_central_differences()
        => AssertGradientsMatch(seedBase: 5000, Extras.ChangingCalls);

    /// <summary>
    /// The same, with views of the array and of local arrays (read, written, given to the changing
    /// helper), clears and fills, copies, clones, copies inside loops and arrays created in loops.
    /// </summary>
    [Fact]
    public void Generated_gradients_of_random_programs_with_views_resets_and_copies_match_central_differences()
        => AssertGradientsMatch(seedBase: 9000, Extras.ViewsResetsAndCopies);

    /// <summary>What a random program may do besides the plain statements.</summary>
    private enum Extras
    {
        None,
        ChangingCalls,
        ViewsResetsAndCopies,
    }

    private static void AssertGradientsMatch(int seedBase, Extras extras = Extras.None)
    {
        var source = new StringBuilder("using System;\nusing AutoGradGen;\n\npublic static partial class Random\n{\n");
        for (int k = 0; k < Programs; k++)
        {
            source.Append(new ProgramWriter(new System.Random(seedBase + k), extras).Write("P" + k));

            // Reflection cannot pass a Span: a wrapper takes the array gradient.
            source.Append("    public static double P").Append(k).Append("GradientOfArray(double x, double y, double[] a, out double gx, out double gy, double[] ga) => P")
                .Append(k).Append("Gradient(x, y, a, out gx, out gy, ga);\n\n");
        }

        source.Append("    [Differentiable]\n    public static double Helper(double u, double v)\n    {\n        double w = u * v;\n        return Math.Tanh(w) + 0.5 * u;\n    }\n");
        source.Append("    [Differentiable]\n    public static double MixSpan(Span<double> v, double u)\n    {\n        v[0] = v[0] * 0.9 + 0.1 * Math.Sin(u * v[1]);\n        v[2] += 0.2 * v[1] * Math.Tanh(u);\n        return v[0] * v[2] + 0.5 * u;\n    }\n");
        source.Append("    [Differentiable]\n    public static double Mix(double[] v, double u)\n    {\n        v[0] = v[0] * 0.9 + 0.1 * Math.Sin(u * v[1]);\n        v[2] += 0.2 * v[3] * Math.Tanh(u);\n        return v[0] * v[2] + 0.5 * u;\n    }\n");
        source.Append("}\n");
        Assembly assembly = GeneratorHarness.CompileOptimizedAndLoad(source.ToString());
        Type type = assembly.GetType("Random")!;
        var failures = new List<string>();
        for (int k = 0; k < Programs; k++)
        {
            MethodInfo function = type.GetMethod("P" + k)!;
            MethodInfo gradient = type.GetMethod("P" + k + "GradientOfArray")!;
            var random = new System.Random(k);
            for (int trial = 0; trial < 3; trial++)
            {
                double x = (random.NextDouble() * 2) - 1, y = (random.NextDouble() * 2) - 1;
                double[] a = Enumerable.Range(0, 4).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
                double F(double px, double py, double[] pa) => (double)function.Invoke(null, new object[] { px, py, (double[])pa.Clone() })!;
                object[] arguments = { x, y, (double[])a.Clone(), 0.0, 0.0, new double[4] };
                double value = (double)gradient.Invoke(null, arguments)!;
                double[] analytic = new[] { (double)arguments[3], (double)arguments[4] }.Concat((double[])arguments[5]).ToArray();
                double[] point = new[] { x, y }.Concat(a).ToArray();
                if (Mismatch("P" + k, p => F(p[0], p[1], p[2..]), point, value, analytic) is { } failure)
                {
                    failures.Add(failure);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Null when a generated gradient's value equals the function's and its gradient matches
    /// Richardson-refined central differences; otherwise a line naming the program, point and both gradients.
    /// </summary>
    internal static string? Mismatch(string program, Func<double[], double> f, double[] point, double value, double[] analytic)
    {
        double[] numeric = Numeric(f, point);
        if (Same(value, f(point)) && Enumerable.Range(0, point.Length).All(i => Close(analytic[i], numeric[i])))
        {
            return null;
        }

        return $"{program} at [{string.Join(", ", point.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]: analytic [{string.Join(", ", analytic)}], numeric [{string.Join(", ", numeric)}]";
    }

    private static bool Same(double a, double b) => a.Equals(b) || Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(b));

    private static bool Close(double analytic, double numeric)
        => Math.Abs(analytic - numeric) <= 1e-6 * Math.Max(1, Math.Abs(numeric));

    private static double[] Numeric(Func<double[], double> f, double[] point)
    {
        var gradient = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            double h = 1e-4 * Math.Max(1, Math.Abs(point[i]));
            double At(double delta)
            {
                double[] shifted = (double[])point.Clone();
                shifted[i] += delta;
                return f(shifted);
            }

            gradient[i] = ((4 * (At(h / 2) - At(-h / 2)) / h) - ((At(h) - At(-h)) / (2 * h))) / 3;
        }

        return gradient;
    }

    /// <summary>Writes one random method over (double x, double y, double[] a) that is smooth almost everywhere.</summary>
    private sealed class ProgramWriter
    {
        private readonly System.Random random;
        private readonly Extras extras;
        private readonly StringBuilder code = new();
        private readonly List<string> scalars = new() { "x", "y" };
        private int locals;

        public ProgramWriter(System.Random random, Extras extras)
        {
            this.random = random;
            this.extras = extras;
        }

        public string Write(string name)
        {
            code.Append("    [Differentiable]\n    public static double ").Append(name).Append("(double x, double y, double[] a)\n    {\n");
            int statements = 4 + random.Next(6);
            for (int s = 0; s < statements; s++)
            {
                if (extras != Extras.None && random.Next(3) == 0)
                {
                    if (extras == Extras.ChangingCalls)
                    {
                        ChangingCall();
                    }
                    else
                    {
                        ViewResetOrCopy();
                    }

                    continue;
                }

                switch (random.Next(8))
                {
                    case 0 or 1:
                        Assign();
                        break;
                    case 2:
                        Branch();
                        break;
                    case 3:
                        Loop();
                        break;
                    case 4:
                        ArrayUpdate();
                        break;
                    case 5:
                        NestedControlLoop();
                        break;
                    case 6:
                        WhileWithCall();
                        break;
                    default:
                        Overwrite();
                        break;
                }
            }

            code.Append("        return ").Append(Expression(2)).Append(" + a[0] * a[3];\n    }\n\n");
            return code.ToString();
        }

        private void Assign()
        {
            string name = "t" + locals++;
            code.Append("        double ").Append(name).Append(" = ").Append(Expression(3)).Append(";\n");
            scalars.Add(name);
        }

        private void Overwrite()
        {
            string target = scalars[random.Next(scalars.Count)];
            code.Append("        ").Append(target).Append(random.Next(2) == 0 ? " = " : " += ").Append(Expression(2)).Append(";\n");
        }

        private void Branch()
        {
            string target = scalars[random.Next(scalars.Count)];
            code.Append("        if (").Append(Pick()).Append(" > ").Append(Pick()).Append(")\n        {\n");
            code.Append("            ").Append(target).Append(" = ").Append(Expression(2)).Append(";\n        }\n        else\n        {\n");
            code.Append("            ").Append(target).Append(" *= ").Append("0.5 + 0.25 * Math.Tanh(").Append(Pick()).Append(");\n        }\n");
        }

        private void Loop()
        {
            string target = scalars[random.Next(scalars.Count)];
            code.Append("        for (int i = 0; i < a.Length; i++)\n        {\n");
            code.Append("            ").Append(target).Append(" = ").Append(target).Append(" * 0.5 + Math.Sin(a[i] * ").Append(Pick()).Append(");\n");
            code.Append("            if (a[i] > 0.1) { ").Append(target).Append(" += a[i] * a[i]; }\n        }\n");
        }

        private void ArrayUpdate()
        {
            code.Append("        for (int i = 1; i < a.Length; i++)\n        {\n");
            code.Append("            a[i] = a[i] * 0.8 + 0.3 * Math.Tanh(a[i - 1] + ").Append(Pick()).Append(");\n        }\n");
        }

        /// <summary>Nested ifs, an else-if, continue and break inside a loop over the array.</summary>
        private void NestedControlLoop()
        {
            string target = scalars[random.Next(scalars.Count)];
            code.Append("        for (int i = 0; i < a.Length; i++)\n        {\n");
            code.Append("            if (a[i] < -0.5) { continue; }\n");
            code.Append("            if (a[i] > ").Append(Pick()).Append(")\n            {\n");
            code.Append("                if (").Append(target).Append(" > 0) { ").Append(target).Append(" += a[i] * ").Append(Pick()).Append("; }\n");
            code.Append("                else if (").Append(target).Append(" < -2) { break; }\n");
            code.Append("                else { ").Append(target).Append(" -= Math.Sin(a[i]); }\n            }\n");
            code.Append("            else\n            {\n                a[i] = a[i] * ").Append(Pick()).Append(" + 0.1;\n            }\n        }\n");
        }

        /// <summary>A while loop with a run-time trip count that calls a [Differentiable] helper.</summary>
        private void WhileWithCall()
        {
            string target = scalars[random.Next(scalars.Count)];
            code.Append("        {\n            int k = 0;\n            while (k < 3 && ").Append(target).Append(" < 50)\n            {\n");
            code.Append("                ").Append(target).Append(" = Helper(").Append(target).Append(", a[k]) + ").Append(Pick()).Append(" * 0.1;\n");
            code.Append("                k++;\n            }\n        }\n");
        }

        /// <summary>A call of Mix, which changes a, with its value used, tested, dropped or summed in a loop.</summary>
        private void ChangingCall()
        {
            string target = scalars[random.Next(scalars.Count)];
            string argument = scalars[random.Next(scalars.Count)];
            switch (random.Next(7))
            {
                case 4:
                    // A slice of the parameter, at a bound that moves in a loop.
                    code.Append("        for (int i = 0; i < 2; i++)\n        {\n");
                    code.Append("            if (MixSpan(a.AsSpan(i, 3), ").Append(argument).Append(") > ").Append(scalars[random.Next(scalars.Count)]).Append(") { ")
                        .Append(target).Append(" += a[i] * ").Append(Pick()).Append("; }\n        }\n");
                    break;
                case 5:
                    // A local array filled from the inputs, changed through a slice, read afterwards.
                    string local = "b" + locals++;
                    code.Append("        double[] ").Append(local).Append(" = new double[4];\n");
                    code.Append("        for (int i = 0; i < 4; i++) { ").Append(local).Append("[i] = a[i] * ").Append(Pick()).Append(" + 0.5; }\n");
                    code.Append("        ").Append(target).Append(" += MixSpan(").Append(local).Append(".AsSpan(1, 3), ").Append(argument).Append(") * 0.5;\n");
                    code.Append("        MixSpan(").Append(local).Append(".AsSpan(0, 3), ").Append(target).Append(");\n");
                    code.Append("        ").Append(target).Append(" += ").Append(local).Append("[0] * ").Append(local).Append("[3];\n");
                    break;
                case 6:
                    code.Append("        ").Append(target).Append(" = MixSpan(a, ").Append(argument).Append(") - ").Append(target).Append(";\n");
                    break;
                case 0:
                    code.Append("        ").Append(target).Append(" = Mix(a, ").Append(argument).Append(") * ").Append(scalars[random.Next(scalars.Count)]).Append(";\n");
                    break;
                case 1:
                    code.Append("        if (Mix(a, ").Append(argument).Append(") > ").Append(Pick()).Append(")\n        {\n");
                    code.Append("            ").Append(target).Append(" = ").Append(Expression(2)).Append(";\n        }\n");
                    break;
                case 2:
                    code.Append("        Mix(a, ").Append(argument).Append(");\n");
                    break;
                default:
                    code.Append("        for (int i = 0; i < 3; i++)\n        {\n");
                    code.Append("            ").Append(target).Append(" += 0.1 * Mix(a, ").Append(target).Append(");\n");
                    code.Append("            if (a[i] > ").Append(Pick()).Append(") { Mix(a, ").Append(argument).Append("); }\n        }\n");
                    break;
            }
        }

        /// <summary>A view, a clear or fill, or a copy of the array or of a local array, read afterwards.</summary>
        private void ViewResetOrCopy()
        {
            string target = scalars[random.Next(scalars.Count)];
            string name = "v" + locals++;
            switch (random.Next(8))
            {
                case 7:
                    // A scratch array created in each iteration, accumulated into (its fresh zeros matter).
                    code.Append("        for (int i = 0; i < 3; i++)\n        {\n");
                    code.Append("            double[] ").Append(name).Append(" = new double[a.Length];\n");
                    code.Append("            for (int j = 0; j <= i; j++) { ").Append(name).Append("[j] += a[j] * ").Append(Pick()).Append("; }\n");
                    code.Append("            ").Append(target).Append(" += ").Append(name).Append("[i] * ").Append(name).Append("[0] + ").Append(name).Append("[3];\n        }\n");
                    break;
                case 0:
                    // A view of the parameter whose bounds move in a loop, read.
                    code.Append("        for (int i = 0; i < 2; i++)\n        {\n");
                    code.Append("            ReadOnlySpan<double> ").Append(name).Append(" = a.AsSpan(i, 3);\n");
                    code.Append("            ").Append(target).Append(" += ").Append(name).Append("[0] * ").Append(name).Append("[2] * ").Append(Pick()).Append(";\n        }\n");
                    break;
                case 1:
                    // Written through a view of the parameter, and a view of that view.
                    code.Append("        Span<double> ").Append(name).Append(" = a.AsSpan(1, 3);\n");
                    code.Append("        ").Append(name).Append("[1] = ").Append(name).Append("[0] * ").Append(Pick()).Append(" + 0.1;\n");
                    code.Append("        ").Append(name).Append(".Slice(1)[1] += Math.Sin(").Append(name).Append("[1]);\n");
                    code.Append("        ").Append(target).Append(" += ").Append(name).Append("[2] * ").Append(Pick()).Append(";\n");
                    break;
                case 2:
                    // A clone changed, then cleared or filled in part.
                    code.Append("        double[] ").Append(name).Append(random.Next(2) == 0 ? " = (double[])a.Clone();\n" : " = a.AsSpan().ToArray();\n");
                    code.Append("        ").Append(name).Append("[1] *= ").Append(Pick()).Append(";\n");
                    code.Append("        ").Append(target).Append(" += ").Append(name).Append("[0] * ").Append(name).Append("[1];\n");
                    code.Append(random.Next(2) == 0
                        ? "        Array.Clear(" + name + ", 0, 2);\n"
                        : "        " + name + ".AsSpan(1).Fill(" + Pick() + " * 0.5);\n");
                    code.Append("        ").Append(target).Append(" += ").Append(name).Append("[2] * ").Append(name).Append("[1] + ").Append(name).Append("[0];\n");
                    break;
                case 3:
                    // A copy of part of the parameter, then the parameter filled in part.
                    code.Append("        double[] ").Append(name).Append(" = new double[4];\n");
                    code.Append(random.Next(2) == 0
                        ? "        a.AsSpan(0, 3).CopyTo(" + name + ".AsSpan(1));\n"
                        : "        Array.Copy(a, 0, " + name + ", 1, 3);\n");
                    code.Append("        ").Append(name).Append("[0] = ").Append(Pick()).Append(";\n");
                    code.Append("        ").Append(target).Append(" += ").Append(name).Append("[1] * ").Append(name).Append("[3] + ").Append(name).Append("[0];\n");
                    code.Append("        a.AsSpan(2).Fill(0.5 * ").Append(Pick()).Append(");\n");
                    break;
                case 4:
                    // An accumulator cleared each iteration.
                    code.Append("        double[] ").Append(name).Append(" = new double[2];\n");
                    code.Append("        for (int i = 0; i < 3; i++)\n        {\n");
                    code.Append("            ").Append(name).Append(".AsSpan().Clear();\n");
                    code.Append("            for (int j = 0; j < 2; j++) { ").Append(name).Append("[j] += a[i + j] * ").Append(Pick()).Append("; }\n");
                    code.Append("            ").Append(target).Append(" += Math.Tanh(").Append(name).Append("[0] * ").Append(name).Append("[1]);\n        }\n");
                    break;
                case 5:
                    // A recurrence copying its previous state aside each step.
                    string previous = "p" + locals++;
                    code.Append("        double[] ").Append(name).Append(" = new double[2];\n");
                    code.Append("        double[] ").Append(previous).Append(" = new double[2];\n");
                    code.Append("        ").Append(name).Append("[0] = ").Append(Pick()).Append(";\n");
                    code.Append("        ").Append(name).Append("[1] = ").Append(Pick()).Append(";\n");
                    code.Append("        for (int i = 0; i < 3; i++)\n        {\n");
                    code.Append("            ").Append(name).Append(".AsSpan().CopyTo(").Append(previous).Append(");\n");
                    code.Append("            ").Append(name).Append("[0] = Math.Tanh(").Append(previous).Append("[1] * a[i] + 0.1);\n");
                    code.Append("            ").Append(name).Append("[1] = ").Append(previous).Append("[0] * 0.5 + Math.Sin(").Append(previous).Append("[1]);\n        }\n");
                    code.Append("        ").Append(target).Append(" += ").Append(name).Append("[0] + ").Append(name).Append("[1] * ").Append(previous).Append("[0];\n");
                    break;
                default:
                    // A view of a local array given to the helper that changes it, the array read after.
                    string local = "b" + locals++;
                    code.Append("        double[] ").Append(local).Append(" = new double[4];\n");
                    code.Append("        for (int i = 0; i < 4; i++) { ").Append(local).Append("[i] = a[i] * ").Append(Pick()).Append(" + 0.5; }\n");
                    code.Append("        Span<double> ").Append(name).Append(" = ").Append(local).Append(".AsSpan(1, 3);\n");
                    code.Append("        double ").Append(name).Append("Value = MixSpan(").Append(name).Append(", ").Append(Pick()).Append(");\n");
                    code.Append("        ").Append(target).Append(" += ").Append(name).Append("Value * 0.5 + ").Append(local).Append("[0] * ").Append(name).Append("[2];\n");
                    break;
            }
        }

        private string Pick() => random.Next(4) == 0 ? "a[" + random.Next(4) + "]" : scalars[random.Next(scalars.Count)];

        private string Expression(int depth)
        {
            if (depth == 0 || random.Next(4) == 0)
            {
                return random.Next(5) == 0 ? (0.25 + random.Next(8) * 0.25).ToString("0.00", CultureInfo.InvariantCulture) : Pick();
            }

            string left = Expression(depth - 1), right = Expression(depth - 1);
            return random.Next(9) switch
            {
                0 => "(" + left + " + " + right + ")",
                1 => "(" + left + " - " + right + ")",
                2 => "(" + left + " * " + right + ")",
                3 => "(" + left + " / (1.5 + Math.Sin(" + right + ")))",
                4 => "Math.Sin(" + left + ")",
                5 => "Math.Exp(0.3 * Math.Tanh(" + left + "))",
                6 => "Math.Tanh(" + left + " * " + right + ")",
                7 => "Math.Sqrt(1.0 + " + left + " * " + left + ")",
                _ => "Math.Log(2.0 + Math.Cos(" + left + "))",
            };
        }
    }
}
