# SPDX-License-Identifier: AGPL-3.0-or-later
"""The comparison's files: comparison.csv, shared_candidates.csv, activity_map.csv, comparison.json and
a self-contained comparison.html (Jinja2, autoescaped, no external requests), written as one folder.

The HTML is rendered from the same dictionary that becomes comparison.json, so they never disagree.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..language import format_number
from . import Comparison

__all__ = ["build_comparison_files", "render_comparison_html", "write_comparison", "TEXTS"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
TOP_ROWS = 50

#: Every sentence the report shows, per language.
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "One robot for many: comparison of {n} organisations",
        "lead": "Each log was analysed as rpa-finder analyze analyses it alone; activities were then aligned "
                "across organisations and the candidates compared side by side.",
        "joint": "Joint project", "robots": "Shared robots that pay", "organisations": "Organisations",
        "saving": "Joint saving a year (EUR)", "separate": "Same robots as separate projects (EUR a year, mid)",
        "hours": "Hours saved a year", "low": "low", "mid": "mid", "high": "high",
        "shared": "Shared candidates, by joint saving", "activity": "Activity", "label": "Label",
        "n_orgs": "Candidate in", "names": "Where", "events_year": "Events a year",
        "payback_joint": "Payback, joint (months)", "payback_separate": "Payback, separate (months)",
        "reuse": "Reuse opportunities: automated in one organisation, done by hand in another",
        "automated_in": "Automated in", "manual_in": "By hand in", "manual_hours": "Hours a year by hand",
        "side": "Side by side: score and status per organisation",
        "processes": "Process differences", "organisation": "Organisation", "cases": "Cases",
        "variants": "Variants", "top_variant": "Top variant share", "top10": "Top 10 variants' share",
        "standardisation": "Standardisation", "throughput": "Median throughput (days)", "maturity": "Maturity level",
        "candidates": "Candidates", "automated": "Already automated",
        "partial": "Activities only some organisations use", "missing_in": "Not used in",
        "alignment": "Activity alignment", "suggested": "Suggested matches to confirm (edit activity_map.csv "
        "and pass it back with --activity-map)", "method": "Method", "confidence": "Confidence",
        "shared_activity": "Aligned with", "methods": "Aligned activities by method",
        "shared_all": "Activities every organisation has", "none": "None.",
        "notes": "How the figures are made",
        "note_joint": "Joint saving a year = the organisations' gross savings - one robot's running cost per "
                      "organisation - one robot's development cost spread over {life} years. Separate projects "
                      "pay the development cost once per organisation. Low uses the pessimistic costs, high the "
                      "optimistic ones.",
        "note_scale": "Scores are each organisation's own scale (as analyze gives them); compare statuses and "
                      "savings across organisations, not score values.",
        "showing": "The first {n} rows; the CSV files hold all of them.",
        "skipped": "Files skipped",
        "evidence": "Evidence: a robot already deployed in one organisation",
        "evidence_lead": "Measured in the organisation that runs the robot (realised benefit from its log); the "
                         "others' estimate is the share of the work it removed times their own hours a year on the step.",
        "deployed_in": "Robot runs in", "removed_share": "Work removed", "realised": "Realised there (h a year)",
        "evidence_hours": "Estimate here (h a year, low – high)", "months_after": "Months of evidence",
        "deployed_mark": "robot in {where}",
    },
    "fi": {
        "title": "Yksi robotti monelle: {n} organisaation vertailu",
        "lead": "Jokainen loki analysoitiin kuten rpa-finder analyze analysoi sen yksinään; sen jälkeen "
                "toiminnot kohdistettiin organisaatioiden välillä ja ehdokkaita verrattiin rinnakkain.",
        "joint": "Yhteishanke", "robots": "Kannattavat yhteiset robotit", "organisations": "Organisaatiot",
        "saving": "Yhteinen säästö vuodessa (EUR)", "separate": "Samat robotit erillishankkeina (EUR vuodessa, keski)",
        "hours": "Säästetyt tunnit vuodessa", "low": "matala", "mid": "keski", "high": "korkea",
        "shared": "Yhteiset ehdokkaat yhteisen säästön mukaan", "activity": "Toiminto", "label": "Nimi",
        "n_orgs": "Ehdokas", "names": "Missä", "events_year": "Tapahtumia vuodessa",
        "payback_joint": "Takaisinmaksu, yhteinen (kk)", "payback_separate": "Takaisinmaksu, erilliset (kk)",
        "reuse": "Uudelleenkäyttö: yhdessä organisaatiossa automatisoitu, toisessa käsin tehty",
        "automated_in": "Automatisoitu", "manual_in": "Käsin", "manual_hours": "Käsityötunteja vuodessa",
        "side": "Rinnakkain: pisteet ja tila organisaatioittain",
        "processes": "Prosessien erot", "organisation": "Organisaatio", "cases": "Tapauksia",
        "variants": "Variantteja", "top_variant": "Yleisimmän variantin osuus", "top10": "10 yleisimmän osuus",
        "standardisation": "Vakioisuus", "throughput": "Läpimenoajan mediaani (pv)", "maturity": "Kypsyystaso",
        "candidates": "Ehdokkaita", "automated": "Jo automatisoitu",
        "partial": "Toiminnot, joita vain osa organisaatioista käyttää", "missing_in": "Ei käytössä",
        "alignment": "Toimintojen kohdistus", "suggested": "Vahvistettavat ehdotukset (muokkaa activity_map.csv "
        "ja anna se valitsimella --activity-map)", "method": "Tapa", "confidence": "Varmuus",
        "shared_activity": "Kohdistettu", "methods": "Kohdistetut toiminnot tavoittain",
        "shared_all": "Kaikilla organisaatioilla olevat toiminnot", "none": "Ei yhtään.",
        "notes": "Miten luvut lasketaan",
        "note_joint": "Yhteinen säästö vuodessa = organisaatioiden bruttosäästöt - yhden robotin käyttökulu "
                      "organisaatiota kohden - yhden robotin kehityskulu jaettuna {life} vuodelle. "
                      "Erillishankkeissa kehityskulu maksetaan joka organisaatiossa. Matala arvio käyttää "
                      "pessimistisiä kuluja, korkea optimistisia.",
        "note_scale": "Pisteet ovat kunkin organisaation omalla asteikolla (kuten analyze ne antaa); vertaa "
                      "tiloja ja säästöjä, älä pistearvoja.",
        "showing": "Ensimmäiset {n} riviä; CSV-tiedostoissa ovat kaikki.",
        "skipped": "Ohitetut tiedostot",
        "evidence": "Näyttö: robotti on jo käytössä yhdessä organisaatiossa",
        "evidence_lead": "Mitattu robottia käyttävän organisaation lokista (toteutunut hyöty); muiden arvio on "
                         "robotin poistama osuus työstä kertaa heidän omat tuntinsa vuodessa samassa vaiheessa.",
        "deployed_in": "Robotti käytössä", "removed_share": "Poistunut työ", "realised": "Toteutunut siellä (h / v)",
        "evidence_hours": "Arvio täällä (h / v, matala – korkea)", "months_after": "Näyttöä (kk)",
        "deployed_mark": "robotti käytössä: {where}",
    },
    "sv": {
        "title": "En robot för många: jämförelse av {n} organisationer",
        "lead": "Varje logg analyserades som rpa-finder analyze analyserar den ensam; sedan matchades "
                "aktiviteterna mellan organisationerna och kandidaterna jämfördes sida vid sida.",
        "joint": "Gemensamt projekt", "robots": "Gemensamma robotar som lönar sig", "organisations": "Organisationer",
        "saving": "Gemensam besparing per år (EUR)", "separate": "Samma robotar som separata projekt (EUR per år, mitt)",
        "hours": "Sparade timmar per år", "low": "låg", "mid": "mitt", "high": "hög",
        "shared": "Gemensamma kandidater efter gemensam besparing", "activity": "Aktivitet", "label": "Namn",
        "n_orgs": "Kandidat i", "names": "Var", "events_year": "Händelser per år",
        "payback_joint": "Återbetalning, gemensam (mån)", "payback_separate": "Återbetalning, separata (mån)",
        "reuse": "Återanvändning: automatiserad i en organisation, manuell i en annan",
        "automated_in": "Automatiserad i", "manual_in": "Manuell i", "manual_hours": "Manuella timmar per år",
        "side": "Sida vid sida: poäng och status per organisation",
        "processes": "Skillnader i processerna", "organisation": "Organisation", "cases": "Ärenden",
        "variants": "Varianter", "top_variant": "Vanligaste variantens andel", "top10": "De 10 vanligastes andel",
        "standardisation": "Standardisering", "throughput": "Median genomloppstid (dagar)", "maturity": "Mognadsnivå",
        "candidates": "Kandidater", "automated": "Redan automatiserade",
        "partial": "Aktiviteter som bara en del av organisationerna använder", "missing_in": "Används inte i",
        "alignment": "Matchning av aktiviteter", "suggested": "Förslag att bekräfta (redigera activity_map.csv "
        "och ge den med --activity-map)", "method": "Metod", "confidence": "Säkerhet",
        "shared_activity": "Matchad med", "methods": "Matchade aktiviteter per metod",
        "shared_all": "Aktiviteter som alla organisationer har", "none": "Inga.",
        "notes": "Hur siffrorna räknas",
        "note_joint": "Gemensam besparing per år = organisationernas bruttobesparingar - en robots driftkostnad "
                      "per organisation - en robots utvecklingskostnad fördelad på {life} år. Separata projekt "
                      "betalar utvecklingen i varje organisation. Låg använder pessimistiska kostnader, hög "
                      "optimistiska.",
        "note_scale": "Poängen är varje organisations egen skala (som analyze ger dem); jämför status och "
                      "besparingar, inte poängvärden.",
        "showing": "De första {n} raderna; CSV-filerna innehåller alla.",
        "skipped": "Överhoppade filer",
        "evidence": "Belägg: en robot redan i drift i en organisation",
        "evidence_lead": "Uppmätt i den organisation som kör roboten (realiserad nytta ur dess logg); de andras "
                         "uppskattning är den andel av arbetet som roboten tog bort gånger deras egna timmar per år i steget.",
        "deployed_in": "Roboten i drift i", "removed_share": "Borttaget arbete", "realised": "Realiserat där (tim / år)",
        "evidence_hours": "Uppskattning här (tim / år, låg – hög)", "months_after": "Underlag (mån.)",
        "deployed_mark": "robot i drift: {where}",
    },
}


def _number(value: Any, digits: int = 0, language: str = "en") -> str:
    """A figure for people: thousands grouped, the language's decimal mark, a dash when unknown."""
    if value is not None and not isinstance(value, (int, float)):
        return str(value)
    return format_number(value, language, digits)


def _side_by_side(data: dict, names: Sequence[str], activities: Sequence[str]) -> list[dict]:
    cells: dict[str, dict[str, dict]] = {}
    for row in data["comparison"]:
        if row["activity"] in activities:
            cells.setdefault(row["activity"], {}).setdefault(row["organisation"], row)
    return [{"activity": a, "cells": [cells.get(a, {}).get(n) for n in names]} for a in activities]


def render_comparison_html(data: dict, language: str = "fi") -> str:
    """comparison.html from the comparison.json dictionary."""
    import jinja2

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["num"] = lambda value, digits=0: _number(value, digits, language)
    names = [org["name"] for org in data["organisations"]]
    featured = [row["activity"] for row in data["shared_candidates"][:TOP_ROWS]]
    featured += [row["activity"] for row in data["reuse_opportunities"] if row["activity"] not in featured]
    suggested = [row for row in data["activity_map"] if row["method"] == "suggested"]
    text = TEXTS[language]
    return environment.get_template("comparison.html.j2").render(
        t=text, lang=language, data=data, names=names, top=TOP_ROWS, suggested=suggested[:TOP_ROWS * 4],
        side=_side_by_side(data, names, featured[:TOP_ROWS]),
        title=text["title"].format(n=len(names)),
        note_joint=text["note_joint"].format(life=_number(data["settings"]["robot_life_years"], 0, language)))


def build_comparison_files(comparison: Comparison, language: str = "fi") -> dict[str, Any]:
    """Result file name -> content (frames become inert CSV, dicts JSON, str text)."""
    data = comparison.to_dict()
    html_data = dict(data, activity_map=_records(comparison.activity_map))
    return {
        "comparison.csv": comparison.comparison,
        "shared_candidates.csv": comparison.shared,
        "activity_map.csv": comparison.activity_map,
        "reuse_opportunities.csv": comparison.reuse,
        "realised_evidence.csv": comparison.evidence,
        "comparison.json": data,
        "comparison.html": render_comparison_html(html_data, language),
    }


def _records(frame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def write_comparison(folder: str | Path, comparison: Comparison, *, language: str = "fi", force: bool = False,
                     inputs: Sequence[Path] = (), known: Mapping[Path, str] | None = None) -> Path:
    """Write every comparison file into ``folder`` atomically (the folder appears whole or not at all).

    ``known``: the inputs' digests taken when they were read (resolved path -> sha256); the others
    hash on a thread while the files are built.
    """
    from ..output.folder import InputDigests, write_results_folder

    digests = InputDigests(inputs, known)
    files = build_comparison_files(comparison, language)
    return write_results_folder(folder, files, command="compare", inputs=digests, force=force)
