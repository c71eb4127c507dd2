using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Theory;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Theory;

/// <summary>
/// <para type="synopsis">Returns the Bayes-optimal error of a dataset's task, or of a mixture given by -Snr (or -Noise) and -Kind.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "BayesOptimalError", DefaultParameterSetName = "Data")]
[OutputType(typeof(double))]
public sealed class GetBayesOptimalErrorCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0, ParameterSetName = "Data")]
    public Dataset Data { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = "Mixture")]
    public double Snr { get; set; }

    /// <summary>The paper's noise σ with unit-norm means: the mixture of -Snr 1/σ².</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Noise")]
    public double Noise { get; set; }

    [Parameter(ParameterSetName = "Mixture")]
    [Parameter(ParameterSetName = "Noise")]
    public MixtureKind Kind { get; set; } = MixtureKind.Xor;

    protected override void ProcessRecord()
    {
        Guard(() =>
        {
            if (ParameterSetName is "Mixture" or "Noise")
            {
                WriteObject(BayesOptimalError.ForMixture(Kind, ParameterSetName == "Noise" ? MixtureNoise.SnrFromNoise(Noise) : Snr));
                return;
            }
            if (Data.Generator is null)
                throw new FeatureLearning.Core.FeatureLearningException("FeatureLearning.NoGenerator",
                    "This dataset has no generator, so its Bayes error is unknown; pass data made by a New-* cmdlet.",
                    FeatureLearning.Core.ErrorKind.InvalidOperation);
            double error = Data.Generator.BayesError;
            if (double.IsNaN(error))
                WriteWarning($"The Bayes error of the {Data.TaskName} task has no closed form here; returning NaN.");
            WriteObject(error);
        }, Data);
    }
}
