using System.Runtime.InteropServices;
using System.Text.Json;

namespace FeatureLearning.Core.Persistence;

/// <summary>double[] as base64 of little-endian IEEE-754 bytes: exact, compact, and still plain JSON.</summary>
internal static class JsonArrays
{
    public static void Write(Utf8JsonWriter w, string name, ReadOnlySpan<double> values)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Big-endian platforms are not supported.");
        w.WriteBase64String(name, MemoryMarshal.AsBytes(values));
    }

    public static double[] Read(JsonElement parent, string name)
    {
        byte[] bytes = parent.GetProperty(name).GetBytesFromBase64();
        if (bytes.Length % sizeof(double) != 0)
            throw new FeatureLearningException("FeatureLearning.CorruptFile", $"The array '{name}' has {bytes.Length} bytes, not a whole number of doubles.", ErrorKind.InvalidData);
        return MemoryMarshal.Cast<byte, double>(bytes).ToArray();
    }

    public static double[]? ReadOptional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var e) && e.ValueKind != JsonValueKind.Null ? Read(parent, name) : null;
}

/// <summary>Doubles that may be NaN or infinite (JSON numbers cannot): written as the strings "NaN", "Infinity".</summary>
internal static class JsonDoubles
{
    public static void Write(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteString(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static double Read(JsonElement parent, string name)
    {
        var e = parent.GetProperty(name);
        return e.ValueKind == JsonValueKind.String
            ? double.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : e.GetDouble();
    }
}
