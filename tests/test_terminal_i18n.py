# SPDX-License-Identifier: AGPL-3.0-or-later
"""No English on a Finnish or Swedish user's terminal: stage lines, the live line, the summary, --strict failures.

``rpa-finder analyze --lang fi|sv`` is run as a user would, on the bundled sample and on a copy of it
with one unreadable time and one duplicated row, which ``--strict`` (scheduled jobs) turns into a
failure.  Everything it prints, stdout and stderr, goes through the same English detector as the
report (tests/test_report_i18n.py): English words, snake_case keys, English-style numbers.  What comes
from the data (file and folder names, column names, the values the reader recognised) is allowed.
English stays English: the same failure in ``--lang en`` still names the problem and the fix.
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import click
import pytest

from rpa_finder.commands import progress as progress_module
from rpa_finder.ingest import read_log

from conftest import SAMPLE_LOGS
from test_report_i18n import _data_strings, _english, _run


def _broken_sample(folder: Path) -> Path:
    """The sample with one row whose time is not a time and one row exported twice: two warnings."""
    lines = (SAMPLE_LOGS / "ostolaskut.csv").read_text(encoding="utf-8-sig").splitlines()
    fields = lines[-1].split(";")
    fields[2] = "ei aika"
    path = folder / "ostolaskut_rikki.csv"
    path.write_text("\n".join([*lines, ";".join(fields), lines[-1]]) + "\n", encoding="utf-8")
    return path


def _read_strings(path: Path) -> list[str]:
    """What the validation summary shows from the data: the path, the read values, the named columns."""
    report = read_log(path).report
    strings = {str(path), path.name}
    strings |= {re.sub(r" \(\w+\)$", "", str(v)) for v in report.read_details.values()}
    strings |= {c for p in report.problems for c in p.columns}
    return sorted(strings, key=len, reverse=True)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_analyze_prints_nothing_in_english(tmp_path, lang):
    folder = tmp_path / "out"
    code, out, err = _run("analyze", SAMPLE_LOGS / "ostolaskut.csv", "-o", folder, "--lang", lang)
    assert code == 0, err
    stages = [line for line in err.splitlines() if line.startswith("rpa-finder: ")]
    assert len(stages) >= 8  # every stage was shown ...
    data = [str(folder), str(folder.resolve().as_uri()), "report.html", *_data_strings(folder)]  # file names verbatim
    assert _english(err + "\n" + out, data, lang) == []  # ... and none of it, nor the summary, in English


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_strict_failure_says_what_failed_and_what_to_do_in_the_language(tmp_path, lang):
    log = _broken_sample(tmp_path)
    code, out, err = _run("analyze", log, "-o", tmp_path / "out", "--lang", lang, "--strict")
    assert code == 65 and not (tmp_path / "out").exists()
    failing = [line for line in err.splitlines() if " -> " in line]
    assert len(failing) == 2 and all("--" in line.split(" -> ")[1] for line in failing)  # each with a fix to try
    assert any("--date-format" in line for line in failing)
    assert _english(err + "\n" + out, _read_strings(log), lang) == []


def test_strict_failure_stays_english_in_english(tmp_path):
    log = _broken_sample(tmp_path)
    code, _, err = _run("analyze", log, "-o", tmp_path / "out", "--lang", "en", "--strict")
    assert code == 65
    assert "validation failed (with --strict, warnings fail too); nothing was written:" in err
    assert "reading ostolaskut_rikki.csv" in err and "rows read: 3,159; rejected: 1" in err
    failing = [line for line in err.splitlines() if " -> " in line]
    assert any(line.startswith("  warning: rows dropped") and "--date-format" in line for line in failing)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_live_line_on_a_terminal_is_in_the_language(monkeypatch, lang):
    stream = _Terminal()
    monkeypatch.setattr("sys.stderr", stream)

    @click.command(name="analyze")
    def command():
        progress_module.set_language(lang)
        for stage in ("reading log.csv", "scoring activities and routines for automation", "writing out"):
            progress_module.report_progress(stage)

    with pytest.raises(SystemExit):
        command([])
    text = stream.getvalue()
    assert ("jäljellä" if lang == "fi" else "kvar") in text and ("valmis" if lang == "fi" else "klart") in text
    assert _english(text, ["log.csv", "out", "rpa-finder"], lang) == []


def test_scheduled_job_log_lines_stay_english():
    """``run`` sets no language: its stage lines are a log that monitors match, so they stay as written."""
    from rpa_finder.report.i18n import translate_stage

    assert translate_stage("reading log.csv", "en") == "reading log.csv"
    assert translate_stage("run 3: importing 1 export(s) into store.db", "fi") == "run 3: importing 1 export(s) into store.db"
    assert json.dumps(translate_stage("writing out", "sv")) == '"skriver out"'
