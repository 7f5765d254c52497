# SPDX-License-Identifier: AGPL-3.0-or-later
"""Excel workbooks (.xlsx) -> RawTable: cell values as Excel stored them, never formulas.

Datetime cells are naive wall-clock times and stay naive, so the common step localises them with the
export's time zone.  Numbers stay numbers (a numeric timestamp column is an Excel serial date).  Case,
activity, resource and lifecycle columns become text so that ids compare the same in every format.
"""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import BadDataError, Message, UsageError
from ..read_options import ReadOptions
from .bounded import check_zip_ratios
from .headers import clean_headers, resolve_roles
from .raw import RawTable

__all__ = ["read_excel"]

_TEXT_ROLES = ("case", "activity", "resource", "lifecycle")


def _open_sheet(path: Path, sheet: str | None, file: str):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            check_zip_ratios(archive, file)  # before openpyxl inflates a bomb's sheet
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise BadDataError(Message("cannot open as an Excel workbook ({error})", error=exc.__class__.__name__), file=file,
                           fix="open it in Excel and save it again as .xlsx, or export CSV") from None
    names = workbook.sheetnames
    if sheet is None:
        sheet = names[0]
    elif sheet not in names:
        workbook.close()
        raise UsageError(Message("sheet {sheet!r} not found; sheets are {sheets}", sheet=sheet, sheets=", ".join(names)),
                         file=file, fix=Message("pass {option} with one of these names", option="--sheet"))
    return workbook, workbook[sheet], sheet


def _as_text(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    text = str(value)
    return text if text.strip() else None


def _column(values: pd.Series, as_text: bool) -> pd.Series:
    """One typed column: datetimes, numbers or booleans when every cell agrees, else text."""
    values = values.where(values.map(lambda v: not (isinstance(v, str) and not v.strip())), None)
    present = values.dropna()
    kinds = set(present.map(type))
    if not as_text and kinds:
        if kinds <= {dt.datetime, dt.date}:
            return pd.to_datetime(values, errors="coerce").astype("datetime64[ns]")
        if kinds <= {int, float}:
            numbers = pd.to_numeric(values)
            if kinds == {int} and numbers.notna().all():
                return numbers.astype("int64")
            return numbers.astype("float64") if kinds != {int} else numbers.astype("Int64")
        if kinds == {bool}:
            return values.astype("boolean")
    return values.map(_as_text).astype("str")


def read_excel(path: Path, options: ReadOptions) -> RawTable:
    """Read the first sheet (or ``options.sheet``) of an .xlsx export; row numbers are Excel's own.

    >>> raw = read_excel(Path("tapahtumat.xlsx"), ReadOptions(sheet="Tapahtumat"))   # doctest: +SKIP
    >>> raw.source_rows[:2]   # doctest: +SKIP
    array([2, 3])
    """
    path = Path(path)
    file = str(path)
    workbook, worksheet, sheet = _open_sheet(path, options.sheet, file)
    try:
        worksheet.reset_dimensions()  # some writers store a wrong sheet size; read what is really there
        rows = list(worksheet.iter_rows(values_only=True))
    finally:
        workbook.close()
    width = max(map(len, rows), default=0)  # after reset_dimensions rows end at their last filled cell
    cells = pd.DataFrame([tuple(row) + (None,) * (width - len(row)) for row in rows], dtype=object)
    filled = cells.notna() & ~cells.map(lambda v: isinstance(v, str) and not v.strip())
    nonempty = np.flatnonzero(filled.any(axis=1).to_numpy())
    if not len(nonempty):
        raise BadDataError(Message("sheet {sheet!r} is empty", sheet=sheet), file=file,
                           fix="pass --sheet with the sheet that holds the events")
    header_at = int(nonempty[0])
    names = clean_headers(cells.iloc[header_at].tolist())
    details = {"sheet": sheet, "header_row": str(header_at + 1)}
    roles = resolve_roles(names, options.columns.given(), file=file, notes=details)
    body = cells.iloc[header_at + 1:]
    keep = filled.iloc[header_at + 1:].any(axis=1).to_numpy()
    source_rows = (np.arange(len(body), dtype="int64") + header_at + 2)[keep]
    body = body.loc[keep].reset_index(drop=True)
    text_columns = {roles[r] for r in _TEXT_ROLES if r in roles}
    frame = pd.DataFrame({
        name: _column(body[position] if position in body.columns else pd.Series([None] * len(body), dtype=object),
                      name in text_columns)
        for position, name in enumerate(names)
    })
    extra = [c for c in body.columns if c >= len(names) and body[c].notna().any()]
    if extra:
        details["cells_without_header"] = f"{len(extra)} column(s) right of the header were ignored"
    blank = int((~keep).sum())
    if blank:
        details["blank_rows"] = str(blank)
    return RawTable(events=frame, source_rows=source_rows, roles=roles, details=details)
