using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

        // The hot loops below read means and icf without bounds checks, so check their sizes once.
        if (d <= 0 || k <= 0 || alphas.Length < k || means.Length < kd || icf.Length < k * icfSize)
        {
            throw new ArgumentException($"Expected d, k > 0, at least k = {k} alphas, k·d = {kd} means and k·d(d+1)/2 = {k * icfSize} icf entries.");
        }

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

        // The triangular loops below index with running offsets, which the JIT cannot prove in range,
        // so the hot per-point loops use unchecked references into the (already sliced) spans.
        ref double meansRef = ref MemoryMarshal.GetReference(means);
        ref double icfRef = ref MemoryMarshal.GetReference(icf);
        ref double diagExpRef = ref MemoryMarshal.GetReference(diagExp);
        ref double centeredRef = ref MemoryMarshal.GetReference(centered);
        ref double transformedRef = ref MemoryMarshal.GetReference(transformed);
        ref double meansGradRef = ref MemoryMarshal.GetReference(meansGrad);
        ref double icfGradRef = ref MemoryMarshal.GetReference(icfGrad);

        double slse = 0;
        for (int p = 0; p < n; p++)
        {
            ref double point = ref MemoryMarshal.GetReference(x.Slice(p * d, d));

            // Forward: main terms of every component, keeping z = x − μ and y = Q z.
            for (int c = 0; c < k; c++)
            {
                ref double mu = ref Unsafe.Add(ref meansRef, c * d);
                ref double q = ref Unsafe.Add(ref icfRef, c * icfSize);
                ref double e = ref Unsafe.Add(ref diagExpRef, c * d);
                ref double z = ref Unsafe.Add(ref centeredRef, c * d);
                ref double y = ref Unsafe.Add(ref transformedRef, c * d);
                for (int j = 0; j < d; j++)
                {
                    double zj = Unsafe.Add(ref point, j) - Unsafe.Add(ref mu, j);
                    Unsafe.Add(ref z, j) = zj;
                    Unsafe.Add(ref y, j) = Unsafe.Add(ref e, j) * zj;
                }

                int lower = d;
                for (int col = 0; col < d; col++)
                {
                    double zCol = Unsafe.Add(ref z, col);
                    for (int row = col + 1; row < d; row++)
                    {
                        Unsafe.Add(ref y, row) += Unsafe.Add(ref q, lower) * zCol;
                        lower++;
                    }
                }

                double squaredNorm = 0;
                for (int j = 0; j < d; j++)
                {
                    double yj = Unsafe.Add(ref y, j);
                    squaredNorm += yj * yj;
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

            // Backward: w = softmax of the main terms and ȳ = −w y, then through y = Q z
            // (the factor −w is applied to the products rather than to y).
            double inverseSum = 1 / sum;
            for (int c = 0; c < k; c++)
            {
                double w = mainTerm[c] * inverseSum;
                alphasGrad[c] += w;
                ref double q = ref Unsafe.Add(ref icfRef, c * icfSize);
                ref double e = ref Unsafe.Add(ref diagExpRef, c * d);
                ref double z = ref Unsafe.Add(ref centeredRef, c * d);
                ref double y = ref Unsafe.Add(ref transformedRef, c * d);
                ref double gq = ref Unsafe.Add(ref icfGradRef, c * icfSize);
                ref double gMu = ref Unsafe.Add(ref meansGradRef, c * d);
                int lower = d;
                for (int col = 0; col < d; col++)
                {
                    double yCol = Unsafe.Add(ref y, col);
                    double wzCol = w * Unsafe.Add(ref z, col);
                    Unsafe.Add(ref gq, col) -= yCol * wzCol; // ∂/∂Q[col, col]; times exp(q) at the end
                    double qTy = yCol * Unsafe.Add(ref e, col);
                    for (int row = col + 1; row < d; row++)
                    {
                        double yRow = Unsafe.Add(ref y, row);
                        qTy += yRow * Unsafe.Add(ref q, lower);
                        Unsafe.Add(ref gq, lower) -= yRow * wzCol;
                        lower++;
                    }

                    // z̄ = Qᵀȳ = −w Qᵀy and μ̄ = −z̄.
                    Unsafe.Add(ref gMu, col) += w * qTy;
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
