using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace FeatureLearning.Reports;

/// <summary>
/// Hands out cell style indices for number format codes, reusing an equal format of the workbook's stylesheet
/// (so appending many times does not grow it) and creating a minimal stylesheet for a new workbook.
/// </summary>
internal sealed class WorkbookStyles
{
    // Built-in number formats that every SpreadsheetML reader knows by id.
    private static readonly Dictionary<string, uint> BuiltIn = new() { ["General"] = 0, ["0"] = 1, ["0.00"] = 2, ["0.00E+00"] = 11 };

    private readonly WorkbookStylesPart _part;
    private readonly Dictionary<string, uint> _index = new(StringComparer.Ordinal);
    private bool _changed;

    public WorkbookStyles(WorkbookPart workbook)
    {
        _part = workbook.WorkbookStylesPart ?? workbook.AddNewPart<WorkbookStylesPart>();
        _part.Stylesheet ??= MinimalStylesheet();
        _part.Stylesheet.CellFormats ??= new CellFormats(new CellFormat());
    }

    /// <summary>The style index of a cell with the default font, fill and border and this number format.</summary>
    public uint this[string code]
    {
        get
        {
            if (_index.TryGetValue(code, out uint index)) return index;
            uint formatId = NumberFormatId(code);
            var formats = _part.Stylesheet!.CellFormats!;
            var existing = formats.Elements<CellFormat>().Select((f, i) => (f, i)).FirstOrDefault(p =>
                (p.f.NumberFormatId?.Value ?? 0) == formatId && (p.f.FontId?.Value ?? 0) == 0 && (p.f.FillId?.Value ?? 0) == 0
                && (p.f.BorderId?.Value ?? 0) == 0 && !p.f.HasChildren && (formatId == 0 || p.f.ApplyNumberFormat?.Value == true));
            if (existing.f is not null) index = (uint)existing.i;
            else
            {
                formats.Append(new CellFormat { NumberFormatId = formatId, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true });
                formats.Count = (uint)formats.ChildElements.Count;
                index = formats.Count.Value - 1;
                _changed = true;
            }
            return _index[code] = index;
        }
    }

    /// <summary>The number format code of a style index (for reading cells back: is it a date?).</summary>
    public static string? CodeOf(WorkbookPart workbook, uint styleIndex)
    {
        var sheet = workbook.WorkbookStylesPart?.Stylesheet;
        var format = sheet?.CellFormats?.Elements<CellFormat>().ElementAtOrDefault((int)styleIndex);
        uint id = format?.NumberFormatId?.Value ?? 0;
        var custom = sheet?.NumberingFormats?.Elements<NumberingFormat>().FirstOrDefault(f => f.NumberFormatId?.Value == id);
        if (custom?.FormatCode?.Value is string code) return code;
        return id is >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58 ? "m/d/yyyy" : id == 0 ? "General" : null;
    }

    /// <summary>True for a format that shows a number as a date or time (y, d, h or s outside quotes and brackets).</summary>
    public static bool IsDateFormat(string? code)
    {
        if (code is null) return false;
        bool quoted = false, bracket = false;
        for (int i = 0; i < code.Length; i++)
        {
            char ch = code[i];
            if (ch == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (ch == '\\' || ch == '_' || ch == '*') i++;
            else if (ch == '[') bracket = true;
            else if (ch == ']') bracket = false;
            else if (!bracket && char.ToLowerInvariant(ch) is 'y' or 'd' or 'h' or 's') return true;
        }
        return false;
    }

    public void Save()
    {
        if (_changed) _part.Stylesheet!.Save();
    }

    private uint NumberFormatId(string code)
    {
        if (BuiltIn.TryGetValue(code, out uint id)) return id;
        var formats = _part.Stylesheet!.NumberingFormats;
        var existing = formats?.Elements<NumberingFormat>().FirstOrDefault(f => f.FormatCode?.Value == code);
        if (existing?.NumberFormatId?.Value is uint known) return known;
        if (formats is null)
        {
            formats = new NumberingFormats();
            // <numFmts> is the stylesheet's first child.
            _part.Stylesheet.InsertAt(formats, 0);
        }
        uint next = Math.Max(164u, formats.Elements<NumberingFormat>().Select(f => f.NumberFormatId?.Value ?? 0).DefaultIfEmpty(0u).Max() + 1);
        formats.Append(new NumberingFormat { NumberFormatId = next, FormatCode = code });
        formats.Count = (uint)formats.ChildElements.Count;
        _changed = true;
        return next;
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
