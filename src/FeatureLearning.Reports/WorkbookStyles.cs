using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace FeatureLearning.Reports;

/// <summary>Number formats a column can take.</summary>
public enum NumberStyle
{
    General,
    Integer,
    Fixed,
    Scientific,
}

/// <summary>
/// Adds the few cell formats the report needs to the workbook's stylesheet (creating a minimal one for a new
/// workbook, extending an existing one in append mode) and hands out their style indices.
/// </summary>
internal sealed class WorkbookStyles
{
    private readonly Dictionary<NumberStyle, uint> _index = new();

    public WorkbookStyles(WorkbookPart workbook)
    {
        var part = workbook.WorkbookStylesPart ?? workbook.AddNewPart<WorkbookStylesPart>();
        var sheet = part.Stylesheet ??= MinimalStylesheet();
        var cellFormats = sheet.CellFormats ??= new CellFormats(new CellFormat());
        var numberFormats = sheet.NumberingFormats ??= new NumberingFormats();
        uint nextCustom = Math.Max(164u, numberFormats.Elements<NumberingFormat>().Select(f => f.NumberFormatId?.Value ?? 0).DefaultIfEmpty(0u).Max() + 1);

        uint Add(uint numberFormatId)
        {
            cellFormats.Append(new CellFormat { NumberFormatId = numberFormatId, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true });
            cellFormats.Count = (uint)cellFormats.ChildElements.Count;
            return cellFormats.Count - 1;
        }
        uint Custom(string code)
        {
            uint id = nextCustom++;
            numberFormats.Append(new NumberingFormat { NumberFormatId = id, FormatCode = code });
            numberFormats.Count = (uint)numberFormats.ChildElements.Count;
            return id;
        }

        _index[NumberStyle.General] = 0;
        _index[NumberStyle.Integer] = Add(1);                 // built-in "0"
        _index[NumberStyle.Fixed] = Add(Custom("0.0000"));
        _index[NumberStyle.Scientific] = Add(Custom("0.000E+00"));
        part.Stylesheet.Save();
    }

    public uint this[NumberStyle style] => _index[style];

    public static string FormatCode(NumberStyle style) => style switch
    {
        NumberStyle.Integer => "0",
        NumberStyle.Fixed => "0.0000",
        NumberStyle.Scientific => "0.000E+00",
        _ => "General",
    };

    /// <summary>Integers as integers; values of ordinary size with four decimals; tiny or huge ones in scientific notation.</summary>
    public static NumberStyle Choose(IEnumerable<double> values)
    {
        bool any = false, integers = true;
        double smallest = double.PositiveInfinity, largest = 0;
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) continue;
            any = true;
            double a = Math.Abs(v);
            if (v != Math.Round(v) || a >= 1e15) integers = false;
            if (a > 0) smallest = Math.Min(smallest, a);
            largest = Math.Max(largest, a);
        }
        if (!any) return NumberStyle.General;
        if (integers) return NumberStyle.Integer;
        return smallest >= 1e-3 && largest < 1e7 ? NumberStyle.Fixed : NumberStyle.Scientific;
    }

    private static Stylesheet MinimalStylesheet() => new(
        new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" })) { Count = 1 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }),
                  new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 }) { Count = 1 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}
