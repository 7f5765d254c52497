# SPDX-License-Identifier: AGPL-3.0-or-later
"""Attribute columns of text exports -> ints, floats or booleans, when every value fits.

Decisions and conversions run on the distinct texts (RE2 in pyarrow, no Python call per value): an
attribute column repeats a few values over a million rows.  A categorical column (dictionary-encoded
by the reader) is judged on the categories its rows use and converted by taking the converted
categories; a plain text column is judged on its distinct values and converted as a whole.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["BOOLEAN_WORDS", "present_texts", "sniff_decimal", "typed_column"]

#: Words read as booleans in attribute columns (Finnish, Swedish, English).
BOOLEAN_WORDS = {"true": True, "false": False, "kyllä": True, "ei": False, "ja": True, "nej": False,
                 "yes": True, "no": False}
_INT = r"[+-]?(?:0|[1-9]\d{0,17})"
_SPACES = " \u00a0\u202f"


def _number_pattern(decimal: str) -> str:
    """A number as exports write it; with a decimal comma, thousands may be grouped by spaces."""
    groups = rf"(?:0|[1-9]\d{{0,2}}(?:[{_SPACES}]\d{{3}})+|[1-9]\d*)" if decimal == "," else r"(?:0|[1-9]\d*)"
    return rf"[+-]?{groups}(?:{re.escape(decimal)}\d+)?(?:[eE][+-]?\d+)?"


def _all_match(present: pa.Array, pattern: str) -> bool:
    """Every value matches.  The head is tried first, so free text fails after a thousand values, and
    the full test runs on the distinct values only."""
    anchored = f"^(?:{pattern})$"
    head = present.slice(0, 1000)
    if not pc.all(pc.match_substring_regex(head, pattern=anchored)).as_py() and len(head):
        return False
    return bool(pc.all(pc.match_substring_regex(pc.unique(present), pattern=anchored)).as_py())


def present_texts(values: pd.Series) -> tuple[pa.Array, np.ndarray | None]:
    """(the non-missing texts of a column, which categories its rows use or None for plain text)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.array.codes
        codes = codes if not len(codes) or codes.min() >= 0 else codes[codes >= 0]  # no copy without gaps
        used = np.bincount(codes, minlength=len(values.cat.categories)) > 0
        return pa.array(values.cat.categories[used].array, type=pa.string()), used
    return pa.array(values.dropna(), type=pa.string()), None


def sniff_decimal(present: list[pa.Array]) -> str:
    """"," when some attribute column holds numbers written with a decimal comma and none with a point.

    ``present``: each attribute column's non-missing texts (:func:`present_texts`).
    """
    votes = {",": 0, ".": 0}
    for texts in present:
        if not len(texts):
            continue
        for decimal in votes:
            if _all_match(texts, _number_pattern(decimal)) and pc.any(pc.match_substring(texts, decimal)).as_py():
                votes[decimal] += 1
    return "," if votes[","] and not votes["."] else "."


def _to_floats(texts: pa.Array, decimal: str) -> np.ndarray:
    plain = pc.replace_substring_regex(texts, pattern=f"[{_SPACES}]", replacement="")
    plain = pc.replace_substring(plain, pattern=decimal, replacement=".")
    return pc.cast(plain, pa.float64()).to_numpy(zero_copy_only=False)


def _booleans(texts: pd.Series) -> pd.Series:
    return texts.str.strip().str.lower().map(BOOLEAN_WORDS).astype("boolean")


def _typed_categorical(values: pd.Series, present: pa.Array, used: np.ndarray, decimal: str) -> pd.Series | None:
    """Converted categories taken row by row; None: the column stays text."""
    labels = pd.Series(values.cat.categories, dtype="str")
    codes = values.array.codes
    missing = codes < 0
    if _all_match(present, _INT):
        numbers = pd.to_numeric(labels.where(used, "0"))  # unused categories need not fit
        if not missing.any():
            ints = numbers.to_numpy()[codes]
            return pd.Series(ints, index=values.index, name=values.name, copy=False).astype("int64")
        # as pandas reads a column with gaps: through float64, then nullable ints
        floats = np.where(missing, np.nan, numbers.to_numpy(dtype="float64")[np.maximum(codes, 0)])
        return pd.Series(floats, index=values.index, name=values.name, copy=False).astype("Int64")
    if _all_match(present, _number_pattern(decimal)):
        floats = _to_floats(pa.array(labels.where(used, "0"), type=pa.string()), decimal)
        return pd.Series(np.where(missing, np.nan, floats[np.maximum(codes, 0)]),
                         index=values.index, name=values.name, copy=False)
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(present))
    if pc.all(pc.is_in(lowered, value_set=pa.array(list(BOOLEAN_WORDS)))).as_py():
        mapped = _booleans(labels)
        return pd.Series(mapped.array.take(codes, allow_fill=True), index=values.index, name=values.name)
    return None


def typed_column(values: pd.Series, decimal: str, present: tuple[pa.Array, np.ndarray | None]) -> pd.Series:
    """Ints, floats or booleans when every non-empty value fits; otherwise the column as it was.

    ``present``: what :func:`present_texts` says of the column.
    """
    present, used = present
    if not len(present):
        return values
    if used is not None:
        typed = _typed_categorical(values, present, used, decimal)
        return values if typed is None else typed
    if _all_match(present, _INT):
        numbers = pd.to_numeric(values)
        return numbers.astype("int64") if numbers.notna().all() else numbers.astype("Int64")
    if _all_match(present, _number_pattern(decimal)):
        floats = _to_floats(pa.array(values, type=pa.string()), decimal)
        return pd.Series(floats, index=values.index, name=values.name, copy=False)
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(pc.unique(present)))
    if pc.all(pc.is_in(lowered, value_set=pa.array(list(BOOLEAN_WORDS)))).as_py():
        # map the distinct texts only, then spread them over the rows (missing stays missing)
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        mapped = _booleans(pd.Series(uniques, dtype="str"))
        return pd.Series(mapped.array.take(codes, allow_fill=True), index=values.index, name=values.name)
    return values
