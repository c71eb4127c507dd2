using System.Globalization;

namespace FeatureLearning.Reports;

/// <summary>Classifies the plain values of a <see cref="ReportTable"/>: numbers, dates, and their text.</summary>
public static class CellValue
{
    /// <summary>True for CLR numeric types (not strings: numeric text is converted once, by <see cref="ReportTable.WithNumbersFromText"/>).</summary>
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

    /// <summary>A number for the summary: numeric values, and strings that parse as invariant numbers.</summary>
    public static bool TryNumberOrNumericText(object? value, out double number) =>
        TryNumber(value, out number) || (value is string s && TryNumberFromText(s, out number));

    /// <summary>
    /// Numeric text as Import-Csv hands it over ("0.1404", "1e-05", "NaN", "∞"), read in the invariant culture.
    /// Text with a leading zero before a digit ("007", a code) or with surrounding spaces is not a number.
    /// </summary>
    public static bool TryNumberFromText(string text, out double number)
    {
        number = double.NaN;
        if (text.Length == 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])) return false;
        if (text is "∞" or "+∞") { number = double.PositiveInfinity; return true; }
        if (text == "-∞") { number = double.NegativeInfinity; return true; }
        int start = text[0] is '-' or '+' ? 1 : 0;
        if (text.Length > start + 1 && text[start] == '0' && char.IsAsciiDigit(text[start + 1])) return false;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>DateTime and DateTimeOffset (its clock time) values, which the workbook stores as Excel dates.</summary>
    public static bool TryDate(object? value, out DateTime date)
    {
        switch (value)
        {
            case DateTime d: date = d; return true;
            case DateTimeOffset o: date = o.DateTime; return true;
            default: date = default; return false;
        }
    }

    /// <summary>Excel's serial date (days since 1899-12-30) for dates it can show: from 1900-03-01 (Excel's 1900 leap-year bug makes earlier serials wrong) to 9999-12-31.</summary>
    public static bool TryExcelDate(DateTime date, out double serial)
    {
        serial = double.NaN;
        if (date < new DateTime(1900, 3, 1)) return false;
        serial = date.ToOADate();
        return true;
    }

    /// <summary>True for values a cell can hold as they are: numbers, text, booleans, dates, and nothing.</summary>
    public static bool IsPlain(object? value) =>
        value is null or string or bool or DateTime || TryNumber(value, out _);

    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
