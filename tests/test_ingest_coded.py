# SPDX-License-Identifier: AGPL-3.0-or-later
"""The shortcuts that make ingest fast must give exactly what the plain per-row code gives."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from rpa_finder.ingest.assemble import _sort_order
from rpa_finder.ingest.coded_text import Coded, encode_text, narrow, sorted_categorical
from rpa_finder.ingest.timestamps import parse_text_codes, parse_timestamps
from rpa_finder.privacy import _PREFILTER, _maybe_codes

ALPHABET = list("aAäÄzZ0 9-_é\u00a0\u2013")


def _random_coded(rng: np.random.Generator) -> Coded:
    texts = ["".join(rng.choice(ALPHABET, rng.integers(0, 5))) for _ in range(rng.integers(1, 60))]
    labels = pd.Series(pd.unique(pd.Series(texts)), dtype="str")
    return Coded(narrow(rng.integers(-1, len(labels), rng.integers(0, 80)), len(labels)), labels)


@pytest.mark.parametrize("seed", range(3))
def test_coded_operations_equal_the_row_by_row_ones(seed):
    rng = np.random.default_rng(seed)
    for _ in range(50):
        coded = _random_coded(rng)
        rows = coded.decode()
        pd.testing.assert_series_equal(sorted_categorical(coded), rows.astype("category"))
        canonical = coded.canonical()
        codes, uniques = pd.factorize(rows)
        assert canonical.codes.tolist() == codes.tolist() and canonical.labels.tolist() == list(uniques)
        stripped = coded.map(lambda texts: texts.str.strip().str.lower().replace("", np.nan))
        pd.testing.assert_series_equal(stripped.decode(), rows.str.strip().str.lower().replace("", np.nan))
        pd.testing.assert_series_equal(encode_text(rows).decode(), rows)


def test_run_sort_equals_lexsort():
    rng = np.random.default_rng(7)
    for trial in range(300):
        if trial % 2:  # whole cases in blocks, each in time order: the fast path
            lengths = rng.integers(1, 6, rng.integers(1, 8))
            codes = np.repeat(rng.permutation(len(lengths)), lengths)
            nanos = np.concatenate([np.sort(rng.integers(0, 5, n)) for n in lengths])
        else:
            codes, nanos = rng.integers(0, 5, 40), rng.integers(0, 5, 40)
        rows = rng.integers(1, 4, len(codes)) if trial % 5 == 0 else np.arange(1, len(codes) + 1)
        order = _sort_order(codes, nanos, rows)
        expected = np.lexsort((rows, nanos, codes))
        assert (np.arange(len(codes)) if order is None else order).tolist() == expected.tolist()


def test_digit_run_prefilter_keeps_every_possible_code():
    rng = np.random.default_rng(3)
    alphabet = list("0123456789-+AKa ") + ["\u2013", "\u2212", "x"]
    texts = ["".join(rng.choice(alphabet, rng.integers(0, 16))) for _ in range(30_000)]
    texts += ["131052-308T", "131052\u2013308t", "OL-2025-000001-K1", None]
    chunked = pd.Series(pa.chunked_array([texts[:7001], texts[7001:]], type=pa.large_string()).to_pandas())
    for values in (pd.Series(texts, dtype="str"), chunked, chunked.iloc[9000:]):
        candidates = set(_maybe_codes(values).tolist())
        assert set(np.flatnonzero(values.str.contains(_PREFILTER, na=False)).tolist()) <= candidates


def test_digit_runs_across_neighbouring_texts_are_no_candidates():
    # Event ids lie end to end in Arrow's buffer ("E100000E100001..."): six digits, a letter and three
    # digits run across two texts. Taking them for candidates sent 80% of a 1M-event log's ids to the regex.
    ids = pd.Series([f"E{n}" for n in range(100_000, 160_000)], dtype="str")
    assert len(_maybe_codes(ids)) == 0
    ids[[7, 40_000]] = ["E100007 131052-308T", "131052-308T"]
    assert _maybe_codes(ids).tolist() == [7, 40_000]


def test_mostly_distinct_timestamps_read_row_by_row_equal_the_distinct_reading():
    times = pd.Timestamp("2025-03-29") + pd.to_timedelta(np.arange(60_000) * 97, unit="s")
    texts = pd.Series(times.strftime("%d.%m.%Y %H:%M:%S"), dtype="str")
    texts[[5, 9]] = [None, "31.02.2025 10:00:00"]
    fast = parse_timestamps(texts, column="Aikaleima", file="x.csv")
    codes, uniques = pd.factorize(texts)
    slow = parse_text_codes(codes, pd.Series(uniques, dtype="str"), column="Aikaleima", file="x.csv")
    pd.testing.assert_series_equal(fast.values, slow.values)
    pd.testing.assert_series_equal(fast.invalid, slow.invalid)
    assert (fast.format, fast.date_only, fast.date_only_share) == (slow.format, slow.date_only, slow.date_only_share)
    assert fast.invalid.sum() == 1 and fast.values.isna().sum() == 2
