# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every text of the HTML report in Finnish, Swedish and English, and the local number and date forms.

The texts are one declarative table so that a translator edits data, not code, and a test can check
that no language lacks a key.  Numbers and dates are formatted for people here (1 234,5 and
28.11.2026 in Finnish); machine outputs (JSON, CSV) stay ISO and are never formatted by this module.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime

from ..language import LANGUAGES, NBSP, fill_text, format_number
from .texts import OVERVIEW_TEXTS, STAGE_TEXTS, TERMINAL_TEXTS

__all__ = ["LANGUAGES", "TEXTS", "FLAG_TEXTS", "FLAG_SHORT", "STATUS_TEXTS", "translate", "format_number", "format_percent",
           "format_eur", "format_date", "format_month", "format_hours", "format_hours_per_year", "format_eur_range",
           "localise_digits", "pick_text", "translate_stage", "terminal_text", "fill_text"]


TEXTS: dict[str, dict[str, str]] = {
    "title": {"fi": "Robotiikkaehdokkaat", "sv": "Kandidater för robotisering", "en": "Software-robot candidates"},
    "skip": {"fi": "Siirry sisältöön", "sv": "Hoppa till innehållet", "en": "Skip to content"},
    "nav": {"fi": "Raportin osat", "sv": "Rapportens delar", "en": "Report sections"},
    "generated_by": {"fi": "Tuottanut rpa_finder (AGPL-3.0-or-later). Luvut ovat arvioita; vaihteluvälit kertovat epävarmuuden.",
                     "sv": "Skapad av rpa_finder (AGPL-3.0-or-later). Talen är uppskattningar; intervallen visar osäkerheten.",
                     "en": "Made by rpa_finder (AGPL-3.0-or-later). Figures are estimates; ranges show the uncertainty."},
    # sections
    "summary": {"fi": "Yhteenveto johdolle", "sv": "Sammanfattning för ledningen", "en": "Summary for management"},
    "map": {"fi": "Prosessikartta", "sv": "Processkarta", "en": "Process map"},
    "candidates": {"fi": "Kaikki ehdokkaat", "sv": "Alla kandidater", "en": "All candidates"},
    "details": {"fi": "Kärkiehdokkaat tarkemmin", "sv": "De främsta kandidaterna i detalj", "en": "Top candidates in detail"},
    "validation": {"fi": "Lokin tarkistus", "sv": "Kontroll av loggen", "en": "Log validation"},
    "settings": {"fi": "Oletukset ja asetukset", "sv": "Antaganden och inställningar", "en": "Assumptions and settings"},
    "method": {"fi": "Menetelmä", "sv": "Metod", "en": "Method"},
    # summary
    "process": {"fi": "Prosessi", "sv": "Process", "en": "Process"},
    "processes": {"fi": "Prosessit", "sv": "Processer", "en": "Processes"},
    "totals": {"fi": "Yhteensä", "sv": "Totalt", "en": "Total"},
    "events": {"fi": "Tapahtumia", "sv": "Händelser", "en": "Events"},
    "cases": {"fi": "Tapauksia", "sv": "Ärenden", "en": "Cases"},
    "activities": {"fi": "Vaiheita", "sv": "Steg", "en": "Activities"},
    "n_candidates": {"fi": "Ehdokkaita", "sv": "Kandidater", "en": "Candidates"},
    "n_automated": {"fi": "Jo automatisoituja", "sv": "Redan automatiserade", "en": "Already automated"},
    "hours_saved": {"fi": "Säästetyt tunnit vuodessa", "sv": "Sparade timmar per år", "en": "Hours saved a year"},
    "eur_saved": {"fi": "Säästö euroina vuodessa", "sv": "Besparing i euro per år", "en": "Saving in euros a year"},
    "fte": {"fi": "Henkilötyövuotta", "sv": "Årsverken", "en": "Full-time equivalents"},
    "range": {"fi": "{low} – {high} (todennäköisin {mid})", "sv": "{low} – {high} (troligast {mid})",
              "en": "{low} – {high} (most likely {mid})"},
    "top_candidates": {"fi": "Kärkiehdokkaat", "sv": "De främsta kandidaterna", "en": "Top candidates"},
    "summary_caption": {"fi": "Prosessit ja arvioidut säästöt", "sv": "Processer och uppskattade besparingar",
                        "en": "Processes and estimated savings"},
    "maturity": {"fi": "Digitalisaation kypsyystaso", "sv": "Digital mognadsnivå", "en": "Digital maturity level"},
    "maturity_level": {"fi": "Taso {level}: {name}", "sv": "Nivå {level}: {name}", "en": "Level {level}: {name}"},
    "maturity_why": {"fi": "Miksi tämä taso", "sv": "Varför denna nivå", "en": "Why this level"},
    "maturity_traits": {"fi": "Tason tuntomerkit", "sv": "Nivåns kännetecken", "en": "What this level looks like"},
    "maturity_indicators": {"fi": "Lokista lasketut mittarit", "sv": "Mätetal beräknade ur loggen",
                            "en": "Indicators computed from the log"},
    "indicator": {"fi": "Mittari", "sv": "Mätetal", "en": "Indicator"},
    "next_threshold": {"fi": "Seuraavan tason raja", "sv": "Gräns för nästa nivå", "en": "Threshold for the next level"},
    "explanation": {"fi": "Selitys", "sv": "Förklaring", "en": "Explanation"},
    "maturity_next": {"fi": "Seuraavat askeleet", "sv": "Nästa steg", "en": "Next steps"},
    "no_candidates": {"fi": "Ehdokkaita ei löytynyt.", "sv": "Inga kandidater hittades.", "en": "No candidates were found."},
    "period": {"fi": "Lokin ajanjakso: {first} – {last}", "sv": "Loggens period: {first} – {last}",
               "en": "Log period: {first} – {last}"},
    # map
    "map_label": {"fi": "Prosessikartta: vaiheet ja niiden väliset siirtymät",
                  "sv": "Processkarta: stegen och övergångarna mellan dem",
                  "en": "Process map: the activities and the transitions between them"},
    "map_legend": {"fi": "Ehdokkaat on korostettu paksulla mustalla reunalla ja keltaisella taustalla; sama tieto on alla olevassa taulukossa.",
                   "sv": "Kandidaterna är markerade med tjock svart kant och gul bakgrund; samma uppgifter finns i tabellen nedan.",
                   "en": "Candidates are marked with a thick black border and a yellow fill; the table below holds the same information."},
    "map_missing": {"fi": "Prosessikarttaa ei ole tulosten joukossa.", "sv": "Processkartan finns inte bland resultaten.",
                    "en": "The results hold no process map."},
    "map_shown": {"fi": "Kartalla on {shown} / {total} vaihetta ({events} tapahtumista) ja {edges} / {total_edges} siirtymää ({flow} kulusta).",
                  "sv": "Kartan visar {shown} av {total} steg ({events} av händelserna) och {edges} av {total_edges} övergångar ({flow} av flödet).",
                  "en": "The map shows {shown} of {total} activities ({events} of events) and {edges} of {total_edges} transitions ({flow} of the flow)."},
    "map_focus": {"fi": "Kartalla on {shown} / {total} vaihetta: ehdokkaat, kunkin yleisimmät edeltäjät ja seuraajat sekä pääpolku niiden välillä; katkoviiva ohittaa pois jätetyt vaiheet. Laajempi kartta ({drawn} vaihetta) on tiedostossa {file}, kaikki vaiheet valinnalla {flag}.",
                  "sv": "Kartan visar {shown} av {total} steg: kandidaterna, de vanligaste stegen före och efter var och en och huvudvägen mellan dem; en streckad linje hoppar över utelämnade steg. En större karta ({drawn} steg) finns i filen {file}, alla steg med {flag}.",
                  "en": "The map shows {shown} of {total} steps: the candidates, the most frequent steps before and after each, and the main path between them; a dashed line skips the steps left out. A larger map ({drawn} steps) is in {file}, every step with {flag}."},
    "map_elided": {"fi": "{n} vaihetta välissä", "sv": "{n} steg emellan", "en": "{n} steps between"},
    "map_table": {"fi": "Kartan yleisimmät siirtymät", "sv": "Kartans vanligaste övergångar",
                  "en": "The map's most frequent transitions"},
    "from": {"fi": "Mistä", "sv": "Från", "en": "From"},
    "to": {"fi": "Mihin", "sv": "Till", "en": "To"},
    "count": {"fi": "Määrä", "sv": "Antal", "en": "Count"},
    "start": {"fi": "alku", "sv": "början", "en": "start"},
    "end": {"fi": "loppu", "sv": "slut", "en": "end"},
    "lang_fi": {"fi": "suomi", "sv": "finska", "en": "Finnish"},
    "lang_sv": {"fi": "ruotsi", "sv": "svenska", "en": "Swedish"},
    "lang_en": {"fi": "englanti", "sv": "engelska", "en": "English"},
    "other_languages": {"fi": "Muut kielet: rpa-finder report KANSIO --lang sv|en",
                        "sv": "Andra språk: rpa-finder report MAPP --lang fi|en",
                        "en": "Other languages: rpa-finder report FOLDER --lang fi|sv"},
    "highlighted": {"fi": "Korostetut ehdokkaat", "sv": "Markerade kandidater", "en": "Highlighted candidates"},
    "mining_caption": {"fi": "Prosessin tunnusluvut", "sv": "Processens nyckeltal", "en": "Process figures"},
    "bottlenecks": {"fi": "Pullonkaulat (eniten odotusta)", "sv": "Flaskhalsar (mest väntan)",
                    "en": "Bottlenecks (most waiting)"},
    "mean_wait": {"fi": "Keskim. odotus", "sv": "Medelväntan", "en": "Mean wait"},
    "wait_share": {"fi": "Osuus odotuksesta", "sv": "Andel av väntan", "en": "Share of waiting"},
    "variants": {"fi": "Kulkuversioita", "sv": "Varianter", "en": "Variants"},
    "fitness": {"fi": "Mallin kattavuus", "sv": "Modellens täckning", "en": "Model fitness"},
    "precision": {"fi": "Mallin tarkkuus", "sv": "Modellens exakthet", "en": "Model precision"},
    # candidate table
    "table_caption": {"fi": "Kaikki arvioidut vaiheet ja rutiinit; lajittele sarakeotsikon painikkeella",
                      "sv": "Alla bedömda steg och rutiner; sortera med knappen i kolumnrubriken",
                      "en": "Every step and routine assessed; sort with the button in a column header"},
    "filter_text": {"fi": "Suodata nimellä", "sv": "Filtrera på namn", "en": "Filter by name"},
    "filter_status": {"fi": "Tila", "sv": "Status", "en": "Status"},
    "all": {"fi": "Kaikki", "sv": "Alla", "en": "All"},
    "shown": {"fi": "Näytetään {shown} / {total} riviä", "sv": "Visar {shown} av {total} rader",
              "en": "Showing {shown} of {total} rows"},
    "rank": {"fi": "Sija", "sv": "Rang", "en": "Rank"},
    "name": {"fi": "Vaihe tai rutiini", "sv": "Steg eller rutin", "en": "Step or routine"},
    "kind": {"fi": "Laji", "sv": "Typ", "en": "Kind"},
    "kind_activity": {"fi": "vaihe", "sv": "steg", "en": "step"},
    "kind_routine": {"fi": "rutiini", "sv": "rutin", "en": "routine"},
    "status": {"fi": "Tila", "sv": "Status", "en": "Status"},
    "score": {"fi": "Pisteet", "sv": "Poäng", "en": "Score"},
    "per_year": {"fi": "Suorituksia / v", "sv": "Utföranden / år", "en": "Executions / year"},
    "handling": {"fi": "Käsittely (min)", "sv": "Handläggning (min)", "en": "Handling (min)"},
    "hours": {"fi": "Tunnit / v", "sv": "Timmar / år", "en": "Hours / year"},
    "eur": {"fi": "Euroa / v", "sv": "Euro / år", "en": "Euros / year"},
    "rank_range": {"fi": "Sijan vaihteluväli", "sv": "Rangintervall", "en": "Rank range"},
    "flags": {"fi": "Huomiot", "sv": "Anmärkningar", "en": "Notes"},
    "sort_by": {"fi": "Lajittele: {column}", "sv": "Sortera: {column}", "en": "Sort by {column}"},
    # candidate details
    "reason": {"fi": "Perustelu", "sv": "Motivering", "en": "Reason"},
    "reason_stored": {"fi": "Perustelu on analyysin kielellä ({language}).", "sv": "Motiveringen är på analysens språk ({language}).",
                      "en": "The reason is in the analysis language ({language})."},
    "criteria": {"fi": "Kriteerit", "sv": "Kriterier", "en": "Criteria"},
    "criteria_chart": {"fi": "{name}: kriteerien pisteet 0–1", "sv": "{name}: kriteriernas poäng 0–1",
                       "en": "{name}: criterion scores 0–1"},
    "criterion": {"fi": "Kriteeri", "sv": "Kriterium", "en": "Criterion"},
    "meaning": {"fi": "Mitä mittaa", "sv": "Vad det mäter", "en": "What it measures"},
    "weight": {"fi": "Paino", "sv": "Vikt", "en": "Weight"},
    "contribution": {"fi": "Osuus pisteistä", "sv": "Bidrag till poängen", "en": "Contribution to the score"},
    "not_measured": {"fi": "ei mitattavissa", "sv": "kan inte mätas", "en": "not measurable"},
    "volume_chart": {"fi": "{name}: suoritukset kuukausittain", "sv": "{name}: utföranden per månad",
                     "en": "{name}: executions per month"},
    "month": {"fi": "Kuukausi", "sv": "Månad", "en": "Month"},
    "histogram_chart": {"fi": "{name}: käsittelyaikojen jakauma", "sv": "{name}: fördelning av handläggningstider",
                        "en": "{name}: distribution of handling times"},
    "minutes": {"fi": "Minuuttia", "sv": "Minuter", "en": "Minutes"},
    "savings_chart": {"fi": "{name}: säästön vaihteluväli", "sv": "{name}: besparingens intervall",
                      "en": "{name}: range of the saving"},
    "low": {"fi": "Matala", "sv": "Låg", "en": "Low"},
    "mid": {"fi": "Todennäköisin", "sv": "Troligast", "en": "Most likely"},
    "high": {"fi": "Korkea", "sv": "Hög", "en": "High"},
    "measure": {"fi": "Suure", "sv": "Storhet", "en": "Measure"},
    "payback": {"fi": "Takaisinmaksuaika", "sv": "Återbetalningstid", "en": "Payback time"},
    "months": {"fi": "{n} kk", "sv": "{n} mån.", "en": "{n} months"},
    "no_payback": {"fi": "ei maksa itseään takaisin todennäköisin oletuksin",
                   "sv": "betalar sig inte med de troligaste antagandena",
                   "en": "does not pay back on the most likely assumptions"},
    "no_flags": {"fi": "Ei huomioita.", "sv": "Inga anmärkningar.", "en": "No notes."},
    "no_data": {"fi": "Ei tietoja.", "sv": "Inga uppgifter.", "en": "No data."},
    "coverage": {"fi": "Tapauksista mukana", "sv": "Andel ärenden", "en": "Share of cases"},
    "automation_rate": {"fi": "Automaatioaste", "sv": "Automationsgrad", "en": "Automation rate"},
    # validation
    "file": {"fi": "Tiedosto", "sv": "Fil", "en": "File"},
    "format": {"fi": "Muoto", "sv": "Format", "en": "Format"},
    "rows_read": {"fi": "Luettuja rivejä", "sv": "Lästa rader", "en": "Rows read"},
    "rejected_rows": {"fi": "Hylättyjä rivejä", "sv": "Avvisade rader", "en": "Rejected rows"},
    "precision_ts": {"fi": "Aikaleimojen tarkkuus", "sv": "Tidsstämplarnas precision", "en": "Timestamp precision"},
    "read_details": {"fi": "Lukutiedot", "sv": "Läsuppgifter", "en": "Read details"},
    "problems": {"fi": "Havaitut ongelmat", "sv": "Upptäckta problem", "en": "Problems found"},
    "no_problems": {"fi": "Ongelmia ei havaittu.", "sv": "Inga problem upptäcktes.", "en": "No problems found."},
    "severity": {"fi": "Vakavuus", "sv": "Allvarlighet", "en": "Severity"},
    "code": {"fi": "Koodi", "sv": "Kod", "en": "Code"},
    "message": {"fi": "Kuvaus", "sv": "Beskrivning", "en": "Description"},
    "rows": {"fi": "Rivit", "sv": "Rader", "en": "Rows"},
    "columns": {"fi": "Sarakkeet", "sv": "Kolumner", "en": "Columns"},
    "setting": {"fi": "Asetus", "sv": "Inställning", "en": "Setting"},
    "value": {"fi": "Arvo", "sv": "Värde", "en": "Value"},
    "settings_caption": {"fi": "Analyysissa käytetyt oletukset ja asetukset", "sv": "Antaganden och inställningar i analysen",
                         "en": "Assumptions and settings the analysis used"},
    "validation_caption": {"fi": "Mitä lokista luettiin", "sv": "Vad som lästes ur loggen", "en": "What was read from the log"},
    "problems_caption": {"fi": "Lokin laatuongelmat", "sv": "Loggens kvalitetsproblem", "en": "Data-quality problems in the log"},
    "yes": {"fi": "kyllä", "sv": "ja", "en": "yes"},
    "no": {"fi": "ei", "sv": "nej", "en": "no"},
    # method
    "method_score": {
        "fi": "Pisteet: jokainen kriteeri mitataan lokista ja skaalataan välille 0–1 (määrät logaritmisesti 5.–95. persentiilin välille); pisteet ovat kriteerien painotettu keskiarvo. Kriteeri, jota ei voi mitata, jätetään pois ja muiden painot skaalataan.",
        "sv": "Poäng: varje kriterium mäts ur loggen och skalas till 0–1 (mängder logaritmiskt mellan 5:e och 95:e percentilen); poängen är kriteriernas viktade medelvärde. Ett kriterium som inte kan mätas utelämnas och de övriga vikterna skalas om.",
        "en": "Score: each criterion is measured from the log and scaled to 0–1 (amounts on a log scale between the 5th and 95th percentile); the score is the weighted mean of the criteria. A criterion that cannot be measured is left out and the other weights rescaled."},
    "method_savings": {
        "fi": "Säästö: tunnit vuodessa = suoritukset × käsittelyaika × automatisoitava osuus × (1 − automaatioaste) × (1 − poikkeusten osuus); henkilötyövuosi = 1 644 tuntia; bruttoeurot = tunnit × tuntihinta; nettoeurot = bruttoeurot − robotin käyttökulut.",
        "sv": "Besparing: timmar per år = utföranden × handläggningstid × automatiserbar andel × (1 − automationsgrad) × (1 − andel undantag); ett årsverke = 1 644 timmar; bruttoeuro = timmar × timkostnad; nettoeuro = bruttoeuro − robotens driftkostnad.",
        "en": "Saving: hours a year = executions × handling time × automatable share × (1 − automation rate) × (1 − exception share); one full-time equivalent = 1,644 hours; gross euros = hours × hourly cost; net euros = gross euros − the robot's running cost."},
    "method_ranges": {
        "fi": "Vaihteluvälit: matala ja korkea arvio yhdistävät kunkin oletuksen matalan tai korkean arvon (tuntihinta, automatisoitava osuus, käsittelyajan epävarmuus). Sijan vaihteluväli kertoo, miten sija muuttuu, kun kriteerien painoja muutetaan.",
        "sv": "Intervall: den låga och den höga uppskattningen kombinerar varje antagandes låga eller höga värde (timkostnad, automatiserbar andel, osäkerhet i handläggningstiden). Rangintervallet visar hur rangen ändras när kriteriernas vikter ändras.",
        "en": "Ranges: the low and high estimates combine each assumption's low or high value (hourly cost, automatable share, uncertainty of the handling time). The rank range shows how the rank moves when the criteria weights change."},
    "method_knockouts": {
        "fi": "Jo automatisoidut vaiheet (järjestelmä-, erä- tai robottitunnusten tekemät) ja liian vähäiset vaiheet näytetään, mutta niitä ei sijoiteta.",
        "sv": "Steg som redan är automatiserade (utförs av system-, batch- eller robotkonton) och steg med för lite arbete visas men rangordnas inte.",
        "en": "Steps already automated (done by system, batch or robot accounts) and steps with too little work are shown but not ranked."},
    "legend_caption": {"fi": "Kriteerit ja niiden painot", "sv": "Kriterierna och deras vikter", "en": "The criteria and their weights"},
    # history of scheduled runs
    "history": {"fi": "Historia", "sv": "Historik", "en": "History"},
    "history_intro": {
        "fi": "Työ ajetaan säännöllisesti, ja jokainen ajo analysoi kaikki siihen mennessä tallennetut tapahtumat. Taulukot näyttävät, miten kärkiehdokkaiden sija, pisteet, säästö ja tila sekä kypsyystaso ovat muuttuneet ajosta toiseen; viimeinen ajo on tämä raportti.",
        "sv": "Jobbet körs regelbundet, och varje körning analyserar alla händelser som lagrats dittills. Tabellerna visar hur de främsta kandidaternas rang, poäng, besparing och status samt mognadsnivån har ändrats från körning till körning; den sista körningen är denna rapport.",
        "en": "The job runs on a schedule, and each run analyses every event stored so far. The tables show how the top candidates' rank, score, saving and status, and the maturity level, changed from run to run; the last run is this report."},
    "history_none": {
        "fi": "Historiaa ei vielä ole: tämä on työn ensimmäinen kirjattu ajo ({date}). Seuraavan ajon raportti näyttää tässä, miten luvut muuttuvat.",
        "sv": "Ingen historik ännu: detta är jobbets första registrerade körning ({date}). Rapporten från nästa körning visar här hur siffrorna ändras.",
        "en": "No history yet: this is the job's first recorded run ({date}). The next run's report shows here how the figures change."},
    "history_shown": {"fi": "Näytetään viimeiset {shown} / {total} ajoa; kaikki ajot: rpa-finder history --store TIEDOSTO.",
                      "sv": "Visar de senaste {shown} av {total} körningar; alla körningar: rpa-finder history --store FIL.",
                      "en": "Showing the last {shown} of {total} runs; every run: rpa-finder history --store FILE."},
    "history_candidates": {"fi": "Kärkiehdokkaat ajoittain", "sv": "De främsta kandidaterna per körning",
                           "en": "Top candidates run by run"},
    "history_candidates_caption": {
        "fi": "Jokainen ehdokas, joka on ollut {top} parhaan joukossa jossakin ajossa (– = ei ajon taulukossa)",
        "sv": "Varje kandidat som har varit bland de {top} främsta i någon körning (– = inte i körningens tabell)",
        "en": "Every candidate that was among the top {top} in any run (– = not in that run's table)"},
    "history_maturity": {"fi": "Kypsyystaso ajoittain", "sv": "Mognadsnivå per körning", "en": "Maturity level run by run"},
    "history_maturity_caption": {"fi": "Prosessin ja koko organisaation kypsyystaso kussakin ajossa",
                                 "sv": "Processens och hela organisationens mognadsnivå i varje körning",
                                 "en": "The maturity level of the process and of the whole organisation in each run"},
    "history_runs": {"fi": "Ajot", "sv": "Körningar", "en": "Runs"},
    "history_runs_caption": {"fi": "Jokainen ajo: analysoidut tapahtumat (kaikki siihen mennessä tallennetut), uudet tapahtumat ja tapaukset",
                             "sv": "Varje körning: analyserade händelser (alla som lagrats dittills), nya händelser och ärenden",
                             "en": "Each run: the events analysed (all stored so far), the new events and the cases"},
    "history_chart": {"fi": "Kärkiehdokkaiden pisteet ajoittain", "sv": "De främsta kandidaternas poäng per körning",
                      "en": "Top candidates' scores run by run"},
    "history_chart_desc": {
        "fi": "Viivakaavio {lines} ehdokkaan pisteistä (asteikko 0–1) {runs} ajossa ({first} – {last}). Jokaisella viivalla on oma värinsä ja merkkinsä ja nimi sen päässä; samat luvut ovat taulukossa Kärkiehdokkaat ajoittain.",
        "sv": "Linjediagram över {lines} kandidaters poäng (skala 0–1) i {runs} körningar ({first} – {last}). Varje linje har en egen färg och markör och namnet vid sitt slut; samma tal finns i tabellen De främsta kandidaterna per körning.",
        "en": "Line chart of the scores (scale 0–1) of {lines} candidates over {runs} runs ({first} – {last}). Each line has its own colour and marker and its name at its end; the table Top candidates run by run holds the same figures."},
    "history_saving_label": {"fi": "Bruttoeuroa / v (vaihteluväli)", "sv": "Bruttoeuro / år (intervall)",
                             "en": "Gross euros / year (range)"},
    "history_net_saving_label": {"fi": "Nettoeuroa / v (vaihteluväli)", "sv": "Nettoeuro / år (intervall)",
                                 "en": "Net euros / year (range)"},
    "history_saving": {"fi": "{mid} ({low}–{high})", "sv": "{mid} ({low}–{high})", "en": "{mid} ({low}–{high})"},
    "history_change": {"fi": "Muutos edellisestä ajosta", "sv": "Ändring sedan förra körningen",
                       "en": "Change since the previous run"},
    "history_up": {"fi": "nousi {n}", "sv": "steg {n}", "en": "up {n}"},
    "history_down": {"fi": "laski {n}", "sv": "föll {n}", "en": "down {n}"},
    "history_unchanged": {"fi": "ennallaan", "sv": "oförändrad", "en": "unchanged"},
    "history_new": {"fi": "uusi", "sv": "ny", "en": "new"},
    "history_unranked": {"fi": "ei enää sijoitettu", "sv": "inte längre rangordnad", "en": "no longer ranked"},
    "history_was": {"fi": "aiemmin: {status}", "sv": "tidigare: {status}", "en": "was: {status}"},
    "history_organisation": {"fi": "Koko organisaatio", "sv": "Hela organisationen", "en": "Whole organisation"},
    "history_level": {"fi": "Kypsyystaso", "sv": "Mognadsnivå", "en": "Maturity level"},
    "run": {"fi": "Ajo", "sv": "Körning", "en": "Run"},
    "run_date": {"fi": "Päivä", "sv": "Datum", "en": "Date"},
    "this_report": {"fi": "tämä raportti", "sv": "denna rapport", "en": "this report"},
    "events_analysed": {"fi": "Analysoituja tapahtumia", "sv": "Analyserade händelser", "en": "Events analysed"},
    "events_new": {"fi": "Uusia tapahtumia", "sv": "Nya händelser", "en": "New events"},
}

TEXTS.update(OVERVIEW_TEXTS)

STATUS_TEXTS: dict[str, dict[str, str]] = {
    "candidate": {"fi": "ehdokas", "sv": "kandidat", "en": "candidate"},
    "already_automated": {"fi": "jo automatisoitu", "sv": "redan automatiserad", "en": "already automated"},
    "negligible": {"fi": "liian vähäinen", "sv": "för liten", "en": "too little work"},
}

FLAG_TEXTS: dict[str, dict[str, str]] = {
    "decides_matter": {
        "fi": "Vaihe ratkaisee asian. Automaattinen päätös on sallittu vain, jos siinä ei käytetä tapauskohtaista harkintaa (hallintolaki 8 a luku): tarvitaan oikeudellinen arvio.",
        "sv": "Steget avgör ett ärende. Ett automatiserat beslut är tillåtet endast om ingen prövning från fall till fall används (förvaltningslagen 8 a kap.): en rättslig bedömning behövs.",
        "en": "This step decides a matter. An automated decision is allowed only where no case-by-case discretion is used (Administrative Procedure Act, chapter 8 a): a legal check is needed."},
    "handling_estimated": {
        "fi": "Käsittelyaika on arvioitu peräkkäisten kirjausten väleistä, koska lokissa ei ole aloitusaikoja.",
        "sv": "Handläggningstiden är uppskattad ur tiden mellan på varandra följande registreringar, eftersom loggen saknar starttider.",
        "en": "The handling time is estimated from the gaps between consecutive entries, because the log has no start times."},
    "handling_unknown": {
        "fi": "Käsittelyaikaa ei voitu mitata eikä arvioida; säästöä ei laskettu. Anna aika asetustiedostossa.",
        "sv": "Handläggningstiden kunde varken mätas eller uppskattas; ingen besparing beräknades. Ange tiden i inställningsfilen.",
        "en": "The handling time could not be measured or estimated, so no saving is computed. Give it in the settings file."},
    "timer_rule": {
        "fi": "Vaihe tapahtuu säännöllisin väliajoin tai kiinteään aikaan: ajastinsääntö on todennäköinen.",
        "sv": "Steget sker med jämna mellanrum eller vid en fast tid: en tidsregel är trolig.",
        "en": "The step happens at regular intervals or a fixed time: a timer rule is likely."},
    "partly_automated": {
        "fi": "Osa suorituksista on jo järjestelmä-, erä- tai robottitunnusten tekemiä.",
        "sv": "En del av utförandena görs redan av system-, batch- eller robotkonton.",
        "en": "Some of its executions are already done by system, batch or robot accounts."},
    "date_only_timestamps": {
        "fi": "Lokissa on vain päivämääriä ilman kellonaikaa, joten ajat ja järjestys ovat epätarkkoja.",
        "sv": "Loggen har bara datum utan klockslag, så tider och ordning är osäkra.",
        "en": "The log holds dates without times of day, so durations and order are uncertain."},
}

FLAG_SHORT: dict[str, dict[str, str]] = {
    "decides_matter": {"fi": "ratkaisee asian: oikeudellinen arvio", "sv": "avgör ärende: rättslig bedömning",
                       "en": "decides a matter: legal check"},
    "handling_estimated": {"fi": "käsittelyaika arvioitu", "sv": "handläggningstid uppskattad", "en": "handling time estimated"},
    "handling_unknown": {"fi": "käsittelyaika tuntematon", "sv": "handläggningstid okänd", "en": "handling time unknown"},
    "timer_rule": {"fi": "ajastinsääntö", "sv": "tidsregel", "en": "timer rule"},
    "partly_automated": {"fi": "osin automatisoitu", "sv": "delvis automatiserad", "en": "partly automated"},
    "date_only_timestamps": {"fi": "vain päivämäärät", "sv": "endast datum", "en": "dates only"},
}

#: Month names for English month labels (Finnish and Swedish use numbers).
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _check(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


def translate(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    text = TEXTS[key][_check(lang)]
    return text.format(**values) if values else text


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """85 % in Finnish and Swedish, 85% in English, from a share in [0, 1]."""
    if _missing(share):
        return "–"
    number = format_number(float(share) * 100, lang, decimals)
    return number + ("%" if lang == "en" else NBSP + "%")


def format_eur(value: float | None, lang: str) -> str:
    """5 566 € in Finnish and Swedish, €5,566 in English."""
    if _missing(value):
        return "–"
    number = format_number(value, lang)
    return f"€{number}" if lang == "en" else f"{number}{NBSP}€"


def format_hours(value: float | None, lang: str) -> str:
    return format_number(value, lang, 0 if _missing(value) or abs(float(value)) >= 100 else 1)


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def format_date(value: date | datetime | str, lang: str) -> str:
    """28.11.2026 in Finnish; 2026-11-28 in Swedish and English."""
    day = _as_date(value)
    if _check(lang) == "fi":
        return f"{day.day}.{day.month}.{day.year}"
    return day.isoformat()


def format_month(month: str, lang: str) -> str:
    """A ``YYYY-MM`` month as people write it: 11/2026 in Finnish, 2026-11 in Swedish, Nov 2026 in English."""
    year, number = int(month[:4]), int(month[5:7])
    if _check(lang) == "fi":
        return f"{number}/{year}"
    if lang == "sv":
        return f"{year}-{number:02d}"
    return f"{_EN_MONTHS[number - 1]} {year}"


#: Hours with their grammatical number: Finnish takes the partitive after a number other than 1.
_HOURS = {"fi": ("{n} tunti vuodessa", "{n} tuntia vuodessa"), "sv": ("{n} timme per år", "{n} timmar per år"),
          "en": ("{n} hour a year", "{n} hours a year")}


def format_hours_per_year(value: float | None, lang: str) -> str:
    """139 tuntia vuodessa, 1 timme per år, 42.9 hours a year: the number with the right form of the word."""
    if _missing(value):
        return "–"
    number = format_hours(value, lang)
    one, many = _HOURS[_check(lang)]
    return (one if round(float(value), 1) == 1 else many).format(n=number)


def format_eur_range(low: float | None, high: float | None, lang: str) -> str:
    """−1 200 € … 5 400 €: a range whose ends may be negative, so never joined by a dash."""
    return f"{format_eur(low, lang)} … {format_eur(high, lang)}"


_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+)(?![\d,])")


def localise_digits(text: str, lang: str) -> str:
    """English-grouped numbers inside a text (1,409) written the local way (1 409); other text unchanged."""
    if _check(lang) == "en":
        return text
    return _GROUPED.sub(lambda m: m.group(1).replace(",", NBSP), text)


def pick_text(table: dict[str, dict[str, object]], key: str, lang: str, default: object = None) -> object:
    """``table[key][lang]`` or ``default`` when the key has no entry."""
    entry = table.get(key)
    return entry[_check(lang)] if entry else default


def translate_stage(message: str, lang: str) -> str:
    """``message`` (an English stage) in ``lang``; unchanged in English or when no pattern knows it."""
    if lang == "en":
        return message
    for pattern, texts in STAGE_TEXTS:
        match = pattern.fullmatch(message)
        if match and lang in texts:
            return texts[lang].format(**match.groupdict())
    return message


def terminal_text(key: str, lang: str, **values: object) -> str:
    """One of :data:`TERMINAL_TEXTS` in ``lang`` (English for a language the table lacks)."""
    return fill_text(TERMINAL_TEXTS[key], lang, **values)
