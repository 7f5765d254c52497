# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder report``: render report.html again from a results folder, without recomputing anything."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_CODES
from .progress import set_language

__all__ = ["report"]


@click.command()
@click.argument("result_dir", metavar="RESULT_DIR", type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["fi", "sv", "en"]), default="fi", show_default=True,
              help="Language of the report's texts, numbers and dates.")
def report(result_dir: Path, lang: str):
    """Write RESULT_DIR/report.html from the JSON results that `rpa-finder analyze` left there.

    Use it to get the report in another language, or after a new version of rpa-finder; the figures
    are read as they are, not computed again.  Prints the report's path.
    """
    set_language(lang)  # an error (a folder without results) speaks the report's language
    from ..report import write_report

    written = write_report(result_dir, lang)
    click.echo(str(written))
    return EXIT_CODES["ok"]
