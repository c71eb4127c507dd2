using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.ReluTeacher;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.ReluTeacher;

/// <summary>
/// <para type="synopsis">Draws the teacher task y = aᵀ|W*x| + noise of Li, Ma and Zhang (2020): Gaussian inputs, a random orthonormal W*, a non-negative a.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "AbsTeacherTask", DefaultParameterSetName = "Samples")]
[OutputType(typeof(Dataset))]
public sealed class NewAbsTeacherTaskCommand : NewDatasetCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(1, AbsTeacherGenerator.MaxDimension)]
    public int Dimension { get; set; }

    /// <summary>Uniform (a_i = 1/d) or Random (non-negative, normalised to ‖a‖₁ = 1); -A gives the vector itself.</summary>
    [Parameter]
    public TeacherWeightKind Weights { get; set; } = TeacherWeightKind.Uniform;

    /// <summary>The teacher's second layer a (d non-negative values); implies -Weights Given.</summary>
    [Parameter]
    public double[]? A { get; set; }

    /// <summary>Standard deviation of the additive Gaussian label noise.</summary>
    [Parameter]
    public double Noise { get; set; }

    protected override void ProcessRecord()
    {
        int n = SampleCount(Samples, Alpha, Dimension);
        if (A is not null && MyInvocation.BoundParameters.ContainsKey(nameof(Weights)) && Weights != TeacherWeightKind.Given)
            Fail("FeatureLearning.InvalidTeacherWeights", $"-A gives the weights, so -Weights {Weights} contradicts it; drop -Weights.", A);
        if (A is null && Weights == TeacherWeightKind.Given)
            Fail("FeatureLearning.InvalidTeacherWeights", "-Weights Given needs the vector: pass -A with d non-negative values.");
        Guard(() =>
        {
            var generator = new AbsTeacherGenerator(Dimension, A is null ? Weights : TeacherWeightKind.Given, Noise, Seed, A);
            WriteVerbose($"Var f* = {generator.TargetVariance:G4}, kernel floor {generator.KernelFloorMse:G4}.");
            Draw(generator, n);
        });
    }
}
