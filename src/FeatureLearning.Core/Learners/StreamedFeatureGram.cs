using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Learners;

/// <summary>
/// The primal normal equations of a random-features readout, ΦᵀΦ (lower triangle) and Φᵀy over the first rows of a
/// dataset, with Φ computed chunk by chunk and never held whole. With OpenBLAS the chunks run as one pipeline of tasks
/// (<see cref="OrderedTasks"/>): per chunk, its feature tiles, then its ΦᵀΦ row tiles and its Φᵀy, the features of the
/// next chunk going into a second buffer while the current one is summed. A core that finishes its share of a step
/// early starts on the next one instead of waiting at a barrier, which two barriers a chunk cost before (CPU/wall 1.83
/// at P = 2000, n = 2·10⁴). Each task is one tile of the tiling a chunk-by-chunk loop of parallel steps uses, by the same
/// call, and each ΦᵀΦ tile and Φᵀy takes the chunks in order: the sums are the same bits whatever the thread count.
/// </summary>
internal static unsafe class StreamedFeatureGram
{
    /// <summary>
    /// Test seam: called before each pipelined task with its kind ("features", "gram" or "rhs"). An AsyncLocal, so it is
    /// seen by the tasks of the flow that set it only (tests delay one kind to check that the others wait for it).
    /// </summary>
    internal static readonly AsyncLocal<Action<string>?> BeforeTask = new();

    /// <summary>Adds ΦᵀΦ to the lower triangle of <paramref name="gram"/> (P×P) and Φᵀy to <paramref name="rhs"/>.</summary>
    public static void Accumulate(Dataset data, int count, double[] projection, int p, Activation g, int chunk,
        double[] gram, double[] rhs, FitContext ctx)
    {
        int d = data.Dimension;
        if (!DenseBackend.UseNative || d == 0)
        {
            AccumulateSequentially(data, count, projection, p, g, chunk, gram, rhs, ctx);
            return;
        }
        int chunks = (count + chunk - 1) / chunk;
        var plan = new Plan(count, chunk, p);
        var buffers = new double[Math.Min(chunks, 2)][];
        for (int i = 0; i < buffers.Length; i++) buffers[i] = new double[(long)Math.Min(chunk, count) * p];
        var map = new FeatureEntryMap(g, 1.0 / Math.Sqrt(d), 1.0 / Math.Sqrt(p)); // the features of FeatureMap, bit for bit
        fixed (double* px = data.X, pw = projection, pg = gram)
        fixed (double* buffer0 = buffers[0], buffer1 = buffers.Length > 1 ? buffers[1] : buffers[0])
        {
            using var packed = DenseMath.PackForProducts(pw, p, d, ctx.Cancellation); // the feature tiles' kernel, as in FeatureMap
            var (X, W, G, B0, B1) = ((IntPtr)px, (IntPtr)pw, (IntPtr)pg, (IntPtr)buffer0, (IntPtr)buffer1);
            var beforeTask = BeforeTask.Value;
            OrderedTasks.Run(plan.TaskCount, (task, tasks) =>
            {
                var (c, kind, index) = plan.Locate(task);
                beforeTask?.Invoke(kind.ToString().ToLowerInvariant());
                int start = c * chunk, m = Math.Min(chunk, count - start);
                double* phi = (double*)(c % 2 == 0 ? B0 : B1);
                if (kind == TaskKind.Features)
                {
                    // The buffer is free once the chunk that used it two chunks back is summed.
                    if (c >= 2) tasks.WaitForRange(plan.SumsOf(c - 2), plan.FirstOf(c - 1));
                    int colTiles = plan.ColumnTiles;
                    int i0 = index / colTiles * DenseMath.TileRows, i1 = Math.Min(m, i0 + DenseMath.TileRows);
                    int j0 = index % colTiles * DenseMath.TileColumns, j1 = Math.Min(p, j0 + DenseMath.TileColumns);
                    double* rows = (double*)X + (long)(start + i0) * d, tile = phi + (long)i0 * p + j0;
                    DenseMath.ProductTile(rows, (double*)W, j0, d, tile, p, i1 - i0, j1 - j0, native: true, packed, i0, map);
                    return;
                }
                tasks.WaitForRange(plan.FirstOf(c), plan.SumsOf(c)); // every feature tile of this chunk
                if (c >= 1) tasks.WaitFor(plan.SumsOf(c - 1) + (task - plan.SumsOf(c))); // the same sum of the previous chunk: fixed order
                if (kind == TaskKind.Gram)
                    DenseMath.AccumulateTransposeGramLowerRows(phi, m, p, (double*)G, plan.GramRows[index], plan.GramRows[index + 1]);
                else
                    for (int i = 0; i < m; i++)
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(phi + (long)i * p, p), data.Y[start + i], rhs, rhs);
            }, ctx.Cancellation, done =>
            {
                long rows = (long)count * done / plan.TaskCount;
                ctx.Report(0.2 + 0.7 * done / plan.TaskCount, $"features {rows} of {count}");
            });
        }
    }

    /// <summary>Without OpenBLAS: one chunk after another, each step a parallel loop of managed tiles.</summary>
    private static void AccumulateSequentially(Dataset data, int count, double[] projection, int p, Activation g, int chunk,
        double[] gram, double[] rhs, FitContext ctx)
    {
        int d = data.Dimension;
        var phi = new double[(long)Math.Min(chunk, count) * p];
        var xs = new double[(long)Math.Min(chunk, count) * d];
        for (int start = 0; start < count; start += chunk)
        {
            ctx.ThrowIfCancelled();
            int m = Math.Min(chunk, count - start);
            Array.Copy(data.X, (long)start * d, xs, 0, (long)m * d);
            RandomFeaturesLearner.FeatureMap(xs, m, d, projection, p, g, phi, ctx.Cancellation);
            DenseMath.AccumulateTransposeGramLower(phi, m, p, gram, ctx.Cancellation);
            for (int i = 0; i < m; i++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(phi.AsSpan(i * p, p), data.Y[start + i], rhs, rhs);
            ctx.Report(0.2 + 0.7 * (start + m) / count, $"features {start + m} of {count}");
        }
    }

    private enum TaskKind { Features, Gram, Rhs }

    /// <summary>
    /// The task list: for each chunk its feature tiles (row tile × column tile), then its ΦᵀΦ row tiles
    /// (<see cref="DenseMath.TriangleTiles"/>), then its Φᵀy. Depends on the sizes only.
    /// </summary>
    private sealed class Plan
    {
        private readonly int[] _first; // first task of each chunk, and the total at the end
        private readonly int[] _featureTiles;

        public Plan(int count, int chunk, int p)
        {
            int chunks = (count + chunk - 1) / chunk;
            ColumnTiles = (p + DenseMath.TileColumns - 1) / DenseMath.TileColumns;
            GramRows = DenseMath.TriangleTiles(p, GramTilesPerChunk);
            _first = new int[chunks + 1];
            _featureTiles = new int[chunks];
            for (int c = 0; c < chunks; c++)
            {
                int m = Math.Min(chunk, count - c * chunk);
                _featureTiles[c] = (m + DenseMath.TileRows - 1) / DenseMath.TileRows * ColumnTiles;
                _first[c + 1] = _first[c] + _featureTiles[c] + GramRows.Length - 1 + 1;
            }
        }

        /// <summary>
        /// ΦᵀΦ row tiles per chunk: each is one OpenBLAS call that packs its own operands, so the columns left of a tile
        /// are packed again by every tile below it. Four equal-area tiles instead of eight (the Cholesky's tiling) pack
        /// about half as much: 3–5 % less time at P = 2000, n = 2·10⁴ (7 interleaved pairs, 6 won), ΦᵀΦ unchanged to
        /// the bit. The next chunk's feature tiles keep the other cores busy.
        /// </summary>
        private const int GramTilesPerChunk = 4;

        public int ColumnTiles { get; }

        public int[] GramRows { get; }

        public int TaskCount => _first[^1];

        public int FirstOf(int c) => _first[c];

        /// <summary>The first task after chunk c's feature tiles: its first ΦᵀΦ tile.</summary>
        public int SumsOf(int c) => _first[c] + _featureTiles[c];

        public (int Chunk, TaskKind Kind, int Index) Locate(int task)
        {
            int c = Array.BinarySearch(_first, task);
            if (c < 0) c = ~c - 1; // the chunk whose first task is the last one ≤ task (no chunk is empty)
            int local = task - _first[c];
            if (local < _featureTiles[c]) return (c, TaskKind.Features, local);
            local -= _featureTiles[c];
            return local < GramRows.Length - 1 ? (c, TaskKind.Gram, local) : (c, TaskKind.Rhs, 0);
        }
    }
}
