# SPDX-License-Identifier: AGPL-3.0-or-later
"""Text columns as codes into their distinct values, so per-value work runs once per distinct value.

A million-row export repeats a few thousand texts: stripping, masking, lower-casing or parsing them
row by row repeats the same work a million times.  A :class:`Coded` column holds one int code per
row and the distinct texts once; every text transformation maps the distinct texts and merges the
ones that became equal, and rows are materialised (one Arrow ``take``) only where a result needs them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["Coded", "encode_text", "from_categorical", "sorted_categorical", "narrow"]


def narrow(codes: np.ndarray, n_labels: int) -> np.ndarray:
    """Codes in the smallest int type that holds them (as pandas keeps categorical codes): less memory."""
    kind = np.int8 if n_labels < 127 else np.int16 if n_labels < 32_767 else np.int32
    return codes if codes.dtype == kind else codes.astype(kind)


@dataclass(frozen=True)
class Coded:
    """One int code per row (-1 = missing) into ``labels``: distinct texts, str dtype, no NA."""

    codes: np.ndarray
    labels: pd.Series
    #: Every label used and in order of first appearance (what ``pd.factorize`` returns).
    canonical_order: bool = False

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def missing(self) -> np.ndarray:
        return self.codes < 0

    @cached_property
    def counts(self) -> np.ndarray:
        """How many rows hold each label."""
        codes = self.codes if not len(self.codes) or self.codes.min() >= 0 else self.codes[self.codes >= 0]
        return np.bincount(codes, minlength=len(self.labels))

    def used(self) -> np.ndarray:
        """Which labels some row refers to."""
        return self.counts > 0

    def map(self, fn: Callable[[pd.Series], pd.Series]) -> "Coded":
        """Apply an elementwise text function to the distinct texts; NaN results become missing."""
        return self.relabel(fn(self.labels))

    def relabel(self, labels: pd.Series) -> "Coded":
        """New text per label (NaN = missing); labels that became equal are merged, order kept."""
        labels = pd.Series(labels, dtype="str").reset_index(drop=True)
        if labels.notna().all() and labels.is_unique:
            return Coded(self.codes, labels, self.canonical_order)
        inverse, distinct = pd.factorize(labels, use_na_sentinel=True)
        lookup = np.append(inverse, -1)  # the last slot: missing stays missing
        codes = narrow(lookup[self.codes], len(distinct))
        return Coded(codes, pd.Series(distinct, dtype="str"), self.canonical_order)

    def take(self, rows: np.ndarray) -> "Coded":
        """The rows at ``rows`` (positions or a boolean mask); labels stay as they are."""
        return Coded(self.codes[rows], self.labels)

    def canonical(self) -> "Coded":
        """Unused labels dropped and the rest in order of first appearance (what ``pd.factorize`` gives)."""
        if self.canonical_order:
            return self
        inverse, distinct = pd.factorize(self.codes)
        at = np.flatnonzero(distinct < 0)
        if len(at):  # -1 (missing) is a value to factorize: take it out again
            inverse = np.where(inverse > at[0], inverse - 1, inverse)
            inverse[self.codes < 0] = -1
            distinct = np.delete(distinct, at[0])
        labels = self.labels.take(distinct).reset_index(drop=True)
        return Coded(narrow(inverse, len(labels)), labels, True)

    def decode(self) -> pd.Series:
        """The texts row by row (str dtype, NaN where missing): one Arrow take."""
        labels = pa.array(self.labels.array) if len(self.labels) else pa.array([], pa.large_string())
        indices = pa.array(self.codes, mask=self.codes < 0, type=pa.from_numpy_dtype(self.codes.dtype))
        return pd.Series(pd.array(labels.take(indices), dtype="str"), copy=False)


def encode_text(values: pd.Series) -> Coded:
    """A str-dtype Series as codes (Arrow's dictionary encoding: first-appearance order, like factorize)."""
    if not len(values):
        return Coded(np.zeros(0, dtype=np.int8), pd.Series([], dtype="str"), True)
    array = values.array.__arrow_array__()
    encoded = pc.dictionary_encode(array)
    if isinstance(encoded, pa.ChunkedArray):  # chunks share one dictionary: concatenating is cheap
        encoded = encoded.combine_chunks()
    indices = encoded.indices.fill_null(-1) if encoded.null_count else encoded.indices
    codes = narrow(indices.to_numpy(zero_copy_only=False), len(encoded.dictionary))
    return Coded(codes, pd.Series(pd.array(encoded.dictionary, dtype="str")), True)


def from_categorical(values: pd.Series) -> Coded:
    """A categorical Series as codes; categories become text (``astype("str")``, merged where two read
    alike), unused ones kept."""
    labels = pd.Series(values.cat.categories).astype("str").reset_index(drop=True)
    return Coded(values.array.codes, labels).relabel(labels)


def sorted_categorical(coded: Coded) -> pd.Series:
    """What ``coded.decode().astype("category")`` gives (sorted categories of the used texts), without
    materialising the rows: the sort runs on the distinct texts only."""
    used = np.flatnonzero(coded.used())
    texts = pa.array(coded.labels.take(used).array, type=pa.large_string())
    ranks = pc.sort_indices(texts).to_numpy()  # code point order, as pandas sorts categories
    lookup = np.full(len(coded.labels) + 1, -1, dtype=narrow(np.zeros(0, np.int64), len(used)).dtype)
    lookup[used[ranks]] = np.arange(len(ranks))  # the last slot: missing stays missing
    categories = pd.Index(pd.array(texts.take(ranks), dtype="str"))
    categorical = pd.Categorical.from_codes(lookup[coded.codes], dtype=pd.CategoricalDtype(categories))
    return pd.Series(categorical, copy=False)
