using System.Diagnostics;
using System.Numerics.Tensors;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.ReluTeacher;

/// <summary>A trained wide net, its checkpoints, and how long it trained.</summary>
public sealed record WideReluFit(WideReluNet Net, WideReluNet Initial, IReadOnlyList<WideReluTrainingPoint> History, long Steps, int Epochs, double Seconds);

/// <summary>
/// Trains f(x) = Σ_j a_j ReLU(w_j·x) on the half mean squared loss L = (1/2n) Σ (f(x_i) − y_i)² + (λ/2)(‖W‖² + ‖a‖²) by
/// full-batch GD, minibatch SGD or Adam. Forward and backward passes are GEMMs over blocks of rows
/// (Z = X Wᵀ, ∇_W L = Gᵀ X with G_ij = r_i a_j 1{z_ij &gt; 0}); all buffers are allocated once, and every sum runs in a
/// fixed order, so a seed gives the same weights whatever the number of threads.
/// </summary>
public static class WideReluTrainer
{
    /// <summary>Small random initialisation: w_j ~ N(0, τ²I/d), a_j = ±τ_a with random signs (τ_a = τ unless given).</summary>
    public static WideReluNet Initialise(int dimension, WideReluOptions o)
    {
        o.Validate(dimension);
        int m = o.Width, d = dimension;
        var rng = Rng.ForStream(o.Seed, RandomStreams.WideReluInit);
        var w = new double[(long)m * d];
        rng.FillGaussian(w, o.InitScale / Math.Sqrt(d));
        var a = new double[m];
        double scale = o.SecondLayerInitScale ?? o.InitScale;
        for (int j = 0; j < m; j++) a[j] = scale * rng.NextSign();
        return new WideReluNet(d, w, a);
    }

    public static WideReluFit Fit(Dataset train, WideReluOptions o, FitContext? context = null)
    {
        context ??= FitContext.None;
        int n = train.Count, d = train.Dimension;
        o.Validate(d);
        if (n == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", "The training set is empty; draw at least one sample.");
        if ((long)o.Epochs * n > 100_000_000_000L)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter",
                $"-Epochs {o.Epochs} × {n} samples is more than 1e11 sample-gradients; train for fewer epochs.");
        train.EnsureFinite();
        var clock = Stopwatch.StartNew();
        var initial = Initialise(d, o);
        var net = new WideReluNet(d, (double[])initial.W.Clone(), (double[])initial.A.Clone());
        int m = net.Width;
        var directions = (train.Generator as ISignalDirections)?.Directions;
        Dataset? monitor = train.Generator is not null && o.MonitorSamples > 0
            ? train.Generator.Sample(o.MonitorSamples, Rng.ForStream(o.Seed, RandomStreams.WideReluMonitor), context.Cancellation) : null;

        bool fullBatch = o.Algorithm == WideReluAlgorithm.GradientDescent;
        int batch = fullBatch ? n : Math.Min(o.BatchSize, n);
        var work = new Workspace(m, d, WideReluNet.ChunkRows(m));
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var shuffle = Rng.ForStream(o.Seed, RandomStreams.WideReluShuffle);
        bool adam = o.Algorithm == WideReluAlgorithm.Adam;
        var adamW = adam ? new AdamState(net.W.Length) : null;
        var adamA = adam ? new AdamState(m) : null;

        var history = new List<WideReluTrainingPoint>();
        var checkpoints = Enumerable.Range(0, o.HistoryPoints + 1)
            .Select(k => (int)Math.Round((double)k * o.Epochs / o.HistoryPoints)).Distinct().ToHashSet();
        var predictions = new double[Math.Max(n, monitor?.Count ?? 0)];
        double startMse = double.NaN;
        long step = 0;
        int stepsPerEpoch = (n + batch - 1) / batch;
        long totalSteps = (long)o.Epochs * stepsPerEpoch;
        long reportEvery = Math.Max(1, totalSteps / 200);
        double baseRate = o.EffectiveLearningRate;

        for (int epoch = 0; epoch <= o.Epochs; epoch++)
        {
            double eta = o.StageOneEpochs is { } t1 && epoch >= t1 ? baseRate * o.StageTwoFactor : baseRate;
            if (checkpoints.Contains(epoch))
            {
                var point = Checkpoint(net, train, monitor, directions, predictions, step, epoch, eta, context.Cancellation);
                if (double.IsNaN(startMse)) startMse = point.TrainMse;
                history.Add(point);
                if (!double.IsFinite(point.TrainMse) || point.TrainMse > 1e6 * (startMse + 1))
                    throw new DivergenceException($"{o.Algorithm} diverged by epoch {epoch} (training MSE {point.TrainMse:G3}); lower -LearningRate (was {eta:G3}).");
            }
            if (epoch == o.Epochs) break;
            if (!fullBatch) shuffle.Shuffle(order);
            for (int start = 0; start < n; start += batch)
            {
                context.ThrowIfCancelled();
                int count = Math.Min(batch, n - start);
                double sse = work.Gradient(net, train, order.AsSpan(start, count), context.Cancellation);
                if (!double.IsFinite(sse))
                    throw new DivergenceException($"{o.Algorithm} diverged at step {step} (non-finite loss); lower -LearningRate (was {eta:G3}).");
                step++;
                Update(net.W, work.GradW, o.WeightDecay, eta, adamW, step);
                if (!o.FixedSecondLayer) Update(net.A, work.GradA, o.WeightDecay, eta, adamA, step);
                if (step % reportEvery == 0)
                    context.Report((double)step / totalSteps, $"epoch {epoch + 1} of {o.Epochs}: batch MSE {sse / count:G3}");
            }
        }
        return new WideReluFit(net, initial, history, step, o.Epochs, clock.Elapsed.TotalSeconds);
    }

    private static WideReluTrainingPoint Checkpoint(WideReluNet net, Dataset train, Dataset? monitor, IReadOnlyList<double[]>? directions,
        double[] predictions, long step, int epoch, double eta, CancellationToken cancel)
    {
        double trainMse = Mse(net, train, predictions, cancel);
        double monitorMse = monitor is null ? double.NaN : Mse(net, monitor, predictions, cancel);
        double minAlign = double.NaN, meanAlign = double.NaN, mass = double.NaN;
        if (directions is not null && double.IsFinite(trainMse))
        {
            var per = TeacherAlignment.PerDirection(net.W, net.A, net.InputDimension, directions, cancel: cancel);
            minAlign = per.Min(p => p.MaxCosine);
            meanAlign = per.Average(p => p.MaxCosine);
            mass = TeacherAlignment.AlignedMass(net.W, net.A, net.InputDimension, directions, cancel: cancel);
        }
        return new WideReluTrainingPoint(step, epoch, eta, trainMse, monitorMse, minAlign, meanAlign, mass);
    }

    private static double Mse(WideReluNet net, Dataset data, double[] buffer, CancellationToken cancel)
    {
        var f = buffer.AsSpan(0, data.Count);
        net.Predict(data, f, cancel);
        double sse = 0;
        for (int i = 0; i < data.Count; i++) { double e = f[i] - data.Y[i]; sse += e * e; }
        return sse / data.Count;
    }

    private static void Update(double[] p, double[] g, double decay, double eta, AdamState? adam, long t)
    {
        if (decay > 0) TensorPrimitives.MultiplyAdd(p, decay, g, g);
        if (adam is null) TensorPrimitives.MultiplyAdd(g, -eta, p, p);
        else adam.Step(p, g, eta, t);
    }

    /// <summary>Buffers of one gradient evaluation, reused every step.</summary>
    internal sealed class Workspace
    {
        private const int RowBlock = 256, TileRows = 64, UnitBlock = 64;
        private readonly int _m, _d, _chunk;
        private readonly double[] _xs, _xt, _z, _gt, _partial, _residual;

        public Workspace(int m, int d, int chunk)
        {
            _m = m; _d = d; _chunk = chunk;
            _xs = new double[(long)chunk * d];
            _xt = new double[(long)d * chunk];
            _z = new double[(long)chunk * m];
            _gt = new double[(long)m * chunk];
            _partial = new double[(long)m * d];
            _residual = new double[chunk];
            GradW = new double[(long)m * d];
            GradA = new double[m];
        }

        /// <summary>∇_W and ∇_a of (1/2|B|) Σ_{i∈B} (f(x_i) − y_i)²; returns Σ_{i∈B} (f(x_i) − y_i)².</summary>
        public double[] GradW { get; }

        public double[] GradA { get; }

        public double Gradient(WideReluNet net, Dataset data, ReadOnlySpan<int> rows, CancellationToken cancel)
        {
            int m = _m, d = _d, count = rows.Length;
            double scale = 1.0 / count, sse = 0;
            Array.Clear(GradW);
            Array.Clear(GradA);
            var a = net.A;
            for (int start = 0; start < count; start += _chunk)
            {
                int c = Math.Min(_chunk, count - start);
                for (int i = 0; i < c; i++)
                    data.X.AsSpan(rows[start + i] * d, d).CopyTo(_xs.AsSpan(i * d, d));
                net.PreActivations(_xs, c, _z, cancel);
                // f(x_i) and its error, row by row (rows are independent; each row's sum runs over j in order). The labels
                // go into the residuals first: a span of row indices cannot enter the parallel lambda.
                var z = _z; var gt = _gt; var residual = _residual; var gradA = GradA;
                for (int i = 0; i < c; i++) residual[i] = data.Y[rows[start + i]];
                Parallel.For(0, (c + RowBlock - 1) / RowBlock, Parallelism.Options(cancel), blk =>
                {
                    int i0 = blk * RowBlock, i1 = Math.Min(c, i0 + RowBlock);
                    for (int i = i0; i < i1; i++)
                    {
                        var zi = z.AsSpan(i * m, m);
                        double f = 0;
                        for (int j = 0; j < m; j++) if (zi[j] > 0) f += a[j] * zi[j];
                        residual[i] = f - residual[i];
                    }
                });
                for (int i = 0; i < c; i++)
                {
                    double e = residual[i];
                    sse += e * e;
                    residual[i] = e * scale;
                }
                // ∂L/∂a_j = Σ_i r_i ReLU(z_ij); G_ij = r_i a_j 1{z_ij > 0} stored transposed (m × c) for ∇_W = Gᵀ X.
                // Tiles of UnitBlock units × TileRows rows: reading a column of z (stride m) over all c rows would miss the cache
                // on every element; within a tile the rows stay cached. Each unit's sum still runs over i in order.
                Parallel.For(0, (m + UnitBlock - 1) / UnitBlock, Parallelism.Options(cancel), blk =>
                {
                    int j0 = blk * UnitBlock, j1 = Math.Min(m, j0 + UnitBlock);
                    Span<double> ga = stackalloc double[UnitBlock];
                    ga.Clear();
                    for (int i0 = 0; i0 < c; i0 += TileRows)
                    {
                        int i1 = Math.Min(c, i0 + TileRows);
                        for (int j = j0; j < j1; j++)
                        {
                            double g = ga[j - j0], aj = a[j];
                            var row = gt.AsSpan(j * c, c);
                            for (int i = i0; i < i1; i++)
                            {
                                double zij = z[(long)i * m + j];
                                if (zij > 0) { g += residual[i] * zij; row[i] = residual[i] * aj; }
                                else row[i] = 0;
                            }
                            ga[j - j0] = g;
                        }
                    }
                    for (int j = j0; j < j1; j++) gradA[j] += ga[j - j0];
                });
                for (int i = 0; i < c; i++)
                    for (int k = 0; k < d; k++) _xt[k * c + i] = _xs[i * d + k];
                if (start == 0 && c == count) DenseMath.MultiplyABt(_gt, m, c, _xt, d, GradW, cancel);
                else
                {
                    DenseMath.MultiplyABt(_gt, m, c, _xt, d, _partial, cancel);
                    TensorPrimitives.Add(GradW, _partial, GradW);
                }
            }
            return sse;
        }
    }
}
