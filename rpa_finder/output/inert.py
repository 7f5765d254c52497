# SPDX-License-Identifier: AGPL-3.0-or-later
"""Making text cells inert before they reach a spreadsheet.

A cell that starts with = + - @ or a control character is run as a formula by Excel and LibreOffice
(CSV injection).  Activity names and attributes come from exports we do not control, so every text
cell written to CSV or XLSX passes through :func:`make_inert` (numbers are left alone).
"""
from __future__ import annotations

import re

import pandas as pd

__all__ = ["make_inert", "inert_frame", "FORMULA_START"]

FORMULA_START = re.compile(r"^[=+\-@\t\r\n\x00-\x1f]")


def make_inert(value: object) -> object:
    """Prefix a formula-like string with an apostrophe; other values pass unchanged."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text columns (and categorical labels) are inert; numeric columns untouched."""
    out = frame.copy(deep=False)
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            cats = values.cat.categories
            if cats.dtype == object or str(cats.dtype) in ("str", "string"):
                new = [make_inert(c) for c in cats]
                if new != list(cats):
                    out[column] = values.cat.rename_categories(new)
        elif values.dtype == object or str(values.dtype) in ("str", "string"):
            text = values.astype("str")
            risky = text.str.match(FORMULA_START.pattern, na=False)
            if risky.any():
                out[column] = text.mask(risky, "'" + text)
    out.columns = [make_inert(str(c)) for c in out.columns]
    return out
