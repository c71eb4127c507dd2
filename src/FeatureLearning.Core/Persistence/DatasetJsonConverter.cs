using System.Text.Json;
using System.Text.Json.Serialization;
using FeatureLearning.Core.Data;

namespace FeatureLearning.Core.Persistence;

/// <summary>User data inside a sweep plan: {"dimension", "x", "y"} with the arrays as exact base64 doubles. Only data
/// without a task travels this way (a task's data is redrawn from its record).</summary>
public sealed class DatasetJsonConverter : JsonConverter<Dataset>
{
    public override Dataset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        int d = root.GetProperty("dimension").GetInt32();
        var x = JsonArrays.Read(root, "x");
        var y = JsonArrays.Read(root, "y");
        if (d < 1 || x.Length != (long)y.Length * d)
            throw new JsonException($"The data has {x.Length} values for {y.Length} rows of dimension {d}.");
        TaskType? type = root.TryGetProperty("taskType", out _) ? JsonEnums.Read<TaskType>(root, "taskType") : null;
        var data = new Dataset(x, y, d, null, 0, type);
        data.EnsureFinite();
        return data;
    }

    public override void Write(Utf8JsonWriter writer, Dataset value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("dimension", value.Dimension);
        writer.WriteString("taskType", value.TaskType.ToString());
        JsonArrays.Write(writer, "x", value.X);
        JsonArrays.Write(writer, "y", value.Y);
        writer.WriteEndObject();
    }
}
