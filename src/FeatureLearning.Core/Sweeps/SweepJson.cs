using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Sweeps;

/// <summary>The JSON settings shared by plans, results and sweep-job files.</summary>
internal static class SweepJson
{
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        WriteIndented = indented,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // NaN marks "choose automatically" (kernel gamma) and unknown Bayes errors.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowOutOfOrderMetadataProperties = true,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DropLearnerSeed } },
    };

    /// <summary>Learner options carry a Seed that every trial replaces with its own; storing it would only mislead.</summary>
    private static void DropLearnerSeed(JsonTypeInfo info)
    {
        if (info.Type != typeof(TwoLayerNetOptions) && info.Type != typeof(RandomFeaturesOptions)) return;
        for (int i = info.Properties.Count - 1; i >= 0; i--)
            if (info.Properties[i].Name == "seed") info.Properties.RemoveAt(i);
    }
}
