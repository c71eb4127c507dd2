namespace FeatureLearning.Core.Tests;

/// <summary>
/// The task runners' shared check: task i computes i + value[i−1] + value[i−3] from its two dependencies, so the sums
/// come out right only if no task read a dependency before it finished, and each task must have run exactly once.
/// </summary>
internal static class LaggedSums
{
    public static void AssertComputed(long[] value, int[] runs)
    {
        var expected = new long[value.Length];
        for (int i = 0; i < expected.Length; i++)
            expected[i] = i + (i >= 1 ? expected[i - 1] : 0) + (i >= 3 ? expected[i - 3] : 0);
        Assert.Equal(expected, value);
        Assert.All(runs, r => Assert.Equal(1, r));
    }
}
