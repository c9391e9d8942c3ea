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
}

public class TapeStatisticsTests
{
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
