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
    "ColumnarValues",
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


def search_texts(texts: pd.Series, pattern: str) -> np.ndarray:
    """``texts.str.contains(pattern)`` as a bool array (missing -> False), in C where it is the same.

    pyarrow's RE2 answers for ASCII texts; Python's ``re`` for the others, since ``\\d`` and ``\\s``
    match more there.  The patterns used here mean the same in both on ASCII.
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return texts.str.contains(pattern, regex=True).fillna(False).astype(bool).to_numpy()
    array = pa.array(texts.astype("str"), type=pa.large_string(), from_pandas=True)
    found = pc.fill_null(pc.match_substring_regex(array, pattern), False).to_numpy(zero_copy_only=False)
    other = ~pc.fill_null(pc.string_is_ascii(array), True).to_numpy(zero_copy_only=False)
    if other.any():
        found = found.copy()
        found[other] = texts[other].str.contains(pattern, regex=True).fillna(False).astype(bool).to_numpy()
    return found.astype(bool)


def parse_dates(texts: pd.Series, timezone: str) -> pd.Series:
    """xs:dateTime texts -> datetime64[ns, UTC]; offsets are exact, naive times are local; bad -> NaT."""
    texts = texts.astype("str").str.strip()
    has_offset = search_texts(texts, _OFFSET)
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
    texts = texts.dropna().astype("str")
    if texts.empty:
        return None
    counts = texts.value_counts(sort=False)  # each distinct text tested once
    midnight = search_texts(counts.index.to_series().str.strip(), _MIDNIGHT)
    return float(counts.to_numpy()[midnight].sum() / len(texts))


def convert_values(kind: str, values: np.ndarray, timezone: str) -> pd.Series:
    """A column of texts (None = absent) -> its XES type; unparseable values become missing."""
    texts = _text_series(values)
    if kind == "date":
        return parse_dates(texts, timezone)
    if kind == "int":
        numbers = pd.to_numeric(texts.str.strip(), errors="coerce")
        if numbers.dtype.kind == "u":  # some value above the int64 range: those become missing
            fits = (numbers <= np.iinfo(np.int64).max).to_numpy()
            exact = np.where(fits, numbers.to_numpy(), 0).astype(np.int64)
            return pd.Series(pd.arrays.IntegerArray(exact, ~fits))
        as_float = numbers.astype("float64")
        whole = numbers.notna() & (as_float == np.floor(as_float)) & (as_float.abs() < 2.0**63)
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


def convert_distinct(kind: str, values: np.ndarray, timezone: str) -> pd.Series:
    """:func:`convert_values` computed once per distinct text: the same result, since every
    conversion (number, boolean, date with its offset or the zone's DST rule) reads one value alone."""
    if kind in ("string", "id", "list") or len(values) == 0 or _mostly_distinct(values):
        return convert_values(kind, values, timezone)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) * 2 > len(values):
        return convert_values(kind, values, timezone)
    absent = bool((codes < 0).any())
    distinct = np.empty(len(uniques) + absent, dtype=object)
    distinct[:len(uniques)] = uniques
    if absent:  # only when the column has gaps: a None decides the dtype pandas infers for numbers
        distinct[-1] = None
        codes = np.where(codes < 0, len(uniques), codes)
    typed = convert_values(kind, distinct, timezone)
    return typed.take(codes).reset_index(drop=True)


def _mostly_distinct(values: np.ndarray, sample: int = 2000) -> bool:
    """Whether a column's first texts barely repeat (timestamps): then one pass over all is cheaper."""
    head = values[:sample]
    return len(head) >= 200 and len(set(head.tolist())) * 2 > len(head)


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
            frames[key] = convert_distinct(kind, values, timezone)
            types[key] = kind
        return frames, types

    def written(self, kind: str, key: str) -> tuple[np.ndarray, list[object]] | None:
        """Rows and texts of ``key`` written as ``kind``, in document order; None if never."""
        slot = self.by_kind[kind].get(key)
        return None if slot is None else (np.asarray(slot[0], dtype=np.int64), slot[1])


class ColumnarValues:
    """The same columns as :class:`ValueColumns`, from whole arrays of (tag, key, text, row) at once.

    ``tag_codes`` index ``tag_names`` (XES element names) per attribute, in document order; the typing
    rules, the column order (first appearance) and the winner of a key written twice on one row are
    those of :class:`ValueColumns`, so both parsers give identical frames.
    """

    def __init__(self, tag_codes: np.ndarray, tag_names: list[str], keys: np.ndarray, texts: np.ndarray,
                 rows: np.ndarray) -> None:
        self.key_codes, uniques = pd.factorize(keys)
        self.keys = list(uniques)
        self.order = dict.fromkeys(self.keys)
        self.tag_codes, self.tags = np.asarray(tag_codes), list(tag_names)
        self.texts = texts
        self.rows = np.asarray(rows, dtype=np.int64)

    def _positions(self) -> list[np.ndarray]:
        ordered = np.argsort(self.key_codes, kind="stable")  # per key, in document order
        bounds = np.searchsorted(self.key_codes[ordered], np.arange(len(self.keys) + 1))
        return [ordered[bounds[k]:bounds[k + 1]] for k in range(len(self.keys))]

    def build(self, n_rows: int, timezone: str) -> tuple[dict[str, pd.Series], dict[str, str]]:
        frames: dict[str, pd.Series] = {}
        types: dict[str, str] = {}
        for key, positions in zip(self.keys, self._positions()):
            tag_codes = self.tag_codes[positions]
            written = {XES_TYPES[self.tags[c]]: c for c in np.unique(tag_codes).tolist()}
            kind = merge_kinds(set(written))
            values = np.full(n_rows, None, dtype=object)
            for name in sorted(written):
                chosen = positions[tag_codes == written[name]]
                values[self.rows[chosen]] = self.texts[chosen]
            frames[key] = convert_distinct(kind, values, timezone)
            types[key] = kind
        return frames, types

    def written(self, kind: str, key: str) -> tuple[np.ndarray, list[object]] | None:
        """Rows and texts of ``key`` written as ``kind``, in document order; None if never."""
        if key not in self.order or kind not in self.tags:
            return None
        chosen = (self.key_codes == self.keys.index(key)) & (self.tag_codes == self.tags.index(kind))
        if not chosen.any():
            return None
        return self.rows[chosen], self.texts[chosen].tolist()
