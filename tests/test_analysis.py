# SPDX-License-Identifier: AGPL-3.0-or-later
"""The whole pipeline as a library call: results must not depend on the privacy key or row order."""
from __future__ import annotations

import pandas as pd
from conftest import SAMPLE_LOGS

from rpa_finder.analysis import analyze_log
from rpa_finder.config import AnalysisConfig
from rpa_finder.ingest import read_log
from rpa_finder.settings import ReadOptions


def _candidates(key: str) -> pd.DataFrame:
    ingest = read_log(SAMPLE_LOGS / "ostolaskut.csv", ReadOptions(key=key))
    result = analyze_log(ingest, AnalysisConfig(), discover=False)
    return result.scored.candidates.set_index("activity")


def test_scores_do_not_depend_on_the_privacy_key():
    first, second = _candidates("one key"), _candidates("another key")
    pd.testing.assert_series_equal(first["score"], second["score"].reindex(first.index))
    pd.testing.assert_series_equal(first["status"], second["status"].reindex(first.index))
