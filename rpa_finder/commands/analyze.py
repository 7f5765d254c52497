# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder analyze``: every result for one or more logs in one results folder."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_CODES
from .options import load_analysis_config, mapping_options, progress

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
        raise InputMissingError(f"cannot read the baseline ({exc.strerror or exc.__class__.__name__})", file=path,
                                fix="give the scorer.json of an earlier analyze run") from None
    try:
        return AutomationScorer.from_json(text)
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"not a fitted scorer ({exc})", file=path,
                          fix="give the scorer.json of an earlier analyze run") from None


def _render_html(language: str):
    from ..report import write_report

    def render(folder: Path) -> None:
        progress("rendering report.html")
        write_report(folder, language)

    return render


def _echo_summary(summary: dict, output: Path) -> None:
    for process in summary["processes"]:
        click.echo(f"{process['name']}: {process['candidates']} candidates; saving "
                   f"{process['hours_per_year']['low']:,.0f}-{process['hours_per_year']['high']:,.0f} hours a year")
        for row in process["top_candidates"][:TOP]:
            click.echo(f"  {row['rank']}. {row['activity']} (score {row['score']:.2f}): {row['reason']}")
    click.echo(f"results in {output}")


@click.command()
@click.argument("logs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="LOG...")
@mapping_options
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Analysis settings (TOML): weights, savings, candidates, mining, report language.")
@click.option("--lang", "language", type=click.Choice(["fi", "sv", "en"]), default=None,
              help="Language of the reasons and the report [default: the config's, else fi].")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="scorer.json of an earlier run: score on that baseline's scale, comparable across runs.")
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Results folder [default: reports/<first log name>].")
@click.option("--full-map", is_flag=True, help="Draw every activity and path on the process map.")
@click.option("--force", is_flag=True, help="Replace the results of an earlier run in the output folder.")
def analyze(logs: tuple[Path, ...], config_path: Path | None, language: str | None, baseline: Path | None,
            output: Path | None, full_map: bool, force: bool, **kwargs):
    """Analyse LOG (several logs: one process each) and write the results folder.

    \b
    One log: every file directly in the folder.  Several: each log's files under <log name>/, with
    summary.json, candidates.csv/json, report.xlsx and manifest.json on top.  The folder appears
    whole or not at all; a folder holding files rpa_finder did not write is never replaced.
    Exit 65 when validation fails (errors, or warnings with --strict).
    """
    from ..analysis import analyze_log, read_log_preloading
    from ..output.folder import check_target, write_results_folder
    from ..output.results import build_results, log_stem

    config = load_analysis_config(config_path, kwargs, language)
    scorer = _load_baseline(baseline)
    output = output or Path("reports") / log_stem(logs[0])
    check_target(output, force=force)  # refuse before the slow part, not after it
    ingests = []
    for log in logs:
        progress(f"reading {log.name}")
        ingest = read_log_preloading(log, config.read)
        if not ingest.report.passes(strict=config.read.strict):
            for line in ingest.report.summary_lines():
                click.echo(line, err=True)
            progress("validation failed; nothing written (run rpa-finder validate for details)")
            return EXIT_CODES["bad_data"]
        ingests.append(ingest)
    results = []
    for log, ingest in zip(logs, ingests):
        progress(f"analysing {log.name}")
        results.append(analyze_log(ingest, config, scorer=scorer, progress=progress))
    files = build_results(results, full_map=full_map, language=config.language)
    progress(f"writing {output}")
    write_results_folder(output, files, command="analyze", inputs=list(logs), force=force,
                         before_commit=_render_html(config.language))
    _echo_summary(files["summary.json"], output)
    return EXIT_CODES["ok"]
