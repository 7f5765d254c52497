# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder decisions`` in the person's language: ``set`` and ``import`` answer in --lang (Finnish by
default, as the Decisions sheet they echo), while ``list`` stays a table of the stored keys for scripts."""
from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from rpa_finder.cli import main
from rpa_finder.jobs import load_job, run_job

from conftest import SAMPLE_LOGS

KEY = "test-cli-decisions-key"


def run(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    return exc.value.code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The store of one scheduled run of the bundled sample."""
    root = tmp_path_factory.mktemp("decisions-cli")
    (root / "exports").mkdir()
    shutil.copy(SAMPLE_LOGS / "ostolaskut.csv", root / "exports" / "ostolaskut.csv")
    job = root / "job.toml"
    job.write_text('[job]\nname = "ostolaskut"\nstore = "runs.duckdb"\ninputs = ["exports"]\noutput = "results"\n',
                   encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RPA_FINDER_KEY", KEY)
        run_job(load_job(job))
    return root / "runs.duckdb"


SET = ["decisions", "set", "--process", "ostolaskut", "--activity", "Tiliöi lasku", "--state", "rejected",
       "--reason", "ei nyt"]


@pytest.mark.parametrize("args, said", [
    ([], ("vaihe 'Tiliöi lasku': hylätty (kirjattu ", ", kirjaaja user-")),  # Finnish by default
    (["--lang", "sv"], ("steg 'Tiliöi lasku' är avvisad (registrerat ", " av user-")),
    (["--lang", "en"], ("activity 'Tiliöi lasku' is rejected (set ", " by user-")),
])
def test_set_confirms_in_the_language(store, monkeypatch, args, said):
    monkeypatch.setenv("RPA_FINDER_KEY", KEY)
    code, out, err = run(*SET, "--store", store, *args)
    assert code == 0, err
    assert out.startswith("ostolaskut: ") and all(part in out for part in said), out


def test_the_warning_and_the_error_speak_the_language(store, monkeypatch):
    monkeypatch.delenv("RPA_FINDER_KEY", raising=False)
    code, _, err = run(*SET, "--store", store)
    assert code == 0 and err.startswith("rpa-finder: varoitus: RPA_FINDER_KEY ei ole asetettu")
    monkeypatch.setenv("RPA_FINDER_KEY", KEY)
    code, _, err = run("decisions", "set", "--store", store, "--process", "ostolaskut", "--activity", "Tiliöi lasku",
                       "--state", "rejected", "--lang", "sv")
    assert code == 65 and err.startswith("rpa-finder: fel: ") and len(err.strip().splitlines()) == 1, err
    assert "--reason" in err


def test_list_stays_a_table_of_the_stored_keys(store, monkeypatch):
    monkeypatch.setenv("RPA_FINDER_KEY", KEY)
    assert run(*SET, "--store", store)[0] == 0
    code, out, _ = run("decisions", "list", "--store", store)
    assert code == 0
    assert out.splitlines()[0].split("\t")[:4] == ["ostolaskut", "activity", "Tiliöi lasku", "rejected"]
