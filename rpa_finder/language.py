# SPDX-License-Identifier: AGPL-3.0-or-later
"""The languages rpa_finder writes, and how each writes a number: one definition for reasons, reports and settings.

Finnish and Swedish write 1 234,5 (a no-break space between thousands, a decimal comma), English
1,234.5.  A negative number takes the typographic minus sign U+2212 in every language, as the Finnish
and Swedish writing rules require (SFS 4175, Svenska skrivregler) and English typesetting accepts; a
hyphen would also break the line after it.  Machine outputs (CSV, JSON) never pass through here.
"""
from __future__ import annotations

import math

__all__ = ["LANGUAGES", "NBSP", "MINUS", "check_language", "format_number", "fill_text"]

#: Every language of the texts, in the order menus show them.
LANGUAGES = ("fi", "sv", "en")
NBSP = "\u00a0"
MINUS = "\u2212"


def check_language(lang: str) -> str:
    """``lang`` when rpa_finder writes it, else ValueError naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


def format_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """1 234,5 in Finnish and Swedish, 1,234.5 in English, −5 for a negative number; – when missing.

    >>> format_number(-1234.5, "fi", 1) == "\u22121\u00a0234,5"
    True
    >>> format_number(1234.5, "en", 1), format_number(None, "sv")
    ('1,234.5', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if check_language(lang) != "en":
        text = text.replace(",", NBSP).replace(".", ",")
    if text.startswith("-"):
        text = MINUS + text[1:]
    return text


def fill_text(texts: dict[str, str], lang: str, **values: object) -> str:
    """One catalogue entry (``{lang: template}``) in ``lang``, English where the entry lacks it, filled
    (a template is always formatted: a literal brace is written twice)."""
    return texts.get(lang, texts["en"]).format(**values)
