# SPDX-License-Identifier: AGPL-3.0-or-later
"""The first thing ingest does to a reader's rows: mask identity codes in every text column.

Text columns that repeat values (and every role column) come out as :class:`~.coded.Coded`, so the
codes are masked once per distinct text and later steps (stripping, parsing, sorting) work on the
distinct texts too.  Mostly unique free text stays a Series: a regex prefilter is cheaper there than
hashing a million texts.  Either way no raw identity code survives this step.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from ..privacy import mask_distinct_texts, mask_identity_codes
from .coded_text import Coded, encode_text, from_categorical
from .parallel import map_columns

__all__ = ["Column", "mask_columns", "as_coded", "take_rows", "materialise"]

Column = Coded | pd.Series
_HEAD = 10_000


_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default "str" dtype


def _text_categories(values: pd.Series) -> bool:
    return isinstance(values.dtype, pd.CategoricalDtype) and values.cat.categories.dtype == _STR


def _repetitive(values: pd.Series) -> bool:
    """Whether the first rows repeat values (distinct texts are then far fewer than rows)."""
    head = values.iloc[:_HEAD]
    return len(values) <= 5 * _HEAD or head.nunique() <= len(head) // 5


def _mask_coded(coded: Coded, key: bytes) -> tuple[Coded, bool]:
    masked, changed = mask_distinct_texts(coded.labels, key)
    if not changed.any():
        return coded, False
    held = bool((changed & coded.used()).any())
    return coded.relabel(masked), held


def _mask_column(name: str, values: pd.Series, key: bytes, coded_wanted: bool,
                 as_text: bool) -> tuple[Column, bool]:
    """(the masked column, whether it held a code)."""
    coded = None
    if values.dtype == _STR and (coded_wanted or _repetitive(values)):
        coded = encode_text(values)
    elif _text_categories(values) and (coded_wanted or as_text):
        coded = from_categorical(values)
    if coded is not None:
        return _mask_coded(coded, key)
    column, count = mask_identity_codes(values, key)
    if as_text:  # a categorical with non-text categories that stands for text
        column = as_coded(column)
    return column, count > 0


def mask_columns(frame: pd.DataFrame, key: bytes, *, text_columns: frozenset[str], roles: set[str],
                 then: dict[str, Callable[[Column], object]] | None = None
                 ) -> tuple[dict[str, Column], list[str], dict[str, object]]:
    """Every column with identity codes masked: name -> Coded or Series; the columns that held codes;
    and what ``then[name]`` returned for the masked column ``name``.

    ``text_columns`` are categoricals that stand for plain text (they are coded, never kept categorical);
    ``roles`` columns are coded whatever their dtype, so their texts are handled once per distinct value.
    ``then`` holds work that needs only one masked column (parsing its timestamps): it runs on the
    same thread right after that column is masked, while other columns are still being masked.
    """
    then = then or {}
    names = [str(name) for name in frame.columns]
    series = [frame.iloc[:, position] for position in range(len(names))]  # taken here, not on the threads

    def work(position: int):
        name = names[position]
        column, hit = _mask_column(name, series[position], key, name in roles, name in text_columns)
        return column, hit, (then[name](column) if name in then else None)

    done = map_columns(work, range(len(names)))
    columns = {name: column for name, (column, _, _) in zip(names, done)}
    held = [name for name, (_, hit, _) in zip(names, done) if hit]
    return columns, held, {name: result for name, (_, _, result) in zip(names, done) if name in then}


def as_coded(column: Column) -> Coded:
    """A role column as codes into its texts, as ``values.astype("str")`` reads them."""
    if isinstance(column, Coded):
        return column
    if isinstance(column.dtype, pd.CategoricalDtype):
        return from_categorical(column)
    if isinstance(column.dtype, pd.StringDtype):
        return encode_text(column)
    return encode_text(column.astype("str"))


def take_rows(column: Column, rows: np.ndarray | None) -> Column:
    """The rows at ``rows`` (None: all), index reset."""
    if rows is None:
        return column if isinstance(column, Coded) else column.reset_index(drop=True)
    if isinstance(column, Coded):
        return column.take(rows)
    return column.iloc[rows].reset_index(drop=True)


def materialise(column: Column) -> pd.Series:
    """Rows as a Series: a coded column decodes to text (str dtype)."""
    return column.decode() if isinstance(column, Coded) else column
