namespace FeatureLearning.Core.Theory;

/// <summary>One flat row of the asymptotic sRF learning curve (pipes into Export-Csv / Export-Excel).</summary>
public sealed record SpikedRfTheoryRow
{
    public string Learner { get; init; } = "SpikedRfTheory";
    public double Alpha { get; init; }
    public double Beta { get; init; }
    public double Alpha0 { get; init; }
    public double StepSize { get; init; }
    public double Ridge { get; init; }
    public string Activation { get; init; } = "";
    public string Target { get; init; } = "";
    public double Noise { get; init; }
    public double TestError { get; init; }
    /// <summary>Error of the best linear predictor of σ*: the floor of plain random features.</summary>
    public double LinearFloor { get; init; }
    public int Iterations { get; init; }
    public double Residual { get; init; }
    public bool Converged { get; init; }
    public double Damping { get; init; }
    public double r { get; init; }
    public double c { get; init; }
    public double gamma { get; init; }
}
