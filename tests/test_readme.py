# SPDX-License-Identifier: AGPL-3.0-or-later
"""The README's notebook example runs as written, so it cannot drift from the library."""
from __future__ import annotations

import contextlib
import io
import re
import tempfile

from conftest import REPO

SECTION = "## Use from Python (notebook)"


def readme_example() -> str:
    """The first ```python block under the notebook section of README.md."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert SECTION in text, "README.md lost its notebook section"
    match = re.search(r"```python\n(.*?)```", text.split(SECTION, 1)[1], flags=re.S)
    assert match, "the notebook section holds no ```python block"
    return match.group(1)


def test_readme_notebook_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)  # the example names sample_logs/ relative to the repository, as a reader runs it
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # its folder goes under tmp_path, not the repo
    out = io.StringIO()
    namespace: dict = {"__name__": "readme"}
    with contextlib.redirect_stdout(out):
        exec(compile(readme_example(), "README.md", "exec"), namespace)
    analysis, folder = namespace["analysis"], namespace["folder"]
    assert folder.is_relative_to(tmp_path) and (folder / "report.html").is_file()
    assert namespace["html"].startswith("<!DOCTYPE html>") and 'lang="fi"' in namespace["html"]
    assert {"verdict", "feasibility", "net_savings_eur_mid"} <= set(namespace["candidates"].columns)
    assert "ostolaskut" in out.getvalue() and "'mid'" in out.getvalue()
    assert analysis.totals["net_savings_eur"] == analysis.summary["totals"]["net_savings_eur"]
