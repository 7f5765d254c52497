# SPDX-License-Identifier: AGPL-3.0-or-later
"""The HTML report a process developer reads: one self-contained file rendered from a results folder.

Results first, a plain model second, the template last: :func:`render_report` builds the model from
:class:`~.inputs.Results` (in memory from an analysis, :func:`~.inputs.results_from_files`, or read
back from a folder by :func:`render_html`, :func:`~.inputs.load_results`) and renders it with Jinja2 (autoescape on: activity names are
untrusted).  CSS and JavaScript are inlined, and a Content-Security-Policy forbids every request, so the
file opens offline and leaks nothing.

>>> from pathlib import Path
>>> path = write_report(Path("results"), "sv")  # doctest: +SKIP
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from ..output.files import write_text
from .i18n import LANGUAGES, translate
from .model import build_model
from .inputs import Results, load_results

__all__ = ["render_report", "render_html", "write_report", "REPORT_NAME"]

REPORT_NAME = "report.html"


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("rpa_finder.report", "templates"),
                              autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True)


def _static(name: str) -> str:
    return resources.files("rpa_finder.report").joinpath("static", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def render_html(results_dir: Path, lang: str = "fi") -> str:
    """The report for the results in ``results_dir`` as HTML text, in ``lang`` (fi, sv or en)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return render_report(load_results(results_dir), lang)


def render_report(results: Results, lang: str = "fi") -> str:
    """The report for ``results`` (however they were obtained) as HTML text, in ``lang`` (fi, sv or en)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    model = build_model(results, lang)
    script = _static("report.js")
    policy = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
              f"script-src 'sha256-{_sha256(script)}'; base-uri 'none'; form-action 'none'")
    return _environment().get_template("report.html.j2").render(
        m=model, t=lambda key, **values: translate(key, lang, **values), lang=lang, policy=policy,
        style=Markup(_static("report.css")), script=Markup(script))


def write_report(results_dir: Path, lang: str = "fi") -> Path:
    """Render the report and write ``report.html`` into ``results_dir`` atomically; return its path."""
    html = render_html(results_dir, lang)
    return write_text(Path(results_dir) / REPORT_NAME, html)
