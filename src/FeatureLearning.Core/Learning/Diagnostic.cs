namespace FeatureLearning.Core.Learning;

/// <summary>A named number a fit or a task reports beside the errors: an alignment, a spike overlap, the chosen ridge.</summary>
public readonly record struct Diagnostic(string Name, double Value)
{
    public override string ToString() => $"{Name}={Value:G4}";
}
