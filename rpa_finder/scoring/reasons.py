# SPDX-License-Identifier: AGPL-3.0-or-later
"""One plain sentence per candidate, in Finnish, Swedish or English, saying why it ranks where it does."""
from __future__ import annotations

import pandas as pd

from ..language import LANGUAGES, format_number
from .criteria import CRITERIA
from .verdicts import VerdictSettings

__all__ = ["write_reason", "format_number", "LANGUAGES"]

_STRENGTHS = {c.name: c.strength for c in CRITERIA}

TEMPLATES = {
    "robot_candidate": {
        "fi": "Robottiehdokas: sillä on {top}; nettosäästö noin {net} € vuodessa ({low}–{high} €), takaisinmaksu noin {payback} kk.",
        "sv": "Robotkandidat: den har {top}; nettobesparing cirka {net} € per år ({low}–{high} €), återbetalning cirka {payback} mån.",
        "en": "Robot candidate: it has {top}; net saving about €{net} a year (€{low}–{high}), payback about {payback} months.",
    },
    "feasible_not_paying": {
        "fi": "Robotti voisi tehdä sen ({top}), mutta yksin se ei kannata: bruttosäästö noin {gross} € vuodessa ei kata robotin kuluja.",
        "sv": "En robot kunde göra det ({top}), men ensam lönar det sig inte: bruttobesparingen cirka {gross} € per år täcker inte robotens kostnader.",
        "en": "A robot could do it ({top}), but it does not pay alone: a gross saving of about €{gross} a year does not cover the robot's costs.",
    },
    "feasible_unknown_hours": {
        "fi": "Robotti voisi tehdä sen ({top}), mutta käsittelyaikaa ei voitu mitata: ajasta muutama suoritus ([handling_minutes]), niin kannattavuus voidaan arvioida.",
        "sv": "En robot kunde göra det ({top}), men handläggningstiden kunde inte mätas: ta tid på några utföranden ([handling_minutes]) så kan lönsamheten bedömas.",
        "en": "A robot could do it ({top}), but its handling time could not be measured: time a few executions ([handling_minutes]) to see whether it pays.",
    },
    "needs_judgement_label": {
        "fi": "Vaatii ihmisen harkintaa: nimen mukaan vaiheessa päätetään, hyväksytään tai arvioidaan.",
        "sv": "Kräver mänsklig prövning: enligt namnet beslutas, godkänns eller bedöms något i steget.",
        "en": "Needs human judgement: its name says something is decided, approved or assessed in it.",
    },
    "needs_judgement_rules": {
        "fi": "Vaatii ihmisen harkintaa: tapauksen tiedot eivät ennusta, milloin tai miten vaihe tehdään, joten joku päättää sen.",
        "sv": "Kräver mänsklig prövning: ärendets uppgifter förutsäger inte när eller hur steget görs, så någon avgör det.",
        "en": "Needs human judgement: the case data do not predict when or how it happens, so someone decides it.",
    },
    "needs_judgement_before": {
        "fi": "Vaatii ihmisen harkintaa: vaiheessa ratkaistaan, seuraako sitä vaihe, jota tapauksen tiedot eivät ennusta.",
        "sv": "Kräver mänsklig prövning: i steget avgörs om ett steg följer som ärendets uppgifter inte förutsäger.",
        "en": "Needs human judgement: it decides whether a step follows that the case data do not predict.",
    },
    "needs_judgement_steps": {
        "fi": "Vaatii ihmisen harkintaa: ketjun vaiheissa on harkintaa vaativa vaihe.",
        "sv": "Kräver mänsklig prövning: kedjan innehåller ett steg som kräver prövning.",
        "en": "Needs human judgement: one of the routine's steps needs judgement.",
    },
    "needs_judgement": {
        "fi": "Vaatii ihmisen harkintaa: toteutettavuus {feasibility} jää alle rajan {limit} (vaihteleva kulku, poikkeuksia tai vaihteleva käsittelyaika).",
        "sv": "Kräver mänsklig prövning: genomförbarheten {feasibility} ligger under gränsen {limit} (varierande flöde, undantag eller handläggningstid).",
        "en": "Needs human judgement: its feasibility of {feasibility} is below {limit} (a varying flow, exceptions or handling time).",
    },
    "already_automated": {
        "fi": "Jo automatisoitu: {rate} tapahtumista tekevät järjestelmä-, erä- tai robottitunnukset.",
        "sv": "Redan automatiserad: {rate} av händelserna görs av system-, batch- eller robotkonton.",
        "en": "Already automated: {rate} of its events are done by system, batch or robot accounts.",
    },
    "already_automated_behaviour": {
        "fi": "Jo automatisoitu: tapahtumilla ei ole käsittelijää, ja ne syntyvät kuin koneen tekeminä (eräajopäivinä tai yöllä).",
        "sv": "Redan automatiserad: händelserna saknar handläggare och uppstår som en maskins (på batchdagar eller nattetid).",
        "en": "Already automated: its events have no handler and arrive as a machine's do (on batch dates or at night).",
    },
    "inside_other_work": {
        "fi": "Tila, jonka järjestelmä kirjaa jonkun avoimen työvaiheen aikana: sen minuutit kuuluvat siihen työvaiheeseen, eikä niitä lasketa toiseen kertaan.",
        "sv": "En status som systemet registrerar medan någons arbetsmoment pågår: minuterna hör till det momentet och räknas inte två gånger.",
        "en": "A status the system records while someone's work item is open: its minutes belong to that work item and are not counted twice.",
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
#: What would make a feasible step pay, appended to its sentence.
PAYS_WITH = {
    "routine": {"fi": "osana rutiiniketjua naapurivaiheidensa kanssa", "sv": "som del av en rutinkedja med sina grannsteg",
                "en": "as part of a routine with its neighbouring steps"},
    "shared": {"fi": "yhteisenä robottina {n} samankokoisen kunnan kesken", "sv": "som en gemensam robot för {n} kommuner av samma storlek",
               "en": "as a robot shared by {n} municipalities of similar volume"},
    "cheaper_robot": {"fi": "halvemmalla, esimerkiksi avoimen lähdekoodin robotilla", "sv": "med en billigare robot, till exempel med öppen källkod",
                      "en": "with a cheaper robot, an open-source one for example"},
}
WOULD_PAY = {"fi": "; kannattaisi {ways}.", "sv": "; det skulle löna sig {ways}.", "en": "; it would pay {ways}."}
OR = {"fi": " tai ", "sv": " eller ", "en": " or "}
AND = {"fi": " ja ", "sv": " och ", "en": " and "}
LEGAL = {
    "fi": "; vaihe ratkaisee asian, joten automaatio vaatii oikeudellisen arvion (hallintolaki 8 a luku).",
    "sv": "; steget avgör ett ärende, så automatisering kräver en rättslig bedömning (förvaltningslagen 8 a kap.).",
    "en": "; it decides a matter, so automating it needs a legal check (Administrative Procedure Act, chapter 8 a).",
}
ROUTINE = {"fi": "Rutiiniketju ({n} vaihetta): ", "sv": "Rutinkedja ({n} steg): ", "en": "Routine of {n} steps: "}


def _strengths(row: pd.Series, lang: str) -> str:
    """The two criteria that contribute most to the row's score, in words."""
    contributions = {c: row.get(f"contribution_{c}", 0) or 0 for c in _STRENGTHS if c not in ("volume", "workload")}
    top = sorted(contributions, key=lambda c: -contributions[c])[:2]
    return AND[lang].join(_STRENGTHS[c][lang] for c in top)


def _percent(value: float, lang: str) -> str:
    text = f"{value:.0%}"
    return text if lang == "en" else text.replace("%", "\u00a0%")


def _verdict_text(row: pd.Series, lang: str, settings: VerdictSettings) -> str:
    verdict = row.get("verdict", "feasible_not_paying")
    if verdict == "already_automated":
        key = "already_automated_behaviour" if bool(row.get("automated_by_behaviour", False)) else verdict
        return TEMPLATES[key][lang].format(rate=_percent(row["automation_rate"], lang))
    if verdict == "inside_other_work":
        return TEMPLATES[verdict][lang]
    if verdict == "negligible":
        workload = row.get("workload_hours_per_year", float("nan"))
        key = "negligible_unknown_hours" if pd.isna(workload) else verdict
        return TEMPLATES[key][lang].format(events=format_number(row["events_per_year"], lang),
                                           hours=format_number(workload, lang))
    if verdict == "needs_judgement":
        if bool(row.get("steps_judgement", False)):
            return TEMPLATES["needs_judgement_steps"][lang]
        label, rule = row.get("label_semantics", float("nan")), row.get("rule_basedness", float("nan"))
        if pd.notna(label) and label <= settings.judgement_label_max:
            return TEMPLATES["needs_judgement_label"][lang]
        if pd.notna(rule) and rule < settings.judgement_rule_max:
            return TEMPLATES["needs_judgement_rules"][lang]
        if bool(row.get("decides_next", False)):
            return TEMPLATES["needs_judgement_before"][lang]
        return TEMPLATES["needs_judgement"][lang].format(feasibility=format_number(row.get("feasibility"), lang, 2),
                                                         limit=format_number(settings.min_feasibility, lang, 2))
    top = _strengths(row, lang)
    if verdict == "robot_candidate":
        return TEMPLATES[verdict][lang].format(
            top=top, net=format_number(row.get("net_savings_eur_mid"), lang),
            low=format_number(row.get("net_savings_eur_low"), lang), high=format_number(row.get("net_savings_eur_high"), lang),
            payback=format_number(row.get("payback_months"), lang))
    if pd.isna(row.get("hours_per_year")):
        return TEMPLATES["feasible_unknown_hours"][lang].format(top=top)
    text = TEMPLATES["feasible_not_paying"][lang].format(top=top, gross=format_number(row.get("savings_eur_mid"), lang))
    ways = [w for w in str(row.get("pays_with") or "").split(";") if w]
    if ways:
        shared = row.get("shared_by")
        phrases = [PAYS_WITH[w][lang].format(n=int(shared) if pd.notna(shared) else "") for w in ways]
        text = text.rstrip(".") + WOULD_PAY[lang].format(ways=OR[lang].join(phrases))
    return text


def write_reason(row: pd.Series, lang: str = "fi", settings: VerdictSettings = VerdictSettings()) -> str:
    """The sentence for one candidate row (needs verdict, contributions, hours, euros, events, flags)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    text = _verdict_text(row, lang, settings)
    if row.get("kind") == "routine":
        text = ROUTINE[lang].format(n=int(row.get("steps", 2))) + text[0].lower() + text[1:]
    if "decides_matter" in str(row.get("flags", "")) and row.get("verdict") not in ("already_automated", "negligible"):
        text = text.rstrip(".") + LEGAL[lang]
    return text
