using System.Globalization;

namespace FeatureLearning.Reports;

/// <summary>Classifies the plain values of a <see cref="ReportTable"/>: which are numbers, and their text.</summary>
public static class CellValue
{
    /// <summary>True for CLR numeric types (not strings: a string stays a string in the sheet).</summary>
    public static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case double d: number = d; return true;
            case float f: number = f; return true;
            case int i: number = i; return true;
            case long l: number = l; return true;
            case short s: number = s; return true;
            case byte b: number = b; return true;
            case sbyte sb: number = sb; return true;
            case ushort us: number = us; return true;
            case uint ui: number = ui; return true;
            case ulong ul: number = ul; return true;
            case decimal m: number = (double)m; return true;
            default: number = double.NaN; return false;
        }
    }

    /// <summary>A number for the summary: numeric values, and strings that parse as invariant numbers (Import-Csv rows).</summary>
    public static bool TryNumberOrNumericText(object? value, out double number) =>
        TryNumber(value, out number)
        || (value is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out number));

    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
