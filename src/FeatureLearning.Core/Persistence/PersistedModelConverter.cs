using System.Text.Json;
using System.Text.Json.Serialization;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Persistence;

/// <summary>
/// JSON for a model held inside a learner spec (a warm start, frozen features, a trained net's tangent kernel):
/// {"kind": ..., parameters} exactly as a model file stores it, so a spec with weights travels in a sweep plan.
/// </summary>
public sealed class PersistedModelConverter<T> : JsonConverter<T> where T : class, IModel
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
            throw new JsonException($"A {typeof(T).Name} must be an object with a \"kind\".");
        return PersistenceRegistry.ReadModel(kind.GetString()!, root) as T
            ?? throw new JsonException($"The model of kind '{kind.GetString()}' is not a {typeof(T).Name}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (value is not IPersistable persistable)
            throw new FeatureLearningException("FeatureLearning.NotPersistable", $"A {value.Learner} model cannot be stored in a learner spec.",
                ErrorKind.InvalidOperation);
        writer.WriteStartObject();
        writer.WriteString("kind", persistable.PersistenceKind);
        persistable.WriteParameters(writer);
        writer.WriteEndObject();
    }
}
