using System;
using AutoGradGen;

namespace AutoGradGen.Benchmarks.Objectives;

/// <summary>
/// The objective of a Gaussian mixture model as in ADBench: k
/// components in d dimensions with weights α (log-space), means μ, and precision factors Q given by
/// icf = (log of the d diagonal entries, then the d(d−1)/2 strictly lower entries column by column),
/// over n points x, plus a Wishart prior with parameters γ and m:
/// E = Σᵢ logsumexpₖ(αₖ + Σ log diag Qₖ − ½‖Qₖ(xᵢ − μₖ)‖²) − n·logsumexp(α) + const + prior.
/// </summary>
public static partial class Gmm
{
    [Differentiable]
    public static double Objective(
        [NoDiff] int d,
        [NoDiff] int k,
        ReadOnlySpan<double> alphas,
        ReadOnlySpan<double> means,
        ReadOnlySpan<double> icf,
        [NoDiff] ReadOnlySpan<double> x,
        [NoDiff] double wishartGamma,
        [NoDiff] int wishartM)
    {
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        double[] sumQs = new double[k];
        double[] qDiagonals = new double[k * d];
        double[] centered = new double[d];
        double[] mainTerm = new double[k];

        // Per component: Σ log diag Qₖ and diag Qₖ = exp(icf[0..d)).
        for (int c = 0; c < k; c++)
        {
            double s = 0;
            for (int j = 0; j < d; j++)
            {
                s += icf[c * icfSize + j];
                qDiagonals[c * d + j] = Math.Exp(icf[c * icfSize + j]);
            }

            sumQs[c] = s;
        }

        double slse = 0;
        for (int p = 0; p < n; p++)
        {
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < d; j++)
                {
                    centered[j] = x[p * d + j] - means[c * d + j];
                }

                // ‖Qₖ(x − μₖ)‖², row by row: (Qz)_row = q_row z_row + Σ_{col<row} L[row, col] z_col, where
                // L is stored column by column after the diagonal: L[row, col] = icf[d + col(2d − col − 1)/2 + row − col − 1].
                double squaredNorm = 0;
                for (int row = 0; row < d; row++)
                {
                    double transformed = qDiagonals[c * d + row] * centered[row];
                    for (int col = 0; col < row; col++)
                    {
                        transformed += icf[c * icfSize + d + col * (2 * d - col - 1) / 2 + row - col - 1] * centered[col];
                    }

                    squaredNorm += transformed * transformed;
                }

                mainTerm[c] = alphas[c] + sumQs[c] - 0.5 * squaredNorm;
            }

            double max = mainTerm[0];
            for (int c = 1; c < k; c++)
            {
                max = Math.Max(max, mainTerm[c]);
            }

            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                sum += Math.Exp(mainTerm[c] - max);
            }

            slse += Math.Log(sum) + max;
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

        double lseAlphas = Math.Log(alphaSum) + alphaMax;

        // Wishart prior: ½γ² Σₖ (‖diag Qₖ‖² + ‖Lₖ‖²) − m Σₖ Σ log diag Qₖ.
        double prior = 0;
        for (int c = 0; c < k; c++)
        {
            double frobenius = 0;
            for (int j = 0; j < d; j++)
            {
                frobenius += qDiagonals[c * d + j] * qDiagonals[c * d + j];
            }

            for (int j = d; j < icfSize; j++)
            {
                frobenius += icf[c * icfSize + j] * icf[c * icfSize + j];
            }

            prior += 0.5 * wishartGamma * wishartGamma * frobenius - wishartM * sumQs[c];
        }

        double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
        return constant + slse - n * lseAlphas + prior;
    }
}
