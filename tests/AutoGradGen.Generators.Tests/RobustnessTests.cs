using System.Collections.Generic;
using System.Linq;
using AutoGradGen.Generators.Tests.Support;

namespace AutoGradGen.Generators.Tests;

/// <summary>
/// The generator never throws: malformed and unsupported bodies end in diagnostics (the compiler's
/// or the generator's), and whatever it does generate compiles.
/// </summary>
public class RobustnessTests
{
    public static IEnumerable<object[]> Bodies => new (string Name, string Member)[]
    {
        ("missing semicolon", "[Differentiable] public static double F(double x) { double y = x * 2 return y; }"),
        ("unknown identifier", "[Differentiable] public static double F(double x) => x * unknown;"),
        ("unknown method", "[Differentiable] public static double F(double x) => Math.Sinn(x);"),
        ("missing return", "[Differentiable] public static double F(double x) { double y = x; }"),
        ("unbalanced braces", "[Differentiable] public static double F(double x) { if (x > 0) { return x; }"),
        ("type error", "[Differentiable] public static double F(double x) => \"text\" * x;"),
        ("switch statement", "[Differentiable] public static double F(double x) { switch ((int)x) { case 0: return x; default: return -x; } }"),
        ("switch expression", "[Differentiable] public static double F(double x) => (int)x switch { 0 => x, _ => -x };"),
        ("lambda", "[Differentiable] public static double F(double x) { Func<double, double> f = v => v * x; return f(x); }"),
        ("local function", "[Differentiable] public static double F(double x) { double G(double v) => v * v; return G(x); }"),
        ("try/catch", "[Differentiable] public static double F(double x) { try { return x * x; } catch { return 0; } }"),
        ("tuple", "[Differentiable] public static double F(double x) { var (a, b) = (x, 2 * x); return a * b; }"),
        ("pattern", "[Differentiable] public static double F(double x) => x is > 0 and < 1 ? x : 0;"),
        ("ref local", "[Differentiable] public static double F(double x) { ref double r = ref x; r *= 2; return x; }"),
        ("out argument", "[Differentiable] public static double F(double x) { double.TryParse(\"1\", out double y); return x * y; }"),
        ("assignment in expression", "[Differentiable] public static double F(double x) { double y; double z = (y = x) * 2; return z + y; }"),
        ("increment in expression", "[Differentiable] public static double F(double x) { int i = 0; double y = x * i++; return y; }"),
        ("static field write", "static double s_total; [Differentiable] public static double F(double x) { s_total = x; return x; }"),
        ("null coalescing", "[Differentiable] public static double F(double x, double? y) => x * (y ?? 1.0);"),
        ("async", "[Differentiable] public static async System.Threading.Tasks.Task<double> F(double x) { await System.Threading.Tasks.Task.Yield(); return x; }"),
        ("iterator", "[Differentiable] public static System.Collections.Generic.IEnumerable<double> F(double x) { yield return x; }"),
        ("instance method", "[Differentiable] public double F(double x) => x * x;"),
        ("generic", "[Differentiable] public static T F<T>(T x) where T : System.Numerics.INumber<T> => x * x;"),
        ("decimal return", "[Differentiable] public static decimal F(decimal x) => x * x;"),
        ("opaque call", "[Differentiable] public static double F(double x) => System.Random.Shared.NextDouble() * Helper(x); static double Helper(double v) => v;"),
        ("lock", "static readonly object s_gate = new(); [Differentiable] public static double F(double x) { lock (s_gate) { return x; } }"),
        ("using statement", "[Differentiable] public static double F(double x) { using (var s = new System.IO.MemoryStream()) { return x * s.Length; } }"),
        ("unsafe", "[Differentiable] public static unsafe double F(double x) { double* p = &x; return *p; }"),
        ("with expression", "record struct P(double A); [Differentiable] public static double F(double x) { var p = new P(x) with { A = 2 }; return p.A * x; }"),
        ("goto", "[Differentiable] public static double F(double x) { again: x *= 2; if (x < 10) goto again; return x; }"),
        ("array chosen by a conditional", "[Differentiable] public static double F(double[] x, double[] z) { double[] y = x[0] > 0 ? x : z; y[0] = 2; return x[0] * y[0]; }"),
        ("span local taken with a range", "[Differentiable] public static double F(double[] x) { ReadOnlySpan<double> y = x.AsSpan(1..3); return x[0] * y[0]; }"),
        ("array reassigned", "[Differentiable] public static double F(double[] x) { var a = new double[2]; a = new double[3]; return x[0]; }"),
        ("array created in a loop at a changing length", "[Differentiable] public static double F(double x) { double s = 0; for (int i = 0; i < 2; i++) { var a = new double[i + 1]; a[0] = x; s += a[0]; } return s; }"),
        ("foreach over a list", "[Differentiable] public static double F(double x) { double s = 0; foreach (var v in new System.Collections.Generic.List<double> { x }) s += v; return s; }"),
        ("multidimensional array", "[Differentiable] public static double F(double[,] x) => x[0, 0];"),
        ("range index", "[Differentiable] public static double F(double[] x) => x[^1];"),
        ("linq", "[Differentiable] public static double F(double[] x) => System.Linq.Enumerable.Sum(x);"),
        ("empty body", "[Differentiable] public static double F(double x) { }"),
        ("attribute on a field", "[Differentiable] public static double F;"),
    }.Select(c => new object[] { c.Name, c.Member });

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Never_throws_and_always_explains(string name, string member)
    {
        string source = "using System;\nusing AutoGradGen;\n\npublic static partial class Functions\n{\n    " + member + "\n}\n";
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Null(run.Exception);
        bool explained = run.GeneratorDiagnostics.Any(d => d.Id.StartsWith("AGG", System.StringComparison.Ordinal))
                         || run.Errors.Any(d => !d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) ?? true);
        Assert.True(explained, $"{name}: neither the generator nor the compiler reported anything");
        foreach (var generated in run.Sources)
        {
            // Whatever is emitted must compile: no error may sit in a generated file.
            Assert.DoesNotContain(run.Errors, d => d.Location.SourceTree?.FilePath.EndsWith(generated.HintName, System.StringComparison.Ordinal) == true);
        }
    }
}
