namespace FeatureLearning.Core.Parity;

/// <summary>
/// Says when a descent has stopped making progress: at every multiple of <see cref="Window"/> steps it compares the best
/// (lowest) loss seen so far with the best loss at the previous window boundary, and reports a plateau when that best fell
/// by less than <see cref="Tolerance"/> of its previous value. The best rather than the current loss, because full-batch
/// GD on the hinge loss oscillates (the loss can jump by a factor 2 between neighbouring steps) while its running minimum
/// falls steadily. Optionally a loss at or below <see cref="Floor"/> also ends the descent (for a margin loss ℓ, a mean
/// training loss below ℓ(0)/N means every training sample is on the right side of the boundary).
/// </summary>
public sealed class LossPlateauRule
{
    private double _best = double.PositiveInfinity, _bestAtBoundary = double.PositiveInfinity;

    public LossPlateauRule(int window, double tolerance, double floor = 0)
    {
        if (window < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"The convergence window must be at least 1 step, got {window}.");
        if (!double.IsFinite(tolerance) || tolerance < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"The convergence tolerance must be non-negative and finite, got {tolerance}.");
        Window = window;
        Tolerance = tolerance;
        Floor = floor;
    }

    public int Window { get; }

    /// <summary>Relative improvement of the best loss per window below which the descent counts as converged.</summary>
    public double Tolerance { get; }

    /// <summary>A best loss at or below this counts as converged at the next window boundary.</summary>
    public double Floor { get; }

    /// <summary>
    /// Takes the loss at <paramref name="step"/> (call it for every step, starting at 0) and returns true when
    /// <paramref name="step"/> ends a window over which the best loss fell by less than Tolerance (relative), or the best
    /// loss is at or below Floor.
    /// </summary>
    public bool Observe(long step, double loss)
    {
        if (loss < _best) _best = loss;
        if (step == 0) { _bestAtBoundary = _best; return false; }
        if (step % Window != 0) return false;
        // A best of 0 cannot improve: 0 ≤ tol·0 counts as a plateau.
        bool plateau = _bestAtBoundary - _best <= Tolerance * _bestAtBoundary || _best <= Floor;
        _bestAtBoundary = _best;
        return plateau;
    }
}
