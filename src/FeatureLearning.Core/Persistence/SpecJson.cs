using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace FeatureLearning.Core.Persistence;

/// <summary>
/// The JSON form of learner specs, task records and result rows, shared by model and dataset files and sweep plans:
/// camel-case names, enums by name only (a number is refused, not guessed), unknown members refused, NaN written as
/// "NaN" (unknown Bayes errors in rows; specs themselves refuse NaN when validated).
/// </summary>
public static class SpecJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowOutOfOrderMetadataProperties = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false), new DiagnosticsJsonConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WriteSettingsOnly } },
    };

    /// <summary>
    /// A learner spec is written as its settings only: computed members (Name, DiagnosticNames, EffectiveDenseLimit,
    /// which depends on the machine's memory) would make a plan's identity differ between a login node and a compute
    /// node. They are still read (and ignored), so files that hold them load.
    /// </summary>
    private static void WriteSettingsOnly(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !typeof(Learning.LearnerSpec).IsAssignableFrom(info.Type)) return;
        foreach (var property in info.Properties)
            if (property.Set is null) property.ShouldSerialize = static (_, _) => false;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads a spec, task or row, turning every JSON failure into a FeatureLearningException that names the source.</summary>
    public static T Deserialize<T>(JsonElement element, string source) where T : class
    {
        try
        {
            return element.Deserialize<T>(Options) ?? throw new JsonException("it is empty");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException
            or KeyNotFoundException or FormatException or OverflowException)
        {
            throw new FeatureLearningException("FeatureLearning.CorruptFile", $"{source} is not a readable {typeof(T).Name}: {ex.Message}",
                ErrorKind.InvalidData, ex);
        }
    }
}

/// <summary>Diagnostics as one JSON object {"name": value, ...} (order kept).</summary>
internal sealed class DiagnosticsJsonConverter : JsonConverter<IReadOnlyList<Learning.Diagnostic>>
{
    public override IReadOnlyList<Learning.Diagnostic> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Diagnostics must be an object of name: number.");
        var list = new List<Learning.Diagnostic>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            reader.Read();
            double value = reader.TokenType == JsonTokenType.String
                ? double.Parse(reader.GetString()!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)
                : reader.GetDouble();
            list.Add(new Learning.Diagnostic(name, value));
        }
        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<Learning.Diagnostic> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var d in value) JsonDoubles.Write(writer, d.Name, d.Value);
        writer.WriteEndObject();
    }
}
