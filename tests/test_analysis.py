# SPDX-License-Identifier: AGPL-3.0-or-later
"""The whole pipeline as a library call: results must not depend on the privacy key or row order."""
from __future__ import annotations

import os

import pandas as pd
import pytest
from conftest import SAMPLE_LOGS, dataset

from rpa_finder.analysis import analyze_log
from rpa_finder.config import AnalysisConfig
from rpa_finder.engine.forked import ForkedCall
from rpa_finder.errors import BadDataError
from rpa_finder.ingest import read_log
from rpa_finder.read_options import ReadOptions


def _candidates(key: str) -> pd.DataFrame:
    ingest = read_log(SAMPLE_LOGS / "ostolaskut.csv", ReadOptions(key=key))
    result = analyze_log(ingest, AnalysisConfig(), discover=False)
    return result.scored.candidates.set_index("activity")


def test_scores_do_not_depend_on_the_privacy_key():
    first, second = _candidates("one key"), _candidates("another key")
    pd.testing.assert_series_equal(first["score"], second["score"].reindex(first.index))
    pd.testing.assert_series_equal(first["status"], second["status"].reindex(first.index))


def test_mining_in_a_forked_child_gives_the_same_analysis_as_in_process():
    ingest = read_log(dataset("receipt_wabo/receipt_WABO_CoSeLoG.xes.gz"), ReadOptions(key="k"))
    serial = analyze_log(ingest, AnalysisConfig(), parallel=False)
    forked = analyze_log(ingest, AnalysisConfig(), parallel=True)
    assert forked.mined.log is ingest.log and forked.mined.instances is not None
    assert forked.mined.summary() == serial.mined.summary()
    assert forked.mined.models.method == serial.mined.models.method
    pd.testing.assert_frame_equal(forked.mined.dfg.edges, serial.mined.dfg.edges)
    pd.testing.assert_frame_equal(forked.mined.cases, serial.mined.cases)
    pd.testing.assert_frame_equal(forked.mined.handovers.edges, serial.mined.handovers.edges)
    pd.testing.assert_frame_equal(forked.scored.candidates, serial.scored.candidates)


def _fails_in_a_child(parent: int) -> int:
    if os.getpid() != parent:
        raise MemoryError("the child ran out of memory")
    return os.getpid()


def _always_fails() -> None:
    raise BadDataError("no cases", file="x.csv", fix="check the export")


def test_a_failed_forked_call_is_run_again_in_the_caller():
    parent = os.getpid()
    assert ForkedCall(_fails_in_a_child, parent).result() == parent
    with pytest.raises(BadDataError, match="no cases"):
        ForkedCall(_always_fails).result()
