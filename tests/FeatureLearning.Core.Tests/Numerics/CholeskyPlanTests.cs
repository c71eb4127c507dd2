using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

/// <summary>
/// The native Cholesky's task list (right-looking, 256-wide panels): its leaves cover the diagonal, each panel's bands
/// and tiles cover the rows below it, every task waits only for earlier ones, and any order its dependencies allow
/// gives the factor that the in-order run gives, to the last bit (a missing dependency would let a task read a block
/// before its last update, or overwrite one a task still reads).
/// </summary>
public class CholeskyPlanTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(1100)]
    [InlineData(10_000)]
    public void Leaves_cover_the_diagonal_in_order_and_tasks_wait_only_for_earlier_ones(int n)
    {
        var plan = CholeskyPlan.For(n);
        int next = 0;
        foreach (var step in plan.Steps.Where(s => s.Kind == CholeskyPlan.StepKind.Leaf))
        {
            Assert.Equal(next, step.K0);
            Assert.InRange(step.First, 1, CholeskyPlan.Block);
            next += step.First;
        }
        Assert.Equal(n, next);
        for (int t = 0; t < plan.Steps.Length; t++)
            Assert.All(plan.Dependencies[t], d => Assert.InRange(d, 0, t - 1));
        // Each panel's bands and tiles cover the rows below its diagonal block once, and each band waits for its leaf.
        foreach (var group in plan.Steps.Select((s, i) => (s, i)).Where(x => x.s.Kind != CholeskyPlan.StepKind.Leaf).GroupBy(x => (x.s.K0, x.s.Kind)))
        {
            var rows = group.Select(x => x.s).OrderBy(s => s.Row0).ToList();
            int start = group.Key.K0 + rows[0].First;
            Assert.Equal(start, rows[0].Row0);
            for (int r = 1; r < rows.Count; r++) Assert.Equal(rows[r - 1].Row1, rows[r].Row0);
            Assert.Equal(n, rows[^1].Row1);
            if (group.Key.Kind == CholeskyPlan.StepKind.PanelBand)
            {
                int leaf = Array.FindIndex(plan.Steps, s => s.Kind == CholeskyPlan.StepKind.Leaf && s.K0 == group.Key.K0);
                Assert.All(group, x => Assert.Contains(leaf, plan.Dependencies[x.i]));
            }
        }
    }

    /// <summary>
    /// The plan looks back one panel only; every conflicting pair (one writes what the other touches), checked over the
    /// whole list, must still be ordered through a chain of dependencies.
    /// </summary>
    [Theory]
    [InlineData(700)]
    [InlineData(2000)]
    public void Every_conflicting_pair_is_ordered_through_the_dependencies(int n)
    {
        var plan = CholeskyPlan.For(n);
        int count = plan.Steps.Length;
        var footprints = plan.Steps.Select(CholeskyPlan.Footprint).ToArray();
        var reaches = new System.Collections.BitArray[count]; // reaches[s][e]: s waits for e, directly or not
        for (int s = 0; s < count; s++)
        {
            reaches[s] = new System.Collections.BitArray(count);
            foreach (int d in plan.Dependencies[s]) { reaches[s].Set(d, true); reaches[s].Or(reaches[d]); }
        }
        for (int s = 0; s < count; s++)
            for (int e = 0; e < s; e++)
            {
                var (ws, rs) = footprints[s];
                var (we, re) = footprints[e];
                if (ws.Overlaps(we) || ws.Overlaps(re) || rs.Overlaps(we))
                    Assert.True(reaches[s][e], $"task {s} ({plan.Steps[s]}) does not wait for task {e} ({plan.Steps[e]})");
            }
    }

    [Theory]
    [InlineData(1100, 1)]
    [InlineData(1100, 2)]
    [InlineData(700, 3)]
    public unsafe void Any_order_the_dependencies_allow_gives_the_same_bits(int n, long seed)
    {
        if (!DenseBackend.NativeAvailable) return; // the plan runs on OpenBLAS only (DenseBackendTests demand it in CI)
        using var backend = DenseBackend.Use(DenseBackendKind.Auto);
        var x = new double[n * 8];
        new Rng(seed).FillGaussian(x);
        var a = new double[n * n];
        DenseMath.Gram(x, n, 8, a);
        for (int i = 0; i < n; i++) a[i * n + i] += 1.0;
        var inOrder = (double[])a.Clone();
        using (Parallelism.Limit(1)) DenseMath.Cholesky(inOrder, n);

        var plan = CholeskyPlan.For(n);
        var rng = new Rng(100 + seed);
        for (int trial = 0; trial < 3; trial++)
        {
            var l = (double[])a.Clone();
            var done = new bool[plan.Steps.Length];
            var ready = new List<int>();
            int finished = 0;
            fixed (double* p = l)
                while (finished < plan.Steps.Length)
                {
                    ready.Clear();
                    for (int t = 0; t < plan.Steps.Length; t++)
                        if (!done[t] && plan.Dependencies[t].All(d => done[d])) ready.Add(t);
                    int pick = ready[rng.NextInt(ready.Count)];
                    DenseMath.RunCholeskyStep(p, n, plan.Steps[pick], TriangularSolveKernel.IsSupported);
                    done[pick] = true;
                    finished++;
                }
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                    if (BitConverter.DoubleToInt64Bits(l[i * n + j]) != BitConverter.DoubleToInt64Bits(inOrder[i * n + j]))
                        Assert.Fail($"trial {trial}: entry ({i}, {j}) is {l[i * n + j]:R}, in order {inOrder[i * n + j]:R}");
        }
    }
}
