# SPDX-License-Identifier: AGPL-3.0-or-later
"""What a format reader hands to the common ingest step: the file's rows, untouched in meaning.

Each reader (XES, CSV/TSV, Excel, Parquet) only knows its format.  Mapping columns to roles, parsing
text timestamps, masking identity codes and validating happen once, in :mod:`rpa_finder.ingest.normalize`,
so every format gets the same rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..eventlog import AttributeInfo

__all__ = ["RawTable", "REJECT_COLUMNS", "make_rejects"]

#: Columns of every rejects frame and file, before the row's own (masked) fields.
REJECT_COLUMNS = ("source_file", "source_row", "reason")


def make_rejects(source_rows, reasons, source_file: str = "") -> pd.DataFrame:
    """A rejects frame for rows a reader could not turn into events at all."""
    rows = np.asarray(source_rows, dtype="int64")
    reasons = [reasons] * len(rows) if isinstance(reasons, str) else list(reasons)
    return pd.DataFrame({"source_file": source_file, "source_row": rows, "reason": pd.Series(reasons, dtype="str")})


@dataclass
class RawTable:
    """One file's rows as its format gives them, plus what the reader learnt while reading."""

    #: One row per input row (CSV/Excel/Parquet) or per <event> element (XES).  CSV columns are text;
    #: XES, Parquet and Excel columns keep their types (datetimes tz-aware where the file says so).
    events: pd.DataFrame
    #: Original 1-based position of each row: the spreadsheet row number for CSV/Excel (header = 1),
    #: the row number for Parquet, the <event> element number for XES.
    source_rows: np.ndarray
    #: Role -> column name: fixed by the standard keys in XES (concept:name, ...), recognised from the
    #: header (or given by the user) in tabular formats.
    roles: dict[str, str] = field(default_factory=dict)
    #: Case attributes (XES trace attributes), indexed by case id; None for flat formats.
    cases: pd.DataFrame | None = None
    #: Types of attributes as the file declares them (XES); flat formats leave this to inference.
    attributes: dict[str, AttributeInfo] = field(default_factory=dict)
    #: How the file was read: delimiter, encoding, decimal separator, sheet, XES version, ...
    details: dict[str, str] = field(default_factory=dict)
    #: Rows the reader itself could not use (malformed line, event outside a trace, ...), with reasons.
    rejects: pd.DataFrame = field(default_factory=lambda: make_rejects([], []))
    #: Share of timestamps written as exactly midnight (offsets are lost once times are UTC); None: unknown.
    date_only_share: float | None = None
    #: Format-level observations for the validation report (e.g. XES certification level), name -> text.
    notes: dict[str, str] = field(default_factory=dict)
    #: Categorical columns that hold plain text: the reader dictionary-encoded them for speed, and they
    #: leave ingest as text (str), like any other text column.  Other categoricals stay categorical.
    text_columns: frozenset[str] = frozenset()
