# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder validate`` as a script sees it: stdout, stderr, exit codes, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import SAMPLE_LOGS, dataset

from rpa_finder.cli import main


def run(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def test_json_summary_has_the_documented_keys(capsys, tmp_path):
    code, out, err = run(["validate", str(SAMPLE_LOGS / "ostolaskut.csv"), "--json",
                          "--rejects", str(tmp_path / "r.csv")], capsys)
    assert code == 0
    data = json.loads(out)
    assert {"events", "cases", "activities", "resources", "rejected_rows", "problems"} <= set(data)
    assert data["events"] == 3157 and data["cases"] == 400
    assert data["read_details"]["delimiter"] == ";" and data["read_details"]["decimal"] == ","


def test_readable_summary_names_what_was_sniffed(capsys):
    log = str(dataset("receipt_wabo/receipt_WABO_CoSeLoG.csv.gz"))
    code, out, _ = run(["validate", log, "--lang", "en"], capsys)
    assert code == 0
    assert "8,577 events in 1,434 cases" in out
    assert "delimiter=," in out


@pytest.mark.parametrize("args, counts, delimiter", [
    ([], "8\u00a0577 tapahtumaa 1\u00a0434 tapauksessa", "Sarake-erotin=,"),  # Finnish by default, as the report
    (["--lang", "sv"], "8\u00a0577 händelser i 1\u00a0434 ärenden", "Kolumnavgränsare=,"),
])
def test_readable_summary_speaks_finnish_by_default_and_swedish_on_request(args, counts, delimiter, capsys):
    code, out, _ = run(["validate", str(dataset("receipt_wabo/receipt_WABO_CoSeLoG.csv.gz")), *args], capsys)
    assert code == 0
    assert counts in out and delimiter in out
    assert " events " not in out and "delimiter" not in out


@pytest.mark.parametrize("args, code, text", [
    (["validate", "/no/such/file.csv"], 66, "file not found"),
    (["validate", "."], 66, "is a folder"),
    (["validate", "--no-such-flag", "x"], 2, "No such option"),
    (["validate", "SAMPLE", "--timezone", "Nowhere/Land"], 2, "unknown time zone"),
    (["validate", "SAMPLE", "--case", "Nimi"], 2, "Nimi"),
    (["validate", "SAMPLE", "--profile", "/no/profile.toml"], 78, "profile not found"),
])
def test_errors_are_one_line_with_documented_exit_codes(args, code, text, capsys):
    args = [str(SAMPLE_LOGS / "ostolaskut.csv") if a == "SAMPLE" else a for a in args]
    got, out, err = run([*args, "--lang", "en"], capsys)
    assert got == code
    assert text in err
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if line.strip()]) <= 3  # click usage errors add a usage line
    if code != 2 or "--timezone" in args or "--case" in args:  # our errors (not click's parse errors) speak Finnish
        got, _, err = run(args, capsys)
        assert got == code and err.startswith("rpa-finder: virhe: ") and len(err.strip().splitlines()) == 1, err


def test_strict_turns_warnings_into_exit_65(capsys, tmp_path):
    log = dataset("road_traffic_fines/roadtraffic50traces.xes")
    assert run(["validate", str(log)], capsys)[0] == 0
    code, _, err = run(["validate", str(log), "--strict", "--lang", "en"], capsys)
    assert code == 65
    # an XES file's problems count events, not rows, and each failing one says what to do
    failing = [line for line in err.splitlines() if " -> " in line]
    assert failing and "rows" not in " ".join(failing) and "with --strict" in err


def test_binary_garbage_is_bad_data(capsys, tmp_path):
    path = tmp_path / "roska.csv"
    path.write_bytes(bytes(range(256)) * 40)
    code, _, err = run(["validate", str(path)], capsys)
    assert code == 65 and str(path) in err and "\n" not in err.strip()


def test_profile_maps_columns(capsys, tmp_path):
    log = tmp_path / "export.csv"
    log.write_text("Nro;Vaihe;Milloin\n1;A;28.11.2026 10:00\n1;B;28.11.2026 11:00\n", encoding="utf-8")
    profile = tmp_path / "profiili.toml"
    profile.write_text('[columns]\ncase = "Nro"\nactivity = "Vaihe"\ntimestamp = "Milloin"\n', encoding="utf-8")
    code, out, _ = run(["validate", str(log), "--profile", str(profile), "--json"], capsys)
    assert code == 0 and json.loads(out)["events"] == 2
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\ncase = "Nro"\ncolour = "x"\n', encoding="utf-8")
    code, _, err = run(["validate", str(log), "--profile", str(bad)], capsys)
    assert code == 78 and "colour" in err


def test_help_does_not_import_pm4py_or_pandas():
    code = "import sys; from rpa_finder.cli import cli; print('pm4py' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_the_console_script_ends_at_once_with_everything_said_and_its_exit_code(tmp_path):
    """As its own process, main() skips the interpreter's teardown (0.3 s after a large analysis): the
    output must still arrive whole, the exit handlers run, and the exit code be the documented one."""
    script = ("import atexit, sys; atexit.register(lambda: print('handlers ran', file=sys.stderr)); "
              "from rpa_finder.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", script, "validate", str(SAMPLE_LOGS / "ostolaskut.csv"), "--json"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["events"] == 3157  # the whole JSON, flushed before the exit
    assert "handlers ran" in done.stderr
    missing = subprocess.run([sys.executable, "-c", script, "validate", str(tmp_path / "puuttuu.csv"), "--lang", "sv"],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 66
    assert missing.stderr.splitlines()[0].startswith(f"rpa-finder: fel: {tmp_path / 'puuttuu.csv'}: ")
