using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.ReluTeacher;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.ReluTeacher;

/// <summary>
/// <para type="synopsis">Shows which teacher directions a wide ReLU net learned: for each row w*_i of W*, the student unit with the largest |cos(w_j, w*_i)|.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "TeacherAlignment")]
[OutputType(typeof(DirectionAlignment))]
public sealed class MeasureTeacherAlignmentCommand : FeatureLearningCmdlet
{
    /// <summary>A model from Invoke-WideReluNetwork (it carries its task's generator).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public TrainedModel Model { get; set; } = null!;

    /// <summary>A dataset from New-AbsTeacherTask (or its generator) whose W* to compare with; default: the model's task.</summary>
    [Parameter]
    public object? Teacher { get; set; }

    protected override void ProcessRecord()
    {
        Guard(() =>
        {
            var net = Model.Model as WideReluNet ?? throw new FeatureLearningException("FeatureLearning.WrongModel",
                $"-Model must come from Invoke-WideReluNetwork, got a {Model.Learner} model.");
            var source = Teacher is PSObject ps ? ps.BaseObject : Teacher;
            var generator = source switch
            {
                null => Model.Generator,
                Dataset data => data.Generator,
                TrainedModel t => t.Generator,
                IDataGenerator g => g,
                _ => throw new FeatureLearningException("FeatureLearning.NoGenerator",
                    "-Teacher must be a dataset from New-AbsTeacherTask, its generator, or a model trained on one."),
            };
            var directions = (generator as ISignalDirections)?.Directions ?? throw new FeatureLearningException("FeatureLearning.NoGenerator",
                "The model's task has no teacher directions; train on New-AbsTeacherTask data or pass -Teacher.");
            if (generator!.Dimension != net.InputDimension)
                throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                    $"The net has input dimension {net.InputDimension} but the teacher has {generator.Dimension}.");
            var weights = (generator as AbsTeacherGenerator)?.A;
            foreach (var row in TeacherAlignment.PerDirection(net.W, net.A, net.InputDimension, directions, weights, Cancellation))
                WriteObject(row);
        }, Model);
    }
}
