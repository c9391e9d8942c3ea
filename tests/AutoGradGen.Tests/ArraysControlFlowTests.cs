using System;
using System.Linq;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>Gradients of <see cref="ArraysControlFlow"/>: nested control flow over arrays.</summary>
public class ArraysControlFlowTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LoopInBranchInLoop(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 5, -1, 1);
        double[] w = RandomPoints.Uniform(random, 4, -1, 1);
        double[] gx = new double[x.Length], gw = new double[w.Length];
        double value = ArraysControlFlow.LoopInBranchInLoopGradient(x, w, gx, gw);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysControlFlow.LoopInBranchInLoop(u.Next(x), u.Next(w)); }, Pack.Of(x, w), value, Pack.Of(gx, gw));
    }

    [Theory]
    [InlineData(1, 0.5, true)]
    [InlineData(2, 1.0, true)]
    [InlineData(3, 100.0, false)]
    public void BreakInnerLoop(int seed, double limit, bool breaks)
    {
        double[][] rows = RandomPoints.Uniform(new Random(seed), 4, 5, -1, 1);
        Assert.Equal(breaks, rows.Any(row => row.Sum(v => v * v) > limit));
        double[][] g = RandomPoints.ZerosLike(rows);
        double value = ArraysControlFlow.BreakInnerLoopGradient(rows, limit, g);
        GradientAssert.Matches(p => ArraysControlFlow.BreakInnerLoop(new Unpack<double>(p).Next(rows), limit), Pack.Of(rows), value, Pack.Of(g));
    }

    [Theory]
    [InlineData(1, 0.1, true)]
    [InlineData(2, 0.4, true)]
    [InlineData(3, 5.0, false)]
    public void ReturnFromNestedLoops(int seed, double threshold, bool returnsInside)
    {
        var random = new Random(seed);
        double[] a = RandomPoints.Uniform(random, 3, -1, 1);
        double[] b = RandomPoints.Uniform(random, 4, -1, 1);
        Assert.Equal(returnsInside, a.Any(ai => b.Any(bj => ai * bj > threshold)));
        double[] ga = new double[a.Length], gb = new double[b.Length];
        double value = ArraysControlFlow.ReturnFromNestedLoopsGradient(a, b, threshold, ga, gb);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysControlFlow.ReturnFromNestedLoops(u.Next(a), u.Next(b), threshold); }, Pack.Of(a, b), value, Pack.Of(ga, gb));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void DoWithContinue(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 6, -1, 1);
        double[] g = new double[x.Length];
        double value = ArraysControlFlow.DoWithContinueGradient(x, g);
        GradientAssert.Matches(p => ArraysControlFlow.DoWithContinue(p), x, value, g);
    }

    [Theory]
    [InlineData(1, 0.05, true)]
    [InlineData(9, 1e4, false)]
    [InlineData(11, 0.3, true)]
    public void WhileContinueBreak(int seed, double stop, bool breaks)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 7, -2, 2);
        Assert.Contains(x, v => Math.Abs(v) < 0.2);
        Assert.Equal(breaks, Breaks());
        double[] g = new double[x.Length];
        double value = ArraysControlFlow.WhileContinueBreakGradient(x, stop, g);
        GradientAssert.Matches(p => ArraysControlFlow.WhileContinueBreak(p, stop), x, value, g);

        bool Breaks()
        {
            double product = 1;
            foreach (double v in x.Where(v => Math.Abs(v) >= 0.2))
            {
                product *= v;
                if (Math.Abs(product) > stop)
                {
                    return true;
                }
            }

            return false;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void CompactPositives(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 6, -1, 1);
        double[] g = new double[x.Length];
        double value = ArraysControlFlow.CompactPositivesGradient(x, g);
        GradientAssert.Matches(p => ArraysControlFlow.CompactPositives(p), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MultiplicativeScatter(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 7, -1, 1);
        int[] index = RandomPoints.Indices(random, 7, 3);
        double[] g = new double[x.Length];
        double value = ArraysControlFlow.MultiplicativeScatterGradient(x, index, 3, g);
        GradientAssert.Matches(p => ArraysControlFlow.MultiplicativeScatter(p, index, 3), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SelfReferencingUpdates(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 5, -1, 1);
        double[] g = new double[x.Length];
        double value = ArraysControlFlow.SelfReferencingUpdatesGradient(x, g);
        GradientAssert.Matches(p => ArraysControlFlow.SelfReferencingUpdates(p), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ConditionalsAndCalleeInBranch(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 5, -1, 1);
        double[] y = RandomPoints.Uniform(random, 5, -1, 1);
        double[] gx = new double[x.Length], gy = new double[y.Length];
        double value = ArraysControlFlow.ConditionalsAndCalleeInBranchGradient(x, y, gx, gy);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysControlFlow.ConditionalsAndCalleeInBranch(u.Next(x), u.Next(y)); }, Pack.Of(x, y), value, Pack.Of(gx, gy));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void JaggedRowSlices(int seed)
    {
        var random = new Random(seed);
        double[][] c = RandomPoints.Uniform(random, 3, 5, -1, 1);
        double[] w = RandomPoints.Uniform(random, 3, -1, 1);
        double[][] gc = RandomPoints.ZerosLike(c);
        double[] gw = new double[w.Length];
        double value = ArraysControlFlow.JaggedRowSlicesGradient(c, w, gc, gw);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysControlFlow.JaggedRowSlices(u.Next(c), u.Next(w)); }, Pack.Of(c, w), value, Pack.Of(gc, gw));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void JaggedToCallee(int seed)
    {
        var random = new Random(seed);
        double[][] points = RandomPoints.Uniform(random, 4, 2, -2, 2);
        double[][] centers = RandomPoints.Uniform(random, 2, 2, -1, 1);
        double[] weights = { 0.3, -0.7 };
        double[][] gp = RandomPoints.ZerosLike(points), gc = RandomPoints.ZerosLike(centers);
        double value = ArraysControlFlow.JaggedToCalleeGradient(points, centers, weights, gp, gc);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysControlFlow.JaggedToCallee(u.Next(points), u.Next(centers), weights); }, Pack.Of(points, centers), value, Pack.Of(gp, gc));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MathOverElements(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 4, -2, 2);
        double[] y = RandomPoints.Uniform(random, 4, -2, 2);
        double[] gx = new double[x.Length], gy = new double[y.Length];
        double value = ArraysControlFlow.MathOverElementsGradient(x, y, gx, gy);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysControlFlow.MathOverElements(u.Next(x), u.Next(y)); }, Pack.Of(x, y), value, Pack.Of(gx, gy));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ForwardThenBackwardRecurrence(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 5, -1, 1);
        double[] g = new double[x.Length];
        double value = ArraysControlFlow.ForwardThenBackwardRecurrenceGradient(x, g);
        GradientAssert.Matches(p => ArraysControlFlow.ForwardThenBackwardRecurrence(p), x, value, g);
    }
}
