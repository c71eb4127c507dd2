using System.Runtime.Intrinsics;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Kernels;

/// <summary>
/// Any kernel that is a function of s = x·x'/d and the squared norms, as a product's entry map, entry by entry through
/// <see cref="KernelSpec.Value"/>. The RBF kernel has its vectorised map, <see cref="RbfEntryMap"/>.
/// </summary>
internal readonly struct ScalarKernelEntryMap(KernelSpec kernel, double[] rowNorms, double[] columnNorms, int d) : IEntryMap
{
    public bool Maps => true;

    public Vector512<double> Map(Vector512<double> entries, int i, int j) => EntryMaps.ThroughRow(this, entries, i, j);

    public void MapRow(Span<double> entries, int i, int j0)
    {
        double invD = 1.0 / d, aa = rowNorms[i];
        for (int j = 0; j < entries.Length; j++) entries[j] = kernel.Value(entries[j] * invD, aa, columnNorms[j0 + j]);
    }
}
