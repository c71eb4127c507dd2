using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

public class StreamedFeatureGramTests
{
    private static (Dataset Data, double[] Projection) Problem(int n, int d, int p)
    {
        var x = new double[n * d];
        var y = new double[n];
        var rng = new Rng(21);
        rng.FillGaussian(x);
        rng.FillGaussian(y);
        var w = new double[p * d];
        rng.FillGaussian(w);
        return (new Dataset(x, y, d, null), w);
    }

    private static (double[] Gram, double[] Rhs) Sums(Dataset data, double[] w, int p, int chunk, DenseBackendKind backend, int threads)
    {
        using var b = DenseBackend.Use(backend);
        using var limit = Parallelism.Limit(threads);
        var gram = new double[p * p];
        var rhs = new double[p];
        StreamedFeatureGram.Accumulate(data, data.Count, w, p, Activation.Relu, chunk, gram, rhs, FitContext.None);
        return (gram, rhs);
    }

    /// <summary>
    /// The fit's streamed features are the prediction's (FeatureMap) bit for bit, for an activation TensorPrimitives
    /// computes differently on short spans (tanh) and P = 257, whose last tile is one column wide: Φᵀy summed in the
    /// same row order from FeatureMap's Φ gives the streamed right-hand side exactly.
    /// </summary>
    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    public void Streamed_features_are_the_features_of_the_prediction_bit_for_bit(Activation g)
    {
        int n = 700, d = 9, p = 257, chunk = 300;
        var (data, w) = Problem(n, d, p);
        var gram = new double[p * p];
        var rhs = new double[p];
        StreamedFeatureGram.Accumulate(data, n, w, p, g, chunk, gram, rhs, FitContext.None);
        var phi = new double[n * p];
        RandomFeaturesLearner.FeatureMap(data.X, n, d, w, p, g, phi, default);
        var expected = new double[p];
        for (int i = 0; i < n; i++)
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(phi.AsSpan(i * p, p), data.Y[i], expected, expected);
        Assert.Equal(expected, rhs);
    }

    /// <summary>
    /// One kind of task made slow (3 threads, so the others run ahead if they may): the features of a later chunk must
    /// not overwrite a buffer still being summed, and no sum may start before its features are done, so the result is
    /// still the same bits as on one thread.
    /// </summary>
    [Theory]
    [InlineData("features")]
    [InlineData("gram")]
    [InlineData("rhs")]
    public void Every_task_waits_for_its_inputs_even_when_one_kind_is_slow(string slowKind)
    {
        int p = 520, chunk = 300;
        var (data, w) = Problem(1100, 7, p);
        var reference = Sums(data, w, p, chunk, DenseBackendKind.Auto, 1);
        // The test host keeps the pool's threads busy; without spare ones the helpers start only after the caller has
        // run every task alone, and nothing would run ahead.
        ThreadPool.GetMinThreads(out int workers, out int io);
        if (workers < 8) ThreadPool.SetMinThreads(8, io);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        StreamedFeatureGram.BeforeTask.Value = kind => { seen[Environment.CurrentManagedThreadId] = 1; if (kind == slowKind) Thread.Sleep(15); };
        try
        {
            var slow = Sums(data, w, p, chunk, DenseBackendKind.Auto, 3);
            for (int i = 0; i < p; i++)
                for (int j = 0; j <= i; j++) Assert.Equal(reference.Gram[i * p + j], slow.Gram[i * p + j]);
            Assert.Equal(reference.Rhs, slow.Rhs);
            Assert.InRange(seen.Count, 2, 3); // threads really ran tasks side by side
        }
        finally { StreamedFeatureGram.BeforeTask.Value = null; }
    }

    /// <summary>
    /// Four chunks of 300 rows (the last 200, so each feature buffer is reused and the last chunk has fewer row tiles),
    /// P = 520 (three column tiles, the last partial; two ΦᵀΦ row tiles): the pipelined sums against triple loops on
    /// features computed one by one, the same bits on 1, 2 and 3 threads, and the managed sequential path.
    /// </summary>
    [Fact]
    public void Pipelined_sums_match_direct_features_on_any_thread_count()
    {
        int n = 1100, d = 7, p = 520, chunk = 300;
        var (data, w) = Problem(n, d, p);
        var (x, y) = (data.X, data.Y);
        (double[] Gram, double[] Rhs) Run(DenseBackendKind backend, int threads) => Sums(data, w, p, chunk, backend, threads);

        var phi = new double[n * p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++)
            {
                double s = 0;
                for (int t = 0; t < d; t++) s += x[i * d + t] * w[j * d + t];
                phi[i * p + j] = Math.Max(0, s / Math.Sqrt(d)) / Math.Sqrt(p);
            }
        var one = Run(DenseBackendKind.Auto, 1);
        for (int i = 0; i < p; i++)
        {
            double r = 0;
            for (int q = 0; q < n; q++) r += phi[q * p + i] * y[q];
            Assert.Equal(r, one.Rhs[i], 1e-11 * Math.Max(1, Math.Abs(r)));
            for (int j = 0; j <= i; j += 7)
            {
                double s = 0;
                for (int q = 0; q < n; q++) s += phi[q * p + i] * phi[q * p + j];
                Assert.Equal(s, one.Gram[i * p + j], 1e-11 * Math.Max(1, Math.Abs(s)));
            }
        }
        foreach (int threads in new[] { 2, 3 })
        {
            var other = Run(DenseBackendKind.Auto, threads);
            for (int i = 0; i < p; i++)
                for (int j = 0; j <= i; j++) Assert.Equal(one.Gram[i * p + j], other.Gram[i * p + j]); // bit for bit
            Assert.Equal(one.Rhs, other.Rhs);
        }
        var managed = Run(DenseBackendKind.Managed, 2);
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++) Assert.Equal(one.Gram[i * p + j], managed.Gram[i * p + j], 1e-11 * Math.Max(1, Math.Abs(one.Gram[i * p + j])));
    }

    /// <summary>A stop during the pipeline ends it with the cancellation, and no progress is reported off the calling thread.</summary>
    [Fact]
    public void A_stop_ends_the_pipeline_and_progress_stays_on_the_calling_thread()
    {
        int n = 3000, d = 5, p = 300, chunk = 256;
        var x = new double[n * d];
        new Rng(3).FillGaussian(x);
        var data = new Dataset(x, new double[n], d, null);
        var w = new double[p * d];
        new Rng(4).FillGaussian(w);
        using var cts = new CancellationTokenSource();
        int caller = Environment.CurrentManagedThreadId, reports = 0, offThread = 0;
        var ctx = new FitContext
        {
            Cancellation = cts.Token,
            Progress = (f, _) =>
            {
                if (Environment.CurrentManagedThreadId != caller) offThread++;
                if (++reports == 5) cts.Cancel();
            },
        };
        Assert.ThrowsAny<OperationCanceledException>(() =>
            StreamedFeatureGram.Accumulate(data, n, w, p, Activation.Relu, chunk, new double[p * p], new double[p], ctx));
        Assert.Equal(0, offThread);
        Assert.Equal(5, reports); // none after the stop
    }
}
