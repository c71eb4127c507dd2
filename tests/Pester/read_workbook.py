# Reads an .xlsx with openpyxl (an independent reader) and prints what Reports.Tests.ps1 asserts on, as JSON:
# sheet names, tables and ranges, the first rows' cell values and types, and each chart's series.
import json
import sys

import openpyxl

workbook = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": workbook.sheetnames, "tables": {}, "cells": {}, "types": {}, "rows": {}, "charts": {}}
for sheet in workbook.worksheets:
    out["tables"][sheet.title] = dict(sheet.tables.items())
    first = list(sheet.iter_rows(min_row=1, max_row=3))
    out["cells"][sheet.title] = [[cell.value for cell in row] for row in first]
    out["types"][sheet.title] = [[type(cell.value).__name__ for cell in row] for row in first]
    out["rows"][sheet.title] = sheet.max_row
    charts = []
    for chart in sheet._charts:
        series = []
        for s in chart.series:
            title = s.tx.strRef
            series.append({
                "titleRef": title.f,
                "title": title.strCache.pt[0].v if title.strCache and title.strCache.pt else None,
                "x": s.xVal.numRef.f,
                "y": s.yVal.numRef.f,
                "points": len(s.yVal.numRef.numCache.pt),
            })
        charts.append({
            "type": type(chart).__name__,
            "series": series,
            "logX": chart.x_axis.scaling.logBase,
            "logY": chart.y_axis.scaling.logBase,
        })
    out["charts"][sheet.title] = charts
print(json.dumps(out))
