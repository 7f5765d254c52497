# SPDX-License-Identifier: AGPL-3.0-or-later
"""Options shared by the commands that read logs, and the stderr progress line."""
from __future__ import annotations

from pathlib import Path

import click

__all__ = ["MAPPING_OPTIONS", "mapping_options", "language_option", "read_options_from", "load_analysis_config",
           "refuse_baseline_with_weights", "progress", "say", "number"]

MAPPING_OPTIONS = (
    ("--case", "case", "Column holding the case id (e.g. Asianumero)."),
    ("--activity", "activity", "Column holding the activity name (e.g. Toimenpide)."),
    ("--timestamp", "timestamp", "Column holding the event's (completion) time (e.g. Aikaleima)."),
    ("--resource", "resource", "Column holding who did it (e.g. Käsittelijä)."),
    ("--lifecycle", "lifecycle", "Column holding the lifecycle transition (start/complete)."),
    ("--start-timestamp", "start_timestamp", "Column holding the step's start time, if any."),
    ("--date-format", "date_format", "strptime format of the timestamps (e.g. %d.%m.%Y %H:%M), or iso, or excel."),
    ("--timezone", "timezone", "Time zone of times written without an offset [default: Europe/Helsinki]."),
    ("--delimiter", "delimiter", "CSV delimiter (sniffed when not given)."),
    ("--encoding", "encoding", "CSV encoding: utf-8, utf-8-sig or cp1252 (sniffed when not given)."),
    ("--decimal", "decimal", "Decimal separator of numbers in a CSV: , or . (sniffed when not given)."),
    ("--sheet", "sheet", "Excel sheet to read [default: the first]."),
)


def mapping_options(command):
    """The options every command that reads a log shares, plus --profile and --strict."""
    for flag, name, help_text in reversed(MAPPING_OPTIONS):
        command = click.option(flag, name, default=None, metavar="TEXT", help=help_text)(command)
    command = click.option("--profile", type=click.Path(dir_okay=False, path_type=Path), default=None,
                           help="Mapping profile (TOML) for an export that recurs; flags override it.")(command)
    command = click.option("--strict", is_flag=True, default=None,
                           help="Fail (exit 65) on data-quality warnings too, for scheduled jobs.")(command)
    command = click.option("--keep-resource-names", is_flag=True, default=False,
                           help="Do not pseudonymise resources (only where the law and your staff agree).")(command)
    return command


def language_option(what: str = "the terminal output", default: str = "fi"):
    """``--lang``: the language of ``what``; the command calls ``set_language(language or "fi")`` first,
    so that even an error in reading its settings speaks it (README "Languages")."""
    return click.option("--lang", "language", type=click.Choice(["fi", "sv", "en"]), default=None,
                        help=f"Language of {what} [default: {default}].")


def say(key: str, lang: str, *, err: bool = False, **values: object) -> None:
    """One terminal line of the catalogue (:data:`rpa_finder.report.texts.TERMINAL_TEXTS`) in ``lang``."""
    from ..report.i18n import terminal_text

    click.echo(terminal_text(key, lang, **values), err=err)


def number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """A count or a sum as the language writes it (3 157 in Finnish and Swedish, 3,157 in English)."""
    from ..language import format_number

    return format_number(value, lang, decimals)


def read_options_from(kwargs: dict, base=None):
    """Defaults (or ``base``) < profile < flags: pop the mapping options out of a command's kwargs."""
    from ..read_options import ReadOptions, load_profile

    profile = kwargs.pop("profile", None)
    options = base or ReadOptions()
    if profile:
        options = load_profile(profile, base=options)
    overrides = {name: kwargs.pop(name, None) for _, name, _ in MAPPING_OPTIONS}
    overrides["strict"] = kwargs.pop("strict", None)
    if kwargs.pop("keep_resource_names", False):
        overrides["pseudonymise_resources"] = False
    return options.with_overrides(**overrides)


def load_analysis_config(config_path: Path | None, kwargs: dict, language: str | None):
    """Defaults < config file < mapping profile < flags, for the commands that analyse."""
    from dataclasses import replace

    from ..config import AnalysisConfig, load_config

    config = load_config(config_path) if config_path else AnalysisConfig()
    config = replace(config, read=read_options_from(kwargs, base=config.read))
    if language:
        config = replace(config, language=language, candidates=replace(config.candidates, language=language))
    return config


def refuse_baseline_with_weights(config, scorer, config_path: Path | None) -> None:
    """--baseline scores with the baseline's own weights; a config whose [weights] differ would be
    silently ignored, so the two together are refused (exit 2) unless the weights agree."""
    from ..errors import UsageError

    weights = dict(config.candidates.weights or {})
    if scorer is None or not weights:
        return
    baseline = dict(scorer.weights or {})
    if any(baseline.get(name) != value for name, value in weights.items()):
        raise UsageError("--baseline scores with the weights the baseline was fitted with, so the config's "
                         "[weights] would be ignored", file=config_path, where="[weights]",
                         fix="drop --baseline to use the config's weights, or remove [weights] from the config")


def progress(message: str) -> None:
    """A stage of a long command on stderr: a live line with elapsed time and estimate on a terminal."""
    from .progress import report_progress

    report_progress(message)
