# SPDX-License-Identifier: AGPL-3.0-or-later
"""What an activity's name says about its nature, in Finnish, Swedish and English.

Leopold, van der Aa and Reijers (2018) classify tasks as automatable from their text.  We keep it
transparent: word stems that lean towards routine (send, record, archive ...) or towards judgment
(decide, approve, assess ...), matched at word starts so Finnish inflections (lähetä, lähetys,
lähettäminen) hit the same stem.  Score 0.5 is neutral; 1 pure routine; 0 pure judgment.  A label
that matches nothing gets NaN (not measurable), not a made-up 0.5.
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

__all__ = ["ROUTINE_STEMS", "JUDGMENT_STEMS", "DECISION_STEMS", "score_labels", "decides_matter"]

ROUTINE_STEMS = (
    # English
    "send", "enter", "record", "register", "registr", "archiv", "scan", "copy", "forward", "print", "notif",
    "inform", "publish", "publicat", "transcript", "generat", "creat", "post", "book", "pay", "invoic",
    "calculat", "compute", "check", "verif", "match", "upload", "download", "import", "export", "update",
    "set ", "close", "remind", "mail", "messag", "letter", "receipt", "confirm", "transfer", "retriev",
    # Finnish
    "lähet", "laheta", "kirjaa", "kirjau", "arkistoi", "skannaa", "skannau", "tallenn", "tiliöi", "maksa",
    "laskut", "laske", "tarkista", "tarkistu", "vastaanota", "vastaanott", "siirrä", "siirto", "tulosta",
    "ilmoita", "ilmoitu", "muistuta", "muistutu", "kuuluta", "kuulutu", "päivitä", "julkaise", "postita",
    "vahvista", "täsmäytä", "vertaa",
    # Swedish
    "skicka", "registrera", "arkivera", "skanna", "bokför", "betala", "fakturera", "beräkna", "kontrollera",
    "ta emot", "överför", "skriv ut", "meddela", "påminn", "publicera", "uppdatera", "bekräfta",
)
JUDGMENT_STEMS = (
    # English
    "decid", "decision", "approv", "negotiat", "inspect", "assess", "evaluat", "review", "judg", "legal",
    "law", "article", "ground", "refus", "suspens", "determin", "consider", "advice", "advis", "apprais",
    "interview", "coordinat", "objection", "appeal", "reassess", "permit aspect", "applies", "applicable",
    # Finnish
    "päätä", "päätös", "hyväksy", "neuvottel", "katselmo", "arvioi", "harkin", "tutki", "selvitä",
    "haastattel", "lausun", "oikaisu", "valitu", "käsittele asia", "ratkaise", "päätök", "hyväksyn",
    "arvioin", "katselmu",
    # Swedish
    "besluta", "beslut", "godkänn", "förhandla", "inspekt", "bedöm", "pröva", "prövning", "utred", "yttrande",
)
#: Steps that decide a matter: automating them needs the legal check of Administrative Procedure Act 8 a.
DECISION_STEMS = ("decid", "decision", "päätä", "päätös", "päätök", "besluta", "beslut", "approv", "hyväksy", "godkänn",
                  "refus", "ratkaise", "grant", "myönn", "bevilj")


def _normalise(label: str) -> str:
    text = unicodedata.normalize("NFC", str(label)).lower()
    return " " + re.sub(r"[_\-/.,:;()]+", " ", text) + " "


#: Finnish and Swedish build compounds (sijoituspäätös, bygglovsbeslut): these match inside words too.
INFIX_STEMS = ("päätös", "päätök", "beslut", "hyväksyn", "arvioin", "katselmu")


def _pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    start = "|".join(re.escape(s) for s in stems if s not in INFIX_STEMS)
    inside = "|".join(re.escape(s) for s in stems if s in INFIX_STEMS)
    return re.compile(r"(?:(?<=\s)(?:" + start + "))" + (r"|(?:" + inside + ")" if inside else ""))


_ROUTINE = _pattern(ROUTINE_STEMS)
_JUDGMENT = _pattern(JUDGMENT_STEMS)
_DECISION = _pattern(DECISION_STEMS)


def _score(label: str) -> float:
    text = _normalise(label)
    routine = len(_ROUTINE.findall(text))
    judgment = len(_JUDGMENT.findall(text))
    if routine == 0 and judgment == 0:
        return float("nan")
    # "enter senddate decision" records a decision's date: a leading routine verb governs the phrase.
    first_routine = _ROUTINE.search(text)
    first_judgment = _JUDGMENT.search(text)
    if routine and first_routine.start() < (first_judgment.start() if first_judgment else 10**9):
        routine += 1
    return round(routine / (routine + judgment), 3)


def score_labels(labels: pd.Series) -> pd.Series:
    """Routine-vs-judgment score in [0, 1] per label (NaN: the words say nothing)."""
    return labels.astype(str).map(_score)


def decides_matter(labels: pd.Series) -> pd.Series:
    """True where the label says the step decides a matter (and no leading routine verb records it)."""
    def check(label: str) -> bool:
        text = _normalise(label)
        decision = _DECISION.search(text)
        if not decision:
            return False
        routine = _ROUTINE.search(text)
        return not (routine and routine.start() < decision.start())
    return labels.astype(str).map(check).astype(bool)
