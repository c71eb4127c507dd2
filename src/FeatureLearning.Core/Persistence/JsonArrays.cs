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

    /// <summary>An array of finite values (weights, data); NaN or infinity makes the file corrupt.</summary>
    public static double[] Read(JsonElement parent, string name)
    {
        var values = ReadAny(parent, name);
        int bad = Array.FindIndex(values, v => !double.IsFinite(v));
        if (bad >= 0)
            throw new FeatureLearningException("FeatureLearning.CorruptFile",
                $"The array '{name}' holds {values[bad]} at position {bad}; weights and data must be finite (a diverged model cannot be loaded).",
                ErrorKind.InvalidData);
        return values;
    }

    /// <summary>An array that may hold NaN (a history's unmeasured points).</summary>
    public static double[] ReadAny(JsonElement parent, string name)
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

/// <summary>Enum values in files by name only: a number or an unknown name is a corrupt file, not a silent default.</summary>
internal static class JsonEnums
{
    public static T Read<T>(JsonElement parent, string name) where T : struct, Enum
    {
        var e = parent.GetProperty(name);
        if (e.ValueKind == JsonValueKind.String && Enum.TryParse<T>(e.GetString(), ignoreCase: false, out var value)
            && Enum.IsDefined(value) && !char.IsDigit(e.GetString()![0]) && e.GetString()![0] != '-')
            return value;
        throw new FeatureLearningException("FeatureLearning.CorruptFile",
            $"'{name}' is {e}, not one of {string.Join(", ", Enum.GetNames<T>())}.", ErrorKind.InvalidData);
    }
}
