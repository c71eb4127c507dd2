namespace FeatureLearning.Core;

/// <summary>What kind of failure an error is; the PowerShell layer maps it to an ErrorCategory.</summary>
public enum ErrorKind
{
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    ResourceUnavailable,
    NotConverged,
}

/// <summary>
/// An error the user can fix, with a stable identifier scripts can match on (e.g. "FeatureLearning.DimensionMismatch")
/// and a message that says what to change.
/// </summary>
public class FeatureLearningException : Exception
{
    public FeatureLearningException(string errorId, string message, ErrorKind kind = ErrorKind.InvalidArgument, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
    }

    public string ErrorId { get; }

    public ErrorKind Kind { get; }
}

/// <summary>Training blew up (loss or weights not finite, or loss grew by orders of magnitude).</summary>
public sealed class DivergenceException : FeatureLearningException
{
    public DivergenceException(string message) : base("FeatureLearning.Diverged", message, ErrorKind.NotConverged) { }
}
