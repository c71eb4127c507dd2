using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Theory;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.SpikedRf;

/// <summary>
/// <para type="synopsis">Computes the asymptotic test error of ridge on spiked random features (one-step network) for each alpha = n/d.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "SpikedRandomFeaturesTheory", DefaultParameterSetName = "Step")]
[OutputType(typeof(SpikedRfTheoryRow))]
public sealed class GetSpikedRandomFeaturesTheoryCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public double[] Alpha { get; set; } = Array.Empty<double>();

    [Parameter]
    public double Beta { get; set; } = 1.0;

    [Parameter(ParameterSetName = "Step")]
    public double Alpha0 { get; set; } = 0.5;

    /// <summary>η̃; 0 gives random features at initialisation.</summary>
    [Parameter(ParameterSetName = "Step")]
    public double StepSize { get; set; } = 1.0;

    [Parameter(Mandatory = true, ParameterSetName = "Spike")]
    public double SpikeStrength { get; set; }

    [Parameter(ParameterSetName = "Spike")]
    public double BulkVariance { get; set; } = 1.0;

    [Parameter(ParameterSetName = "Spike")]
    public double Gamma { get; set; } = 1.0;

    [Parameter]
    public double Ridge { get; set; } = 0.01;

    [Parameter]
    public Activation Activation { get; set; } = Activation.Tanh;

    [Parameter]
    public LinkFunction Target { get; set; } = LinkFunction.Tanh;

    [Parameter]
    public double Noise { get; set; }

    [Parameter]
    [ValidateRange(0.0, 0.999)]
    public double Damping { get; set; } = 0.5;

    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int MaxIterations { get; set; } = 20000;

    protected override void ProcessRecord()
    {
        Guard(() =>
        {
            if (Alpha.Length == 0)
                throw new FeatureLearningException("FeatureLearning.InvalidAlpha", "-Alpha needs at least one value.");
            var spike = ParameterSetName == "Spike"
                ? new SpikedRfParameters(SpikeStrength, BulkVariance, Gamma)
                : SpikedRfParameters.FromOneStep(Activation, Target, Noise, StepSize, Alpha0);
            var options = new SpikedRfTheoryOptions
            {
                Activation = Activation, Target = Target, Noise = Noise, Beta = Beta, Ridge = Ridge,
                Damping = Damping, MaxIterations = MaxIterations,
            };
            var theory = new SpikedRandomFeaturesTheory(spike, options);
            double floor = HermiteCoefficients.LinearFloor(Target, Noise);
            const string activity = "sRF learning curve";
            var curve = theory.Curve(Alpha, done => Progress(activity, $"alpha {done} of {Alpha.Length}", (double)done / Alpha.Length), Cancellation);
            CompleteProgress(activity);
            foreach (var point in curve)
                WriteObject(new SpikedRfTheoryRow
                {
                    Alpha = point.Alpha, Beta = Beta, Alpha0 = ParameterSetName == "Spike" ? double.NaN : Alpha0,
                    StepSize = ParameterSetName == "Spike" ? double.NaN : StepSize, Ridge = Ridge,
                    Activation = Activation.ToString(), Target = Target.ToString(), Noise = Noise,
                    TestError = point.TestError, LinearFloor = floor, Iterations = point.Iterations, Residual = point.Residual,
                    Converged = point.Converged, Damping = point.Damping, r = spike.R, c = spike.C, gamma = spike.Gamma,
                });
        });
    }
}
