using System.Globalization;

namespace FeatureLearning.Reports;

/// <summary>
/// The number format of one column, chosen from its values, and the exceptions for single cells: a column of
/// ordinary values shows the typical one with 4 significant digits ("0.0000" for test errors near 0.14); a tiny
/// or huge value in it gets scientific format in its own cell instead of turning the whole column scientific.
/// </summary>
public sealed class ColumnFormat
{
    public const string General = "General";
    public const string Integer = "0";
    public const string Scientific = "0.000E+00";
    public const string Date = "yyyy-mm-dd";
    public const string DateTime = "yyyy-mm-dd hh:mm:ss";
    private const int MaxDecimals = 6;

    private readonly int _decimals;     // -1: integers; -2: scientific for the whole column; -3: no numbers
    private readonly double _smallest;  // below this a nonzero value shows fewer than 2 significant digits

    private ColumnFormat(int decimals, string dateCode)
    {
        _decimals = decimals;
        _smallest = decimals >= 0 ? Math.Pow(10, 1 - decimals) : 0;
        DateCode = dateCode;
    }

    /// <summary>The format of the column's numbers.</summary>
    public string Code => _decimals switch
    {
        -3 => General,
        -2 => Scientific,
        -1 => Integer,
        0 => Integer,
        _ => "0." + new string('0', _decimals),
    };

    /// <summary>The format of the column's dates: with the time only when some value has one.</summary>
    public string DateCode { get; }

    /// <summary>The format of one number of the column.</summary>
    public string CodeFor(double value)
    {
        double a = Math.Abs(value);
        if (_decimals >= 0 && a != 0 && (a < _smallest || a >= 1e7)) return Scientific;
        if (_decimals == -1 && a >= 1e15) return Scientific;
        return Code;
    }

    /// <summary>
    /// Integers as integers; otherwise as many decimals as give the median magnitude 4 significant digits (at most
    /// 6), with single tiny or huge values in scientific format; scientific for the whole column only when most of
    /// its values are below 10⁻³ or from 10⁷ on.
    /// </summary>
    public static ColumnFormat Choose(IEnumerable<double> numbers, IEnumerable<DateTime> dates)
    {
        string dateCode = dates.Any(d => d.TimeOfDay != TimeSpan.Zero) ? DateTime : Date;
        var finite = numbers.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return new ColumnFormat(-3, dateCode);
        if (finite.All(v => v == Math.Round(v) && Math.Abs(v) < 1e15)) return new ColumnFormat(-1, dateCode);
        var magnitudes = finite.Select(Math.Abs).Where(a => a > 0).OrderBy(a => a).ToList();
        if (magnitudes.Count == 0) return new ColumnFormat(-1, dateCode);
        int ordinary = magnitudes.Count(a => a >= 1e-3 && a < 1e7);
        if (ordinary * 2 < magnitudes.Count) return new ColumnFormat(-2, dateCode);
        var typical = magnitudes.Where(a => a >= 1e-3 && a < 1e7).ToList();
        double median = typical[typical.Count / 2];
        int decimals = Math.Clamp(3 - (int)Math.Floor(Math.Log10(median)), 0, MaxDecimals);
        return new ColumnFormat(decimals, dateCode);
    }

    public override string ToString() => Code.ToString(CultureInfo.InvariantCulture);
}
