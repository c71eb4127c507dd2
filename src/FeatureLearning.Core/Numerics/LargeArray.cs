namespace FeatureLearning.Core.Numerics;

/// <summary>Allocation of the arrays that can reach gigabytes: kernel matrices and drawn datasets.</summary>
public static class LargeArray
{
    private const long CollectFromBytes = 1L << 30;

    /// <summary>
    /// A zeroed array of <paramref name="length"/> doubles. From a gigabyte up, a full blocking collection runs first:
    /// the GC's budget for large objects grows with use, so a script that fits dense kernels at the memory limit in a
    /// loop otherwise holds the dead kernels of earlier fits until the operating system kills the process (seen with
    /// three 8.6 GB kernels on a 24 GB machine). A collection costs milliseconds; what follows costs seconds or more.
    /// </summary>
    public static double[] Doubles(long length)
    {
        CollectBefore(length);
        return new double[length];
    }

    /// <summary>
    /// <see cref="Doubles"/> without the zeroing, for a matrix whose every entry that is read is written first (the
    /// lower triangle of a kernel). Zeroing a reused gigabyte region is one uninterruptible memset: 1.8 s for the 1.8 GB
    /// kernel of n = 15 000 here, which is what Ctrl+C waited for; untouched pages are now filled by the (cancellable)
    /// kernel tiles instead.
    /// </summary>
    public static double[] Uninitialized(long length)
    {
        CollectBefore(length);
        return GC.AllocateUninitializedArray<double>(checked((int)length));
    }

    private static void CollectBefore(long length)
    {
        if (8 * length >= CollectFromBytes)
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
    }
}
