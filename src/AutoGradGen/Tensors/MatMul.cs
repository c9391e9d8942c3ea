using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

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
                for (int jc = 0; jc < n; jc += NC)
                {
                    int nc = Math.Min(NC, n - jc);
                    for (int pc = 0; pc < k; pc += KC)
                    {
                        int kc = Math.Min(KC, k - pc);
                        PackB(bPack, pc, kc, jc, nc);
                        bool add = accumulate || pc > 0;
                        int blocks = (m + MC - 1) / MC;
                        if ((long)m * nc * kc >= ParallelThreshold && blocks > 1 && Environment.ProcessorCount > 1)
                        {
                            RowBlocksInParallel(bPack, blocks, pc, kc, jc, nc, add);
                        }
                        else
                        {
                            for (int block = 0; block < blocks; block++)
                            {
                                RowBlock(bPack, block * MC, pc, kc, jc, nc, add);
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

        // A method of its own: the lambda's closure is then allocated only when the product runs in parallel.
        private void RowBlocksInParallel(T[] bPack, int blocks, int pc, int kc, int jc, int nc, bool add)
        {
            Product<T> self = this;
            Parallel.For(0, blocks, block => self.RowBlock(bPack, block * MC, pc, kc, jc, nc, add));
        }

        /// <summary>op(B)[pc.., jc..] as slivers of NR columns, each kc × NR row-major, zero-padded.</summary>
        private void PackB(T[] pack, int pc, int kc, int jc, int nc)
        {
            int offset = 0;
            for (int j0 = 0; j0 < nc; j0 += nr)
            {
                int width = Math.Min(nr, nc - j0);
                for (int p = 0; p < kc; p++)
                {
                    int row = offset + (p * nr);
                    if ((transpose & Transpose.B) == 0 && width == nr)
                    {
                        new ReadOnlySpan<T>(b + ((long)(pc + p) * n) + jc + j0, nr).CopyTo(pack.AsSpan(row, nr));
                        continue;
                    }

                    for (int j = 0; j < width; j++)
                    {
                        pack[row + j] = B(pc + p, jc + j0 + j);
                    }

                    pack.AsSpan(row + width, nr - width).Clear();
                }

                offset += kc * nr;
            }
        }

        /// <summary>Rows ic..ic+MC of C (this k-panel and column block): pack op(A), run the register kernel on every tile.</summary>
        private void RowBlock(T[] bPack, int ic, int pc, int kc, int jc, int nc, bool add)
        {
            int mc = Math.Min(MC, m - ic);
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
                Kernel512(ref aSliver, ref bSliver, kc, tile, stride, add);
            }
            else
            {
                Kernel(ref aSliver, ref bSliver, kc, tile, stride, add);
            }
        }

        /// <summary>The MR × NR tile at <paramref name="tile"/> (row stride <paramref name="stride"/>) = or += the packed slivers' product.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Kernel(ref T aSliver, ref T bSliver, int kc, T* tile, int stride, bool add)
        {
            int w = Vector256<T>.Count;
            Vector256<T> c00 = Vector256<T>.Zero, c01 = Vector256<T>.Zero, c10 = Vector256<T>.Zero, c11 = Vector256<T>.Zero;
            Vector256<T> c20 = Vector256<T>.Zero, c21 = Vector256<T>.Zero, c30 = Vector256<T>.Zero, c31 = Vector256<T>.Zero;
            Vector256<T> c40 = Vector256<T>.Zero, c41 = Vector256<T>.Zero, c50 = Vector256<T>.Zero, c51 = Vector256<T>.Zero;
            ref T aRow = ref aSliver;
            ref T bRow = ref bSliver;
            for (int p = 0; p < kc; p++)
            {
                Vector256<T> b0 = Vector256.LoadUnsafe(ref bRow);
                Vector256<T> b1 = Vector256.LoadUnsafe(ref bRow, (nuint)w);
                Vector256<T> a0 = Vector256.Create(aRow);
                c00 = Fma(a0, b0, c00);
                c01 = Fma(a0, b1, c01);
                Vector256<T> a1 = Vector256.Create(Unsafe.Add(ref aRow, 1));
                c10 = Fma(a1, b0, c10);
                c11 = Fma(a1, b1, c11);
                Vector256<T> a2 = Vector256.Create(Unsafe.Add(ref aRow, 2));
                c20 = Fma(a2, b0, c20);
                c21 = Fma(a2, b1, c21);
                Vector256<T> a3 = Vector256.Create(Unsafe.Add(ref aRow, 3));
                c30 = Fma(a3, b0, c30);
                c31 = Fma(a3, b1, c31);
                Vector256<T> a4 = Vector256.Create(Unsafe.Add(ref aRow, 4));
                c40 = Fma(a4, b0, c40);
                c41 = Fma(a4, b1, c41);
                Vector256<T> a5 = Vector256.Create(Unsafe.Add(ref aRow, 5));
                c50 = Fma(a5, b0, c50);
                c51 = Fma(a5, b1, c51);
                aRow = ref Unsafe.Add(ref aRow, MR);
                bRow = ref Unsafe.Add(ref bRow, 2 * w);
            }

            Store(tile, c00, c01, add, w);
            Store(tile + stride, c10, c11, add, w);
            Store(tile + (2 * stride), c20, c21, add, w);
            Store(tile + (3 * stride), c30, c31, add, w);
            Store(tile + (4 * stride), c40, c41, add, w);
            Store(tile + (5 * stride), c50, c51, add, w);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store(T* row, Vector256<T> left, Vector256<T> right, bool add, int w)
        {
            if (add)
            {
                left += Vector256.Load(row);
                right += Vector256.Load(row + w);
            }

            left.Store(row);
            right.Store(row + w);
        }

        /// <summary><see cref="Kernel"/> on 512-bit vectors (AVX-512): the same 6 × 2-vector tile, twice as wide.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Kernel512(ref T aSliver, ref T bSliver, int kc, T* tile, int stride, bool add)
        {
            int w = Vector512<T>.Count;
            Vector512<T> c00 = Vector512<T>.Zero, c01 = Vector512<T>.Zero, c10 = Vector512<T>.Zero, c11 = Vector512<T>.Zero;
            Vector512<T> c20 = Vector512<T>.Zero, c21 = Vector512<T>.Zero, c30 = Vector512<T>.Zero, c31 = Vector512<T>.Zero;
            Vector512<T> c40 = Vector512<T>.Zero, c41 = Vector512<T>.Zero, c50 = Vector512<T>.Zero, c51 = Vector512<T>.Zero;
            ref T aRow = ref aSliver;
            ref T bRow = ref bSliver;
            for (int p = 0; p < kc; p++)
            {
                Vector512<T> b0 = Vector512.LoadUnsafe(ref bRow);
                Vector512<T> b1 = Vector512.LoadUnsafe(ref bRow, (nuint)w);
                Vector512<T> a0 = Vector512.Create(aRow);
                c00 = Fma(a0, b0, c00);
                c01 = Fma(a0, b1, c01);
                Vector512<T> a1 = Vector512.Create(Unsafe.Add(ref aRow, 1));
                c10 = Fma(a1, b0, c10);
                c11 = Fma(a1, b1, c11);
                Vector512<T> a2 = Vector512.Create(Unsafe.Add(ref aRow, 2));
                c20 = Fma(a2, b0, c20);
                c21 = Fma(a2, b1, c21);
                Vector512<T> a3 = Vector512.Create(Unsafe.Add(ref aRow, 3));
                c30 = Fma(a3, b0, c30);
                c31 = Fma(a3, b1, c31);
                Vector512<T> a4 = Vector512.Create(Unsafe.Add(ref aRow, 4));
                c40 = Fma(a4, b0, c40);
                c41 = Fma(a4, b1, c41);
                Vector512<T> a5 = Vector512.Create(Unsafe.Add(ref aRow, 5));
                c50 = Fma(a5, b0, c50);
                c51 = Fma(a5, b1, c51);
                aRow = ref Unsafe.Add(ref aRow, MR);
                bRow = ref Unsafe.Add(ref bRow, 2 * w);
            }

            Store(tile, c00, c01, add, w);
            Store(tile + stride, c10, c11, add, w);
            Store(tile + (2 * stride), c20, c21, add, w);
            Store(tile + (3 * stride), c30, c31, add, w);
            Store(tile + (4 * stride), c40, c41, add, w);
            Store(tile + (5 * stride), c50, c51, add, w);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store(T* row, Vector512<T> left, Vector512<T> right, bool add, int w)
        {
            if (add)
            {
                left += Vector512.Load(row);
                right += Vector512.Load(row + w);
            }

            left.Store(row);
            right.Store(row + w);
        }

        /// <summary>a·b + c with one rounding (the branch on T folds away; AVX-512 implies FMA).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c)
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

        /// <summary>a·b + c with one rounding where the hardware has FMA (the branch on T folds away).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c)
        {
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

        private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
    }
}
