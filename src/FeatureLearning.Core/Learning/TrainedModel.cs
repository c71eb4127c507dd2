using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Learning;

/// <summary>
/// What every learner returns to a user: its measures as one <see cref="ResultRow"/>, the learner's settings, the fitted
/// model, its history and the task's generator, all behind methods rather than properties: the PowerShell layer shows the
/// row's columns as the object's properties (so a model pipes into Export-Csv or Export-Excel like a row, with the
/// columns in the row's order) and nothing heavy is ever flattened into a CSV row or a JSON dump.
/// </summary>
public sealed class TrainedModel
{
    private readonly ResultRow _row;
    private readonly LearnerSpec? _spec;
    private readonly IModel _model;
    private readonly HistoryTable _history;
    private readonly IDataGenerator? _generator;

    public TrainedModel(ResultRow row, LearnerSpec? spec, IModel model, HistoryTable? history, IDataGenerator? generator)
    {
        _row = row;
        _spec = spec;
        _model = model;
        _history = history ?? HistoryTable.Empty;
        _generator = generator;
    }

    /// <summary>The measures as one row (what Compare-Learner would emit for this fit).</summary>
    public ResultRow ToRow() => _row;

    /// <summary>The learner's hyper-parameters (null for a model read from a version-1 file, which did not store them).</summary>
    public LearnerSpec? GetSpec() => _spec;

    /// <summary>The fitted predictor (TwoLayerNet, KernelRidgeModel, FeatureNet, WideReluNet...).</summary>
    public IModel GetModel() => _model;

    public HistoryTable GetHistory() => _history;

    /// <summary>The task the training data came from (null for user data).</summary>
    public IDataGenerator? GetGenerator() => _generator;

    public IReadOnlyList<Diagnostic> GetDiagnostics() => _row.Diagnostics;

    /// <summary>The value of diagnostic <paramref name="name"/>, or NaN.</summary>
    public double Diagnostic(string name) => _row.Diagnostic(name);

    public override string ToString() => _row.ToString();
}
