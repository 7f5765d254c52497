# SPDX-License-Identifier: AGPL-3.0-or-later
"""Recognising system, batch, robot and shared admin accounts by their names.

Such accounts are not persons: their names are kept as they are (not pseudonymised), and the events
they record count as already automated.  The patterns are a setting; these defaults cover the usual
Finnish, Swedish and English names seen in municipal case-management systems.

Reading (:mod:`rpa_finder.ingest`, which keeps these names) and scoring
(:mod:`rpa_finder.scoring.automation`, which counts their events as automated) both need the rule,
so it lives here, below both, rather than in either.
"""
from __future__ import annotations

import re
from typing import Iterable

import pandas as pd

__all__ = ["DEFAULT_SYSTEM_ACCOUNT_PATTERNS", "compile_account_pattern", "is_system_account"]

DEFAULT_SYSTEM_ACCOUNT_PATTERNS = (
    r"system", r"j[äa]rjestelm[äa]", r"batch", r"er[äa]ajo", r"robot", r"\brpa\b", r"\bbot\b", r"integra",
    r"automa", r"admin", r"yll[äa]pito", r"palvelin", r"server", r"scheduler", r"ajastin", r"service",
    r"systemet", r"automat",
)


def compile_account_pattern(patterns: Iterable[str] = DEFAULT_SYSTEM_ACCOUNT_PATTERNS) -> re.Pattern[str]:
    """One case-insensitive regular expression matching any of the given name patterns."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def is_system_account(values: pd.Series, pattern: re.Pattern[str] | None = None) -> pd.Series:
    """Boolean Series: the account name matches a system/batch/robot pattern (NA -> False)."""
    pattern = pattern or compile_account_pattern()
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = pd.Series(values.cat.categories.astype(str))
        hits = cats.str.contains(pattern, regex=True).to_numpy()
        codes = values.array.codes
        out = pd.Series(False, index=values.index)
        valid = codes >= 0
        out[valid] = hits[codes[valid]]
        return out
    return values.astype("str").str.contains(pattern, regex=True, na=False) & values.notna()
