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
        if (8 * length >= CollectFromBytes)
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        return new double[length];
    }
}
