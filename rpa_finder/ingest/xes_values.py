# SPDX-License-Identifier: AGPL-3.0-or-later
"""Typed XES attribute values, converted one whole column at a time.

The XES reader collects every value as the text the file wrote; this module turns a column of
such texts into its XES type in one vectorised step, so per-value Python work stays in the parser.
Dates keep the file's offsets: an offset gives the exact instant, a naive time is local wall-clock
time in the configured zone (the project's one DST rule, :func:`~rpa_finder.ingest.wall_clock.localize_naive`).
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from .wall_clock import localize_naive

__all__ = [
    "XES_TYPES",
    "ValueColumns",
    "convert_values",
    "parse_dates",
    "measure_midnight_share",
    "encode_list",
    "merge_kinds",
]

#: XES element name -> attribute type as recorded in AttributeInfo ("container" is a list too).
XES_TYPES = {
    "string": "string",
    "date": "date",
    "int": "int",
    "float": "float",
    "boolean": "boolean",
    "id": "id",
    "list": "list",
    "container": "list",
}

_OFFSET = r"[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?\s*(?:Z|z|[+-]\d\d(?::?\d\d)?)$"
_MIDNIGHT = r"^\d{4}-\d\d-\d\d(?:[T ]00:00(?::00(?:[.,]0+)?)?)?\s*(?:Z|z|[+-]\d\d(?::?\d\d)?)?$"
_NS_MIN = pd.Timestamp.min.tz_localize("UTC")
_NS_MAX = pd.Timestamp.max.tz_localize("UTC")


def merge_kinds(kinds: set[str]) -> str:
    """One type for a key written with several element types: numbers widen to float, else text."""
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds <= {"int", "float"}:
        return "float"
    return "string"


def _text_series(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype="str")


def parse_dates(texts: pd.Series, timezone: str) -> pd.Series:
    """xs:dateTime texts -> datetime64[ns, UTC]; offsets are exact, naive times are local; bad -> NaT."""
    texts = texts.astype("str").str.strip()
    has_offset = texts.str.contains(_OFFSET, regex=True).fillna(False).astype(bool).to_numpy()
    result = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns, UTC]")
    if has_offset.any():
        aware = pd.to_datetime(texts[has_offset], format="ISO8601", utc=True, errors="coerce")
        result[has_offset] = _clip_to_ns(aware)
    naive_mask = ~has_offset & texts.notna().to_numpy()
    if naive_mask.any():
        naive = pd.to_datetime(texts[naive_mask], format="ISO8601", errors="coerce")
        if isinstance(naive.dtype, pd.DatetimeTZDtype):  # cannot happen once offsets are split off
            naive = naive.dt.tz_convert("UTC")
        else:
            naive = localize_naive(naive, timezone)
        result[naive_mask] = _clip_to_ns(naive)
    return result


def _clip_to_ns(values: pd.Series) -> pd.Series:
    """Instants outside the nanosecond range (year 1, 9999) become NaT instead of overflowing."""
    inside = values.isna() | ((values >= _NS_MIN) & (values <= _NS_MAX))
    return values.where(inside).astype("datetime64[ns, UTC]")


def measure_midnight_share(texts: pd.Series) -> float | None:
    """Share of written date values whose written time of day is 00:00:00(.000) (or absent)."""
    texts = texts.dropna().astype("str").str.strip()
    if texts.empty:
        return None
    return float(texts.str.contains(_MIDNIGHT, regex=True).fillna(False).astype(bool).mean())


def convert_values(kind: str, values: np.ndarray, timezone: str) -> pd.Series:
    """A column of texts (None = absent) -> its XES type; unparseable values become missing."""
    texts = _text_series(values)
    if kind == "date":
        return parse_dates(texts, timezone)
    if kind == "int":
        numbers = pd.to_numeric(texts.str.strip(), errors="coerce")
        whole = numbers.notna() & (numbers == np.floor(numbers.astype("float64")))
        return numbers.where(whole).astype("Int64")
    if kind == "float":
        return pd.to_numeric(texts.str.strip(), errors="coerce").astype("float64")
    if kind == "boolean":
        lowered = texts.str.strip().str.lower()
        flags = pd.Series(pd.NA, index=texts.index, dtype="boolean")
        flags[(lowered == "true").fillna(False).to_numpy(dtype=bool)] = True
        flags[(lowered == "false").fillna(False).to_numpy(dtype=bool)] = False
        return flags
    return texts


def encode_list(items: list) -> str:
    """A list/container's children as compact JSON text: [[key, value], ...], nested lists nested."""
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


class ValueColumns:
    """Per-key, per-type lists of (row, text) from the parser: cheap to append, typed once at the end."""

    def __init__(self) -> None:
        self.by_kind: dict[str, dict[str, tuple[list[int], list[object]]]] = {k: {} for k in set(XES_TYPES.values())}
        self.order: dict[str, None] = {}

    def build(self, n_rows: int, timezone: str) -> tuple[dict[str, pd.Series], dict[str, str]]:
        kinds: dict[str, set[str]] = {}
        for kind, columns in self.by_kind.items():
            for key in columns:
                kinds.setdefault(key, set()).add(kind)
        frames: dict[str, pd.Series] = {}
        types: dict[str, str] = {}
        for key in self.order:
            kind = merge_kinds(kinds[key])
            values = np.full(n_rows, None, dtype=object)
            for written in sorted(kinds[key]):  # sorted: a row written twice keeps a stable winner
                rows, texts = self.by_kind[written][key]
                values[np.asarray(rows, dtype=np.int64)] = texts
            frames[key] = convert_values(kind, values, timezone)
            types[key] = kind
        return frames, types
