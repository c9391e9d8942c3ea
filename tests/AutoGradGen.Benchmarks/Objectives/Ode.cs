using System;
using AutoGradGen;

namespace AutoGradGen.Benchmarks.Objectives;

/// <summary>
/// Fourth-order Runge–Kutta integration of a chain of first-order reactions,
/// dyᵢ/dt = rᵢ₋₁ yᵢ₋₁ − rᵢ yᵢ (y₋₁ = 0), from y(0) = y0 over <c>steps</c> steps of size h; the objective
/// is ½‖y(T) − target‖², differentiated with respect to the rates r and the initial state y0.
/// </summary>
public static partial class Ode
{
    [Differentiable]
    public static double Objective(ReadOnlySpan<double> rates, ReadOnlySpan<double> initial, [NoDiff] ReadOnlySpan<double> target, [NoDiff] int steps, [NoDiff] double h)
    {
        int n = initial.Length;
        double[] y = new double[n];
        double[] k1 = new double[n];
        double[] k2 = new double[n];
        double[] k3 = new double[n];
        double[] k4 = new double[n];
        double[] stage = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = initial[i];
        }

        for (int s = 0; s < steps; s++)
        {
            k1[0] = -rates[0] * y[0];
            for (int i = 1; i < n; i++)
            {
                k1[i] = rates[i - 1] * y[i - 1] - rates[i] * y[i];
            }

            for (int i = 0; i < n; i++)
            {
                stage[i] = y[i] + 0.5 * h * k1[i];
            }

            k2[0] = -rates[0] * stage[0];
            for (int i = 1; i < n; i++)
            {
                k2[i] = rates[i - 1] * stage[i - 1] - rates[i] * stage[i];
            }

            for (int i = 0; i < n; i++)
            {
                stage[i] = y[i] + 0.5 * h * k2[i];
            }

            k3[0] = -rates[0] * stage[0];
            for (int i = 1; i < n; i++)
            {
                k3[i] = rates[i - 1] * stage[i - 1] - rates[i] * stage[i];
            }

            for (int i = 0; i < n; i++)
            {
                stage[i] = y[i] + h * k3[i];
            }

            k4[0] = -rates[0] * stage[0];
            for (int i = 1; i < n; i++)
            {
                k4[i] = rates[i - 1] * stage[i - 1] - rates[i] * stage[i];
            }

            for (int i = 0; i < n; i++)
            {
                y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }

        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double difference = y[i] - target[i];
            loss += 0.5 * difference * difference;
        }

        return loss;
    }
}
