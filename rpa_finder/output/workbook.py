# SPDX-License-Identifier: AGPL-3.0-or-later
"""report.xlsx: one sheet per table, numbers as numbers, every text cell inert, no formulas.

Activity names come from exports we do not control; a name like ``=HYPERLINK(...)`` must reach the
reader as text.  Each text cell passes through :func:`rpa_finder.output.inert.make_inert`, and
characters that XML cannot hold are dropped, so openpyxl never stores a formula or refuses a file.
"""
from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .inert import make_inert

__all__ = ["build_workbook", "write_workbook", "cell_value", "report_sheets", "settings_rows", "maturity_rows"]

MAX_WIDTH = 60
MIN_WIDTH = 8


def cell_value(value: Any) -> Any:
    """One cell: numbers and booleans stay typed, missing is empty, everything else inert text."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(value) else float(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        value = " -> ".join(map(str, value))
    text = make_inert(str(value))
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _fill(sheet, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = [str(c) for c in frame.columns]
    sheet.append([cell_value(c) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(c) for c in columns]
    for row in frame.itertuples(index=False, name=None):  # a loop per table row, not per event
        values = [cell_value(v) for v in row]
        sheet.append(values)
        widths = [max(w, len(str(v)) if v is not None else 0) for w, v in zip(widths, values)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
    sheet.freeze_panes = "A2"
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            if cell.data_type == "f":  # belt and braces: never a formula in our workbooks
                cell.value = "'" + str(cell.value)
                cell.data_type = "s"


def build_workbook(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """The workbook's bytes: one sheet per (name, table), in order."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        _fill(book.create_sheet(title=str(name)[:31]), frame if frame is not None else pd.DataFrame())
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_workbook(path: str | Path, sheets: Mapping[str, pd.DataFrame]) -> Path:
    """Write report.xlsx atomically."""
    from .files import write_text

    return write_text(Path(path), build_workbook(sheets))


# --- the sheets of report.xlsx ------------------------------------------------------------------------
def settings_rows(settings: Mapping[str, Any]) -> list[dict[str, Any]]:
    """settings.json flattened to section, setting, value, meaning rows (the assumptions sheet)."""
    rows = []
    for section, table in settings.items():
        if not isinstance(table, Mapping):
            rows.append({"section": "", "setting": section, "value": _text(table), "meaning": ""})
            continue
        for key, value in table.items():
            meaning = ""
            if isinstance(value, Mapping) and "value" in value:
                value, meaning = value["value"], value.get("doc", "")
            rows.append({"section": section, "setting": key, "value": _text(value), "meaning": meaning})
    return rows


def _text(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def _pick(value: Any, language: str) -> Any:
    return value.get(language, next(iter(value.values()), "")) if isinstance(value, Mapping) else value


def maturity_rows(maturity: Any, language: str) -> list[dict[str, Any]]:
    """One row per (organisation or process, indicator): level, value, thresholds, why unmeasurable."""
    if not isinstance(maturity, Mapping):
        return [{"item": str(i), "value": _text(v)} for i, v in enumerate(maturity or [])]
    scopes = [maturity.get("organisation")] + list(maturity.get("processes") or [])
    rows = []
    for scope in (s for s in scopes if isinstance(s, Mapping)):
        for indicator in scope.get("indicators") or [{}]:
            rows.append({"scope": scope.get("name"), "level": scope.get("level"),
                         "level_name": _pick(scope.get("level_name"), language),
                         "indicator": _pick(indicator.get("label"), language) or indicator.get("name"),
                         "value": indicator.get("value"), "unit": indicator.get("unit"),
                         "threshold_met": indicator.get("threshold_met"), "threshold_next": indicator.get("threshold_next"),
                         "not_measurable_because": _pick(indicator.get("not_measurable_because"), language)})
    return rows


def report_sheets(*, candidates: pd.DataFrame, activities: pd.DataFrame, routines: pd.DataFrame,
                  settings: Mapping[str, Any], maturity: Any = None, language: str = "fi") -> dict[str, pd.DataFrame]:
    """The sheets of report.xlsx, in order: candidates, activities, routines, maturity, assumptions."""
    sheets = {"candidates": candidates, "activities": activities, "routines": routines}
    if maturity is not None:
        sheets["maturity"] = pd.DataFrame(maturity_rows(maturity, language))
    sheets["assumptions"] = pd.DataFrame(settings_rows(settings))
    return sheets
