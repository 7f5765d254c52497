# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder compare``: the same process in several organisations, and the robots they could share."""
from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import EXIT_CODES
from .options import language_option, mapping_options, number, progress, say
from .progress import set_language

__all__ = ["compare"]


@click.command()
@click.argument("logs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="LOG... | FOLDER")
@click.option("--names", default=None, metavar="M1,M2,...",
              help="Organisation names, one per log, comma-separated [default: the file names].")
@click.option("--activity-map", "activity_map", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="CSV (organisation, activity, shared_activity) that decides alignment; e.g. an edited "
                   "activity_map.csv of an earlier run. Its rows win over exact and suggested matches.")
@mapping_options
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Analysis settings (TOML), the same file analyze reads.")
@language_option("the terminal output and the report", "the config's [report] language, else fi")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Use suggested matches from this label similarity on [default: 0.7].")
@click.option("--robot-life", "robot_life", type=click.FloatRange(min=0.5), default=None,
              help="Years over which a shared robot's development cost is spread [default: 5].")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Logs analysed at once, each in its own process [default: 2, or 1 on a single core].")
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Results folder for comparison.html, comparison.csv, shared_candidates.csv, "
                   "activity_map.csv, comparison.json.")
@click.option("--force", is_flag=True, help="Replace the results of an earlier run in the output folder.")
def compare(logs: tuple[Path, ...], names: str | None, activity_map: Path | None, config_path: Path | None,
            language: str | None, min_confidence: float | None, robot_life: float | None, jobs: int | None,
            output: Path, force: bool, **kwargs):
    """Compare LOG... (or every log in FOLDER): one process, several organisations, shared robots.

    \b
    Each log is analysed as analyze does it alone; activities are aligned by the same name or code,
    by --activity-map, or by suggested label similarity (listed in activity_map.csv to confirm).
    Exit 2 with fewer than two logs; 65 when a named log fails validation.
    """
    set_language(language or "fi")  # the terminal speaks the command's language, even about its settings file
    from ..api import compare as compare_logs
    from ..output.folder import check_target
    from .options import load_analysis_config

    config = load_analysis_config(config_path, kwargs, language)
    lang = config.language if config.language in ("fi", "sv", "en") else "fi"
    set_language(lang)  # the config's [report] language when no --lang
    name_list = [n.strip() for n in names.split(",")] if names else None
    check_target(output, force=force)  # refuse before the slow part, not after it
    comparison = compare_logs(list(logs), config, names=name_list, activity_map=activity_map,
                              min_confidence=min_confidence, robot_life_years=robot_life,
                              jobs=jobs or min(2, os.cpu_count() or 1), progress=progress)
    for row in comparison.unused_map_rows:
        progress(f"activity map row names no activity in the logs: {row}")
    progress(f"writing {output}")
    comparison.write(output, force=force)
    joint = comparison.joint
    saving = joint["savings_eur_per_year"]
    say("compare_summary", lang, organisations=number(len(comparison.organisations), lang),
        shared=number(len(comparison.shared), lang), robots=number(joint["robots"], lang),
        low=number(saving["low"], lang), mid=number(saving["mid"], lang), high=number(saving["high"], lang))
    for row in comparison.shared.head(5).itertuples():
        say("compare_row", lang, rank=row.rank, activity=row.activity, label=row.label, organisations=row.organisations,
            saving=number(row.joint_savings_eur_mid, lang))
    say("results_folder", lang, folder=output)
    return EXIT_CODES["ok"]
