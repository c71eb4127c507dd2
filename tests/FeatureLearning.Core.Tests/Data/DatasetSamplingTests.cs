using FeatureLearning.Core.Data;
using FeatureLearning.Core.MultiIndex;
using FeatureLearning.Core.Parity;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.ReluTeacher;

namespace FeatureLearning.Core.Tests;

/// <summary>Sample draws large datasets block by block (so Ctrl+C can stop it) and refuses draws that would exhaust memory.</summary>
public class DatasetSamplingTests
{
    // d = 64 makes a block 16 384 rows, so 36 000 samples span two full blocks and a partial one.
    private const int Dimension = 64, Count = 36_000;

    public static TheoryData<string> Generators => new() { "Xor", "SingleIndex", "MultiIndex", "Parity", "AbsTeacher" };

    private static IDataGenerator Create(string name) => name switch
    {
        "Xor" => new GaussianMixtureGenerator(Dimension, 4, MixtureKind.Xor, 1),
        "SingleIndex" => new SingleIndexGenerator(Dimension, LinkFunction.Tanh, 0.1, 2),
        "MultiIndex" => new MultiIndexGenerator(Dimension, 2, 2, 0.1, 3),
        "Parity" => new SparseParityGenerator(Dimension, 3, ParityDistribution.Mixture, 0.1, 4),
        "AbsTeacher" => new AbsTeacherGenerator(Dimension, TeacherWeightKind.Random, 0.1, 5),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Generators))]
    public void Block_by_block_draw_equals_one_fill_of_the_whole_buffer(string name)
    {
        var g = Create(name);
        var data = g.Sample(Count, Rng.ForStream(9, 1));
        var x = new double[Count * Dimension];
        var y = new double[Count];
        g.Fill(x, y, Rng.ForStream(9, 1));
        // (SequenceEqual, not Assert.Equal: the latter compares 2.3 M values one boxed pair at a time.)
        Assert.True(x.AsSpan().SequenceEqual(data.X), $"x differs first at value {x.AsSpan().CommonPrefixLength(data.X)}");
        Assert.True(y.AsSpan().SequenceEqual(data.Y), $"y differs first at sample {y.AsSpan().CommonPrefixLength(data.Y)}");
    }

    [Fact]
    public void A_cancelled_draw_stops()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Create("Xor").Sample(Count, new Rng(1), cts.Token));
    }

    [Fact]
    public void A_draw_larger_than_half_the_available_memory_is_refused_before_allocating()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        // The largest single array is 2^31 values (17 GB): the refusal can only be shown where that exceeds half of memory.
        int d = 2;
        long count = Math.Min(Array.MaxLength / d, available / (8L * (d + 1)) / 2 + 1);
        if (8L * count * (d + 1) <= available / 2) return;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<FeatureLearningException>(() => ((IDataGenerator)new AbsTeacherGenerator(d, TeacherWeightKind.Uniform, 0, 1)).Sample((int)count, new Rng(1)));
        Assert.Equal("FeatureLearning.InsufficientMemory", ex.ErrorId);
        Assert.Contains("draw at most", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1L << 30);
    }
}
