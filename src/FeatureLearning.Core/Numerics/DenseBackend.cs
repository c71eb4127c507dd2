namespace FeatureLearning.Core.Numerics;

/// <summary>
/// Chooses the kernels behind DenseMath. The default comes from the environment variable FEATURELEARNING_BLAS
/// (auto, managed or native; auto when unset); <see cref="Use"/> overrides it for the calling flow only, like
/// <see cref="Parallelism.Limit"/>, so a test or a benchmark can compare both in one process.
/// </summary>
public static class DenseBackend
{
    private static readonly AsyncLocal<DenseBackendKind?> s_override = new();

    // Read once; parsed on use so a bad value is a FeatureLearning error at the first dense call, not a type-initialiser failure.
    private static readonly string? s_setting = Environment.GetEnvironmentVariable("FEATURELEARNING_BLAS");

    /// <summary>The requested backend of the calling flow (before falling back).</summary>
    public static DenseBackendKind Requested => s_override.Value ?? Parse(s_setting);

    /// <summary>True when OpenBLAS was found and loaded.</summary>
    public static bool NativeAvailable => OpenBlas.IsAvailable;

    /// <summary>The backend that runs: Managed or Native.</summary>
    public static DenseBackendKind Effective => UseNative ? DenseBackendKind.Native : DenseBackendKind.Managed;

    /// <summary>One line naming the backend in use (and the library, when native).</summary>
    public static string Description => UseNative ? OpenBlas.Description : $"managed AVX2 kernels ({OpenBlas.Description})";

    internal static bool UseNative => Requested switch
    {
        DenseBackendKind.Managed => false,
        DenseBackendKind.Native => OpenBlas.IsAvailable ? true : throw new FeatureLearningException("FeatureLearning.NativeBlasUnavailable",
            $"FEATURELEARNING_BLAS asks for the native backend but {OpenBlas.Description}; install it (apt-get install libopenblas0-pthread) " +
            "or set FEATURELEARNING_BLAS=auto.", ErrorKind.ResourceUnavailable),
        _ => OpenBlas.IsAvailable,
    };

    /// <summary>Uses <paramref name="kind"/> for the calling flow (and the tasks it starts) until disposed.</summary>
    public static IDisposable Use(DenseBackendKind kind)
    {
        var previous = s_override.Value;
        s_override.Value = kind;
        return new Restore(previous);
    }

    internal static DenseBackendKind Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => DenseBackendKind.Auto,
        "managed" => DenseBackendKind.Managed,
        "native" or "openblas" => DenseBackendKind.Native,
        _ => throw new FeatureLearningException("FeatureLearning.InvalidBlasSetting",
            $"FEATURELEARNING_BLAS is '{value}'; set it to auto, managed or native (or unset it).", ErrorKind.InvalidArgument),
    };

    private sealed class Restore(DenseBackendKind? previous) : IDisposable
    {
        public void Dispose() => s_override.Value = previous;
    }
}
