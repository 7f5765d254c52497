# SPDX-License-Identifier: AGPL-3.0-or-later
"""One plain sentence per candidate, in Finnish, Swedish or English, saying why it ranks where it does."""
from __future__ import annotations

import math

import pandas as pd

from .criteria import CRITERIA

__all__ = ["write_reason", "format_number", "LANGUAGES"]

LANGUAGES = ("fi", "sv", "en")
_STRENGTHS = {c.name: c.strength for c in CRITERIA}

TEMPLATES = {
    "candidate": {
        "fi": "Ehdokas, koska sillä on {top}; säästö noin {hours} tuntia vuodessa.",
        "sv": "Kandidat eftersom den har {top}; besparing cirka {hours} timmar per år.",
        "en": "A candidate because it has {top}; it could save about {hours} hours a year.",
    },
    "candidate_unknown_hours": {
        "fi": "Ehdokas, koska sillä on {top}; käsittelyaikaa ei voitu mitata, joten säästöä ei arvioitu.",
        "sv": "Kandidat eftersom den har {top}; handläggningstiden kunde inte mätas, så ingen besparing uppskattades.",
        "en": "A candidate because it has {top}; its handling time could not be measured, so no saving is estimated.",
    },
    "already_automated": {
        "fi": "Jo automatisoitu: {rate} tapahtumista tekevät järjestelmä-, erä- tai robottitunnukset.",
        "sv": "Redan automatiserad: {rate} av händelserna görs av system-, batch- eller robotkonton.",
        "en": "Already automated: {rate} of its events are done by system, batch or robot accounts.",
    },
    "negligible": {
        "fi": "Liian vähän työtä robotille: {events} suoritusta ja noin {hours} käsittelytuntia vuodessa.",
        "sv": "För lite arbete för en robot: {events} utföranden och cirka {hours} handläggningstimmar per år.",
        "en": "Too little work for a robot: {events} executions and about {hours} handling hours a year.",
    },
    "negligible_unknown_hours": {
        "fi": "Liian vähän työtä robotille: vain {events} suoritusta vuodessa.",
        "sv": "För lite arbete för en robot: bara {events} utföranden per år.",
        "en": "Too little work for a robot: only {events} executions a year.",
    },
}
AND = {"fi": " ja ", "sv": " och ", "en": " and "}
LEGAL = {
    "fi": "; vaihe ratkaisee asian, joten automaatio vaatii oikeudellisen arvion (hallintolaki 8 a luku).",
    "sv": "; steget avgör ett ärende, så automatisering kräver en rättslig bedömning (förvaltningslagen 8 a kap.).",
    "en": "; it decides a matter, so automating it needs a legal check (Administrative Procedure Act, chapter 8 a).",
}
ROUTINE = {"fi": "Rutiiniketju ({n} vaihetta): ", "sv": "Rutinkedja ({n} steg): ", "en": "Routine of {n} steps: "}


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """Finnish and Swedish write 1 234,5; English 1,234.5."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang in ("fi", "sv"):
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def write_reason(row: pd.Series, lang: str = "fi") -> str:
    """The sentence for one candidate row (needs status, contributions, hours, events, flags)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    status = row["status"]
    hours = format_number(row.get("hours_per_year", float("nan")), lang)
    if status == "already_automated":
        text = TEMPLATES[status][lang].format(rate=f"{row['automation_rate']:.0%}".replace("%", "\u00a0%") if lang != "en" else f"{row['automation_rate']:.0%}")
    elif status == "negligible":
        workload = row.get("workload_hours_per_year", float("nan"))
        key = "negligible_unknown_hours" if pd.isna(workload) else status
        text = TEMPLATES[key][lang].format(events=format_number(row["events_per_year"], lang),
                                           hours=format_number(workload, lang))
    else:
        contributions = {c: row.get(f"contribution_{c}", 0) or 0 for c in _STRENGTHS}
        top = sorted(contributions, key=lambda c: -contributions[c])[:2]
        top_text = AND[lang].join(_STRENGTHS[c][lang] for c in top)
        key = "candidate" if not pd.isna(row.get("hours_per_year")) else "candidate_unknown_hours"
        text = TEMPLATES[key][lang].format(top=top_text, hours=hours)
    if row.get("kind") == "routine":
        text = ROUTINE[lang].format(n=int(row.get("steps", 2))) + text[0].lower() + text[1:]
    if "decides_matter" in str(row.get("flags", "")):
        text = text.rstrip(".") + LEGAL[lang]
    return text
