using System.Runtime.Intrinsics;

namespace FeatureLearning.Core.Numerics;

/// <summary>
/// A map a tiled product applies to its finished entries before it hands them over: the kernel's map from inner products
/// to kernel values, or nothing. A struct type parameter, so the JIT compiles one product loop per map with the map
/// inlined into it. Both members must do the same arithmetic per entry, so that an entry's value does not depend on
/// whether it was mapped eight at a time or in a row.
/// </summary>
internal interface IEntryMap
{
    /// <summary>False for <see cref="NoEntryMap"/>: lets the JIT drop the map's code.</summary>
    bool Maps { get; }

    /// <summary>Eight finished entries of row <paramref name="i"/>, columns <paramref name="j"/>…j+7.</summary>
    Vector512<double> Map(Vector512<double> entries, int i, int j);

    /// <summary>Finished entries of row <paramref name="i"/> from column <paramref name="j0"/> on, in place.</summary>
    void MapRow(Span<double> entries, int i, int j0);
}

/// <summary>The plain product.</summary>
internal readonly struct NoEntryMap : IEntryMap
{
    public bool Maps => false;

    public Vector512<double> Map(Vector512<double> entries, int i, int j) => entries;

    public void MapRow(Span<double> entries, int i, int j0) { }
}

/// <summary>Helpers for entry maps.</summary>
internal static class EntryMaps
{
    /// <summary>
    /// <see cref="IEntryMap.Map"/> for a map without vector arithmetic of its own: the eight lanes through its
    /// <see cref="IEntryMap.MapRow"/>, so both members do the same arithmetic by construction.
    /// </summary>
    public static Vector512<double> ThroughRow<TMap>(in TMap map, Vector512<double> entries, int i, int j) where TMap : struct, IEntryMap
    {
        Span<double> lanes = stackalloc double[Vector512<double>.Count];
        entries.CopyTo(lanes);
        map.MapRow(lanes, i, j);
        return Vector512.Create<double>(lanes);
    }
}
