using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace FeatureLearning.Core.Numerics;

/// <summary>
/// OpenBLAS (Debian's libopenblas0-pthread, or any libopenblas.so.0 the loader finds) through function pointers.
/// Loaded lazily with NativeLibrary.TryLoad; absent, <see cref="IsAvailable"/> is false and DenseMath stays managed.
/// The library is pinned to one thread: DenseMath parallelises over a fixed tiling itself, so each tile is computed
/// by the same single-threaded kernel whatever the thread count, and results do not depend on it (OpenBLAS's own
/// threaded dpotrf changes its blocking with the thread count). A reference BLAS (no openblas_set_num_threads) is
/// refused: it is slower than the managed kernels.
/// </summary>
internal static unsafe class OpenBlas
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112, Lower = 122, Right = 142, NonUnit = 131;

    private static readonly Lazy<Library?> s_library = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool IsAvailable => s_library.Value is not null;

    /// <summary>Path and openblas_get_config() of the loaded library, or why none was loaded.</summary>
    public static string Description => s_library.Value?.Description ?? s_failure;

    private static string s_failure = "not loaded";

    private sealed class Library
    {
        public required string Description;
        public required delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> Dgemm;
        public required delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void> Dsyrk;
        public required delegate* unmanaged<int, int, int, int, int, int, int, double, double*, int, double*, int, void> Dtrsm;
        public required delegate* unmanaged<byte*, int*, double*, int*, int*, void> Dpotrf;
    }

    private static Library Get() => s_library.Value ?? throw new InvalidOperationException("OpenBLAS is not loaded.");

    /// <summary>C (m×n, ldc) = alpha·A·Bᵀ + beta·C with A m×k (lda) and B n×k (ldb), all row-major.</summary>
    public static void GemmABt(double* a, int lda, double* b, int ldb, double* c, int ldc, int m, int n, int k, double alpha, double beta) =>
        Get().Dgemm(RowMajor, NoTrans, Trans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>C (m×n, ldc) = alpha·Aᵀ·B + beta·C with A k×m (lda) and B k×n (ldb), all row-major.</summary>
    public static void GemmAtB(double* a, int lda, double* b, int ldb, double* c, int ldc, int m, int n, int k, double alpha, double beta) =>
        Get().Dgemm(RowMajor, Trans, NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>Lower triangle of C (n×n, ldc) = alpha·A·Aᵀ + beta·C with A n×k (lda), row-major.</summary>
    public static void SyrkLower(double* a, int lda, double* c, int ldc, int n, int k, double alpha, double beta) =>
        Get().Dsyrk(RowMajor, Lower, NoTrans, n, k, alpha, a, lda, beta, c, ldc);

    /// <summary>Lower triangle of C (n×n, ldc) = alpha·Aᵀ·A + beta·C with A k×n (lda), row-major.</summary>
    public static void SyrkLowerTransposed(double* a, int lda, double* c, int ldc, int n, int k, double alpha, double beta) =>
        Get().Dsyrk(RowMajor, Lower, Trans, n, k, alpha, a, lda, beta, c, ldc);

    /// <summary>B (m×n, ldb) ← B·L⁻ᵀ for lower-triangular L (n×n, ldl), row-major.</summary>
    public static void TrsmRightLowerTrans(double* l, int ldl, double* b, int ldb, int m, int n) =>
        Get().Dtrsm(RowMajor, Right, Lower, Trans, NonUnit, m, n, 1.0, l, ldl, b, ldb);

    /// <summary>
    /// In-place lower Cholesky factor of a row-major n×n block (ld). Row-major lower is column-major upper, so this is
    /// LAPACK dpotrf with uplo 'U' on the same memory, no copy. Returns LAPACK's info (0, or the failing pivot, 1-based).
    /// </summary>
    public static int PotrfLower(double* a, int ld, int n)
    {
        byte uplo = (byte)'U';
        int info = 0;
        Get().Dpotrf(&uplo, &n, a, &ld, &info);
        return info;
    }

    private static Library? Load()
    {
        var tried = new List<string>();
        foreach (var candidate in Candidates())
        {
            if (!NativeLibrary.TryLoad(candidate, out var handle)) { tried.Add(candidate); continue; }
            if (!HasExports(handle))
            {
                tried.Add(candidate + " (not OpenBLAS with CBLAS and LAPACK)");
                NativeLibrary.Free(handle);
                continue;
            }
            string note = "";
            // OpenBLAS picks its kernels from the CPU model when it loads; a model newer than the library (0.3.21 on
            // an Emerald Rapids Xeon here) falls back to Prescott's SSE3 kernels, 2–4× slower than its AVX-512 ones on
            // every dense step. Then load it again with the core the instruction set supports (OPENBLAS_CORETYPE,
            // read by the library's initialiser), unless the user chose one.
            if (CoreName(handle) is var detected && ForcedCore(detected) is { } forced)
            {
                NativeLibrary.Free(handle); // dlclose: unloads it unless someone else holds it (then the first load stays)
                SetNativeEnvironment("OPENBLAS_CORETYPE", forced);
                bool reloaded = NativeLibrary.TryLoad(candidate, out handle);
                SetNativeEnvironment("OPENBLAS_CORETYPE", null);
                if (!reloaded || !HasExports(handle)) { tried.Add(candidate + " (reload failed)"); continue; }
                note = CoreName(handle).Equals(forced, StringComparison.OrdinalIgnoreCase)
                    ? $", core set by the module: OpenBLAS detected {detected} on this CPU"
                    : $" (OpenBLAS detected {detected}; setting OPENBLAS_CORETYPE={forced} did not take: the library was loaded before)";
            }
            NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var setThreads);
            NativeLibrary.TryGetExport(handle, "cblas_dgemm", out var gemm);
            NativeLibrary.TryGetExport(handle, "cblas_dsyrk", out var syrk);
            NativeLibrary.TryGetExport(handle, "cblas_dtrsm", out var trsm);
            NativeLibrary.TryGetExport(handle, "dpotrf_", out var potrf);
            ((delegate* unmanaged<int, void>)setThreads)(1);
            string config = NativeLibrary.TryGetExport(handle, "openblas_get_config", out var getConfig)
                ? Marshal.PtrToStringAnsi((IntPtr)((delegate* unmanaged<byte*>)getConfig)()) ?? "" : "";
            s_core = CoreName(handle);
            return new Library
            {
                Description = $"OpenBLAS {config} core {s_core}{note} ({candidate}), 1 thread per call",
                Dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)gemm,
                Dsyrk = (delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void>)syrk,
                Dtrsm = (delegate* unmanaged<int, int, int, int, int, int, int, double, double*, int, double*, int, void>)trsm,
                Dpotrf = (delegate* unmanaged<byte*, int*, double*, int*, int*, void>)potrf,
            };
        }
        s_failure = "no OpenBLAS found (tried " + string.Join(", ", tried) + "); install libopenblas0-pthread";
        return null;
    }

    private static bool HasExports(IntPtr handle) =>
        NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out _)
        && NativeLibrary.TryGetExport(handle, "cblas_dgemm", out _)
        && NativeLibrary.TryGetExport(handle, "cblas_dsyrk", out _)
        && NativeLibrary.TryGetExport(handle, "cblas_dtrsm", out _)
        && NativeLibrary.TryGetExport(handle, "dpotrf_", out _);

    private static string CoreName(IntPtr handle) =>
        NativeLibrary.TryGetExport(handle, "openblas_get_corename", out var getCore)
            ? Marshal.PtrToStringAnsi((IntPtr)((delegate* unmanaged<byte*>)getCore)()) ?? "" : "";

    // Cores whose double-precision kernels use AVX2/FMA or AVX-512 (the ones worth having on a CPU with them).
    private static readonly string[] s_vectorCores = ["haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"];

    /// <summary>
    /// The core to force when OpenBLAS chose one without AVX2 on a CPU that has AVX2 and FMA (SkylakeX with AVX-512 F,
    /// BW, DQ and VL, Haswell otherwise); null when its choice stands or the user set OPENBLAS_CORETYPE.
    /// </summary>
    internal static string? ForcedCore(string detected)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE")) || detected.Length == 0) return null;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || !Avx2.IsSupported || !Fma.IsSupported) return null;
        if (Array.IndexOf(s_vectorCores, detected.ToLowerInvariant()) >= 0) return null;
        return Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported ? "SkylakeX" : "Haswell";
    }

    /// <summary>The kernels' core name of the loaded OpenBLAS (empty when none is loaded).</summary>
    public static string Core => IsAvailable ? s_core : "";

    private static string s_core = "";

    // .NET keeps its own copy of the environment on Unix: the library's getenv sees only libc's.
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "unsetenv")]
    private static extern int UnsetEnv(string name);

    private static void SetNativeEnvironment(string name, string? value)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        if (value is null) UnsetEnv(name);
        else SetEnv(name, value, 1);
    }

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("FEATURELEARNING_OPENBLAS") is { Length: > 0 } explicitPath) yield return explicitPath;
        if (!OperatingSystem.IsLinux()) yield break;
        yield return "libopenblas.so.0";
        foreach (var flavour in new[] { "openblas-pthread", "openblas-openmp", "openblas-serial" })
            yield return $"/usr/lib/{RuntimeInformation.ProcessArchitecture switch { Architecture.Arm64 => "aarch64", _ => "x86_64" }}-linux-gnu/{flavour}/libopenblas.so.0";
        yield return "libopenblas.so";
    }
}
