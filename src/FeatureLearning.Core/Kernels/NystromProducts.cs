using System.Numerics.Tensors;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Kernels;

/// <summary>
/// Products with K_nM, the kernel between the n training points and the M centres, in blocks of rows: never the
/// n×n matrix, and the n×M one only when it fits (<see cref="Stored"/>; otherwise each product recomputes the blocks).
/// Each block's contribution is summed in block order, so results do not depend on the thread count.
/// </summary>
internal sealed class NystromProducts
{
    private const int BlockRows = 1024;

    private readonly Dataset _train;
    private readonly double[] _sq, _centres, _centreSq;
    private readonly KernelSpec _kernel;
    private readonly int _n, _m, _d, _blocks;
    private readonly double[]?[] _stored;
    private readonly double[] _partials;

    public NystromProducts(Dataset train, double[] sq, KernelSpec kernel, double[] centres, double[] centreSq, int m, bool store, CancellationToken cancel)
    {
        _train = train; _sq = sq; _kernel = kernel; _centres = centres; _centreSq = centreSq;
        _n = train.Count; _m = m; _d = train.Dimension;
        _blocks = (_n + BlockRows - 1) / BlockRows;
        _stored = new double[]?[_blocks];
        _partials = new double[(long)_blocks * m];
        Stored = store;
        if (store)
            Parallel.For(0, _blocks, BlockOptions(cancel), b =>
            {
                var block = new double[(long)Rows(b) * _m];
                Compute(b, block, new double[(long)BlockRows * _d], cancel);
                _stored[b] = block;
            });
    }

    /// <summary>True when the n×M matrix is kept in memory.</summary>
    public bool Stored { get; }

    /// <summary>Bytes of the n×M matrix.</summary>
    public static long StoredBytes(int n, int m) => 8L * n * m;

    /// <summary>result = K_nMᵀ (K_nM u + v) (M entries); v (n entries) may be null for zero.</summary>
    public void Apply(ReadOnlySpan<double> u, double[]? v, Span<double> result, CancellationToken cancel)
    {
        var uCopy = u.ToArray();
        ForEachBlock(cancel, (b, first, rows, block) =>
        {
            var partial = _partials.AsSpan(b * _m, _m);
            partial.Clear();
            // One pass over the block: each row's product with u, then that row scaled into the partial sum.
            for (int r = 0; r < rows; r++)
            {
                var row = block.AsSpan(r * _m, _m);
                double t = TensorPrimitives.Dot(row, uCopy) + (v?[first + r] ?? 0.0);
                if (t != 0) TensorPrimitives.MultiplyAdd(row, t, partial, partial);
            }
        });
        result.Clear();
        for (int b = 0; b < _blocks; b++) TensorPrimitives.Add(result, _partials.AsSpan(b * _m, _m), result);
    }

    /// <summary>outputs[k] = K_nM coefficients[k] (n entries each) for every k: the training predictions of several
    /// models on the same centres, one pass over K_nM.</summary>
    public void Multiply(IReadOnlyList<double[]> coefficients, IReadOnlyList<double[]> outputs, CancellationToken cancel) =>
        ForEachBlock(cancel, (_, first, rows, block) =>
        {
            for (int r = 0; r < rows; r++)
            {
                var row = block.AsSpan(r * _m, _m);
                for (int k = 0; k < coefficients.Count; k++) outputs[k][first + r] = TensorPrimitives.Dot(row, coefficients[k]);
            }
        });

    /// <summary>Runs <paramref name="body"/>(block, first row, rows, the block's kernel rows) on every block of K_nM, in
    /// parallel, with the stored block or one recomputed into the thread's buffers.</summary>
    private void ForEachBlock(CancellationToken cancel, Action<int, int, int, double[]> body) =>
        Parallel.For(0, _blocks, BlockOptions(cancel),
            () => Stored ? (Kernel: Array.Empty<double>(), X: Array.Empty<double>()) : (Kernel: new double[(long)BlockRows * _m], X: new double[(long)BlockRows * _d]),
            (b, _, buffers) =>
            {
                var block = _stored[b];
                if (block is null) { Compute(b, buffers.Kernel, buffers.X, cancel); block = buffers.Kernel; }
                body(b, b * BlockRows, Rows(b), block);
                return buffers;
            }, _ => { });

    private int Rows(int b) => Math.Min(BlockRows, _n - b * BlockRows);

    /// <summary>
    /// One block per core at a time, at most. Unbounded, Parallel.For keeps starting replicas while the thread pool
    /// injects threads (it does when the cores are busy with other processes), and each replica of the streamed
    /// product allocates its own M×1024 buffer: a loaded machine saw 8.8 GB resident at n = 10⁶, M = 2000.
    /// </summary>
    private static ParallelOptions BlockOptions(CancellationToken cancel) => new()
    {
        CancellationToken = cancel,
        MaxDegreeOfParallelism = Parallelism.MaxDegree > 0 ? Math.Min(Parallelism.MaxDegree, Environment.ProcessorCount) : Environment.ProcessorCount,
    };

    private void Compute(int b, double[] block, double[] xs, CancellationToken cancel)
    {
        int rows = Rows(b), first = b * BlockRows;
        Array.Copy(_train.X, (long)first * _d, xs, 0, (long)rows * _d);
        var sq = _sq.AsSpan(first, rows).ToArray();
        // The blocks are the parallel loop: the tiles of one block run on its thread (results do not depend on it).
        using (Parallelism.Limit(1))
            _kernel.Matrix(xs, sq, rows, _centres, _centreSq, _m, _d, block, cancel);
    }
}
