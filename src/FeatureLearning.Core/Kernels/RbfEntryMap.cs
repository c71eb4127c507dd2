using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Kernels;

/// <summary>
/// The RBF kernel's map as a product's entry map: entry (i, j) = x_i·x'_j becomes
/// exp(−γ·max(0, a_i + b_j − 2·s/d)) with a = ‖x‖²/d, b = ‖x'‖²/d. In registers and in rows it is <see cref="RbfRowMap"/>'s
/// vector arithmetic, so every entry has the same bits whichever way it went.
/// </summary>
internal readonly struct RbfEntryMap(double[] rowNorms, double[] columnNorms, int d, double gamma) : IEntryMap
{
    private readonly double _scale = -2.0 / d, _negGamma = -gamma;

    public bool Maps => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Map(Vector512<double> entries, int i, int j) =>
        RbfRowMap.Map(entries, Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(columnNorms), (nuint)j),
            Vector512.Create(_scale), Vector512.Create(rowNorms[i]), Vector512.Create(_negGamma));

    public void MapRow(Span<double> entries, int i, int j0) =>
        RbfRowMap.Apply(entries, rowNorms[i], columnNorms.AsSpan(j0, entries.Length), d, gamma);
}
