# SPDX-License-Identifier: AGPL-3.0-or-later
"""Ranking against the generator's ground truth from completion events only (handling time estimated).

The measure and the set-up are those of test_scoring_truth.py; this half is a file of its own to keep
each file's runtime short.
"""
from __future__ import annotations

import pytest

from test_scoring_truth import CASES, check_process


@pytest.mark.parametrize("process", sorted(CASES))
def test_precision_at_k_from_completions_only(process, tmp_path):
    check_process(process, False, tmp_path)
