# SPDX-License-Identifier: AGPL-3.0-or-later
"""Error messages of the analysis area in Finnish and Swedish, keyed by their English template (see the package).

The area: the sample generator, mining, scoring, the engines, the comparison, reading a results folder
back for the report, and the library facade (``api``, ``analysis``).  Terms follow the report
(:mod:`rpa_finder.report.texts`): log loki/logg, activity vaihe/steg, case tapaus/ärende, event
tapahtuma/händelse, process map prosessikartta/processkarta.  Option names, column and key names,
file names and commands stay verbatim.
"""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # --- shared shapes ---------------------------------------------------------------------------
    "choose one of {choices}": {
        "fi": "valitse jokin näistä: {choices}",
        "sv": "välj ett av dessa: {choices}"},
    "row {row}": {"fi": "rivi {row}", "sv": "rad {row}"},
    "line {line}": {"fi": "rivi {line}", "sv": "rad {line}"},
    "column {column}": {"fi": "sarake {column}", "sv": "kolumn {column}"},
    "{names} names for {logs} logs": {
        "fi": "nimiä on {names}, mutta lokeja {logs}",
        "sv": "antalet namn är {names} men antalet loggar {logs}"},
    "run rpa-finder validate on it for details": {
        "fi": "katso yksityiskohdat komennolla rpa-finder validate",
        "sv": "se detaljerna med rpa-finder validate"},
    "rerun rpa-finder analyze to write the results again": {
        "fi": "aja rpa-finder analyze uudelleen, niin tulokset kirjoitetaan uudestaan",
        "sv": "kör rpa-finder analyze igen så att resultaten skrivs på nytt"},
    "choose a writable folder with --output": {
        "fi": "valitse valitsimella --output kansio, johon voi kirjoittaa",
        "sv": "välj en mapp med skrivrätt med --output"},
    "--process": {"fi": "--process", "sv": "--process"},
    "--cases": {"fi": "--cases", "sv": "--cases"},
    "--names": {"fi": "--names", "sv": "--names"},
    "analyze": {"fi": "analyze", "sv": "analyze"},

    # --- samples (the simulated logs and their CLI) ------------------------------------------------
    "error: {message}": {"fi": "virhe: {message}", "sv": "fel: {message}"},
    "unknown process {process!r}": {
        "fi": "tuntematon prosessi {process!r}",
        "sv": "okänd process {process!r}"},
    "unknown lifecycle style {style!r}": {
        "fi": "tuntematon elinkaaren kirjaustapa {style!r}",
        "sv": "okänt sätt att registrera livscykeln {style!r}"},
    "cases must be at least 1, got {cases}": {
        "fi": "tapausten määrän on oltava vähintään 1, nyt {cases}",
        "sv": "antalet ärenden måste vara minst 1, nu {cases}"},
    "scale_log needs a non-empty frame and target_events >= 1": {
        "fi": "scale_log tarvitsee taulukon, jossa on rivejä, ja arvon target_events >= 1",
        "sv": "scale_log behöver en tabell med rader och target_events >= 1"},
    "generate a log first": {"fi": "luo ensin loki", "sv": "skapa först en logg"},
    "robot {name} must be within 0-1, got {value}": {
        "fi": "robotin arvon {name} on oltava välillä 0–1, nyt {value}",
        "sv": "robotens värde {name} måste ligga mellan 0 och 1, nu {value}"},
    "robot account must be named and its seconds within (0, 3000)": {
        "fi": "robotin tunnuksella on oltava nimi ja sen sekuntien oltava välillä (0, 3000)",
        "sv": "robotkontot måste ha ett namn och dess sekunder ligga inom (0, 3000)"},
    "{name} must be within 0-1, got {value}": {
        "fi": "arvon {name} on oltava välillä 0–1, nyt {value}",
        "sv": "värdet {name} måste ligga mellan 0 och 1, nu {value}"},
    "handling_scale must be positive and judgement_sigma non-negative": {
        "fi": "arvon handling_scale on oltava positiivinen ja arvon judgement_sigma vähintään 0",
        "sv": "handling_scale måste vara positivt och judgement_sigma minst 0"},
    "robot activity {activity!r} is not a person's step": {
        "fi": "robotin vaihe {activity!r} ei ole ihmisen tekemä vaihe",
        "sv": "robotens steg {activity!r} är inte ett steg som en människa gör"},
    "deploy the robot on a step people do": {
        "fi": "sijoita robotti vaiheeseen, jonka ihmiset tekevät",
        "sv": "sätt in roboten på ett steg som människor gör"},
    "robot activity {activity!r} does not occur in this process": {
        "fi": "robotin vaihetta {activity!r} ei ole tässä prosessissa",
        "sv": "robotens steg {activity!r} finns inte i den här processen"},
    "name one of the process's steps": {
        "fi": "anna jokin prosessin vaiheista",
        "sv": "ange ett av processens steg"},
    "deviating_share must be within 0-1 and side_steps at least 1": {
        "fi": "arvon deviating_share on oltava välillä 0–1 ja arvon side_steps vähintään 1",
        "sv": "deviating_share måste ligga mellan 0 och 1 och side_steps vara minst 1"},
    "activities must be 1-{most} and case_attributes 0-12": {
        "fi": "arvon activities on oltava 1–{most} ja arvon case_attributes 0–12",
        "sv": "activities måste vara 1–{most} och case_attributes 0–12"},
    "target_events must be at least 1, got {target_events}": {
        "fi": "arvon target_events on oltava vähintään 1, nyt {target_events}",
        "sv": "target_events måste vara minst 1, nu {target_events}"},
    "cannot write ({reason})": {
        "fi": "tiedostoon ei voi kirjoittaa ({reason})",
        "sv": "filen går inte att skriva ({reason})"},
    "choose a writable folder with -o": {
        "fi": "valitse valitsimella -o kansio, johon voi kirjoittaa",
        "sv": "välj en mapp med skrivrätt med -o"},

    # --- comparison ------------------------------------------------------------------------------
    "validation failed": {
        "fi": "loki ei läpäissyt tarkistusta",
        "sv": "loggen klarade inte kontrollen"},
    "a comparison needs at least two logs, got {count}": {
        "fi": "vertailuun tarvitaan vähintään kaksi lokia, nyt {count}",
        "sv": "en jämförelse behöver minst två loggar, nu {count}"},
    "give two or more logs, or a folder holding them": {
        "fi": "anna kaksi tai useampia lokeja tai kansio, jossa ne ovat",
        "sv": "ange två eller fler loggar, eller en mapp som innehåller dem"},
    "organisation names must be different": {
        "fi": "organisaatioiden nimien on oltava keskenään erilaiset",
        "sv": "organisationernas namn måste skilja sig från varandra"},
    "give each log its own name": {
        "fi": "anna jokaiselle lokille oma nimi",
        "sv": "ge varje logg ett eget namn"},
    "give one name per log, separated by commas": {
        "fi": "anna kullekin lokille yksi nimi pilkuilla erotettuina",
        "sv": "ange ett namn per logg, åtskilda med kommatecken"},
    "organisation names must be different, not empty, and without ';'": {
        "fi": "organisaatioiden nimien on oltava keskenään erilaiset ja ei-tyhjät, eikä niissä saa olla merkkiä ';'",
        "sv": "organisationernas namn måste skilja sig från varandra, inte vara tomma och inte innehålla ';'"},
    "activity map not found": {
        "fi": "vaiheiden vastaavuustiedostoa ei löydy",
        "sv": "filen med stegens mappning hittades inte"},
    "check the --activity-map path": {
        "fi": "tarkista valitsimen --activity-map polku",
        "sv": "kontrollera sökvägen i --activity-map"},
    "cannot read the activity map ({kind})": {
        "fi": "vaiheiden vastaavuustiedostoa ei voi lukea ({kind})",
        "sv": "filen med stegens mappning går inte att läsa ({kind})"},
    "save it as UTF-8 CSV with columns organisation, activity, shared_activity": {
        "fi": "tallenna se UTF-8-merkistöisenä CSV-tiedostona, jossa on sarakkeet organisation, activity, shared_activity",
        "sv": "spara den som en CSV-fil i UTF-8 med kolumnerna organisation, activity, shared_activity"},
    "missing column(s) {missing}; the columns are {columns}": {
        "fi": "sarakkeita puuttuu: {missing}; tiedoston sarakkeet ovat {columns}",
        "sv": "kolumner saknas: {missing}; filens kolumner är {columns}"},
    "use the activity_map.csv an earlier compare run wrote": {
        "fi": "käytä tiedostoa activity_map.csv, jonka aiempi compare-ajo kirjoitti",
        "sv": "använd filen activity_map.csv som en tidigare compare-körning skrev"},
    "unknown organisation {organisation!r}": {
        "fi": "tuntematon organisaatio {organisation!r}",
        "sv": "okänd organisation {organisation!r}"},
    "organisations in this run are {names} (set them with --names)": {
        "fi": "tämän ajon organisaatiot ovat {names} (nimeä ne valitsimella --names)",
        "sv": "organisationerna i den här körningen är {names} (namnge dem med --names)"},
    "activity {activity!r} of {organisation} is mapped twice": {
        "fi": "organisaation {organisation} vaihe {activity!r} on vastaavuustiedostossa kahdesti",
        "sv": "steget {activity!r} för {organisation} finns två gånger i mappningen"},
    "keep one row per activity": {
        "fi": "jätä kullekin vaiheelle yksi rivi",
        "sv": "behåll en rad per steg"},

    # --- reading a results folder back (report) -------------------------------------------------------
    "cannot read ({reason})": {
        "fi": "tiedostoa ei voi lukea ({reason})",
        "sv": "filen går inte att läsa ({reason})"},
    "check the permissions": {
        "fi": "tarkista käyttöoikeudet",
        "sv": "kontrollera behörigheterna"},
    "is not valid UTF-8 JSON": {
        "fi": "ei ole kelvollista UTF-8-merkistöistä JSONia",
        "sv": "är inte giltig JSON i UTF-8"},
    "holds a {kind}, expected a JSON object": {
        "fi": "sisältää tyypin {kind}, vaikka sen pitäisi olla JSON-olio",
        "sv": "innehåller typen {kind}, men ett JSON-objekt väntades"},
    "holds a {kind}, expected a JSON list": {
        "fi": "sisältää tyypin {kind}, vaikka sen pitäisi olla JSON-lista",
        "sv": "innehåller typen {kind}, men en JSON-lista väntades"},
    "is a file, not a results folder": {
        "fi": "on tiedosto eikä tuloskansio",
        "sv": "är en fil, inte en resultatmapp"},
    "does not exist": {"fi": "ei ole olemassa", "sv": "finns inte"},
    "give the folder that rpa-finder analyze wrote (its -o)": {
        "fi": "anna kansio, jonka rpa-finder analyze kirjoitti (sen -o)",
        "sv": "ange mappen som rpa-finder analyze skrev (dess -o)"},
    "is not an rpa-finder results folder (missing: {files})": {
        "fi": "ei ole rpa-finderin tuloskansio (puuttuu: {files})",
        "sv": "är inte en resultatmapp från rpa-finder (saknas: {files})"},
    "run rpa-finder analyze LOG -o FOLDER first, then report FOLDER": {
        "fi": "aja ensin rpa-finder analyze LOKI -o KANSIO ja sitten rpa-finder report KANSIO",
        "sv": "kör först rpa-finder analyze LOGG -o MAPP och sedan rpa-finder report MAPP"},
    "has no 'processes' list": {
        "fi": "siitä puuttuu lista 'processes'",
        "sv": "saknar listan 'processes'"},
    "holds rows that are not objects": {
        "fi": "sisältää rivejä, jotka eivät ole JSON-olioita",
        "sv": "innehåller rader som inte är JSON-objekt"},
    "does not follow history.schema.json: {problem}": {
        "fi": "ei noudata skeemaa history.schema.json: {problem}",
        "sv": "följer inte schemat history.schema.json: {problem}"},
    "does not follow history.schema.json: {problem} (and {more} more)": {
        "fi": "ei noudata skeemaa history.schema.json: {problem} (ja {more} muuta)",
        "sv": "följer inte schemat history.schema.json: {problem} (och {more} till)"},
    "run the job again, or delete history.json to render the report without history": {
        "fi": "aja työ uudelleen tai poista history.json, niin raportti tehdään ilman historiaa",
        "sv": "kör jobbet igen, eller ta bort history.json så skapas rapporten utan historik"},

    # --- mining ----------------------------------------------------------------------------------
    "cannot write the BPMN model ({reason})": {
        "fi": "BPMN-mallia ei voi kirjoittaa ({reason})",
        "sv": "BPMN-modellen går inte att skriva ({reason})"},
    "cannot write the Petri net ({reason})": {
        "fi": "Petri-verkkoa ei voi kirjoittaa ({reason})",
        "sv": "Petrinätet går inte att skriva ({reason})"},
    "cannot write the process map ({reason})": {
        "fi": "prosessikarttaa ei voi kirjoittaa ({reason})",
        "sv": "processkartan går inte att skriva ({reason})"},
    "cycle length bound must be at least 2, got {max_length}": {
        "fi": "silmukoiden enimmäispituuden on oltava vähintään 2, nyt {max_length}",
        "sv": "slingornas största längd måste vara minst 2, nu {max_length}"},
    "use 2 or more": {"fi": "käytä arvoa 2 tai suurempaa", "sv": "använd 2 eller mer"},
    "group column {column!r} not in the log": {
        "fi": "ryhmäsaraketta {column!r} ei ole lokissa",
        "sv": "gruppkolumnen {column!r} finns inte i loggen"},
    "events": {"fi": "tapahtumat", "sv": "händelser"},
    "process map": {"fi": "prosessikartta", "sv": "processkarta"},
    "{name} is {value}": {"fi": "{name} on {value}", "sv": "{name} är {value}"},
    "give a share between 0 (exclusive) and 1": {
        "fi": "anna osuus, joka on suurempi kuin 0 ja enintään 1",
        "sv": "ange en andel som är större än 0 och högst 1"},
    "overlay is {overlay!r}": {
        "fi": "karttatyyppi (overlay) on {overlay!r}",
        "sv": "karttypen (overlay) är {overlay!r}"},
    "use 'frequency' or 'performance'": {
        "fi": "käytä arvoa 'frequency' tai 'performance'",
        "sv": "använd 'frequency' eller 'performance'"},

    # --- engines ---------------------------------------------------------------------------------
    "the distributed engine needs Dask": {
        "fi": "hajautettu laskenta tarvitsee Daskin",
        "sv": "distribuerad körning kräver Dask"},
    "install it with pip install 'rpa_finder[distributed]'": {
        "fi": "asenna se komennolla pip install 'rpa_finder[distributed]'",
        "sv": "installera den med pip install 'rpa_finder[distributed]'"},
    "partition file is missing": {
        "fi": "osiotiedosto puuttuu",
        "sv": "partitionsfilen saknas"},
    "spill the log again": {
        "fi": "jaa loki osiotiedostoiksi uudelleen",
        "sv": "dela upp loggen i partitionsfiler igen"},
    "give one name per log": {
        "fi": "anna kullekin lokille yksi nimi",
        "sv": "ange ett namn per logg"},

    # --- the library facade (api, analysis) --------------------------------------------------------
    "no log given": {"fi": "lokia ei annettu", "sv": "ingen logg angiven"},
    "give one log or several": {"fi": "anna yksi tai useampi loki", "sv": "ange en eller flera loggar"},
    "language must be one of {choices}, got {language!r}": {
        "fi": "kielen on oltava jokin näistä: {choices}, nyt {language!r}",
        "sv": "språket måste vara ett av dessa: {choices}, nu {language!r}"},
    "validation failed with errors; {outcome}": {
        "fi": "lokin tarkistus löysi virheitä; {outcome}",
        "sv": "kontrollen av loggen hittade fel; {outcome}"},
    "validation failed with warnings (strict); {outcome}": {
        "fi": "lokin tarkistus löysi varoituksia, jotka tiukka tarkistus (--strict) hylkää; {outcome}",
        "sv": "kontrollen av loggen hittade varningar, som den strikta kontrollen (--strict) underkänner; {outcome}"},
    "nothing was written": {"fi": "mitään ei kirjoitettu", "sv": "ingenting skrevs"},
    "nothing was stored": {"fi": "mitään ei tallennettu", "sv": "ingenting lagrades"},
    "two logs share the name {name!r}": {
        "fi": "kahdella lokilla on sama nimi {name!r}",
        "sv": "två loggar har samma namn {name!r}"},
    "rename one of the files so that each process gets its own folder": {
        "fi": "nimeä toinen tiedostoista uudelleen, jotta kumpikin prosessi saa oman kansionsa",
        "sv": "byt namn på en av filerna så att varje process får en egen mapp"},
    "no analysed logs": {"fi": "analysoituja lokeja ei ole", "sv": "inga analyserade loggar"},
    "analyse at least one log": {"fi": "analysoi vähintään yksi loki", "sv": "analysera minst en logg"},
    "{count} distinct activities, more than the {limit} a process can be analysed with: "
    "the activity column looks like free text": {
        "fi": "{count} eri vaihetta, mikä ylittää prosessin analyysin enimmäismäärän {limit}: vaihesarakkeessa näyttää olevan vapaata tekstiä",
        "sv": "{count} olika steg, fler än de {limit} som en process kan analyseras med: stegkolumnen ser ut som fritext"},
    "activity column": {"fi": "vaihesarake", "sv": "stegkolumnen"},
    "pass --activity with the column that names the step": {
        "fi": "anna valitsimella --activity sarake, joka nimeää vaiheen",
        "sv": "ange med --activity den kolumn som namnger steget"},
}
