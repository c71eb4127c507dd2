using System.Runtime.Intrinsics;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Learners;

/// <summary>
/// The random features' map from projections f_p·x to features g(f_p·x/√d)/√P as a product's entry map: it runs on
/// each block of the projection product while the block is in L1, instead of on a 256×256 tile read back from L2.
/// ReLU, linear, quadratic and |·| are vectorised here with the arithmetic of <see cref="RandomFeaturesLearner.MapFeatures"/>
/// (scale, g, scale: the same bits); the other activations go through that method, eight entries at a time or in rows.
/// </summary>
internal readonly struct FeatureEntryMap(Activation g, double inputScale, double outputScale) : IEntryMap
{
    public bool Maps => true;

    public Vector512<double> Map(Vector512<double> entries, int i, int j)
    {
        var u = entries * inputScale;
        switch (g)
        {
            case Activation.Relu: u = Vector512.Max(u, Vector512<double>.Zero); break;
            case Activation.Linear: break;
            case Activation.Quadratic: u *= u; break;
            case Activation.Abs: u = Vector512.Abs(u); break;
            default: return EntryMaps.ThroughRow(this, entries, i, j);
        }
        return u * outputScale;
    }

    public void MapRow(Span<double> entries, int i, int j0) => RandomFeaturesLearner.MapFeatures(entries, g, inputScale, outputScale);
}
