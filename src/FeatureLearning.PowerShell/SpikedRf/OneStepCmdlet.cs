using System.Management.Automation;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.SpikedRf;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.SpikedRf;

/// <summary>Shared parameters of the one-step network and the direct sRF: width, first batch, step, ridge, activation.</summary>
public abstract class OneStepCmdlet : LearnerCmdlet
{
    /// <summary>p; defaults to d (or β·d with -Beta).</summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int? Width { get; set; }

    /// <summary>β = p/d, used when -Width is not given.</summary>
    [Parameter]
    public double? Beta { get; set; }

    /// <summary>n0, the size of the gradient-step batch; defaults to α0·d.</summary>
    [Parameter]
    [ValidateRange(0, 10_000_000)]
    public int? FirstBatch { get; set; }

    /// <summary>α0 = n0/d (default 0.5).</summary>
    [Parameter]
    public double? Alpha0 { get; set; }

    /// <summary>η̃, the giant-step size (rows of norm 1 move by O(η̃)); 0 = random features at initialisation.</summary>
    [Parameter]
    public double StepSize { get; set; } = 1.0;

    [Parameter]
    public double Ridge { get; set; } = 0.01;

    [Parameter]
    public Activation Activation { get; set; } = Activation.Tanh;

    /// <summary>The shared settings applied to <paramref name="spec"/>.</summary>
    protected T WithSharedSettings<T>(T spec) where T : OneStepSettings => spec with
    {
        Width = Width, Beta = Beta, FirstBatch = FirstBatch, Alpha0 = Alpha0, StepSize = StepSize, Ridge = Ridge, Activation = Activation,
    };
}
