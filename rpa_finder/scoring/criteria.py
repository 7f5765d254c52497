# SPDX-License-Identifier: AGPL-3.0-or-later
"""The automation criteria as one declarative table: it drives the scorer, the config and the legend.

Each criterion reads one feature column.  ``scale`` says how the scorer's ``fit`` maps it to [0, 1]:
"log" and "linear" learn the 5th-95th percentile range on the baseline log; "unit" features are
already shares in [0, 1].  ``invert`` turns a "less is better" feature around (rework, variability).
Sources: Wanner et al. 2019, Wellmann et al. 2020, Syed et al. 2020 (domain notes, section 2).

Default weights: whether a robot *can* do the step (rule-based, routine by its name: 1.5 each) counts
more than how much it would save (volume, workload: 1.0 each), since a large workload of judgment
work is no robot's work; a variable handling time marks judgment too (``regular_handling``), and
monthly volume drift (``stability``, 0.5) matters least.  docs/scoring.md lists them all.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Mapping

__all__ = ["Criterion", "CRITERIA", "DEFAULT_WEIGHTS", "criterion_names"]

Scale = Literal["log", "linear", "unit"]


@dataclass(frozen=True)
class Criterion:
    name: str
    feature: str
    weight: float
    scale: Scale
    invert: bool
    label: Mapping[str, str]
    meaning: Mapping[str, str]
    #: How a reason sentence names this criterion when it is a strength.
    strength: Mapping[str, str] = None  # type: ignore[assignment]


CRITERIA: tuple[Criterion, ...] = (
    Criterion("volume", "events_per_year", 1.0, "log", False,
              {"fi": "Volyymi", "sv": "Volym", "en": "Volume"},
              {"fi": "suorituksia vuodessa", "sv": "utföranden per år", "en": "executions a year"}),
    Criterion("workload", "workload_hours_per_year", 1.0, "log", False,
              {"fi": "Työmäärä", "sv": "Arbetsmängd", "en": "Workload"},
              {"fi": "käsittelytunteja vuodessa", "sv": "handläggningstimmar per år", "en": "handling hours a year"}),
    Criterion("standardisation", "standardisation", 1.0, "unit", False,
              {"fi": "Vakioisuus", "sv": "Standardisering", "en": "Standardisation"},
              {"fi": "edeltäjien ja seuraajien vakioisuus", "sv": "hur fasta föregångare och efterföljare är",
               "en": "how fixed its predecessors and successors are"}),
    Criterion("rule_basedness", "rule_basedness", 1.5, "unit", False,
              {"fi": "Sääntöpohjaisuus", "sv": "Regelstyrning", "en": "Rule-basedness"},
              {"fi": "kuinka hyvin tapauksen tiedot ennustavat sen", "sv": "hur väl ärendets uppgifter förutsäger den",
               "en": "how well the case's data predict it"}),
    Criterion("timing_regularity", "timing_regularity", 0.75, "unit", False,
              {"fi": "Ajoituksen säännöllisyys", "sv": "Regelbunden tidpunkt", "en": "Timing regularity"},
              {"fi": "ajastinsääntö tai kiinteä ajoaika", "sv": "tidsregel eller fast körtid",
               "en": "a timer rule or fixed run time"}),
    Criterion("low_exceptions", "exception_share", 1.0, "unit", True,
              {"fi": "Vähän poikkeuksia", "sv": "Få undantag", "en": "Few exceptions"},
              {"fi": "toistojen ja uudelleenkäsittelyn vähyys", "sv": "lite upprepning och omarbete",
               "en": "little repetition and rework"}),
    Criterion("regular_handling", "handling_variability", 1.0, "linear", True,
              {"fi": "Tasainen käsittelyaika", "sv": "Jämn handläggningstid", "en": "Regular handling time"},
              {"fi": "käsittelyajan vaihtelukertoimen pienuus", "sv": "låg variationskoefficient för handläggningstiden",
               "en": "a low coefficient of variation of handling time"}),
    Criterion("stability", "volume_variability", 0.5, "linear", True,
              {"fi": "Vakaus", "sv": "Stabilitet", "en": "Stability"},
              {"fi": "kuukausittaisen määrän vakaus", "sv": "stabil volym månad för månad",
               "en": "steady volume month by month"}),
    Criterion("label_semantics", "label_semantics", 1.5, "unit", False,
              {"fi": "Tehtävän luonne", "sv": "Uppgiftens art", "en": "Nature of the task"},
              {"fi": "nimi viittaa rutiiniin (lähetä, kirjaa) eikä harkintaan (päätä, hyväksy)",
               "sv": "namnet tyder på rutin (skicka, registrera) snarare än prövning (besluta, godkänn)",
               "en": "its name suggests routine (send, record) rather than judgment (decide, approve)"}),
)

STRENGTHS = {
    "volume": {"fi": "suuri volyymi", "sv": "stor volym", "en": "high volume"},
    "workload": {"fi": "paljon käsittelytyötä", "sv": "mycket handläggningsarbete", "en": "a large workload"},
    "standardisation": {"fi": "vakiintunut kulku", "sv": "ett standardiserat flöde", "en": "a standardised flow"},
    "rule_basedness": {"fi": "tapauksen tiedoista ennustettava kulku", "sv": "ett flöde som ärendets uppgifter förutsäger",
                       "en": "a flow the case data predict"},
    "timing_regularity": {"fi": "säännöllinen ajoitus", "sv": "regelbunden tidpunkt", "en": "regular timing"},
    "low_exceptions": {"fi": "vähän poikkeuksia", "sv": "få undantag", "en": "few exceptions"},
    "regular_handling": {"fi": "tasainen käsittelyaika", "sv": "jämn handläggningstid", "en": "a regular handling time"},
    "stability": {"fi": "vakaa kuukausimäärä", "sv": "stabil volym", "en": "a steady monthly volume"},
    "label_semantics": {"fi": "rutiininomainen tehtävä", "sv": "en rutinuppgift", "en": "a routine task"},
}
CRITERIA = tuple(Criterion(c.name, c.feature, c.weight, c.scale, c.invert, c.label, c.meaning, STRENGTHS[c.name])
                 for c in CRITERIA)

DEFAULT_WEIGHTS: dict[str, float] = {c.name: c.weight for c in CRITERIA}


def criterion_names() -> list[str]:
    return [c.name for c in CRITERIA]
