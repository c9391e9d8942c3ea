using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoGradGen;

/// <summary>Which operands of a matrix product are used transposed.</summary>
[Flags]
public enum Transpose
{
    /// <summary>C = A·B.</summary>
    None = 0,

    /// <summary>C = Aᵀ·B: A is stored k × m.</summary>
    A = 1,

    /// <summary>C = A·Bᵀ: B is stored n × k (a Dense layer's weight, out × in).</summary>
    B = 2,

    /// <summary>C = Aᵀ·Bᵀ.</summary>
    Both = A | B,
}

/// <summary>
/// Dense matrix products on row-major buffers: C (m × n) = op(A) (m × k) · op(B) (k × n), optionally
/// added to C. Cache-blocked (panels of op(B) and op(A) packed so the inner kernel streams through
/// contiguous memory), a 6 × 2-vector register kernel on <see cref="Vector512{T}"/> (AVX-512) or
/// <see cref="Vector256{T}"/> with fused multiply-add, and row blocks spread over the machine's cores
/// for large products.
/// </summary>
/// <remarks>
/// The <see cref="double"/> and <see cref="float"/> overloads are what <see cref="DifferentiableAttribute"/>
/// code calls; their derivative is registered (see <see cref="MultiplyPullback(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, Transpose, bool, Span{double}, Span{double}, Span{double})"/>).
/// </remarks>
public static partial class MatMul
{
    // Register tile: MR rows of C by NR = 2 vectors of columns, 12 accumulators in registers.
    private const int MR = 6;

    // Depth of one packed panel (k), rows of A per packed block (a multiple of MR), columns of B per block.
    private const int KC = 256;
    private const int MC = 96;
    private const int NC = 1024;

    // Below this many multiply-adds, the work is not worth a thread hop.
    private const long ParallelThreshold = 1L << 20;

    /// <summary>
    /// Whether products use the 512-bit kernel: where the hardware has AVX-512, even if .NET prefers
    /// 256-bit vectors by default (some Xeons), since this kernel is bound by FMA throughput. Tests
    /// switch it off to exercise the 256-bit kernel too; each product reads it once.
    /// </summary>
    internal static bool UseWideKernel { get; set; } = Vector512.IsHardwareAccelerated || System.Runtime.Intrinsics.X86.Avx512F.IsSupported;

    /// <summary>C = op(A)·op(B), or C += op(A)·op(B) when <paramref name="accumulate"/>.</summary>
    /// <param name="a">op(A) is m × k: A is stored m × k, or k × m with <see cref="Transpose.A"/>.</param>
    /// <param name="b">op(B) is k × n: B is stored k × n, or n × k with <see cref="Transpose.B"/>.</param>
    /// <param name="c">m × n, row-major.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="transpose">Which operands are transposed.</param>
    /// <param name="accumulate">Add into C instead of overwriting it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A buffer's length is not the product of its dimensions.</exception>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, Transpose transpose = Transpose.None, bool accumulate = false)
        => Multiply<double>(a, b, c, m, k, n, transpose, accumulate);

    /// <inheritdoc cref="Multiply(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, Transpose, bool)"/>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, Transpose transpose = Transpose.None, bool accumulate = false)
        => Multiply<float>(a, b, c, m, k, n, transpose, accumulate);

    /// <inheritdoc cref="Multiply(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, Transpose, bool)"/>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, Transpose transpose = Transpose.None, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                c.Clear();
            }

            return;
        }

        unsafe
        {
            fixed (T* pa = a, pb = b, pc = c)
            {
                var product = new Product<T>(pa, pb, pc, m, k, n, transpose);
                product.Run(accumulate);
            }
        }
    }

    private static void CheckShapes(int aLength, int bLength, int cLength, int m, int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if ((long)m * k != aLength)
        {
            throw new ArgumentException($"A holds {aLength} values, but op(A) is {m} × {k} = {(long)m * k}.", "a");
        }

        if ((long)k * n != bLength)
        {
            throw new ArgumentException($"B holds {bLength} values, but op(B) is {k} × {n} = {(long)k * n}.", "b");
        }

        if ((long)m * n != cLength)
        {
            throw new ArgumentException($"C holds {cLength} values, but it is {m} × {n} = {(long)m * n}.", "c");
        }
    }

    /// <summary>One k-panel's row blocks as <see cref="IParallelWork"/>: item i is row block i. Reused per calling thread.</summary>
    private sealed class RowBlocks<T> : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic]
        private static RowBlocks<T>? forThisThread;

        private Product<T> product;
        private T[] bPack = Array.Empty<T>();
        private int rows, pc, kc, jc, nc;
        private bool add;

        public static RowBlocks<T> ForThisThread => forThisThread ??= new RowBlocks<T>();

        public RowBlocks<T> Set(in Product<T> product, T[] bPack, int rows, int pc, int kc, int jc, int nc, bool add)
        {
            this.product = product;
            this.bPack = bPack;
            (this.rows, this.pc, this.kc, this.jc, this.nc, this.add) = (rows, pc, kc, jc, nc, add);
            return this;
        }

        /// <summary>Drops the pointers and the pooled panel once the run is over.</summary>
        public void Clear()
        {
            product = default;
            bPack = Array.Empty<T>();
        }

        public void Execute(int item) => product.RunRowBlock(bPack, item * rows, rows, pc, kc, jc, nc, add);
    }

    /// <summary>One product's operands as raw pointers (pinned by the caller for the whole run).</summary>
    private readonly unsafe struct Product<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {

        private readonly T* a;
        private readonly T* b;
        private readonly T* c;
        private readonly int m;
        private readonly int k;
        private readonly int n;
        private readonly Transpose transpose;

        // The register tile's width: two vectors of 512 or 256 bits, fixed for the whole product.
        private readonly bool wide;
        private readonly int nr;

        public Product(T* a, T* b, T* c, int m, int k, int n, Transpose transpose)
        {
            wide = UseWideKernel;
            nr = 2 * (wide ? Vector512<T>.Count : Vector256<T>.Count);
            this.a = a;
            this.b = b;
            this.c = c;
            this.m = m;
            this.k = k;
            this.n = n;
            this.transpose = transpose;
        }

        /// <summary>op(A)[i, p].</summary>
        private T A(int i, int p) => (transpose & Transpose.A) != 0 ? a[((long)p * m) + i] : a[((long)i * k) + p];

        /// <summary>op(B)[p, j].</summary>
        private T B(int p, int j) => (transpose & Transpose.B) != 0 ? b[((long)j * k) + p] : b[((long)p * n) + j];

        public void Run(bool accumulate)
        {
            T[] bPack = ArrayPool<T>.Shared.Rent(KC * (RoundUp(Math.Min(NC, n), nr) + nr));
            try
            {
                int threads = WorkerPool.Parallelism;
                for (int jc = 0; jc < n; jc += NC)
                {
                    int nc = Math.Min(NC, n - jc);
                    // Panels of equal depth (at most KC): k = 784 is 4 × 196 rather than 3 × 256 and a thin 16.
                    int panels = (k + KC - 1) / KC;
                    int depth = (k + panels - 1) / panels;
                    for (int pc = 0; pc < k; pc += depth)
                    {
                        int kc = Math.Min(depth, k - pc);
                        PackB(bPack, pc, kc, jc, nc);
                        bool add = accumulate || pc > 0;
                        if (threads > 1 && (long)m * nc * kc >= ParallelThreshold && m > MR)
                        {
                            // One row block per thread, of equal height (a multiple of MR), so no core idles at the end.
                            int rows = Math.Min(MC, RoundUp((m + threads - 1) / threads, MR));
                            InParallel(RowBlocks<T>.ForThisThread.Set(this, bPack, rows, pc, kc, jc, nc, add), (m + rows - 1) / rows);
                        }
                        else
                        {
                            for (int ic = 0; ic < m; ic += MC)
                            {
                                RunRowBlock(bPack, ic, MC, pc, kc, jc, nc, add);
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(bPack);
            }
        }

        /// <summary>Runs <paramref name="items"/> row blocks on every core, through <see cref="WorkerPool"/> (no allocation per call).</summary>
        private static void InParallel(RowBlocks<T> work, int items)
        {
            try
            {
                WorkerPool.Run(work, items);
            }
            finally
            {
                work.Clear();
            }
        }

        /// <summary>op(B)[pc.., jc..] as slivers of NR columns, each kc × NR row-major, zero-padded.</summary>
        private void PackB(T[] pack, int pc, int kc, int jc, int nc)
        {
            int offset = 0;
            for (int j0 = 0; j0 < nc; j0 += nr)
            {
                int width = Math.Min(nr, nc - j0);
                if ((transpose & Transpose.B) != 0)
                {
                    PackTransposedSliver(pack, offset, pc, kc, jc + j0, width);
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        int row = offset + (p * nr);
                        new ReadOnlySpan<T>(b + ((long)(pc + p) * n) + jc + j0, width).CopyTo(pack.AsSpan(row, width));
                        pack.AsSpan(row + width, nr - width).Clear();
                    }
                }

                offset += kc * nr;
            }
        }

        /// <summary>
        /// A sliver of op(B) = Bᵀ: column j of op(B) is row j of the stored B, so each of the sliver's
        /// columns is read as one contiguous run of kc values and scattered into the pack with stride nr
        /// (the sliver, kc × nr, stays in L1 while it is written).
        /// </summary>
        private void PackTransposedSliver(T[] pack, int offset, int pc, int kc, int column, int width)
        {
            ref T target = ref pack[offset];
            for (int j = 0; j < width; j++)
            {
                T* source = b + ((long)(column + j) * k) + pc;
                ref T packed = ref Unsafe.Add(ref target, j);
                for (int p = 0; p < kc; p++)
                {
                    Unsafe.Add(ref packed, p * nr) = source[p];
                }
            }

            for (int j = width; j < nr; j++)
            {
                ref T packed = ref Unsafe.Add(ref target, j);
                for (int p = 0; p < kc; p++)
                {
                    Unsafe.Add(ref packed, p * nr) = T.Zero;
                }
            }
        }

        /// <summary>Rows ic..ic+rows of C (this k-panel and column block; rows ≤ MC): pack op(A), run the register kernel on every tile.</summary>
        public void RunRowBlock(T[] bPack, int ic, int rows, int pc, int kc, int jc, int nc, bool add)
        {
            int mc = Math.Min(rows, m - ic);
            T[] aPack = ArrayPool<T>.Shared.Rent(kc * RoundUp(mc, MR));
            try
            {
                // op(A)[ic.., pc..] as slivers of MR rows, each kc × MR (p-major), zero-padded.
                int offset = 0;
                for (int i0 = 0; i0 < mc; i0 += MR)
                {
                    int height = Math.Min(MR, mc - i0);
                    for (int p = 0; p < kc; p++)
                    {
                        int at = offset + (p * MR);
                        for (int i = 0; i < height; i++)
                        {
                            aPack[at + i] = A(ic + i0 + i, pc + p);
                        }

                        for (int i = height; i < MR; i++)
                        {
                            aPack[at + i] = T.Zero;
                        }
                    }

                    offset += kc * MR;
                }

                Span<T> edge = stackalloc T[MR * 2 * Vector512<T>.Count];
                for (int j0 = 0, bOffset = 0; j0 < nc; j0 += nr, bOffset += kc * nr)
                {
                    int width = Math.Min(nr, nc - j0);
                    for (int i0 = 0, aOffset = 0; i0 < mc; i0 += MR, aOffset += kc * MR)
                    {
                        int height = Math.Min(MR, mc - i0);
                        T* tile = c + ((long)(ic + i0) * n) + jc + j0;
                        ref T aSliver = ref aPack[aOffset];
                        ref T bSliver = ref bPack[bOffset];
                        if (height == MR && width == nr)
                        {
                            TileKernel(ref aSliver, ref bSliver, kc, tile, n, add);
                        }
                        else
                        {
                            // Edge tile: compute the full tile into scratch, then add or copy the valid part.
                            fixed (T* scratch = edge)
                            {
                                TileKernel(ref aSliver, ref bSliver, kc, scratch, nr, add: false);
                                for (int i = 0; i < height; i++)
                                {
                                    for (int j = 0; j < width; j++)
                                    {
                                        T value = scratch[(i * nr) + j];
                                        T* target = tile + ((long)i * n) + j;
                                        *target = add ? *target + value : value;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(aPack);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void TileKernel(ref T aSliver, ref T bSliver, int kc, T* tile, int stride, bool add)
        {
            if (wide)
            {
                Kernel<Vector512<T>, Wide512<T>>(ref aSliver, ref bSliver, kc, tile, stride, add);
            }
            else
            {
                Kernel<Vector256<T>, Wide256<T>>(ref aSliver, ref bSliver, kc, tile, stride, add);
            }
        }

        /// <summary>
        /// The MR × NR tile at <paramref name="tile"/> (row stride <paramref name="stride"/>) = or += the packed
        /// slivers' product: 12 accumulators (6 rows × 2 vectors), one broadcast of A and two loads of B per k.
        /// Written once for both widths; the JIT specializes it per <typeparamref name="TOps"/> struct.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Kernel<TVector, TOps>(ref T aSliver, ref T bSliver, int kc, T* tile, int stride, bool add)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector, T>
        {
            int w = TOps.Count;
            TVector c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            TVector c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            ref T aRow = ref aSliver;
            ref T bRow = ref bSliver;
            for (int p = 0; p < kc; p++)
            {
                TVector b0 = TOps.Load(ref bRow, 0);
                TVector b1 = TOps.Load(ref bRow, w);
                TVector a0 = TOps.Broadcast(aRow);
                c00 = TOps.MultiplyAdd(a0, b0, c00);
                c01 = TOps.MultiplyAdd(a0, b1, c01);
                TVector a1 = TOps.Broadcast(Unsafe.Add(ref aRow, 1));
                c10 = TOps.MultiplyAdd(a1, b0, c10);
                c11 = TOps.MultiplyAdd(a1, b1, c11);
                TVector a2 = TOps.Broadcast(Unsafe.Add(ref aRow, 2));
                c20 = TOps.MultiplyAdd(a2, b0, c20);
                c21 = TOps.MultiplyAdd(a2, b1, c21);
                TVector a3 = TOps.Broadcast(Unsafe.Add(ref aRow, 3));
                c30 = TOps.MultiplyAdd(a3, b0, c30);
                c31 = TOps.MultiplyAdd(a3, b1, c31);
                TVector a4 = TOps.Broadcast(Unsafe.Add(ref aRow, 4));
                c40 = TOps.MultiplyAdd(a4, b0, c40);
                c41 = TOps.MultiplyAdd(a4, b1, c41);
                TVector a5 = TOps.Broadcast(Unsafe.Add(ref aRow, 5));
                c50 = TOps.MultiplyAdd(a5, b0, c50);
                c51 = TOps.MultiplyAdd(a5, b1, c51);
                aRow = ref Unsafe.Add(ref aRow, MR);
                bRow = ref Unsafe.Add(ref bRow, 2 * w);
            }

            TOps.Store(tile, c00, c01, add);
            TOps.Store(tile + stride, c10, c11, add);
            TOps.Store(tile + (2 * stride), c20, c21, add);
            TOps.Store(tile + (3 * stride), c30, c31, add);
            TOps.Store(tile + (4 * stride), c40, c41, add);
            TOps.Store(tile + (5 * stride), c50, c51, add);
        }

        private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
    }
}

/// <summary>The vector operations the matmul's register kernel needs, for one vector width.</summary>
internal unsafe interface IVectorOps<TVector, T>
    where TVector : struct
    where T : unmanaged
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    /// <summary>The vector at <paramref name="source"/> + <paramref name="offset"/> elements.</summary>
    static abstract TVector Load(ref T source, int offset);

    /// <summary>A vector of <paramref name="value"/> in every lane.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary>a·b + c, with one rounding where the hardware has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>Writes two vectors to <paramref name="row"/>, or adds them to what is there.</summary>
    static abstract void Store(T* row, TVector left, TVector right, bool add);
}

/// <summary><see cref="IVectorOps{TVector, T}"/> on 256-bit vectors.</summary>
internal readonly unsafe struct Wide256<T> : IVectorOps<Vector256<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, int offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        // The branches on T fold away in each specialization.
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported)
        {
            if (typeof(T) == typeof(double))
            {
                return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            }

            if (typeof(T) == typeof(float))
            {
                return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            }
        }

        return (a * b) + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* row, Vector256<T> left, Vector256<T> right, bool add)
    {
        if (add)
        {
            left += Vector256.Load(row);
            right += Vector256.Load(row + Vector256<T>.Count);
        }

        left.Store(row);
        right.Store(row + Vector256<T>.Count);
    }
}

/// <summary><see cref="IVectorOps{TVector, T}"/> on 512-bit vectors (AVX-512 implies FMA).</summary>
internal readonly unsafe struct Wide512<T> : IVectorOps<Vector512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, int offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        return (a * b) + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* row, Vector512<T> left, Vector512<T> right, bool add)
    {
        if (add)
        {
            left += Vector512.Load(row);
            right += Vector512.Load(row + Vector512<T>.Count);
        }

        left.Store(row);
        right.Store(row + Vector512<T>.Count);
    }
}
