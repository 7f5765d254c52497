# SPDX-License-Identifier: AGPL-3.0-or-later
"""Nothing silently accepted: XES role flags work or exit 2, --baseline with other weights exits 2, a
command module that fails to import stops the program, and every output file gets the umask's mode."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap

import pytest
from conftest import SAMPLE_LOGS, dataset

from rpa_finder.cli import main
from rpa_finder.commands.options import refuse_baseline_with_weights
from rpa_finder.config import AnalysisConfig
from rpa_finder.errors import UsageError
from rpa_finder.ingest import read_log
from rpa_finder.output.files import current_umask
from rpa_finder.scoring.scorer import AutomationScorer
from rpa_finder.read_options import ReadOptions

BPIC3 = "bpic2015/BPIC15_3.xes.gz"


def _cli(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(args)
    out, err = capsys.readouterr()
    return done.value.code, out, err


def test_an_xes_role_flag_naming_no_attribute_exits_2(capsys):
    code, out, err = _cli(["validate", str(dataset(BPIC3)), "--activity", "bogus", "--lang", "en"], capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "'bogus' given for activity not found" in lines[0] and "activityNameEN" in lines[0]


def test_an_xes_role_flag_maps_to_that_attribute_key():
    codes = read_log(dataset(BPIC3)).log
    english = read_log(dataset(BPIC3), ReadOptions().with_overrides(activity="activityNameEN")).log
    assert english.n_events == codes.n_events
    assert len(english.activities) == 277 and len(codes.activities) == 383  # codes vs English names
    assert "01_HOOFD_010" in set(codes.activities) and "01_HOOFD_010" not in set(english.activities)


def test_baseline_with_other_weights_is_refused_but_agreeing_weights_pass():
    config = AnalysisConfig()
    weighted = AnalysisConfig(candidates=config.candidates.__class__(
        **{**config.candidates.__dict__, "weights": {"frequency": 3.0}}))
    refuse_baseline_with_weights(weighted, None, None)  # no baseline: the config's weights apply
    refuse_baseline_with_weights(config, AutomationScorer(weights={"frequency": 1.0}), None)  # config sets none
    refuse_baseline_with_weights(weighted, AutomationScorer(weights={"frequency": 3.0}), None)
    with pytest.raises(UsageError, match=r"\[weights\] would be ignored") as caught:
        refuse_baseline_with_weights(weighted, AutomationScorer(weights={"frequency": 1.0}), "analysis.toml")
    assert caught.value.exit_code == 2


def test_a_command_module_that_fails_to_import_is_not_dropped():
    code = textwrap.dedent("""
        import sys
        sys.modules["rpa_finder.commands.history"] = None  # importing it now raises ImportError
        import rpa_finder.cli
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    # the very case the old loop skipped as "not built yet": ModuleNotFoundError naming the command module
    assert done.returncode != 0
    assert "ModuleNotFoundError: import of rpa_finder.commands.history" in done.stderr


@pytest.mark.parametrize("mask", [0o022, 0o002])
def test_every_output_file_gets_the_umasks_mode(tmp_path, capsys, mask):
    old = os.umask(mask)
    try:
        assert current_umask() == mask
        code, out, err = _cli(["analyze", str(SAMPLE_LOGS / "ostolaskut.csv"), "-o", str(tmp_path / "out")], capsys)
    finally:
        os.umask(old)
    assert code == 0, err
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert "report.html" in modes and len(modes) > 3
    assert set(modes.values()) == {0o666 & ~mask}, modes
