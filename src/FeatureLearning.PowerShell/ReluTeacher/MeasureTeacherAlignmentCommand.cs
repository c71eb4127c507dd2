using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.ReluTeacher;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.ReluTeacher;

/// <summary>
/// <para type="synopsis">Shows which hidden directions of its task a model's first layer learned: for each direction (a row w*_i of the teacher's W*, a cluster direction, a row of U, a parity bit), the unit with the largest |cos(w_j, w*_i)|.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "TeacherAlignment")]
[OutputType(typeof(DirectionAlignment))]
public sealed class MeasureTeacherAlignmentCommand : FeatureLearningCmdlet
{
    /// <summary>A model with a first layer (it carries its task's generator).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public TrainedModel Model { get; set; } = null!;

    /// <summary>A dataset from New-AbsTeacherTask (or its generator) whose W* to compare with; default: the model's task.</summary>
    [Parameter]
    public object? Teacher { get; set; }

    protected override void ProcessRecord()
    {
        GuardItem(() =>
        {
            var net = Model.GetModel() as IFirstLayerModel ?? throw new FeatureLearningException("FeatureLearning.WrongModel",
                $"-Model must have a first layer of units (a net, random features, a one-step or tangent-kernel model); a {Model.ToRow().Learner} model has none.");
            // The best unit's output weight is shown where the model has one weight per unit (the wide ReLU net).
            double[] outputWeights = Model.GetModel() is WideReluNet wide ? wide.A : Enumerable.Repeat(double.NaN, net.Width).ToArray();
            var source = Teacher is PSObject ps ? ps.BaseObject : Teacher;
            var generator = source switch
            {
                null => Model.GetGenerator(),
                Dataset data => data.Generator,
                TrainedModel t => t.GetGenerator(),
                IDataGenerator g => g,
                _ => throw new FeatureLearningException("FeatureLearning.NoGenerator",
                    "-Teacher must be a dataset of a task (New-AbsTeacherTask, New-GaussianMixture, ...), its generator, or a model trained on one."),
            };
            var directions = (generator as ISignalDirections)?.Directions ?? throw new FeatureLearningException("FeatureLearning.NoGenerator",
                "The model's task has no hidden directions (user data); pass -Teacher with data of a task.");
            if (generator!.Dimension != net.InputDimension)
                throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                    $"The net has input dimension {net.InputDimension} but the teacher has {generator.Dimension}.");
            var weights = (generator as AbsTeacherGenerator)?.A;
            foreach (var row in TeacherAlignment.PerDirection(net.FirstLayer, outputWeights, net.InputDimension, directions, weights, Cancellation))
                WriteObject(row);
        }, Model);
    }
}
