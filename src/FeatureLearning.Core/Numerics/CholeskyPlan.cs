namespace FeatureLearning.Core.Numerics;

/// <summary>
/// The native Cholesky's calls as one list of tasks, right-looking with panels of <see cref="Block"/> columns: factor
/// the panel's diagonal block (LAPACK), solve the rows below it in bands, subtract the panel's product from the trailing
/// triangle in row tiles (GEMM left of each tile's diagonal block, SYRK on it), then the next panel. The list order is
/// the sequential algorithm; each task waits for the earlier tasks that write what it reads or touch what it writes,
/// and for nothing else, so a core goes on into the next panel while the other finishes this one's last tiles. Each
/// entry receives the same writes in the same order whatever runs when, so the result is the same to the last bit
/// whatever the thread count. Everything depends on the size only.
/// Why right-looking with narrow panels (measured 2026-12-04, n = 10⁴, two cores): the recursive halving it replaces
/// put half the flops in triangular solves against wide triangles, where OpenBLAS's TRSM ran at 44–47 GFLOP/s a core;
/// here 96 % of the flops are GEMM/SYRK of depth 256 (52–54 GFLOP/s a core, thick tiles) and the solves against the
/// 256-wide diagonal blocks run on <see cref="TriangularSolveKernel"/>: 3.20–3.25 s against 3.48–3.57.
/// </summary>
internal sealed class CholeskyPlan
{
    internal enum StepKind { Leaf, PanelBand, UpdateTile }

    /// <summary>Panel width: the depth of every update and the order of every diagonal block left to LAPACK.</summary>
    internal const int Block = 256;

    /// <summary>
    /// One call. Leaf: LAPACK on the diagonal block [K0, K0 + First)². PanelBand: rows [Row0, Row1) of the panel,
    /// columns [K0, K0 + First), solved against the factored block at (K0, K0). UpdateTile: rows [Row0, Row1) of the
    /// trailing triangle from column K0 + First to the diagonal, minus the product of their panel rows with the panel's
    /// rows above them.
    /// </summary>
    internal readonly record struct Step(StepKind Kind, int K0, int First, int Row0, int Row1);

    internal readonly record struct Rectangle(int Row0, int Row1, int Column0, int Column1)
    {
        public bool Overlaps(Rectangle other) =>
            Row0 < other.Row1 && other.Row0 < Row1 && Column0 < other.Column1 && other.Column0 < Column1;

        public static readonly Rectangle None = new(0, 0, 0, 0);
    }

    public Step[] Steps { get; }

    /// <summary>For each step, the earlier steps it must wait for.</summary>
    public int[][] Dependencies { get; }

    private CholeskyPlan(Step[] steps, int[][] dependencies)
    {
        Steps = steps;
        Dependencies = dependencies;
    }

    /// <summary>
    /// Rows per panel band and per update tile, about n/16: thick enough that OpenBLAS's GEMM keeps its rate (the rows
    /// are the product's short side: at depth 5000, 250-row tiles ran at 47 GFLOP/s a core against 54 for 1000-row
    /// ones), thin enough that a panel has several tiles per core (n = 2500: 0.058–0.059 s with 256- or 384-row tiles,
    /// 0.068 with 640).
    /// </summary>
    internal static int TileRows(int n) => Math.Clamp((n / 16 + 32) / 64 * 64, 256, 640);

    /// <summary>The calls for a matrix of order <paramref name="n"/>.</summary>
    public static CholeskyPlan For(int n)
    {
        var steps = new List<Step>();
        int tileRows = TileRows(n);
        for (int k0 = 0; k0 < n; k0 += Block)
        {
            int first = Math.Min(Block, n - k0), start = k0 + first, rest = n - start;
            steps.Add(new Step(StepKind.Leaf, k0, first, k0, start));
            if (rest == 0) break;
            // The bands and the tiles share their rows: band b holds the panel rows that tile b reads last.
            int parts = Math.Max(1, (rest + tileRows / 2) / tileRows);
            var bounds = new int[parts + 1];
            for (int b = 0; b <= parts; b++) bounds[b] = start + (b == parts ? rest : (int)((long)rest * b / parts) / 8 * 8);
            for (int b = 0; b < parts; b++) steps.Add(new Step(StepKind.PanelBand, k0, first, bounds[b], bounds[b + 1]));
            for (int t = 0; t < parts; t++) steps.Add(new Step(StepKind.UpdateTile, k0, first, bounds[t], bounds[t + 1]));
        }
        return new CholeskyPlan(steps.ToArray(), FindDependencies(steps));
    }

    /// <summary>
    /// Pairwise: a task waits for every earlier one whose writes meet its reads or writes, or whose reads meet its writes,
    /// looking back to the previous panel's leaf only. Older conflicts are implied: everything a task of panel p touches
    /// lies in the trailing triangle of panel p−1, whose update tiles write every entry of it (below the diagonal, where
    /// all reads and changes are), after any older task touching it and before this one.
    /// (Looking back to the start, n = 6·10⁴ had 2.4·10⁷ dependencies and took 0.8 s to plan.)
    /// </summary>
    private static int[][] FindDependencies(List<Step> steps)
    {
        var writes = new Rectangle[steps.Count];
        var reads = new Rectangle[steps.Count];
        for (int s = 0; s < steps.Count; s++) (writes[s], reads[s]) = Footprint(steps[s]);
        var dependencies = new int[steps.Count][];
        var found = new List<int>();
        int previousLeaf = 0, currentLeaf = 0;
        for (int s = 0; s < steps.Count; s++)
        {
            if (steps[s].Kind == StepKind.Leaf) (previousLeaf, currentLeaf) = (currentLeaf, s);
            found.Clear();
            for (int e = previousLeaf; e < s; e++)
                if (writes[s].Overlaps(writes[e]) || writes[s].Overlaps(reads[e]) || reads[s].Overlaps(writes[e]))
                    found.Add(e);
            dependencies[s] = found.ToArray();
        }
        return dependencies;
    }

    /// <summary>The block a step writes and the block it reads besides (bounding rectangles: a wait too many, never one too few).</summary>
    internal static (Rectangle Write, Rectangle Read) Footprint(Step s)
    {
        int end = s.K0 + s.First;
        return s.Kind switch
        {
            StepKind.Leaf => (new Rectangle(s.K0, end, s.K0, end), Rectangle.None),
            StepKind.PanelBand => (new Rectangle(s.Row0, s.Row1, s.K0, end), new Rectangle(s.K0, end, s.K0, end)),
            _ => (new Rectangle(s.Row0, s.Row1, end, s.Row1), new Rectangle(end, s.Row1, s.K0, end)),
        };
    }
}
