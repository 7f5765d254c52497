# SPDX-License-Identifier: AGPL-3.0-or-later
"""Finnish and Swedish of every error message, keyed by its English text (gettext's msgid).

The raise sites keep their English (``Message("row {row}: ...", row=n)`` or a plain literal), so a
reader greps the code for what a user saw and ``str(error)`` stays English for logs and library
callers; the CLI renders the same message in the command's language through :func:`translation`.
One module per area keeps the tables short: :mod:`.ingest` (reading and validating logs),
:mod:`.settings` (settings, jobs, store, decisions, output folders), :mod:`.analysis` (mining,
scoring, samples, comparison, report), :mod:`.commands` (the click shell) and :mod:`.terminal` (the
CLI's own lines around an error).
``tests/test_error_texts.py`` checks that every message raised has both translations with the same
placeholders, and that no entry is left over.
"""
from __future__ import annotations

from functools import cache

__all__ = ["translation", "catalogue"]


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every entry, ``{english: {"fi": ..., "sv": ...}}``; two areas may not translate one text twice."""
    from . import analysis, commands, ingest, settings, terminal

    merged: dict[str, dict[str, str]] = {}
    for module in (ingest, settings, analysis, commands, terminal):
        for english, texts in module.TEXTS.items():
            if english in merged and merged[english] != texts:
                raise ValueError(f"{module.__name__}: {english!r} is translated differently in another area")
            merged[english] = texts
    return merged


def translation(text: str, lang: str) -> str:
    """``text`` in ``lang``; the English itself for English or a text the catalogue lacks."""
    if lang == "en":
        return text
    return catalogue().get(text, {}).get(lang, text)
