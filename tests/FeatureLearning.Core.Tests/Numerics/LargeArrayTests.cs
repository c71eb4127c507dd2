using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Tests;

public class LargeArrayTests
{
    [Fact]
    public void A_gigabyte_array_is_allocated_after_a_full_collection_and_zeroed()
    {
        int before = GC.CollectionCount(GC.MaxGeneration);
        var a = LargeArray.Doubles(1L << 27); // 1 GiB; fresh pages, so little of it becomes resident
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > before);
        Assert.Equal(1L << 27, a.LongLength);
        Assert.Equal(0.0, a[0]);
        Assert.Equal(0.0, a[^1]);
    }
}
