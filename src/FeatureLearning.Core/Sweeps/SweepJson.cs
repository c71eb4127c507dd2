using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureLearning.Core.Sweeps;

/// <summary>The JSON settings shared by plans, results and sweep-job files.</summary>
internal static class SweepJson
{
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented) => new(Persistence.SpecJson.Options)
    {
        WriteIndented = indented,
    };
}
