namespace FeatureLearning.Core.Numerics;

/// <summary>
/// The native Cholesky's calls as one list of tasks in the recursion's order: factor the leading half, solve the panel
/// below it in row bands, update the trailing half in equal-area row tiles, factor the trailing half; LAPACK on the
/// leaves. Each task waits for the earlier tasks that write what it reads or touch what it writes, and for nothing
/// else. Run step after step, a core that finished its share of a step waited for the other's last tile (at n = 2500
/// the CPU time was 1.8 times the wall time); here it goes on with the next step's tasks whose rows are ready (the
/// leaf and the small steps at the top of the trailing half). The calls, and the order of the writes to every entry,
/// are those of the recursion run step by step, so the result is the same to the last bit, whatever the thread count.
/// Everything depends on the size only.
/// </summary>
internal sealed class CholeskyPlan
{
    internal enum StepKind { Leaf, PanelBand, UpdateTile }

    /// <summary>Largest diagonal block left to LAPACK.</summary>
    internal const int Leaf = 256;
    // Row bands of a step's panel solve. Each band's TRSM re-packs all of L11: with up to 32 bands that copying took ~8 %
    // of the factorisation (n = 10⁴: 3.71–3.99 s against 3.58–3.66 s with 2 or 4 bands); 4 still let two cores share the
    // solve and the updates start after the first bands.
    private const int MaxBands = 4;
    // A band per 128 rows of the trailing half, up to 4: the small steps get both cores on their panel solve too (a band
    // per 256 rows left one below 512 rows; in-process medians, 2026-12-04: n = 1250 0.0130 s against 0.0146,
    // n = 2500 0.0714 against 0.0753).
    private const int BandRows = 128;

    /// <summary>
    /// One call. Leaf: LAPACK on the diagonal block [K0, K0 + First)². PanelBand: rows [Row0, Row1) of the panel,
    /// columns [K0, K0 + First), solved against the factored block at (K0, K0). UpdateTile: rows [Row0, Row1) of the
    /// trailing half from column K0 + First to the diagonal, minus the product of their panel rows with the panel's rows
    /// above them.
    /// </summary>
    internal readonly record struct Step(StepKind Kind, int K0, int First, int Row0, int Row1);

    private readonly record struct Block(int Row0, int Row1, int Column0, int Column1)
    {
        public bool Overlaps(Block other) =>
            Row0 < other.Row1 && other.Row0 < Row1 && Column0 < other.Column1 && other.Column0 < Column1;

        public static readonly Block None = new(0, 0, 0, 0);
    }

    public Step[] Steps { get; }

    /// <summary>For each step, the earlier steps it must wait for.</summary>
    public int[][] Dependencies { get; }

    private CholeskyPlan(Step[] steps, int[][] dependencies)
    {
        Steps = steps;
        Dependencies = dependencies;
    }

    /// <summary>The calls for a matrix of order <paramref name="n"/>; the update tiles are <see cref="DenseMath.TriangleTiles"/>.</summary>
    public static CholeskyPlan For(int n)
    {
        var steps = new List<Step>();
        Add(steps, 0, n);
        var writes = new Block[steps.Count];
        var reads = new Block[steps.Count];
        for (int s = 0; s < steps.Count; s++) (writes[s], reads[s]) = Footprint(steps[s]);
        var dependencies = new int[steps.Count][];
        var found = new List<int>();
        for (int s = 0; s < steps.Count; s++)
        {
            found.Clear();
            for (int e = 0; e < s; e++)
                if (writes[s].Overlaps(writes[e]) || writes[s].Overlaps(reads[e]) || reads[s].Overlaps(writes[e]))
                    found.Add(e);
            dependencies[s] = found.ToArray();
        }
        return new CholeskyPlan(steps.ToArray(), dependencies);
    }

    /// <summary>First row (relative) of band <paramref name="b"/> when <paramref name="rows"/> rows are cut into <paramref name="bands"/> bands.</summary>
    private static int BandStart(int rows, int bands, int b) => (int)((long)rows * b / bands);

    /// <summary>Size of the leading half of a block: about half, a multiple of 64 (aligned tiles).</summary>
    internal static int Split(int size) => Math.Clamp((size / 2 + 32) / 64 * 64, 64, size - 1);

    private static void Add(List<Step> steps, int k0, int size)
    {
        if (size <= Leaf)
        {
            steps.Add(new Step(StepKind.Leaf, k0, size, k0, k0 + size));
            return;
        }
        int first = Split(size), second = size - first, start = k0 + first;
        Add(steps, k0, first);
        int bands = Math.Clamp(second / BandRows, 1, MaxBands);
        for (int b = 0; b < bands; b++)
            steps.Add(new Step(StepKind.PanelBand, k0, first, start + BandStart(second, bands, b), start + BandStart(second, bands, b + 1)));
        var bounds = DenseMath.TriangleTiles(second);
        for (int t = 0; t + 1 < bounds.Length; t++)
            steps.Add(new Step(StepKind.UpdateTile, k0, first, start + bounds[t], start + bounds[t + 1]));
        Add(steps, start, second);
    }

    /// <summary>The block a step writes and the block it reads besides (bounding rectangles: a wait too many, never one too few).</summary>
    private static (Block Write, Block Read) Footprint(Step s)
    {
        int end = s.K0 + s.First;
        return s.Kind switch
        {
            StepKind.Leaf => (new Block(s.K0, end, s.K0, end), Block.None),
            StepKind.PanelBand => (new Block(s.Row0, s.Row1, s.K0, end), new Block(s.K0, end, s.K0, end)),
            _ => (new Block(s.Row0, s.Row1, end, s.Row1), new Block(end, s.Row1, s.K0, end)),
        };
    }
}
