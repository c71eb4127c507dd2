namespace FeatureLearning.Core.Learning;

/// <summary>
/// The checks every learner applies to its settings, with one error id and messages that say what to change, so a
/// setting is validated the same way whether it came from a cmdlet, a sweep plan or a saved file. NaN is never a
/// value ("choose automatically" is a setting left out).
/// </summary>
public static class HyperParameter
{
    public const string ErrorId = "FeatureLearning.InvalidHyperParameter";

    public static FeatureLearningException Invalid(string message) => new(ErrorId, message);

    public static void Range(string name, int value, int min, int max)
    {
        if (value < min || value > max) throw Invalid($"-{name} must be between {min:N0} and {max:N0}, got {value:N0}.");
    }

    public static void Range(string name, int? value, int min, int max)
    {
        if (value is { } v) Range(name, v, min, max);
    }

    /// <summary>Finite and in [min, max] (inclusive), or (min, max] when <paramref name="exclusiveMin"/>.</summary>
    public static void Range(string name, double value, double min, double max, bool exclusiveMin = false)
    {
        bool ok = double.IsFinite(value) && (exclusiveMin ? value > min : value >= min) && value <= max;
        if (!ok)
            throw Invalid($"-{name} must be a finite number in {(exclusiveMin ? "(" : "[")}{min:G4}, {max:G4}], got {value:G4}." +
                (double.IsNaN(value) ? " Leave the parameter out to let the learner choose it." : ""));
    }

    public static void Range(string name, double? value, double min, double max, bool exclusiveMin = false)
    {
        if (value is { } v) Range(name, v, min, max, exclusiveMin);
    }

    public static void Positive(string name, double value, double max = 1e12) => Range(name, value, 0, max, exclusiveMin: true);

    public static void Positive(string name, double? value, double max = 1e12)
    {
        if (value is { } v) Positive(name, v, max);
    }

    public static void NonNegative(string name, double value, double max = 1e12) => Range(name, value, 0, max);

    public static void NonNegative(string name, double? value, double max = 1e12)
    {
        if (value is { } v) NonNegative(name, v, max);
    }

    /// <summary>An enum value that names a member (a number stored in a file or plan is not one).</summary>
    public static void Defined<T>(string name, T value) where T : struct, Enum
    {
        if (!Enum.IsDefined(value)) throw Invalid($"-{name} must be one of {string.Join(", ", Enum.GetNames<T>())}, got {value}.");
    }

    public static void Finite(string name, IReadOnlyList<double>? values)
    {
        if (values is null) return;
        for (int i = 0; i < values.Count; i++)
            if (!double.IsFinite(values[i])) throw Invalid($"-{name} value {i + 1} is {values[i]}; every value must be finite.");
    }
}
