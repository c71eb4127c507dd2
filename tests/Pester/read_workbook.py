# Reads an .xlsx with openpyxl (an independent reader) and prints what Reports.Tests.ps1 asserts on, as JSON:
# sheet names and the active one, tables and ranges, every cell's value (a formula's cached value), type, number
# format and formula text, and each chart's series (title, references, cached point counts, error bars).
import json
import sys

import openpyxl

formulas = openpyxl.load_workbook(sys.argv[1])
values = openpyxl.load_workbook(sys.argv[1], data_only=True)


def text(value):
    return value.text if hasattr(value, "text") else value   # array formulas (openpyxl >= 3.1)


def plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


out = {"sheets": formulas.sheetnames, "active": formulas.active.title, "tables": {}, "cells": {}, "types": {},
       "formats": {}, "formulas": {}, "arrays": {}, "rows": {}, "charts": {}}
for sheet in formulas.worksheets:
    cached = values[sheet.title]
    name = sheet.title
    out["tables"][name] = dict(sheet.tables.items())
    rows = list(sheet.iter_rows())
    out["cells"][name] = [[plain(cached[c.coordinate].value) for c in row] for row in rows]
    out["types"][name] = [[type(cached[c.coordinate].value).__name__ for c in row] for row in rows]
    out["formats"][name] = [[c.number_format for c in row] for row in rows]
    out["formulas"][name] = [[text(c.value) if c.data_type == "f" else None for c in row] for row in rows]
    out["arrays"][name] = sorted(getattr(sheet, "formula_attributes", {}).keys())
    out["rows"][name] = sheet.max_row
    charts = []
    for chart in sheet._charts:
        series = []
        for s in chart.series:
            ref = s.tx.strRef if s.tx is not None else None
            bars = s.errBars
            series.append({
                "titleRef": ref.f if ref is not None else None,
                "title": ref.strCache.pt[0].v if ref is not None and ref.strCache and ref.strCache.pt else (s.tx.v if s.tx is not None else None),
                "x": s.xVal.numRef.f,
                "y": s.yVal.numRef.f,
                "points": len(s.yVal.numRef.numCache.pt),
                "yCache": [float(p.v) for p in s.yVal.numRef.numCache.pt],
                "errPlus": bars.plus.numRef.f if bars is not None and bars.plus is not None else None,
                "errMinus": bars.minus.numRef.f if bars is not None and bars.minus is not None else None,
                "errType": bars.errValType if bars is not None else None,
            })
        charts.append({
            "type": type(chart).__name__,
            "series": series,
            "logX": chart.x_axis.scaling.logBase,
            "logY": chart.y_axis.scaling.logBase,
        })
    out["charts"][name] = charts
print(json.dumps(out))
