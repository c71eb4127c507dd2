using System.Diagnostics;
using System.Numerics.Tensors;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Parity;

public sealed record ParityNetFit(ParityNetModel Model, IReadOnlyList<ParityTrainingPoint> History, long Steps, long StepsToTarget, double Seconds);

/// <summary>Trains the depth-two ReLU net f(x) = Σ u_i relu(w_i·x + b_i) on a parity training set.</summary>
public static class ParityNetTrainer
{
    public static ParityNetFit Fit(Dataset train, ParityNetOptions o, FitContext? context = null)
    {
        context ??= FitContext.None;
        o.Validate();
        if (train.Count == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", "The training set is empty; draw at least one sample.");
        if (o.Algorithm == ParityAlgorithm.TwoPhase && o.Width % 2 != 0)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"TwoPhase pairs its units (u = ±1): -Width must be even, got {o.Width}.");
        if ((long)o.Width * train.Dimension > 200_000_000L)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter",
                $"-Width {o.Width} × {train.Dimension} inputs is more than 2e8 weights; use a narrower net.");
        train.EnsureFinite();
        var task = train.Generator as SparseParityGenerator;
        double biasRange = double.IsNaN(o.BiasRange) ? (task?.K ?? 1) + 1.0 : o.BiasRange;
        Dataset? monitor = task is not null && o.MonitorSamples > 0
            ? ((IDataGenerator)task).Sample(o.MonitorSamples, Rng.ForStream(o.Seed, RandomStreams.ParityNetMonitor), context.Cancellation) : null;
        var clock = Stopwatch.StartNew();
        var run = o.Algorithm == ParityAlgorithm.TwoPhase
            ? TwoPhase(train, o, biasRange, monitor, task, context)
            : Minibatch(train, o, monitor, task, context);
        return run with { Seconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>
    /// Phase 1: from W = 0 and paired units (same b_i ~ U[−B, B], u = +1 and −1, so f ≡ 0 and every margin is active),
    /// one full-batch step W ← −η1 ∇_W L. Its row i is η1 u_i 1{b_i &gt; 0} Ê[y x]: ≈ η1/2 on A under D_A, O(1/√N) off A.
    /// Phase 2: with W, b fixed, full-batch GD on u from 0 (a convex problem) with step η2 / L, L = mean ‖φ(x)‖², for at
    /// least Steps steps and then until the training loss stops falling or fits every training sample
    /// (<see cref="LossPlateauRule"/>), at most MaxSteps.
    /// </summary>
    private static ParityNetFit TwoPhase(Dataset train, ParityNetOptions o, double biasRange, Dataset? monitor, SparseParityGenerator? task, FitContext context)
    {
        int q = o.Width, d = train.Dimension, n = train.Count, half = q / 2;
        var rng = Rng.ForStream(o.Seed, RandomStreams.ParityNetInit);
        var w = new double[(long)q * d];
        var b = new double[q];
        var u = new double[q];
        for (int i = 0; i < half; i++)
        {
            b[i] = b[i + half] = biasRange * (2 * rng.NextDouble() - 1);
            u[i] = 1; u[i + half] = -1;
        }
        var gW = new double[w.Length];
        var gB = new double[q];
        var gU = new double[q];
        var pre = new double[q];
        for (int r = 0; r < n; r++)
            AccumulateGradient(train.Row(r), train.Y[r], w, b, u, d, o.Loss, pre, gW, gB, gU);
        // W0 = 0, so the step is W1 = −η1 · (1/N) Σ ∇_W loss.
        TensorPrimitives.Multiply(gW, -o.FirstStep / n, w);
        context.Report(0.05, "first-layer step done; training the second layer");

        var phi = Features(train, w, b, q, context.Cancellation);
        var phiMonitor = monitor is null ? null : Features(monitor, w, b, q, context.Cancellation);
        double meanSq = TensorPrimitives.SumOfSquares(phi) / n;
        double step = (double.IsNaN(o.LearningRate) ? 10.0 : o.LearningRate) / Math.Max(meanSq, 1e-12);
        Array.Clear(u);
        var grad = new double[q];
        var history = new List<ParityTrainingPoint>();
        long toTarget = -1;
        int every = Math.Max(1, o.Steps / o.HistoryPoints);
        var model = new ParityNetModel(q, d, w, b, u);
        double subsetMass = task is null ? double.NaN : model.SubsetMass(task.Subset);
        long done = 0;
        // The convex second-layer problem needs a budget that follows its convergence: a fixed 2000 steps left the hinge
        // loss at 0.10–0.29 at n = 25, k = 5, N = 3000 although the first step had found the subset.
        int cap = Math.Max(o.Steps, o.MaxSteps);
        // Also stop once the mean training loss is below ℓ(0)/N: every training sample is then classified correctly.
        double fitted = (o.Loss == ParityLoss.Hinge ? 1.0 : Math.Log(2)) / n;
        var plateau = new LossPlateauRule(o.ConvergenceWindow, o.ConvergenceTolerance, fitted);
        for (int t = 0; t <= cap; t++)
        {
            context.ThrowIfCancelled();
            Array.Clear(grad);
            double loss = 0;
            for (int r = 0; r < n; r++)
            {
                var row = phi.AsSpan(r * q, q);
                double y = train.Y[r], f = TensorPrimitives.Dot(row, u);
                loss += LossAndSlope(y * f, o.Loss, out double slope);
                if (slope != 0) TensorPrimitives.MultiplyAdd(row, slope * y / n, grad, grad);
            }
            loss /= n;
            bool converged = plateau.Observe(t, loss) && t >= o.Steps;
            bool last = converged || t == cap;
            // Past Steps, one history point per convergence window keeps the history short up to the cap.
            if (t <= o.Steps ? t % every == 0 || t == o.Steps : t % o.ConvergenceWindow == 0 || last)
            {
                double acc = phiMonitor is null ? double.NaN : FeatureAccuracy(phiMonitor, monitor!.Y, u, q);
                history.Add(new ParityTrainingPoint(t, t, loss, acc, subsetMass));
                context.Report(0.05 + 0.95 * Math.Min(1.0, (double)t / Math.Max(1, o.Steps)), $"step {t}: loss {loss:F4}, accuracy {acc:F3}");
                if (toTarget < 0 && acc >= o.TargetAccuracy) { toTarget = t; done = t; break; }
            }
            if (last) { done = t; break; }
            // u ← u − η (∇ + λu); the gradient of the mean loss is Σ slope·y·φ / N (slope = dℓ/dm, m = y f).
            TensorPrimitives.MultiplyAdd(u, o.WeightDecay, grad, grad);
            TensorPrimitives.MultiplyAdd(grad, -step, u, u);
            if (!double.IsFinite(u[0])) throw new DivergenceException($"The second-layer GD diverged at step {t}; lower -LearningRate.");
        }
        return new ParityNetFit(model, history, done, toTarget, 0);
    }

    private static ParityNetFit Minibatch(Dataset train, ParityNetOptions o, Dataset? monitor, SparseParityGenerator? task, FitContext context)
    {
        int q = o.Width, d = train.Dimension, n = train.Count;
        var rng = Rng.ForStream(o.Seed, RandomStreams.ParityNetInit);
        // PyTorch-style uniform initialisation: fan-in scaled.
        double s1 = 1 / Math.Sqrt(d), s2 = 1 / Math.Sqrt(q);
        var w = new double[(long)q * d];
        var b = new double[q];
        var u = new double[q];
        for (int i = 0; i < w.Length; i++) w[i] = s1 * (2 * rng.NextDouble() - 1);
        for (int i = 0; i < q; i++) { b[i] = s1 * (2 * rng.NextDouble() - 1); u[i] = s2 * (2 * rng.NextDouble() - 1); }
        var model = new ParityNetModel(q, d, w, b, u);
        var gW = new double[w.Length]; var gB = new double[q]; var gU = new double[q];
        bool adam = o.Algorithm == ParityAlgorithm.Adam;
        double lr = double.IsNaN(o.LearningRate) ? (adam ? 0.01 : 0.1) : o.LearningRate;
        var adamW = adam ? new AdamState(w.Length) : null;
        var adamB = adam ? new AdamState(q) : null;
        var adamU = adam ? new AdamState(q) : null;
        var pre = new double[q];
        var hidden = new double[q];
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        rng.Shuffle(order);
        int cursor = 0, batch = Math.Min(o.BatchSize, n);
        var history = new List<ParityTrainingPoint>();
        long toTarget = -1, done = 0;
        int every = Math.Max(1, o.Steps / o.HistoryPoints);
        double runningLoss = double.NaN;
        for (long t = 0; t <= o.Steps; t++)
        {
            context.ThrowIfCancelled();
            if (t % every == 0 || t == o.Steps)
            {
                double acc = monitor is null ? double.NaN : Accuracy(model, monitor, hidden);
                double mass = task is null ? double.NaN : model.SubsetMass(task.Subset);
                history.Add(new ParityTrainingPoint(t, (double)t * batch / n, runningLoss, acc, mass));
                context.Report((double)t / Math.Max(1, o.Steps), $"step {t}: accuracy {acc:F3}, subset mass {mass:F3}");
                if (toTarget < 0 && acc >= o.TargetAccuracy) { toTarget = t; done = t; break; }
            }
            if (t == o.Steps) { done = t; break; }
            Array.Clear(gW); Array.Clear(gB); Array.Clear(gU);
            double loss = 0;
            for (int j = 0; j < batch; j++)
            {
                if (cursor == n) { rng.Shuffle(order); cursor = 0; }
                int r = order[cursor++];
                loss += AccumulateGradient(train.Row(r), train.Y[r], w, b, u, d, o.Loss, pre, gW, gB, gU);
            }
            runningLoss = double.IsNaN(runningLoss) ? loss / batch : 0.95 * runningLoss + 0.05 * loss / batch;
            double scale = 1.0 / batch;
            Update(w, gW, scale, o.WeightDecay, lr, adamW, t + 1);
            Update(b, gB, scale, 0, lr, adamB, t + 1);
            Update(u, gU, scale, o.WeightDecay, lr, adamU, t + 1);
            if (!double.IsFinite(runningLoss) || !double.IsFinite(u[0]))
                throw new DivergenceException($"{o.Algorithm} diverged at step {t}; lower -LearningRate.");
        }
        return new ParityNetFit(model, history, done, toTarget, 0);
    }

    /// <summary>Adds the gradient of one sample's loss to (gW, gB, gU) and returns the loss; no allocation.</summary>
    internal static double AccumulateGradient(ReadOnlySpan<double> x, double y, double[] w, double[] b, double[] u, int d,
        ParityLoss loss, Span<double> pre, Span<double> gW, Span<double> gB, Span<double> gU)
    {
        int q = b.Length;
        double f = 0;
        for (int i = 0; i < q; i++)
        {
            pre[i] = TensorPrimitives.Dot(w.AsSpan(i * d, d), x) + b[i];
            if (pre[i] > 0) f += u[i] * pre[i];
        }
        double value = LossAndSlope(y * f, loss, out double slope);
        if (slope == 0) return value;
        double dl = slope * y; // dℓ/df
        for (int i = 0; i < q; i++)
        {
            if (pre[i] <= 0) continue;
            gU[i] += dl * pre[i];
            double c = dl * u[i];
            gB[i] += c;
            TensorPrimitives.MultiplyAdd(x, c, gW.Slice(i * d, d), gW.Slice(i * d, d));
        }
        return value;
    }

    /// <summary>ℓ(m) and dℓ/dm for the margin m = y f.</summary>
    internal static double LossAndSlope(double margin, ParityLoss loss, out double slope)
    {
        if (loss == ParityLoss.Hinge)
        {
            slope = margin < 1 ? -1 : 0;
            return Math.Max(0, 1 - margin);
        }
        // log(1 + e^{−m}) and −σ(−m), written to stay finite for large |m|.
        slope = -1 / (1 + Math.Exp(margin));
        return margin > 0 ? double.LogP1(Math.Exp(-margin)) : -margin + double.LogP1(Math.Exp(margin));
    }

    /// <summary>A plain or Adam step on p; g (the batch's summed gradient) is overwritten on the Adam path.</summary>
    private static void Update(double[] p, double[] g, double scale, double decay, double lr, AdamState? adam, long t)
    {
        if (adam is null)
        {
            for (int i = 0; i < p.Length; i++) p[i] -= lr * (g[i] * scale + decay * p[i]);
            return;
        }
        for (int i = 0; i < p.Length; i++) g[i] = g[i] * scale + decay * p[i];
        adam.Step(p, g, lr, t);
    }

    /// <summary>φ(x) = relu(W x + b) for every row (N × q).</summary>
    private static double[] Features(Dataset data, double[] w, double[] b, int q, CancellationToken cancel)
    {
        var phi = new double[(long)data.Count * q];
        DenseMath.MultiplyABt(data.X, data.Count, data.Dimension, w, q, phi, cancel);
        for (int r = 0; r < data.Count; r++)
        {
            var row = phi.AsSpan(r * q, q);
            TensorPrimitives.Add(row, b, row);
            TensorPrimitives.Max(row, 0.0, row);
        }
        return phi;
    }

    private static double FeatureAccuracy(double[] phi, double[] y, double[] u, int q)
    {
        int correct = 0;
        for (int r = 0; r < y.Length; r++)
            if (TensorPrimitives.Dot(phi.AsSpan(r * q, q), u) * y[r] > 0) correct++;
        return (double)correct / y.Length;
    }

    private static double Accuracy(ParityNetModel model, Dataset data, double[] hidden)
    {
        int correct = 0;
        for (int r = 0; r < data.Count; r++)
            if (model.Output(data.Row(r), hidden) * data.Y[r] > 0) correct++;
        return (double)correct / data.Count;
    }
}
