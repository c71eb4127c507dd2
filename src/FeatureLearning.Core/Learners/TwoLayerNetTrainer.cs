using System.Diagnostics;
using System.Numerics.Tensors;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Learners;

/// <summary>A trained two-layer net with its history.</summary>
public sealed record TwoLayerNetFit(TwoLayerNet Net, IReadOnlyList<TrainingRecord> History, double FinalTime, long Steps, double Seconds);

/// <summary>
/// SGD / GD for <see cref="TwoLayerNet"/> on the half squared loss ½(f(x) − y)², with the scalings of Refinetti et al.
/// (2021): w_k ← w_k − η[(f−y) v_k g'(λ_k) x/√d + (reg/d) w_k],  v_k ← v_k − (η₂/d)[(f−y) g(λ_k) + reg₂ v_k]
/// (η₂ = η and reg₂ = reg unless the options set the second layer's own; a bias steps with the first layer's η/d).
/// One sample advances the time t by 1/d. Updates reuse preallocated buffers: no allocation per sample.
/// </summary>
public static class TwoLayerNetTrainer
{
    public static TwoLayerNet Initialise(int dimension, TwoLayerNetOptions o)
    {
        o.Validate();
        var rng = Rng.ForStream(o.Seed, RandomStreams.TwoLayerNetInit);
        var w = new double[(long)o.Hidden * dimension];
        rng.FillGaussian(w, o.FirstLayerInitScale);
        var v = new double[o.Hidden];
        if (o.SecondLayer is not null) o.SecondLayer.CopyTo(v, 0);
        else rng.FillGaussian(v, o.SecondLayerInitScale);
        return new TwoLayerNet(dimension, o.Hidden, o.Activation, w, v, o.UseBias ? new double[o.Hidden] : null);
    }

    public static TwoLayerNetFit Fit(Dataset train, TwoLayerNetOptions o, FitContext? context = null, TwoLayerNet? initial = null)
    {
        o.Validate();
        context ??= FitContext.None;
        int d = train.Dimension;
        if (initial is not null && initial.InputDimension != d)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The initial net has input dimension {initial.InputDimension} but the data has {d}.");
        if (o.Algorithm == TrainingAlgorithm.Online && train.Generator is null)
            throw new FeatureLearningException("FeatureLearning.NoGenerator",
                "Online training draws fresh samples from the task's generator; this dataset has none. Use -Algorithm Sgd.",
                ErrorKind.InvalidOperation);
        if (o.Algorithm != TrainingAlgorithm.Online && train.Count == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", "The training set is empty; draw at least one sample.");
        // SGD and minibatches check each row when the first epoch draws it, while it is in cache for its step (they run
        // whole epochs, so every row is drawn); a separate scan reads the whole dataset from memory once more: 50–60 ms
        // of a 0.19 s SGD fit at n = 10⁵, d = 500 on this machine. The other algorithms check up front.
        if (o.Algorithm is not (TrainingAlgorithm.Sgd or TrainingAlgorithm.MiniBatch)) train.EnsureFinite();

        var net = initial?.Clone() ?? Initialise(d, o);
        var run = new Run(net, train, o, context);
        return run.Execute();
    }

    /// <summary>State of one training run; all buffers are allocated here, none per sample.</summary>
    private sealed class Run
    {
        private readonly TwoLayerNet _net;
        private readonly Dataset _train;
        private readonly TwoLayerNetOptions _o;
        private readonly FitContext _ctx;
        private readonly int _d, _K;
        private readonly double _invSqrtD;
        private readonly double[] _lambda, _g, _gp, _coefficients, _gradW, _gradV, _gradB;
        // The next sample's w_k·x, computed in the pass that applied this step's update (see SgdStep).
        private readonly double[] _nextDots;
        private bool _nextDotsReady;
        private double[] _batchLambda = Array.Empty<double>(), _batchCoefficients = Array.Empty<double>();
        private readonly Dataset? _monitor;
        private readonly IReadOnlyList<double[]> _directions;
        private readonly List<TrainingRecord> _history = new();
        private double _lossSinceRecord;
        private long _samplesSinceRecord;

        public Run(TwoLayerNet net, Dataset train, TwoLayerNetOptions o, FitContext ctx)
        {
            _net = net; _train = train; _o = o; _ctx = ctx;
            _d = train.Dimension; _K = net.Hidden;
            _invSqrtD = 1.0 / Math.Sqrt(_d);
            _lambda = new double[_K]; _nextDots = new double[_K]; _g = new double[_K]; _gp = new double[_K]; _coefficients = new double[_K];
            bool batched = o.Algorithm is TrainingAlgorithm.MiniBatch or TrainingAlgorithm.FullBatchGd;
            _gradW = batched ? new double[_K * _d] : Array.Empty<double>();
            _gradV = new double[_K];
            _gradB = new double[_K];
            if (batched) EnsureBatchBuffers(o.Algorithm == TrainingAlgorithm.FullBatchGd ? train.Count : Math.Min(o.BatchSize, train.Count));
            if (train.Generator is not null && o.MonitorSamples > 0)
                _monitor = train.Generator.Sample(o.MonitorSamples, Rng.ForStream(o.Seed, RandomStreams.TwoLayerNetMonitor), _ctx.Cancellation);
            _directions = (train.Generator as ISignalDirections)?.Directions ?? Array.Empty<double[]>();
        }

        public TwoLayerNetFit Execute()
        {
            var clock = Stopwatch.StartNew();
            var rng = Rng.ForStream(_o.Seed, RandomStreams.TwoLayerNetOrder);
            int n = _train.Count;
            double totalTime;
            long steps = 0;
            double t = 0;
            // Record times: H evenly spaced points in [0, totalTime].
            switch (_o.Algorithm)
            {
                case TrainingAlgorithm.Online:
                    totalTime = _o.Time;
                    break;
                case TrainingAlgorithm.FullBatchGd:
                    totalTime = _o.Epochs ?? Math.Max(1, (int)Math.Round(_o.Time));
                    break;
                default:
                    int epochs = _o.Epochs ?? Math.Max(1, (int)Math.Ceiling(_o.Time * _d / n));
                    totalTime = (double)epochs * n / _d;
                    break;
            }
            int H = _o.HistoryPoints;
            int nextRecord = 0;
            double RecordTime(int j) => totalTime * j / (H - 1);
            Record(0, 0);
            nextRecord = 1;

            void AfterUpdate(double time, long step)
            {
                while (nextRecord < H && time >= RecordTime(nextRecord) - 1e-9)
                {
                    Record(time, step);
                    nextRecord++;
                    _ctx.Report(time / totalTime, $"t = {time:F1} of {totalTime:F1}");
                }
            }

            switch (_o.Algorithm)
            {
                case TrainingAlgorithm.Online:
                {
                    long total = (long)Math.Round(totalTime * _d);
                    const int chunk = 1024;
                    var xs = new double[chunk * _d];
                    var ys = new double[chunk];
                    var gen = _train.Generator!;
                    var sampleRng = Rng.ForStream(_o.Seed, RandomStreams.TwoLayerNetOnlineSamples);
                    while (steps < total)
                    {
                        _ctx.ThrowIfCancelled();
                        int m = (int)Math.Min(chunk, total - steps);
                        gen.Fill(xs.AsSpan(0, m * _d), ys.AsSpan(0, m), sampleRng);
                        for (int i = 0; i < m; i++)
                        {
                            var next = i + 1 < m ? xs.AsSpan((i + 1) * _d, _d) : default;
                            SgdStep(xs.AsSpan(i * _d, _d), ys[i], steps, next);
                            steps++;
                            t = (double)steps / _d;
                            if (nextRecord < H && t >= RecordTime(nextRecord) - 1e-9) AfterUpdate(t, steps);
                        }
                    }
                    break;
                }
                case TrainingAlgorithm.Sgd:
                {
                    long total = (long)Math.Round(totalTime * _d);
                    var order = new int[n];
                    for (bool first = true; steps < total; first = false)
                    {
                        for (int i = 0; i < n; i++) order[i] = i;
                        rng.Shuffle(order);
                        for (int i = 0; i < n && steps < total; i++)
                        {
                            if ((steps & 255) == 0) _ctx.ThrowIfCancelled();
                            if (first) _train.EnsureRowFinite(order[i]);
                            if (i + 2 < n) Prefetch.RowsIntoL2(_train.X, _d, order.AsSpan(i + 2, 1)); // two steps ahead: one step is too late
                            var next = i + 1 < n && steps + 1 < total ? _train.Row(order[i + 1]) : default;
                            SgdStep(_train.Row(order[i]), _train.Y[order[i]], steps, next);
                            steps++;
                            t = (double)steps / _d;
                            if (nextRecord < H && t >= RecordTime(nextRecord) - 1e-9) AfterUpdate(t, steps);
                        }
                    }
                    break;
                }
                case TrainingAlgorithm.MiniBatch:
                {
                    long total = (long)Math.Round(totalTime * _d);
                    var order = new int[n];
                    int b = Math.Min(_o.BatchSize, n);
                    for (bool first = true; steps < total; first = false)
                    {
                        for (int i = 0; i < n; i++) order[i] = i;
                        rng.Shuffle(order);
                        for (int start = 0; start < n && steps < total; start += b)
                        {
                            _ctx.ThrowIfCancelled();
                            int m = (int)Math.Min(Math.Min(b, n - start), total - steps);
                            if (first) foreach (int r in order.AsSpan(start, m)) _train.EnsureRowFinite(r);
                            // The next batch's rows (random, from a dataset larger than the caches) arrive while this one trains.
                            if (start + b < n) Prefetch.RowsIntoL2(_train.X, _d, order.AsSpan(start + b, Math.Min(b, n - start - b)));
                            BatchStep(order.AsSpan(start, m), scale: 1.0, steps);
                            steps += m;
                            t = (double)steps / _d;
                            AfterUpdate(t, steps);
                        }
                    }
                    break;
                }
                case TrainingAlgorithm.FullBatchGd:
                {
                    var all = Enumerable.Range(0, n).ToArray();
                    int iterations = (int)totalTime;
                    for (int it = 0; it < iterations; it++)
                    {
                        _ctx.ThrowIfCancelled();
                        // The averaged gradient times d: one iteration moves the order parameters as much as d SGD steps.
                        BatchStep(all, scale: (double)_d / n, steps);
                        steps++;
                        t = steps;
                        AfterUpdate(t, steps);
                    }
                    break;
                }
            }
            if (nextRecord < H) Record(t, steps);
            return new TwoLayerNetFit(_net, _history, t, steps, clock.Elapsed.TotalSeconds);
        }

        /// <summary>Forward pass at sample x: fills λ, g(λ), g'(λ); returns f(x).</summary>
        private double Forward(ReadOnlySpan<double> x)
        {
            var w = _net.W; var v = _net.V; var bias = _net.B;
            var act = _net.Activation;
            double f = 0;
            if (_nextDotsReady) _nextDots.CopyTo(_lambda);
            else HiddenUnitKernels.Dots(w, _K, _d, x, _lambda);
            _nextDotsReady = false;
            for (int k = 0; k < _K; k++)
            {
                double l = _lambda[k] * _invSqrtD + (bias?[k] ?? 0.0);
                _lambda[k] = l;
                _g[k] = ActivationFunctions.Value(act, l);
                _gp[k] = ActivationFunctions.Derivative(act, l);
                f += v[k] * _g[k];
            }
            return f;
        }

        private void CheckFinite(double f, double y, long step)
        {
            if (!double.IsFinite(f) || Math.Abs(f) > 1e8)
                throw new DivergenceException(
                    $"Training diverged at t = {(double)step / _d:G4} (step {step}): the output reached {f:G3} on a label {y}. " +
                    $"Lower -LearningRate (now {_o.LearningRate}; try {_o.LearningRate / 4:G3}) or the initial weight scale.");
        }

        /// <summary>
        /// One sample's step. When the sample after it is known (<paramref name="next"/> not empty) and there is no
        /// weight decay, the update and the next sample's pre-activations share one pass over w, with the bits of the
        /// two separate calls; the next <see cref="Forward"/> must then be on <paramref name="next"/>.
        /// </summary>
        private void SgdStep(ReadOnlySpan<double> x, double y, long step, ReadOnlySpan<double> next)
        {
            double f = Forward(x);
            CheckFinite(f, y, step);
            double e = f - y;
            _lossSinceRecord += 0.5 * e * e;
            _samplesSinceRecord++;
            double lr = _o.LearningRate, reg = _o.Regularization;
            var w = _net.W; var v = _net.V;
            for (int k = 0; k < _K; k++)
            {
                if (reg != 0) TensorPrimitives.Multiply(new Span<double>(w, k * _d, _d), 1.0 - lr * reg / _d, new Span<double>(w, k * _d, _d));
                // −η (f−y) v_k g'(λ_k) x/√d, with v_k taken before its own update.
                _coefficients[k] = -(lr * e * v[k] * _gp[k] * _invSqrtD);
                if (_net.B is { } bias) bias[k] -= lr / _d * e * v[k] * _gp[k];
            }
            if (!next.IsEmpty && reg == 0)
            {
                HiddenUnitKernels.AddScaledThenDots(w, _K, _d, _coefficients, x, next, _nextDots);
                _nextDotsReady = true;
            }
            else HiddenUnitKernels.AddScaled(w, _K, _d, _coefficients, x);
            if (_o.TrainSecondLayer)
            {
                double lr2 = _o.SecondRate, reg2 = _o.SecondRegularization;
                for (int k = 0; k < _K; k++)
                    v[k] -= lr2 / _d * (e * _g[k] + reg2 * v[k]);
            }
        }

        /// <summary>
        /// Sums the per-sample updates of <paramref name="rows"/> at the current weights and applies scale × the sum:
        /// the batch's pre-activations by one fused kernel (two samples per pass over the weights), the scalar part per
        /// sample, then the first-layer gradient of the whole batch by one kernel that keeps it in registers.
        /// </summary>
        private void BatchStep(ReadOnlySpan<int> rows, double scale, long step)
        {
            Array.Clear(_gradV);
            Array.Clear(_gradB);
            var v = _net.V; var bias = _net.B;
            var act = _net.Activation;
            int count = rows.Length;
            EnsureBatchBuffers(count);
            var lambda = _batchLambda.AsSpan(0, count * _K);
            var coefficients = _batchCoefficients.AsSpan(0, count * _K);
            HiddenUnitKernels.BatchDots(_net.W, _K, _d, _train.X, rows, lambda);
            for (int s = 0; s < count; s++)
            {
                int r = rows[s];
                double f = 0;
                for (int k = 0; k < _K; k++)
                {
                    double l = lambda[s * _K + k] * _invSqrtD + (bias?[k] ?? 0.0);
                    _g[k] = ActivationFunctions.Value(act, l);
                    _gp[k] = ActivationFunctions.Derivative(act, l);
                    f += v[k] * _g[k];
                }
                CheckFinite(f, _train.Y[r], step);
                double e = f - _train.Y[r];
                _lossSinceRecord += 0.5 * e * e;
                _samplesSinceRecord++;
                for (int k = 0; k < _K; k++)
                {
                    coefficients[s * _K + k] = e * v[k] * _gp[k] * _invSqrtD;
                    _gradV[k] += e * _g[k];
                    _gradB[k] += e * v[k] * _gp[k];
                }
            }
            HiddenUnitKernels.BatchGradient(_K, _d, _train.X, rows, coefficients, _gradW);
            double lr = _o.LearningRate * scale, reg = _o.Regularization;
            double lr2 = _o.SecondRate * scale, reg2 = _o.SecondRegularization;
            var w = _net.W;
            for (int k = 0; k < _K; k++)
            {
                var wk = new Span<double>(w, k * _d, _d);
                if (reg != 0) TensorPrimitives.Multiply(wk, 1.0 - lr * reg * count / _d, wk);
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(_gradW, k * _d, _d), -lr, wk, wk);
                if (bias is not null) bias[k] -= lr / _d * _gradB[k];
                if (_o.TrainSecondLayer) v[k] -= lr2 / _d * (_gradV[k] + reg2 * count * v[k]);
            }
        }

        /// <summary>Per-batch buffers, grown once to the largest batch (no allocation per step).</summary>
        private void EnsureBatchBuffers(int count)
        {
            if (_batchLambda.Length >= count * _K) return;
            _batchLambda = new double[count * _K];
            _batchCoefficients = new double[count * _K];
        }

        private void Record(double time, long step)
        {
            double trainLoss = _samplesSinceRecord > 0 ? _lossSinceRecord / _samplesSinceRecord : double.NaN;
            _lossSinceRecord = 0;
            _samplesSinceRecord = 0;
            var measure = _monitor is null ? new ErrorMeasure(double.NaN, double.NaN) : Metrics.Evaluate(_net, _monitor, _ctx.Cancellation);
            var (r, q) = _net.OrderParameters(_directions);
            double epoch = _train.Count > 0 && _o.Algorithm != TrainingAlgorithm.Online ? time * _d / _train.Count : double.NaN;
            if (_o.Algorithm == TrainingAlgorithm.FullBatchGd) epoch = time;
            _history.Add(new TrainingRecord(time, step, epoch, trainLoss, measure.Error, measure.HalfMse,
                _K, _directions.Count, r, q, (double[])_net.V.Clone()));
        }
    }
}
