using System;
using AutoGradGen;
using AutoGradGen.Tapes;

namespace AutoGradGen.Tests;

/// <summary>A method only this test calls, so its tape record is not shared with other tests.</summary>
public static partial class TapeProbe
{
    /// <summary>Saves the running maximum once per iteration (n − 1 doubles), nothing else.</summary>
    [Differentiable]
    public static double RunningMax(ReadOnlySpan<double> x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            m = Math.Max(m, x[i]) + 1e-3 * m;
        }

        return m;
    }

    /// <summary>
    /// Overwrites y whole every repeat (y[j] = …), accumulates into it (y[row] += …, ADBench's Q·z),
    /// then reads it: only the whole overwrites save old values — d doubles per repeat — and the
    /// d(d−1)/2 accumulations none, since no earlier value of y is pending after the overwrite.
    /// </summary>
    /// <remarks>The overwrite loop is bounded by <c>y.Length</c>, or by the <c>d</c> of <c>new double[d]</c>.</remarks>
    [Differentiable]
    public static double TriangularRepeats(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> lower, ReadOnlySpan<double> z, [NoDiff] int repeats, [NoDiff] bool boundedByLength)
    {
        int d = z.Length;
        double[] y = new double[d];
        double total = 0;
        for (int r = 0; r < repeats; r++)
        {
            if (boundedByLength)
            {
                for (int j = 0; j < y.Length; j++)
                {
                    y[j] = diagonal[j] * z[j] * (r + 1);
                }
            }
            else
            {
                for (int j = 0; j < d; j++)
                {
                    y[j] = diagonal[j] * z[j] * (r + 1);
                }
            }

            int at = 0;
            for (int col = 0; col < d; col++)
            {
                for (int row = col + 1; row < d; row++)
                {
                    y[row] += lower[at] * z[col];
                    at++;
                }
            }

            for (int j = 0; j < d; j++)
            {
                total += y[j] * y[j] * (0.5 + j);
            }
        }

        return total;
    }
}

[Collection(Support.SerialCollection.Name)]
public class TapeStatisticsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Accumulations_after_a_whole_array_overwrite_save_nothing(bool boundedByLength)
    {
        const string name = "AutoGradGen.Tests.TapeProbe.TriangularRepeats";
        const int d = 6, repeats = 4;
        var random = new Random(3);
        double[] diagonal = Support.RandomPoints.Uniform(random, d, 0.5, 1.5);
        double[] lower = Support.RandomPoints.Uniform(random, d * (d - 1) / 2, -1, 1);
        double[] z = Support.RandomPoints.Uniform(random, d, -1, 1);
        double[] gDiagonal = new double[d], gLower = new double[lower.Length], gZ = new double[d];

        TapeStatistics.IsEnabled = true;
        double value;
        try
        {
            value = TapeProbe.TriangularRepeatsGradient(diagonal, lower, z, repeats, boundedByLength, gDiagonal, gLower, gZ);
            TapeRecord? record = TapeStatistics.Get(name);
            Assert.NotNull(record);

            // d doubles per repeat for y's overwrite, the reset counter's old value and the branch taken.
            Assert.Equal(repeats * ((d * sizeof(double)) + sizeof(int) + sizeof(bool)), record.Value.LastBytes);
        }
        finally
        {
            TapeStatistics.IsEnabled = false;
        }

        Support.GradientAssert.Matches(
            p => { var u = new Support.Unpack<double>(p); return TapeProbe.TriangularRepeats(u.Next(diagonal), u.Next(lower), u.Next(z), repeats, boundedByLength); },
            Support.Pack.Of(diagonal, lower, z), value, Support.Pack.Of(gDiagonal, gLower, gZ));
    }

    [Fact]
    public void Records_the_peak_bytes_the_reverse_sweep_kept()
    {
        const string name = "AutoGradGen.Tests.TapeProbe.RunningMax";
        double[] x = new double[101];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = Math.Sin(i);
        }

        TapeStatistics.IsEnabled = true;
        try
        {
            TapeProbe.RunningMaxGradient(x, new double[x.Length]);
            TapeRecord? record = TapeStatistics.Get(name);
            Assert.NotNull(record);
            Assert.Equal(100 * sizeof(double), record.Value.LastBytes);
            Assert.True(record.Value.Calls >= 1);
            Assert.Contains(name, TapeStatistics.Snapshot().Keys);
        }
        finally
        {
            TapeStatistics.IsEnabled = false;
        }
    }
}
