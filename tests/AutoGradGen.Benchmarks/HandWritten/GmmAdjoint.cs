using System;
using AutoGradGen.Benchmarks.Objectives;

namespace AutoGradGen.Benchmarks.HandWritten;

/// <summary>
/// A hand-written reverse-mode adjoint of <see cref="Gmm.Objective"/>, the reference the generated
/// <c>Gmm.ObjectiveGradient</c> is measured against.
/// </summary>
public static class GmmAdjoint
{
    [ThreadStatic]
    private static double[]? scratch;

    /// <summary>
    /// Returns <see cref="Gmm.Objective"/> and overwrites <paramref name="alphasGrad"/>,
    /// <paramref name="meansGrad"/> and <paramref name="icfGrad"/> with its gradient.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Per point xᵢ and component k the forward pass forms zₖ = xᵢ − μₖ, yₖ = Qₖ zₖ and
    /// mₖ = αₖ + Σⱼ qₖⱼ − ½‖yₖ‖² (qₖⱼ the log-diagonal), keeping zₖ and yₖ for the k components of
    /// the current point only; exp(qₖⱼ) is computed once per component rather than once per point.
    /// The adjoint of logsumexpₖ(mₖ) is the softmax weight wₖ = exp(mₖ − lse), so ∂/∂αₖ += wₖ,
    /// ∂/∂qₖⱼ += wₖ (through Σ q), and ȳₖ = −wₖ yₖ. Back through y = Q z, with Q lower triangular:
    /// ∂/∂Lₖ[r, c] += ȳᵣ z_c, ∂/∂qₖⱼ += ȳⱼ exp(qₖⱼ) zⱼ, and z̄ = Qᵀ ȳ, so ∂/∂μₖ −= Qₖᵀ ȳₖ. One sweep
    /// over the column-major strictly lower entries does both Qᵀȳ and the outer product.
    /// </para>
    /// <para>
    /// The remaining terms are closed-form: −n·logsumexp(α) gives −n·softmax(α); the Wishart prior
    /// ½γ²(Σ exp(q)² + Σ L²) − m Σ q gives γ² exp(2q) − m on the diagonal and γ² L below it.
    /// The per-point weights wₖ summed over the points (Σᵢ wᵢₖ) are added to the diagonal once at
    /// the end, and so is the factor exp(qₖⱼ) of Σᵢ ȳⱼ zⱼ.
    /// </para>
    /// </remarks>
    public static double ObjectiveGradient(
        int d,
        int k,
        ReadOnlySpan<double> alphas,
        ReadOnlySpan<double> means,
        ReadOnlySpan<double> icf,
        ReadOnlySpan<double> x,
        double wishartGamma,
        int wishartM,
        Span<double> alphasGrad,
        Span<double> meansGrad,
        Span<double> icfGrad)
    {
        CheckLength(alphas.Length, alphasGrad.Length, nameof(alphasGrad));
        CheckLength(means.Length, meansGrad.Length, nameof(meansGrad));
        CheckLength(icf.Length, icfGrad.Length, nameof(icfGrad));

        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        int kd = k * d;

        // Scratch: exp(diag) [k·d], Σ log diag [k], z and y of the current point [k·d each], main terms [k].
        Span<double> buffer = Scratch((3 * kd) + (2 * k));
        Span<double> diagExp = buffer.Slice(0, kd);
        Span<double> sumQs = buffer.Slice(kd, k);
        Span<double> centered = buffer.Slice(kd + k, kd);
        Span<double> transformed = buffer.Slice((2 * kd) + k, kd);
        Span<double> mainTerm = buffer.Slice(3 * kd + k, k);

        alphasGrad.Clear();
        meansGrad.Clear();
        icfGrad.Clear();

        for (int c = 0; c < k; c++)
        {
            ReadOnlySpan<double> q = icf.Slice(c * icfSize, icfSize);
            Span<double> e = diagExp.Slice(c * d, d);
            double s = 0;
            for (int j = 0; j < e.Length; j++)
            {
                s += q[j];
                e[j] = Math.Exp(q[j]);
            }

            sumQs[c] = s;
        }

        double slse = 0;
        for (int p = 0; p < n; p++)
        {
            ReadOnlySpan<double> point = x.Slice(p * d, d);

            // Forward: main terms of every component, keeping z and y = Q z.
            for (int c = 0; c < k; c++)
            {
                ReadOnlySpan<double> mu = means.Slice(c * d, d);
                ReadOnlySpan<double> q = icf.Slice(c * icfSize, icfSize);
                ReadOnlySpan<double> e = diagExp.Slice(c * d, d);
                Span<double> z = centered.Slice(c * d, d);
                Span<double> y = transformed.Slice(c * d, d);
                for (int j = 0; j < z.Length; j++)
                {
                    double zj = point[j] - mu[j];
                    z[j] = zj;
                    y[j] = e[j] * zj;
                }

                int lower = d;
                for (int col = 0; col < z.Length; col++)
                {
                    double zCol = z[col];
                    for (int row = col + 1; row < y.Length; row++)
                    {
                        y[row] += q[lower] * zCol;
                        lower++;
                    }
                }

                double squaredNorm = 0;
                for (int j = 0; j < y.Length; j++)
                {
                    squaredNorm += y[j] * y[j];
                }

                mainTerm[c] = alphas[c] + sumQs[c] - (0.5 * squaredNorm);
            }

            double max = mainTerm[0];
            for (int c = 1; c < mainTerm.Length; c++)
            {
                max = Math.Max(max, mainTerm[c]);
            }

            double sum = 0;
            for (int c = 0; c < mainTerm.Length; c++)
            {
                double weight = Math.Exp(mainTerm[c] - max);
                mainTerm[c] = weight;
                sum += weight;
            }

            slse += Math.Log(sum) + max;

            // Backward: w = softmax of the main terms, ȳ = −w y, then through y = Q z.
            double inverseSum = 1 / sum;
            for (int c = 0; c < k; c++)
            {
                double w = mainTerm[c] * inverseSum;
                alphasGrad[c] += w;
                ReadOnlySpan<double> q = icf.Slice(c * icfSize, icfSize);
                ReadOnlySpan<double> e = diagExp.Slice(c * d, d);
                Span<double> gq = icfGrad.Slice(c * icfSize, icfSize);
                Span<double> gMu = meansGrad.Slice(c * d, d);
                ReadOnlySpan<double> z = centered.Slice(c * d, d);
                Span<double> yBar = transformed.Slice(c * d, d);
                for (int j = 0; j < yBar.Length; j++)
                {
                    double yb = -w * yBar[j];
                    yBar[j] = yb;
                    gq[j] += yb * z[j]; // times exp(q) at the end
                }

                int lower = d;
                for (int col = 0; col < z.Length; col++)
                {
                    double zCol = z[col];
                    double zBar = yBar[col] * e[col];
                    for (int row = col + 1; row < yBar.Length; row++)
                    {
                        double yb = yBar[row];
                        zBar += yb * q[lower];
                        gq[lower] += yb * zCol;
                        lower++;
                    }

                    gMu[col] -= zBar;
                }
            }
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

        double gammaSquared = wishartGamma * wishartGamma;
        double prior = 0;
        for (int c = 0; c < k; c++)
        {
            ReadOnlySpan<double> q = icf.Slice(c * icfSize, icfSize);
            ReadOnlySpan<double> e = diagExp.Slice(c * d, d);
            Span<double> gq = icfGrad.Slice(c * icfSize, icfSize);

            // Σᵢ wᵢₖ, the weight the log-determinant term Σ q carries, before α's own softmax term.
            double totalWeight = alphasGrad[c];
            double frobenius = 0;
            for (int j = 0; j < d; j++)
            {
                double diagonal = e[j];
                frobenius += diagonal * diagonal;
                gq[j] = (gq[j] * diagonal) + totalWeight + (gammaSquared * diagonal * diagonal) - wishartM;
            }

            for (int j = d; j < icfSize; j++)
            {
                frobenius += q[j] * q[j];
                gq[j] += gammaSquared * q[j];
            }

            prior += (0.5 * wishartGamma * wishartGamma * frobenius) - (wishartM * sumQs[c]);
            alphasGrad[c] = totalWeight - (n * Math.Exp(alphas[c] - alphaMax) / alphaSum);
        }

        double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
        return constant + slse - (n * lseAlphas) + prior;
    }

    private static Span<double> Scratch(int length)
    {
        double[]? buffer = scratch;
        if (buffer is null || buffer.Length < length)
        {
            buffer = new double[Math.Max(length, 2 * (buffer?.Length ?? 0))];
            scratch = buffer;
        }

        return buffer.AsSpan(0, length);
    }

    private static void CheckLength(int expected, int actual, string name)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"The gradient buffer has length {actual}, expected {expected}.", name);
        }
    }
}
