# SPDX-License-Identifier: AGPL-3.0-or-later
"""Golden results of the bundled invoice sample: any change to a figure shows up here.

The analysis is deterministic for a given privacy key.  When a change to the method is intended,
regenerate with ``RPA_FINDER_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and review the
diff of ``tests/golden/`` like any other code change.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import SAMPLE_LOGS

from rpa_finder.cli import main

GOLDEN = Path(__file__).parent / "golden" / "ostolaskut.json"
CANDIDATE_FIELDS = ("rank", "kind", "activity", "verdict", "feasibility", "pays_with", "shared_by", "status", "score",
                    "score_rule_basedness", "score_label_semantics", "events_per_year", "handling_minutes",
                    "handling_minutes_low", "handling_minutes_high", "handling_evidence", "hours_per_year",
                    "savings_eur_mid", "net_savings_eur_low", "net_savings_eur_mid", "net_savings_eur_high",
                    "payback_months", "flags")


def _pinned(folder: Path) -> dict:
    candidates = json.loads((folder / "candidates.json").read_text(encoding="utf-8"))
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    mining = json.loads((folder / "mining.json").read_text(encoding="utf-8"))
    rows = [{k: row.get(k) for k in CANDIDATE_FIELDS} for row in candidates]
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float):
                row[key] = round(value, 3)
    maturity = summary.get("maturity") or {}
    return {
        "candidates": rows,
        "totals": summary["totals"],
        "maturity_levels": {p["name"]: p["level"] for p in maturity.get("processes", [])},
        "mining": {k: mining[k] for k in ("events", "cases", "activities", "edges", "variants")},
    }


def test_analyze_results_of_the_invoice_sample_match_the_golden_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RPA_FINDER_KEY", "golden-test-key")
    with pytest.raises(SystemExit) as done:
        main(["analyze", str(SAMPLE_LOGS / "ostolaskut.csv"), "-o", str(tmp_path / "out"), "--lang", "en"])
    assert done.value.code == 0, capsys.readouterr().err
    pinned = _pinned(tmp_path / "out")
    if os.environ.get("RPA_FINDER_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(pinned, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert pinned["mining"] == expected["mining"]
    assert pinned["maturity_levels"] == expected["maturity_levels"]
    assert pinned["totals"] == expected["totals"]
    assert pinned["candidates"] == expected["candidates"]
