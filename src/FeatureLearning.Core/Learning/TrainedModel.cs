using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Learning;

/// <summary>
/// What every learner returns to a user: the flat measures of its <see cref="ResultRow"/> as scalar properties (so a
/// model pipes into Export-Csv or Export-Excel like a row), with the learner's settings, the fitted model, its history
/// and the task's generator behind methods, not properties, so they are never flattened into a row or a JSON dump.
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

    public string Learner => _row.Learner;

    public string Settings => _row.Settings;

    public string Task => _row.Task;

    public int D => _row.D;

    public int N => _row.N;

    public double Alpha => _row.Alpha;

    public long Seed => _row.Seed;

    public double TestError => _row.TestError;

    public double TrainError => _row.TrainError;

    public double TestMse => _row.TestMse;

    public double NullError => _row.NullError;

    public double BayesError => _row.BayesError;

    public int TestSamples => _row.TestSamples;

    public double Seconds => _row.Seconds;

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
