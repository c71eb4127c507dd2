using System.Diagnostics;
using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Theory;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.SpikedRf;

/// <summary>Shared parameters of the one-step network and the direct sRF: width, first batch, step, ridge, activation.</summary>
public abstract class OneStepCmdlet : LearnerCmdlet
{
    /// <summary>p; defaults to d (or β·d with -Beta).</summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int Width { get; set; }

    /// <summary>β = p/d, used when -Width is not given.</summary>
    [Parameter]
    public double Beta { get; set; } = double.NaN;

    /// <summary>n0, the size of the gradient-step batch; defaults to α0·d.</summary>
    [Parameter]
    [ValidateRange(0, 10_000_000)]
    public int FirstBatch { get; set; } = -1;

    /// <summary>α0 = n0/d.</summary>
    [Parameter]
    public double Alpha0 { get; set; } = 0.5;

    /// <summary>η̃, the giant-step size (rows of norm 1 move by O(η̃)); 0 = random features at initialisation.</summary>
    [Parameter]
    public double StepSize { get; set; } = 1.0;

    [Parameter]
    public double Ridge { get; set; } = 0.01;

    [Parameter]
    public Activation Activation { get; set; } = Activation.Tanh;

    protected OneStepOptions Options()
    {
        int d = Data.Dimension;
        int p = Width;
        if (p == 0)
        {
            double beta = double.IsNaN(Beta) ? 1.0 : Beta;
            if (!double.IsFinite(beta) || beta <= 0 || beta * d > 100_000)
                throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Beta = p/d must be positive with β·d ≤ 100000, got {Beta}.");
            p = Math.Max(1, (int)Math.Round(beta * d));
        }
        int n0 = FirstBatch;
        if (n0 < 0)
        {
            if (!double.IsFinite(Alpha0) || Alpha0 < 0 || Alpha0 * d > 10_000_000)
                throw new FeatureLearningException("FeatureLearning.InvalidAlpha0", $"-Alpha0 = n0/d must be non-negative with α0·d ≤ 1e7, got {Alpha0}.");
            n0 = (int)Math.Round(Alpha0 * d);
        }
        return new OneStepOptions { Width = p, FirstBatch = n0, StepSize = StepSize, Ridge = Ridge, Activation = Activation, Seed = Seed };
    }

    /// <summary>Fits, measures on fresh test data, and writes the TrainedModel with the spike's flat properties added.</summary>
    protected void FitAndWriteWithSpike(string activity, Func<FitContext, (OneStepNetworkModel Model, SpikedRfParameters? Spike, string Settings)> fit)
    {
        Guard(() =>
        {
            if (TestData is not null && TestData.Dimension != Data.Dimension)
                throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                    $"-TestData has dimension {TestData.Dimension} but the training data has {Data.Dimension}.");
            var clock = Stopwatch.StartNew();
            var (model, spike, settings) = fit(Context(activity));
            var trained = TrainedModel.Create(model, Data, Seed, clock.Elapsed.TotalSeconds, TestSamples, TestData, null, settings, Cancellation);
            CompleteProgress(activity);
            var output = PSObject.AsPSObject(trained);
            output.Properties.Add(new PSNoteProperty("Width", model.Width));
            output.Properties.Add(new PSNoteProperty("StepSize", StepSize));
            output.Properties.Add(new PSNoteProperty("SpikeOverlap", model.SpikeOverlap));
            output.Properties.Add(new PSNoteProperty("SpikeStrength", model.SpikeStrength));
            output.Properties.Add(new PSNoteProperty("MeanRowNormSquared", model.MeanRowNormSquared));
            output.Properties.Add(new PSNoteProperty("r", spike?.R ?? double.NaN));
            output.Properties.Add(new PSNoteProperty("c", spike?.C ?? double.NaN));
            output.Properties.Add(new PSNoteProperty("gamma", spike?.Gamma ?? double.NaN));
            WriteObject(output);
        }, Data);
    }

    /// <summary>The sRF parameters the theory assigns to this step, when the data come from a single-index task.</summary>
    protected SpikedRfParameters? TheorySpike(OneStepOptions o) =>
        Data.Generator is FeatureLearning.Core.Data.SingleIndexGenerator g
            ? SpikedRfParameters.FromOneStep(Activation, g.Link, g.Noise, o.StepSize, (double)o.FirstBatch / Data.Dimension)
            : null;
}
