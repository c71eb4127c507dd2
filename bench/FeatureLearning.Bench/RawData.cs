namespace FeatureLearning.Bench;

/// <summary>Little-endian float64 files (numpy.fromfile reads them), so both sides of a benchmark see the same numbers.</summary>
internal static class RawData
{
    public static void Write(string path, ReadOnlySpan<double> values)
    {
        using var stream = File.Create(path);
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }

    public static double[] Read(string path, long count)
    {
        var values = new double[count];
        using var stream = File.OpenRead(path);
        stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
