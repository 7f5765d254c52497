# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder analyze``: every result for one or more logs in one results folder."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_CODES, Message
from .options import language_option, load_analysis_config, mapping_options, progress, refuse_baseline_with_weights
from .progress import set_language

__all__ = ["analyze"]

TOP = 5


def _load_baseline(path: Path | None):
    if path is None:
        return None
    from ..errors import ConfigError, InputMissingError
    from ..scoring.scorer import AutomationScorer

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputMissingError(Message("cannot read the baseline ({reason})", reason=exc.strerror or exc.__class__.__name__),
                                file=path, fix="give the scorer.json of an earlier analyze run") from None
    try:
        return AutomationScorer.from_json(text)
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(Message("not a fitted scorer ({reason})", reason=str(exc)), file=path,
                          fix="give the scorer.json of an earlier analyze run") from None


def _echo_summary(summary: dict, output: Path) -> None:
    """The net headline and the paying candidates in the report's language, then the report as a link.

    Candidates come from the folder's candidates.json (every verdict), falling back to the summary's top
    rows; labels come first, with the log's code beside them for coded logs.  ``--open`` opens the report.
    """
    import json
    import webbrowser

    from ..report.i18n import LANGUAGES, translate
    from ..report.overview import summary_lines

    lang = str(summary.get("language") or "fi")
    lang = lang if lang in LANGUAGES else "fi"
    try:
        rows = json.loads((Path(output) / "candidates.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        rows = [dict(row, process=p.get("name")) for p in summary.get("processes", []) for row in p.get("top_candidates", [])]
    for line in summary_lines(summary, rows if isinstance(rows, list) else [], lang, top=TOP):
        click.echo(line)
    report = (Path(output) / "report.html").resolve()
    target = report if report.is_file() else Path(output).resolve()
    click.echo(translate("results_in", lang, link=target.as_uri()))
    context = click.get_current_context(silent=True)
    if context is not None and context.params.get("open_report"):
        webbrowser.open(target.as_uri())


@click.command()
@click.argument("logs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="LOG...")
@mapping_options
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Analysis settings (TOML): weights, savings, candidates, mining, report language.")
@language_option("the terminal output and the report", "the config's [report] language, else fi")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="scorer.json of an earlier run: score on that baseline's scale, comparable across runs.")
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Results folder [default: reports/<first log name>].")
@click.option("--full-map", is_flag=True, help="Draw every activity and path on the process map.")
@click.option("--force", is_flag=True, help="Replace the results of an earlier run in the output folder.")
@click.option("--open", "open_report", is_flag=True, help="Open report.html in the browser when done.")
def analyze(logs: tuple[Path, ...], config_path: Path | None, language: str | None, baseline: Path | None,
            output: Path | None, full_map: bool, force: bool, **kwargs):
    """Analyse LOG (several logs: one process each) and write the results folder.

    \b
    One log: every file directly in the folder.  Several: each log's files under <log name>/, with
    summary.json, candidates.csv/json, report.xlsx and manifest.json on top.  The folder appears
    whole or not at all; a folder holding files rpa_finder did not write is never replaced.
    Exit 65 when validation fails (errors, or warnings with --strict).
    """
    set_language(language or "fi")  # the terminal speaks the command's language, even about its settings file
    from ..api import analyze as analyze_logs
    from ..errors import ValidationFailedError
    from ..output.folder import check_target
    from ..output.results import log_stem

    config = load_analysis_config(config_path, kwargs, language)
    lang = config.language if config.language in ("fi", "sv", "en") else "fi"
    set_language(lang)  # the config's [report] language when no --lang: stages, --strict failures, summary
    scorer = _load_baseline(baseline)
    refuse_baseline_with_weights(config, scorer, config_path)  # (issue 14: never silently ignored)
    output = output or Path("reports") / log_stem(logs[0])
    check_target(output, force=force)  # refuse before the slow part, not after it
    try:
        analysis = analyze_logs(logs, config, baseline=scorer, full_map=full_map, progress=progress)
    except ValidationFailedError as exc:
        for line in exc.report.summary_lines(lang) + exc.report.failure_lines(strict=config.read.strict, lang=lang):
            click.echo(line, err=True)
        return EXIT_CODES["bad_data"]
    analysis.write(output, force=force, progress=progress)
    _echo_summary(analysis.summary, output)
    return EXIT_CODES["ok"]
