using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.MultiIndex;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.MultiIndex;

/// <summary>
/// <para type="synopsis">Maps a dataset through a trained network's first layer: a dataset of features σ(Wx + b) with the same labels.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "LearnedFeatures")]
[OutputType(typeof(Dataset))]
public sealed class GetLearnedFeaturesCommand : FeatureLearningCmdlet
{
    /// <summary>A model from Invoke-TwoPhaseNetwork.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public TrainedModel Model { get; set; } = null!;

    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 1)]
    public Dataset Data { get; set; } = null!;

    protected override void ProcessRecord()
    {
        GuardItem(() =>
        {
            var net = Model.GetModel() as FeatureNet ?? throw new FeatureLearningException("FeatureLearning.WrongModel",
                $"-Model must come from Invoke-TwoPhaseNetwork, got a {Model.ToRow().Learner} model.");
            if (Data.Dimension != net.InputDimension)
                throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                    $"The model expects dimension {net.InputDimension} but the data has {Data.Dimension}; use a task that shares U.");
            var phi = new double[(long)Data.Count * net.Width];
            net.Features(Data.X, Data.Count, phi, Cancellation);
            // The feature dataset has no generator: its rows are a fixed transformation of these samples only.
            WriteObject(new Dataset(phi, (double[])Data.Y.Clone(), net.Width, null, Data.Seed));
        }, Data);
    }
}
