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


def build_workbook(sheets: Mapping[str, pd.DataFrame], *, decisions: Any = None) -> bytes:
    """The workbook's bytes: one sheet per (name, table), in order.

    ``decisions`` (a :class:`~rpa_finder.output.decisions_sheet.DecisionsSheetInput`) adds the Decisions
    sheet people fill in and hand back to ``rpa-finder decisions import``, second in the workbook.
    """
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        _fill(book.create_sheet(title=str(name)[:31]), frame if frame is not None else pd.DataFrame())
    if decisions is not None:
        from .decisions_sheet import add_decisions_sheet

        add_decisions_sheet(book, decisions)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_workbook(path: str | Path, sheets: Mapping[str, pd.DataFrame]) -> Path:
    """Write report.xlsx atomically."""
    from .files import write_text

    return write_text(Path(path), build_workbook(sheets))


# --- the sheets of report.xlsx ------------------------------------------------------------------------
def settings_rows(settings: Mapping[str, Any], language: str = "en") -> list[dict[str, Any]]:
    """settings.json flattened to section, setting, key, value, meaning rows (the assumptions sheet).

    Names and meanings come from the report's table of setting docs in ``language``; the settings
    file's own (English) doc is the fallback for English and for a key without an entry.
    """
    from ..report.texts import SECTION_TEXTS, SETTING_TEXTS

    rows = []
    for section, table in settings.items():
        items = table.items() if isinstance(table, Mapping) and table and section != "handling_minutes" else [(None, table)]
        for key, value in items:
            full = section if key is None else f"{section}.{key}"
            doc = ""
            if isinstance(value, Mapping) and "value" in value:
                value, doc = value["value"], value.get("doc", "")
            name, meaning = SETTING_TEXTS.get(full, {}).get(language, ("", ""))
            rows.append({"section": SECTION_TEXTS.get(section if key is not None else "", {}).get(language, section),
                         "setting": name or full, "key": full, "value": _text(value),
                         "meaning": meaning or (doc if language == "en" else "")})
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
                  settings: Mapping[str, Any], maturity: Any = None, language: str = "fi",
                  realised: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The sheets of report.xlsx, in order: candidates, activities, routines, maturity, assumptions.

    The workbook is read by people, so sheet names, column names and coded values (verdict, kind,
    flags, where a handling time comes from) are in ``language``; candidates.csv keeps the codes.
    """
    sheets = {"candidates": candidates, "activities": activities, "routines": routines}
    if maturity is not None:
        sheets["maturity"] = pd.DataFrame(maturity_rows(maturity, language))
    if realised is not None:  # deployed robots: estimate beside realised hours (issue 16)
        sheets["realised"] = realised
    sheets["assumptions"] = pd.DataFrame(settings_rows(settings, language))
    return {_sheet_name(name, language): localise_frame(frame, language) for name, frame in sheets.items()}


def _sheet_name(name: str, language: str) -> str:
    from ..report.texts import SHEET_TEXTS

    return SHEET_TEXTS.get(name, {}).get(language, name)


def _column_name(column: str, language: str) -> str:
    from ..report.texts import COLUMN_TEXTS, CRITERION_COLUMN_TEXTS
    from ..scoring.criteria import CRITERIA

    if column in COLUMN_TEXTS:
        return COLUMN_TEXTS[column].get(language, column)
    for prefix, texts in CRITERION_COLUMN_TEXTS.items():
        for criterion in CRITERIA:
            if column == f"{prefix}_{criterion.name}":
                return texts[language].format(label=criterion.label[language])
    return column


def localise_frame(frame: pd.DataFrame | None, language: str) -> pd.DataFrame | None:
    """``frame`` with column names and coded values in ``language`` (codes with no text stay as they are)."""
    if frame is None or frame.empty and not len(frame.columns):
        return frame
    from ..report.i18n import FLAG_SHORT
    from ..report.texts import EVIDENCE_TEXTS, KIND_TEXTS, PAYS_WITH_TEXTS, VERDICT_TEXTS

    words = {"verdict": {k: v[language][0] for k, v in VERDICT_TEXTS.items()},
             "status": {k: v[language][0] for k, v in VERDICT_TEXTS.items()} | {"candidate": {"fi": "ehdokas", "sv": "kandidat",
                                                                                             "en": "candidate"}[language]},
             "kind": {k: v[language] for k, v in KIND_TEXTS.items()},
             "handling_evidence": {k: v[language] for k, v in EVIDENCE_TEXTS.items()},
             "scope": {"organisation": {"fi": "koko organisaatio", "sv": "hela organisationen", "en": "whole organisation"}[language]},
             "unit": {"share": {"fi": "osuus", "sv": "andel", "en": "share"}[language],
                      "score": {"fi": "pisteet 0–1", "sv": "poäng 0–1", "en": "score 0–1"}[language]}}
    joined = {"flags": {k: v[language] for k, v in FLAG_SHORT.items()},
              "pays_with": {k: v[language] for k, v in PAYS_WITH_TEXTS.items()}}
    frame = frame.copy()
    for column, table in words.items():
        if column in frame.columns:
            frame[column] = frame[column].map(lambda v, t=table: t.get(v, v) if isinstance(v, str) else v)
    for column, table in joined.items():
        if column in frame.columns:
            frame[column] = frame[column].map(
                lambda v, t=table: "; ".join(t.get(p, p) for p in v.split(";") if p) if isinstance(v, str) else v)
    return frame.rename(columns={c: _column_name(str(c), language) for c in frame.columns})
