# SPDX-License-Identifier: AGPL-3.0-or-later
"""The report's data texts in Finnish, Swedish and English: verdicts, read settings, problems, settings docs.

These are declarative tables beside :data:`rpa_finder.report.i18n.TEXTS`: a translator edits data, and
the report, the workbook and the terminal summary take every text a person reads from here, so that no
English key or message reaches a Finnish or Swedish reader.  A key that has no entry here is shown as a
code (in ``<code>``) beside a translated generic label, never as running text.
"""
from __future__ import annotations

import re

__all__ = ["VERDICT_TEXTS", "VERDICT_ORDER", "PAYS_WITH_TEXTS", "EVIDENCE_TEXTS", "READ_DETAIL_TEXTS", "READ_VALUE_TEXTS",
           "PRECISION_TEXTS", "PROBLEM_TEXTS", "SEVERITY_TEXTS", "SETTING_TEXTS", "SECTION_TEXTS", "COLUMN_TEXTS"]

#: The verdicts in the order the report lists them; robot candidates first.
VERDICT_ORDER = ("robot_candidate", "feasible_not_paying", "needs_judgement", "already_automated",
                 "inside_other_work", "negligible")

#: (short name, one-sentence meaning) per verdict.
VERDICT_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "robot_candidate": {
        "fi": ("robottiehdokas", "Robotti pystyy tekemään tämän, ja se maksaa itsensä takaisin."),
        "sv": ("robotkandidat", "En robot kan göra detta, och den betalar sig."),
        "en": ("robot candidate", "A robot can do this, and it pays back.")},
    "feasible_not_paying": {
        "fi": ("mahdollinen, ei kannata yksin", "Robotti pystyisi tähän, mutta työtä on liian vähän robotin kuluihin nähden."),
        "sv": ("möjlig, lönar sig inte ensam", "En robot skulle klara detta, men arbetet är för litet för robotens kostnader."),
        "en": ("feasible, does not pay alone", "A robot could do this, but there is too little work to cover its costs.")},
    "needs_judgement": {
        "fi": ("vaatii harkintaa", "Vaihe vaatii ihmisen harkintaa; robotti voi korkeintaan avustaa."),
        "sv": ("kräver prövning", "Steget kräver mänsklig prövning; en robot kan högst bistå."),
        "en": ("needs human judgement", "The step needs human judgement; a robot can at most assist.")},
    "already_automated": {
        "fi": ("jo automatisoitu", "Järjestelmä, eräajo tai robotti tekee tämän jo."),
        "sv": ("redan automatiserad", "Ett system, en batchkörning eller en robot gör detta redan."),
        "en": ("already automated", "A system, batch job or robot already does this.")},
    "inside_other_work": {
        "fi": ("osa muuta työtä", "Tila kirjataan toisen työvaiheen aikana; sen aika on jo laskettu siihen."),
        "sv": ("del av annat arbete", "Statusen registreras under ett annat arbetsmoment; tiden räknas redan där."),
        "en": ("part of other work", "A status recorded during another work item; its time is already counted there.")},
    "negligible": {
        "fi": ("liian vähäinen", "Työtä on niin vähän, ettei sitä kannata arvioida tarkemmin."),
        "sv": ("för liten", "Arbetet är så litet att det inte lönar sig att bedöma närmare."),
        "en": ("too little work", "So little work that a closer look does not pay.")},
}

#: What would make a feasible step pay (``pays_with``).
PAYS_WITH_TEXTS: dict[str, dict[str, str]] = {
    "routine": {"fi": "rutiiniksi yhdistettynä viereisiin vaiheisiin", "sv": "som en rutin med grannstegen",
                "en": "as a routine with its neighbouring steps"},
    "shared": {"fi": "muiden kuntien kanssa jaettuna robottina", "sv": "som en robot delad med andra kommuner",
               "en": "as a robot shared with other municipalities"},
    "cheaper_robot": {"fi": "halvemmalla robotilla", "sv": "med en billigare robot", "en": "with a cheaper robot"},
}

#: Where a handling time comes from (``handling_evidence``): the words of the confidence sentence.
EVIDENCE_TEXTS: dict[str, dict[str, str]] = {
    "measured": {"fi": "mitattu aloitus- ja lopetusajoista", "sv": "uppmätt ur start- och sluttider",
                 "en": "measured from start and end times"},
    "estimated_with_resources": {"fi": "arvioitu käsittelijöiden kirjausten väleistä",
                                 "sv": "uppskattad ur tiden mellan handläggarnas registreringar",
                                 "en": "estimated from the gaps between each handler's entries"},
    "estimated_without_resources": {"fi": "arvioitu kirjausten väleistä ilman käsittelijätietoa",
                                    "sv": "uppskattad ur tiden mellan registreringar utan uppgift om handläggare",
                                    "en": "estimated from the gaps between entries, without handler data"},
    "given": {"fi": "annettu asetuksissa", "sv": "angiven i inställningarna", "en": "given in the settings"},
    "calibrated": {"fi": "arvioitu ja kalibroitu itse mitatuilla ajoilla",
                   "sv": "uppskattad och kalibrerad med egna tidmätningar",
                   "en": "estimated and calibrated with your own timings"},
}

#: The read details of validation.json, as people name them.
READ_DETAIL_TEXTS: dict[str, dict[str, str]] = {
    "encoding": {"fi": "Merkistö", "sv": "Teckenkodning", "en": "Character encoding"},
    "delimiter": {"fi": "Sarake-erotin", "sv": "Kolumnavgränsare", "en": "Column delimiter"},
    "compression": {"fi": "Pakkaus", "sv": "Komprimering", "en": "Compression"},
    "header_row": {"fi": "Otsikkorivi", "sv": "Rubrikrad", "en": "Header row"},
    "case_column": {"fi": "Asian sarake", "sv": "Ärendekolumn", "en": "Case column"},
    "activity_column": {"fi": "Vaiheen sarake", "sv": "Stegkolumn", "en": "Activity column"},
    "timestamp_column": {"fi": "Aikaleiman sarake", "sv": "Tidsstämpelkolumn", "en": "Timestamp column"},
    "resource_column": {"fi": "Käsittelijän sarake", "sv": "Handläggarkolumn", "en": "Handler column"},
    "lifecycle_column": {"fi": "Elinkaaren sarake", "sv": "Livscykelkolumn", "en": "Lifecycle column"},
    "start_timestamp_column": {"fi": "Aloitusajan sarake", "sv": "Starttidskolumn", "en": "Start-time column"},
    "decimal": {"fi": "Desimaalierotin", "sv": "Decimaltecken", "en": "Decimal separator"},
    "timestamp_format": {"fi": "Aikaleiman muoto", "sv": "Tidsstämpelns format", "en": "Timestamp format"},
    "timezone": {"fi": "Aikavyöhyke", "sv": "Tidszon", "en": "Time zone"},
    "format": {"fi": "Tiedostomuoto", "sv": "Filformat", "en": "File format"},
    "gzip": {"fi": "Gzip-pakattu", "sv": "Gzip-komprimerad", "en": "Gzip-compressed"},
    "traces": {"fi": "Tapauksia (trace)", "sv": "Ärenden (trace)", "en": "Cases (traces)"},
    "xes_version": {"fi": "XES-versio", "sv": "XES-version", "en": "XES version"},
    "xes_features": {"fi": "XES-ominaisuudet", "sv": "XES-egenskaper", "en": "XES features"},
    "openxes_version": {"fi": "OpenXES-versio", "sv": "OpenXES-version", "en": "OpenXES version"},
    "globals_event": {"fi": "Tapahtumien oletusarvot", "sv": "Standardvärden för händelser", "en": "Event defaults"},
    "globals_trace": {"fi": "Tapausten oletusarvot", "sv": "Standardvärden för ärenden", "en": "Case defaults"},
    "sheet": {"fi": "Taulukko", "sv": "Blad", "en": "Sheet"},
}

#: Values of read details that are words, not data.
READ_VALUE_TEXTS: dict[str, dict[str, str]] = {
    "recognised": {"fi": "tunnistettu", "sv": "igenkänd", "en": "recognised"},
    "given": {"fi": "annettu", "sv": "angiven", "en": "given"},
    "none": {"fi": "ei", "sv": "ingen", "en": "none"},
    "yes": {"fi": "kyllä", "sv": "ja", "en": "yes"},
    "no": {"fi": "ei", "sv": "nej", "en": "no"},
    "typed datetimes (with time zone)": {"fi": "tyypitetyt ajat (aikavyöhykkeen kanssa)",
                                         "sv": "typade tider (med tidszon)", "en": "typed datetimes (with time zone)"},
    "nested-attributes": {"fi": "sisäkkäiset attribuutit", "sv": "nästlade attribut", "en": "nested attributes"},
}

PRECISION_TEXTS: dict[str, dict[str, str]] = {
    "time": {"fi": "kellonaika", "sv": "klockslag", "en": "time of day"},
    "date": {"fi": "vain päivämäärä", "sv": "endast datum", "en": "date only"},
    "mixed": {"fi": "osin vain päivämäärä", "sv": "delvis endast datum", "en": "partly date only"},
}

SEVERITY_TEXTS: dict[str, dict[str, str]] = {
    "error": {"fi": "virhe", "sv": "fel", "en": "error"},
    "warning": {"fi": "varoitus", "sv": "varning", "en": "warning"},
    "info": {"fi": "tieto", "sv": "information", "en": "note"},
}

#: Data-quality problems by code; ``{unit}`` is rows (CSV, Excel) or events (XES).
PROBLEM_TEXTS: dict[str, dict[str, str]] = {
    "identity_codes_masked": {"fi": "Henkilötunnuksia löytyi, ja ne korvattiin avainnetuilla tunnisteilla.",
                              "sv": "Personbeteckningar hittades och ersattes med nyckelbaserade koder.",
                              "en": "Finnish identity codes found and replaced by keyed tokens."},
    "exact_duplicates": {"fi": "Tapahtumia, jotka ovat joka kentässä samat kuin aiempi tapahtuma (säilytetty; tarkista vienti).",
                         "sv": "Händelser identiska med en tidigare händelse i varje fält (behållna; kontrollera exporten).",
                         "en": "Events identical to an earlier event in every field (kept; check the export)."},
    "future_timestamp": {"fi": "Aikaleimoja tulevaisuudessa (kello- tai muotovirhe?).",
                         "sv": "Tidsstämplar i framtiden (klock- eller formatfel?).",
                         "en": "Timestamps in the future (clock or format error?)."},
    "timestamp_before_1970": {"fi": "Aikaleimoja ennen vuotta 1970 (paikkamerkkipäiviä tai väärä muoto?).",
                              "sv": "Tidsstämplar före 1970 (platshållardatum eller fel format?).",
                              "en": "Timestamps before 1970 (placeholder dates or a wrong format?)."},
    "start_without_complete": {"fi": "Aloitustapahtumia ilman vastaavaa lopetusta (niiden käsittelyaika ei ole tiedossa).",
                               "sv": "Starthändelser utan motsvarande slut (handläggningstiden okänd för dem).",
                               "en": "Start events with no matching complete event (handling time unknown for them)."},
    "no_events": {"fi": "Tiedostossa ei ole käyttökelpoisia tapahtumia.", "sv": "Filen saknar användbara händelser.",
                  "en": "No usable events in the file."},
    "date_only_timestamps": {"fi": "Osa aikaleimoista on pelkkiä päivämääriä: kestot ja käsittelyajat ovat kokonaisia päiviä ja jätetään pois, missä ne johtaisivat harhaan.",
                             "sv": "En del tidsstämplar är bara datum: varaktigheter och handläggningstider är hela dagar och utelämnas där de skulle vilseleda.",
                             "en": "Some timestamps carry a date only: durations and handling times are in whole days and are left out where they would mislead."},
    "single_event_cases": {"fi": "Tapauksia, joissa on vain yksi tapahtuma (niistä ei voi louhia kulkua).",
                           "sv": "Ärenden med en enda händelse (inget flöde att utvinna).",
                           "en": "Cases with a single event (no flow to mine in them)."},
    "xes_certification": {"fi": "XES-tiedoston sertifiointitaso (tieto tiedoston rakenteesta).",
                          "sv": "XES-filens certifieringsnivå (uppgift om filens struktur).",
                          "en": "The XES file's certification level (how the file is built)."},
    "unreadable_row": {"fi": "Lukukelvottomia {unit} jätettiin pois.", "sv": "Oläsliga {unit} utelämnades.",
                       "en": "Unreadable {unit} dropped."},
    "invalid_timestamp": {"fi": "{unit} jätettiin pois: aikaleima ei kelpaa.", "sv": "{unit} utelämnades: ogiltig tidsstämpel.",
                          "en": "{unit} dropped: the timestamp is not valid."},
    "_dropped": {"fi": "{unit} jätettiin pois.", "sv": "{unit} utelämnades.", "en": "{unit} dropped."},
}

#: Settings sections and settings (settings.json keys) as people name them, with what each one does.
SECTION_TEXTS: dict[str, dict[str, str]] = {
    "read": {"fi": "Lokin lukeminen", "sv": "Inläsning av loggen", "en": "Reading the log"},
    "mining": {"fi": "Prosessin louhinta", "sv": "Processutvinning", "en": "Process mining"},
    "candidates": {"fi": "Ehdokkaiden rajaus", "sv": "Avgränsning av kandidater", "en": "Which steps are candidates"},
    "savings": {"fi": "Säästö ja kustannukset", "sv": "Besparing och kostnader", "en": "Savings and costs"},
    "weights": {"fi": "Kriteerien painot", "sv": "Kriteriernas vikter", "en": "Criteria weights"},
    "": {"fi": "Yleiset", "sv": "Allmänt", "en": "General"},
}

SETTING_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "read.columns": {"fi": ("Sarakkeet", "Lokin sarakkeet, jos ne on annettu; muuten tunnistettu automaattisesti."),
                     "sv": ("Kolumner", "Loggens kolumner om de angetts; annars igenkända automatiskt."),
                     "en": ("Columns", "The log's columns when given; otherwise recognised automatically.")},
    "read.date_format": {"fi": ("Päiväyksen muoto", "Aikaleimojen muoto, jos annettu; muuten tunnistettu."),
                         "sv": ("Datumformat", "Tidsstämplarnas format om det angetts; annars igenkänt."),
                         "en": ("Date format", "The timestamps' format when given; otherwise recognised.")},
    "read.timezone": {"fi": ("Aikavyöhyke", "Aikavyöhyke ajoille, joissa sitä ei ole merkitty."),
                      "sv": ("Tidszon", "Tidszon för tider utan angiven zon."),
                      "en": ("Time zone", "Time zone of times written without one.")},
    "read.delimiter": {"fi": ("Sarake-erotin", "CSV-tiedoston erotin, jos annettu; muuten päätelty."),
                       "sv": ("Kolumnavgränsare", "CSV-filens avgränsare om den angetts; annars härledd."),
                       "en": ("Column delimiter", "The CSV delimiter when given; otherwise sniffed.")},
    "read.encoding": {"fi": ("Merkistö", "CSV-tiedoston merkistö, jos annettu; muuten päätelty."),
                      "sv": ("Teckenkodning", "CSV-filens teckenkodning om den angetts; annars härledd."),
                      "en": ("Character encoding", "The CSV encoding when given; otherwise sniffed.")},
    "read.decimal": {"fi": ("Desimaalierotin", "Lukujen desimaalierotin, jos annettu; muuten päätelty."),
                     "sv": ("Decimaltecken", "Decimaltecknet om det angetts; annars härlett."),
                     "en": ("Decimal separator", "The decimal separator when given; otherwise sniffed.")},
    "read.sheet": {"fi": ("Taulukko", "Luettava Excel-taulukko (oletus: ensimmäinen)."),
                   "sv": ("Blad", "Excel-bladet som läses (standard: det första)."),
                   "en": ("Sheet", "The Excel sheet read (default: the first).")},
    "read.pseudonymise_resources": {"fi": ("Käsittelijät salanimin", "Käsittelijöiden nimet korvataan tunnisteilla."),
                                    "sv": ("Handläggare med pseudonym", "Handläggarnas namn ersätts med koder."),
                                    "en": ("Handlers pseudonymised", "Handlers' names are replaced by tokens.")},
    "read.key_env": {"fi": ("Salanimiavaimen muuttuja", "Ympäristömuuttuja, josta salanimien avain luetaan."),
                     "sv": ("Variabel för pseudonymnyckeln", "Miljövariabeln som pseudonymnyckeln läses från."),
                     "en": ("Pseudonym key variable", "The environment variable the pseudonym key is read from.")},
    "read.strict": {"fi": ("Tiukka tarkistus", "Laatuvaroitukset keskeyttävät analyysin (ajastetut työt)."),
                    "sv": ("Strikt kontroll", "Kvalitetsvarningar stoppar analysen (schemalagda jobb)."),
                    "en": ("Strict checking", "Data-quality warnings stop the analysis (scheduled jobs).")},
    "mining.map_activity_coverage": {"fi": ("Kartan vaiheiden kattavuus", "Kartalle otetaan vaiheet, jotka kattavat tämän osuuden tapahtumista."),
                                     "sv": ("Kartans täckning av steg", "Kartan visar de steg som täcker denna andel av händelserna."),
                                     "en": ("Map activity coverage", "The map shows the activities that cover this share of events.")},
    "mining.map_path_coverage": {"fi": ("Kartan siirtymien kattavuus", "Kartalle otetaan siirtymät, jotka kattavat tämän osuuden kulusta."),
                                 "sv": ("Kartans täckning av övergångar", "Kartan visar de övergångar som täcker denna andel av flödet."),
                                 "en": ("Map path coverage", "The map shows the transitions that cover this share of the flow.")},
    "mining.noise_threshold": {"fi": ("Kohinan raja", "Prosessimallin louhinnassa ohitettavien harvinaisten polkujen raja."),
                               "sv": ("Brusgräns", "Gräns för sällsynta vägar som ignoreras när modellen utvinns."),
                               "en": ("Noise threshold", "Rare paths below this are ignored when the model is discovered.")},
    "mining.alignment_max_variants": {"fi": ("Kohdistuksen kulkuversiot", "Enintään näin monta kulkuversiota kohdistetaan malliin."),
                                      "sv": ("Varianter för anpassning", "Högst så många varianter anpassas till modellen."),
                                      "en": ("Variants aligned", "At most this many variants are aligned to the model.")},
    "mining.alignment_budget_seconds": {"fi": ("Kohdistuksen aikaraja (s)", "Kuinka kauan mallin ja lokin kohdistus saa kestää."),
                                        "sv": ("Tidsgräns för anpassning (s)", "Hur länge anpassningen av modell och logg får ta."),
                                        "en": ("Alignment time limit (s)", "How long aligning the log to the model may take.")},
    "mining.conformance_max_variants": {"fi": ("Yhdenmukaisuuden kulkuversiot", "Enintään näin monta kulkuversiota tarkistetaan mallia vasten."),
                                        "sv": ("Varianter för överensstämmelse", "Högst så många varianter kontrolleras mot modellen."),
                                        "en": ("Variants checked", "At most this many variants are checked against the model.")},
    "mining.conformance_budget_seconds": {"fi": ("Yhdenmukaisuuden aikaraja (s)", "Kuinka kauan mallin tarkistus saa kestää."),
                                          "sv": ("Tidsgräns för överensstämmelse (s)", "Hur länge kontrollen mot modellen får ta."),
                                          "en": ("Conformance time limit (s)", "How long checking against the model may take.")},
    "mining.office_start_hour": {"fi": ("Työpäivä alkaa (klo)", "Virka-ajan alku odotusaikojen laskussa."),
                                 "sv": ("Arbetsdagen börjar (kl.)", "Kontorstidens början när väntetider räknas."),
                                 "en": ("Working day starts (hour)", "Start of office hours when waiting times are counted.")},
    "mining.office_end_hour": {"fi": ("Työpäivä päättyy (klo)", "Virka-ajan loppu odotusaikojen laskussa."),
                               "sv": ("Arbetsdagen slutar (kl.)", "Kontorstidens slut när väntetider räknas."),
                               "en": ("Working day ends (hour)", "End of office hours when waiting times are counted.")},
    "mining.holiday_country": {"fi": ("Pyhäpäivien maa", "Minkä maan pyhäpäivät eivät ole työpäiviä."),
                               "sv": ("Land för helgdagar", "Vilket lands helgdagar inte är arbetsdagar."),
                               "en": ("Holiday country", "Whose public holidays are not working days.")},
    "mining.min_group_size": {"fi": ("Pienin ryhmä", "Pienempiä käsittelijäryhmiä ei raportoida (yksityisyys)."),
                              "sv": ("Minsta grupp", "Mindre grupper av handläggare rapporteras inte (integritet)."),
                              "en": ("Smallest group", "Smaller groups of handlers are not reported (privacy).")},
    "mining.batch_min_size": {"fi": ("Erän vähimmäiskoko", "Näin monta samanlaista kirjausta lyhyessä ajassa on erä."),
                              "sv": ("Minsta batchstorlek", "Så många likadana registreringar på kort tid är en batch."),
                              "en": ("Smallest batch", "This many alike entries in a short time make a batch.")},
    "mining.batch_window_seconds": {"fi": ("Erän aikaikkuna (s)", "Ajanjakso, jonka sisällä erän kirjaukset tehdään."),
                                    "sv": ("Batchens tidsfönster (s)", "Tiden inom vilken en batchs registreringar görs."),
                                    "en": ("Batch window (s)", "The time within which a batch's entries are made.")},
    "candidates.automated_share": {"fi": ("Jo automatisoitu -raja", "Kun vähintään tämä osuus tapahtumista on järjestelmä-, erä- tai robottitunnusten tekemiä, vaihe on jo automatisoitu."),
                                   "sv": ("Gräns för redan automatiserad", "När minst denna andel av händelserna görs av system-, batch- eller robotkonton är steget redan automatiserat."),
                                   "en": ("Already-automated threshold", "At or above this share of events by system, batch or robot accounts, the step is already automated.")},
    "candidates.partly_automated_share": {"fi": ("Osin automatisoitu -raja", "Tästä osuudesta alkaen vaihe merkitään osin automatisoiduksi."),
                                          "sv": ("Gräns för delvis automatiserad", "Från denna andel markeras steget som delvis automatiserat."),
                                          "en": ("Partly-automated threshold", "From this share on, the step is flagged as partly automated.")},
    "candidates.min_workload_hours": {"fi": ("Vähimmäistyömäärä (h / v)", "Tätä pienempi käsittelytyö vuodessa on liian vähäinen robotille."),
                                      "sv": ("Minsta arbetsmängd (h / år)", "Mindre handläggningsarbete per år är för lite för en robot."),
                                      "en": ("Smallest workload (h / year)", "Less handling work a year than this is too little for a robot.")},
    "candidates.min_events_per_year": {"fi": ("Vähimmäismäärä (krt / v)", "Tätä harvemmin tehty vaihe on liian vähäinen robotille."),
                                       "sv": ("Minsta antal (ggr / år)", "Ett steg som görs mer sällan är för litet för en robot."),
                                       "en": ("Fewest executions (a year)", "A step done less often than this is too little for a robot.")},
    "candidates.language": {"fi": ("Kieli", "Perustelujen ja raportin kieli."), "sv": ("Språk", "Språket för motiveringar och rapport."),
                            "en": ("Language", "The language of the reasons and the report.")},
    "savings.hours_per_fte": {"fi": ("Henkilötyövuoden tunnit", "Kunnan kokoaikaisen työntekijän työtunnit vuodessa (KVTES)."),
                              "sv": ("Timmar per årsverke", "Arbetstimmar per år för en heltidsanställd i kommunen (KVTES)."),
                              "en": ("Hours per full-time equivalent", "Working hours of one municipal full-time employee a year (KVTES).")},
    "savings.hourly_cost_eur": {"fi": ("Tuntihinta (€)", "Työtunnin kokonaiskustannus (palkka, sivukulut, yleiskulut): matala, todennäköisin, korkea."),
                                "sv": ("Timkostnad (€)", "Totalkostnad för en arbetstimme (lön, bikostnader, omkostnader): låg, troligast, hög."),
                                "en": ("Hourly cost (€)", "Full cost of a working hour (salary, side costs, overhead): low, most likely, high.")},
    "savings.automatable_share": {"fi": ("Automatisoitava osuus", "Kuinka suuren osan käsittelyajasta robotti ottaa hoitaakseen: matala, todennäköisin, korkea."),
                                  "sv": ("Automatiserbar andel", "Hur stor del av handläggningstiden en robot tar över: låg, troligast, hög."),
                                  "en": ("Automatable share", "How much of the handling time a robot takes over: low, most likely, high.")},
    "savings.estimated_handling_uncertainty": {"fi": ("Arvioidun ajan epävarmuus", "Arvioidun (ei mitatun) käsittelyajan suhteellinen epävarmuus."),
                                               "sv": ("Osäkerhet i uppskattad tid", "Relativ osäkerhet i en uppskattad (inte uppmätt) handläggningstid."),
                                               "en": ("Uncertainty of an estimated time", "Relative uncertainty of an estimated (not measured) handling time.")},
    "savings.measured_handling_uncertainty": {"fi": ("Mitatun ajan epävarmuus", "Mitatun käsittelyajan suhteellinen epävarmuus."),
                                              "sv": ("Osäkerhet i uppmätt tid", "Relativ osäkerhet i en uppmätt handläggningstid."),
                                              "en": ("Uncertainty of a measured time", "Relative uncertainty of a measured handling time.")},
    "savings.robot_running_eur_per_year": {"fi": ("Robotin käyttökulut (€ / v)", "Yhden robotin vuosikulut (lisenssi, ylläpito): edullinen, todennäköisin, kallis."),
                                           "sv": ("Robotens driftkostnad (€ / år)", "En robots årliga kostnad (licens, drift): låg, troligast, hög."),
                                           "en": ("Robot running cost (€ / year)", "Yearly cost of one robot (licence, upkeep): low, most likely, high.")},
    "savings.robot_development_eur": {"fi": ("Robotin kehityskulut (€)", "Yhden robotin kertaluonteinen rakentamiskulu: edullinen, todennäköisin, kallis."),
                                      "sv": ("Robotens utvecklingskostnad (€)", "Engångskostnad för att bygga en robot: låg, troligast, hög."),
                                      "en": ("Robot development cost (€)", "One-off cost of building one robot: low, most likely, high.")},
    "handling_minutes": {"fi": ("Itse mitatut käsittelyajat", "Käsittelyajat (min), jotka on ajastettu itse; ne korvaavat ja kalibroivat arviot."),
                         "sv": ("Egna tidmätningar", "Handläggningstider (min) som ni själva mätt; de ersätter och kalibrerar uppskattningarna."),
                         "en": ("Your own timings", "Handling times (min) you timed yourselves; they replace and calibrate the estimates.")},
    "account_patterns": {"fi": ("Järjestelmätunnusten mallit", "Tunnukset, joita pidetään järjestelminä tai robotteina."),
                         "sv": ("Mönster för systemkonton", "Konton som räknas som system eller robotar."),
                         "en": ("System account patterns", "Accounts counted as systems or robots.")},
    "language": {"fi": ("Kieli", "Perustelujen ja raportin kieli."), "sv": ("Språk", "Språket för motiveringar och rapport."),
                 "en": ("Language", "The language of the reasons and the report.")},
}

#: Column names of report.xlsx and of the tables people read, by data column.
COLUMN_TEXTS: dict[str, dict[str, str]] = {
    "rank": {"fi": "Sija", "sv": "Rang", "en": "Rank"},
    "kind": {"fi": "Laji", "sv": "Typ", "en": "Kind"},
    "activity": {"fi": "Koodi tai nimi lokissa", "sv": "Kod eller namn i loggen", "en": "Code or name in the log"},
    "label": {"fi": "Vaihe", "sv": "Steg", "en": "Step"},
    "process": {"fi": "Prosessi", "sv": "Process", "en": "Process"},
    "status": {"fi": "Tila", "sv": "Status", "en": "Status"},
    "verdict": {"fi": "Arvio", "sv": "Bedömning", "en": "Verdict"},
    "pays_with": {"fi": "Kannattaisi", "sv": "Skulle löna sig", "en": "Would pay"},
    "feasibility": {"fi": "Toteutettavuus 0–1", "sv": "Genomförbarhet 0–1", "en": "Feasibility 0–1"},
    "score": {"fi": "Pisteet", "sv": "Poäng", "en": "Score"},
    "reason": {"fi": "Perustelu", "sv": "Motivering", "en": "Reason"},
    "events_per_year": {"fi": "Suorituksia / v", "sv": "Utföranden / år", "en": "Executions / year"},
    "cases": {"fi": "Tapauksia", "sv": "Ärenden", "en": "Cases"},
    "coverage": {"fi": "Tapauksista mukana", "sv": "Andel ärenden", "en": "Share of cases"},
    "steps": {"fi": "Vaiheita", "sv": "Steg", "en": "Steps"},
    "handling_minutes": {"fi": "Käsittely (min)", "sv": "Handläggning (min)", "en": "Handling (min)"},
    "handling_minutes_low": {"fi": "Käsittely vähintään (min)", "sv": "Handläggning minst (min)", "en": "Handling at least (min)"},
    "handling_minutes_high": {"fi": "Käsittely enintään (min)", "sv": "Handläggning högst (min)", "en": "Handling at most (min)"},
    "handling_measured": {"fi": "Käsittely mitattu", "sv": "Handläggning uppmätt", "en": "Handling measured"},
    "handling_evidence": {"fi": "Käsittelyajan lähde", "sv": "Handläggningstidens källa", "en": "Source of the handling time"},
    "workload_hours_per_year": {"fi": "Työmäärä (h / v)", "sv": "Arbetsmängd (h / år)", "en": "Workload (h / year)"},
    "automation_rate": {"fi": "Automaatioaste", "sv": "Automationsgrad", "en": "Automation rate"},
    "hours_per_year_low": {"fi": "Tunnit / v, matala", "sv": "Timmar / år, låg", "en": "Hours / year, low"},
    "hours_per_year": {"fi": "Tunnit / v", "sv": "Timmar / år", "en": "Hours / year"},
    "hours_per_year_high": {"fi": "Tunnit / v, korkea", "sv": "Timmar / år, hög", "en": "Hours / year, high"},
    "fte": {"fi": "Henkilötyövuotta", "sv": "Årsverken", "en": "Full-time equivalents"},
    "savings_eur_low": {"fi": "Bruttosäästö €, matala", "sv": "Bruttobesparing €, låg", "en": "Gross saving €, low"},
    "savings_eur_mid": {"fi": "Bruttosäästö €", "sv": "Bruttobesparing €", "en": "Gross saving €"},
    "savings_eur_high": {"fi": "Bruttosäästö €, korkea", "sv": "Bruttobesparing €, hög", "en": "Gross saving €, high"},
    "net_savings_eur_low": {"fi": "Nettosäästö €, matala", "sv": "Nettobesparing €, låg", "en": "Net saving €, low"},
    "net_savings_eur_mid": {"fi": "Nettosäästö €", "sv": "Nettobesparing €", "en": "Net saving €"},
    "net_savings_eur_high": {"fi": "Nettosäästö €, korkea", "sv": "Nettobesparing €, hög", "en": "Net saving €, high"},
    "payback_months": {"fi": "Takaisinmaksu (kk)", "sv": "Återbetalning (mån.)", "en": "Payback (months)"},
    "payback_months_low": {"fi": "Takaisinmaksu nopeimmin (kk)", "sv": "Återbetalning snabbast (mån.)", "en": "Payback at best (months)"},
    "payback_months_high": {"fi": "Takaisinmaksu hitaimmin (kk)", "sv": "Återbetalning långsammast (mån.)", "en": "Payback at worst (months)"},
    "rank_best": {"fi": "Paras sija painoja muutettaessa", "sv": "Bästa rang när vikterna ändras", "en": "Best rank as weights change"},
    "rank_worst": {"fi": "Huonoin sija painoja muutettaessa", "sv": "Sämsta rang när vikterna ändras", "en": "Worst rank as weights change"},
    "flags": {"fi": "Huomiot", "sv": "Anmärkningar", "en": "Notes"},
    "unmeasurable": {"fi": "Ei mitattavissa", "sv": "Kan inte mätas", "en": "Not measurable"},
    "section": {"fi": "Osio", "sv": "Avsnitt", "en": "Section"},
    "setting": {"fi": "Asetus", "sv": "Inställning", "en": "Setting"},
    "key": {"fi": "Avain", "sv": "Nyckel", "en": "Key"},
    "value": {"fi": "Arvo", "sv": "Värde", "en": "Value"},
    "meaning": {"fi": "Selitys", "sv": "Förklaring", "en": "Explanation"},
    "scope": {"fi": "Kohde", "sv": "Omfattning", "en": "Scope"},
    "level": {"fi": "Taso", "sv": "Nivå", "en": "Level"},
    "level_name": {"fi": "Tason nimi", "sv": "Nivåns namn", "en": "Level name"},
    "indicator": {"fi": "Mittari", "sv": "Mätetal", "en": "Indicator"},
    "unit": {"fi": "Yksikkö", "sv": "Enhet", "en": "Unit"},
    "threshold_met": {"fi": "Saavutettu raja", "sv": "Uppnådd gräns", "en": "Threshold met"},
    "threshold_next": {"fi": "Seuraavan tason raja", "sv": "Gräns för nästa nivå", "en": "Threshold for the next level"},
    "not_measurable_because": {"fi": "Miksi ei mitattavissa", "sv": "Varför det inte kan mätas", "en": "Why not measurable"},
}

#: How each maturity indicator is measured, and whether it is read directly or inferred.
INDICATOR_EVIDENCE: dict[str, dict[str, tuple[str, bool]]] = {
    "automation_rate": {"fi": ("järjestelmä-, erä- ja robottitunnusten tekemien tapahtumien osuus", False),
                        "sv": ("andelen händelser gjorda av system-, batch- och robotkonton", False),
                        "en": ("the share of events done by system, batch and robot accounts", False)},
    "digital_intake": {"fi": ("päätelty: kanavasarakkeesta, tai jos sitä ei ole, siitä, tekikö tapauksen ensimmäisen vaiheen järjestelmätunnus", True),
                       "sv": ("härlett: ur en kanalkolumn, eller om sådan saknas, ur om ett systemkonto gjorde ärendets första steg", True),
                       "en": ("inferred: from a channel column, or where there is none, from whether a system account did each case's first step", True)},
    "standardisation": {"fi": ("vaiheiden vakioisuuspisteiden tapahtumilla painotettu keskiarvo", False),
                        "sv": ("stegens standardiseringspoäng, viktade med händelserna", False),
                        "en": ("the steps' standardisation scores, weighted by events", False)},
    "rework_share": {"fi": ("tapaukset, joissa sama vaihe toistuu", False), "sv": ("ärenden där samma steg upprepas", False),
                     "en": ("cases in which a step repeats", False)},
    "data_quality": {"fi": ("hylätyt rivit, puuttuvat käsittelijät ja pelkät päivämäärät", False),
                     "sv": ("avvisade rader, saknade handläggare och endast datum", False),
                     "en": ("rejected rows, missing handlers and date-only timestamps", False)},
    "strong_candidates_automated": {"fi": ("päätelty: vahvoista ehdokkaista jo automatisoitujen osuus pisteiden perusteella", True),
                                    "sv": ("härlett: andelen starka kandidater som redan är automatiserade, enligt poängen", True),
                                    "en": ("inferred: the share of strong candidates already automated, by their scores", True)},
    "reuse": {"fi": ("ehdokkaat, jotka löytyvät myös muiden lokien tuloksista", False),
              "sv": ("kandidater som också finns i andra loggars resultat", False),
              "en": ("candidates also found in the other logs' results", False)},
}

#: The texts of the first screen, the verdicts and the terminal summary.
OVERVIEW_TEXTS: dict[str, dict[str, str]] = {
    "overview": {"fi": "Mitä kannattaa automatisoida ensin", "sv": "Vad lönar det sig att automatisera först",
                 "en": "What to automate first"},
    "net_headline": {"fi": "Kannattavien robottiehdokkaiden nettosäästö", "sv": "Nettobesparing av de lönsamma robotkandidaterna",
                     "en": "Net saving of the candidates that pay back"},
    "net_per_year": {"fi": "{mid} vuodessa", "sv": "{mid} per år", "en": "{mid} a year"},
    "net_range": {"fi": "vaihteluväli {low} … {high}", "sv": "intervall {low} … {high}", "en": "range {low} … {high}"},
    "paying_count": {"fi": "{n} / {total} ehdokkaasta maksaa itsensä takaisin robotin kulujen jälkeen.",
                     "sv": "{n} av {total} kandidater betalar sig efter robotens kostnader.",
                     "en": "{n} of {total} candidates pay back after the robot's costs."},
    "gross_note": {"fi": "Bruttona (ennen robotin kuluja) samat ehdokkaat säästäisivät {eur} ja {hours}.",
                   "sv": "Brutto (före robotens kostnader) skulle samma kandidater spara {eur} och {hours}.",
                   "en": "Gross (before robot costs) the same candidates would save {eur} and {hours}."},
    "confidence": {"fi": "Kuinka varma", "sv": "Hur säker", "en": "How sure"},
    "confidence_high": {"fi": "Melko varma: käsittelyajat on {evidence}, ja vaihteluväli on kapea.",
                        "sv": "Ganska säker: varje handläggningstid är {evidence}, och intervallet är smalt.",
                        "en": "Fairly sure: handling times are {evidence}, and the range is narrow."},
    "confidence_medium": {"fi": "Suuntaa antava: käsittelyajat on {evidence}; todellinen säästö on todennäköisesti vaihteluvälin sisällä, mutta sen ääripäät eroavat {ratio}-kertaisesti.",
                          "sv": "Vägledande: varje handläggningstid är {evidence}; den verkliga besparingen ligger troligen inom intervallet, men dess ändar skiljer sig {ratio} gånger.",
                          "en": "Indicative: handling times are {evidence}; the true saving is likely within the range, but its ends differ {ratio}-fold."},
    "confidence_low": {"fi": "Epävarma: käsittelyajat on {evidence}, ja vaihteluväli on laaja. Ajasta muutama suoritus itse ennen päätöstä; asetustiedostoon kirjatut ajat tarkentavat arviota.",
                       "sv": "Osäker: varje handläggningstid är {evidence}, och intervallet är brett. Ta tid på några utföranden själv före beslut; tider i inställningsfilen skärper uppskattningen.",
                       "en": "Uncertain: handling times are {evidence}, and the range is wide. Time a few executions yourselves before deciding; timings in the settings file sharpen the estimate."},
    "paying_caption": {"fi": "Robottiehdokkaat nettosäästön mukaan", "sv": "Robotkandidaterna efter nettobesparing",
                       "en": "Robot candidates by net saving"},
    "none_paying": {"fi": "Yksikään ehdokas ei maksa itseään takaisin robotin kulujen jälkeen. Lähimpänä ovat:",
                    "sv": "Ingen kandidat betalar sig efter robotens kostnader. Närmast kommer:",
                    "en": "No candidate pays back after the robot's costs. The closest are:"},
    "near_caption": {"fi": "Toteutettavissa, mutta eivät kannata yksin", "sv": "Genomförbara men lönar sig inte ensamma",
                     "en": "Feasible but not paying alone"},
    "verdict": {"fi": "Arvio", "sv": "Bedömning", "en": "Verdict"},
    "net_eur": {"fi": "Nettosäästö € / v", "sv": "Nettobesparing € / år", "en": "Net saving € / year"},
    "net_eur_range": {"fi": "Vaihteluväli", "sv": "Intervall", "en": "Range"},
    "feasibility": {"fi": "Toteutettavuus", "sv": "Genomförbarhet", "en": "Feasibility"},
    "would_pay": {"fi": "kannattaisi {what}", "sv": "skulle löna sig {what}", "en": "would pay {what}"},
    "verdict_legend": {"fi": "Arviot selkokielellä", "sv": "Bedömningarna i klartext", "en": "The verdicts in plain words"},
    "verdict_count": {"fi": "{n} kpl", "sv": "{n} st.", "en": "{n}"},
    "bubble_chart": {"fi": "Toteutettavuus ja nettosäästö (pallon koko = säästetyt tunnit)",
                     "sv": "Genomförbarhet och nettobesparing (bubblans storlek = sparade timmar)",
                     "en": "Feasibility and net saving (bubble size = hours saved)"},
    "bubble_desc": {"fi": "Vaaka-akseli: kuinka hyvin robotti pystyy vaiheeseen (0–1). Pystyakseli: nettosäästö euroina vuodessa; nollaviivan yläpuolella olevat maksavat itsensä takaisin.",
                    "sv": "Vågrät axel: hur väl en robot klarar steget (0–1). Lodrät axel: nettobesparing i euro per år; de ovanför nollinjen betalar sig.",
                    "en": "Horizontal axis: how well a robot can do the step (0–1). Vertical axis: net saving in euros a year; those above the zero line pay back."},
    "show_table": {"fi": "Näytä luvut taulukkona", "sv": "Visa siffrorna som tabell", "en": "Show the figures as a table"},
    "show_all": {"fi": "Näytä kaikki {n} riviä", "sv": "Visa alla {n} rader", "en": "Show all {n} rows"},
    "show_details": {"fi": "Näytä tarkemmin", "sv": "Visa i detalj", "en": "Show details"},
    "payback_short": {"fi": "Takaisinmaksu", "sv": "Återbetalning", "en": "Payback"},
    "gross": {"fi": "brutto", "sv": "brutto", "en": "gross"},
    "hours_saved_gross": {"fi": "Säästetyt tunnit vuodessa (brutto)", "sv": "Sparade timmar per år (brutto)",
                          "en": "Hours saved a year (gross)"},
    "eur_saved_gross": {"fi": "Bruttosäästö euroina vuodessa", "sv": "Bruttobesparing i euro per år",
                        "en": "Gross saving in euros a year"},
    "candidates_filter": {"fi": "Ehdokkaat", "sv": "Kandidater", "en": "Candidates"},
    "rank_stable": {"fi": "sija ei muutu, kun kriteerien painoja muutetaan", "sv": "rangen ändras inte när kriteriernas vikter ändras",
                    "en": "the rank does not change when the criteria weights change"},
    "rank_moves": {"fi": "sija vaihtelee {best}.–{worst}. välillä, kun kriteerien painoja muutetaan",
                   "sv": "rangen varierar mellan {best} och {worst} när kriteriernas vikter ändras",
                   "en": "the rank moves between {best} and {worst} when the criteria weights change"},
    "rank_stability": {"fi": "Sijan pysyvyys", "sv": "Rangens stabilitet", "en": "How stable the rank is"},
    "precision_missing": {"fi": "ei laskettu (liian monta kulkuversiota tai aikaraja ylittyi)",
                          "sv": "inte beräknad (för många varianter eller tidsgränsen nåddes)",
                          "en": "not computed (too many variants or the time limit was reached)"},
    "partial_month": {"fi": "Viimeinen kuukausi on vajaa ({month}); sitä ei piirretä.",
                      "sv": "Den sista månaden är ofullständig ({month}); den ritas inte.",
                      "en": "The last month is partial ({month}) and is not drawn."},
    "not_on_map": {"fi": "Kartalla ei ole näitä ehdokkaita (ne ovat harvinaisempia kuin kartan vaiheet): {names}.",
                   "sv": "Dessa kandidater finns inte på kartan (de är ovanligare än kartans steg): {names}.",
                   "en": "These candidates are not on the map (they are rarer than the map's activities): {names}."},
    "zoom_in": {"fi": "Lähennä", "sv": "Zooma in", "en": "Zoom in"},
    "zoom_out": {"fi": "Loitonna", "sv": "Zooma ut", "en": "Zoom out"},
    "zoom_fit": {"fi": "Sovita", "sv": "Anpassa", "en": "Fit"},
    "map_hint": {"fi": "Vieritä tai vedä karttaa siirtääksesi sitä.", "sv": "Rulla eller dra i kartan för att flytta den.",
                 "en": "Scroll or drag the map to move it."},
    "evidence": {"fi": "Mihin perustuu", "sv": "Vad det bygger på", "en": "What it rests on"},
    "inferred": {"fi": "päätelty", "sv": "härlett", "en": "inferred"},
    "measured_directly": {"fi": "mitattu suoraan", "sv": "mätt direkt", "en": "measured directly"},
    "handling_range": {"fi": "Käsittelyaika (min), vaihteluväli", "sv": "Handläggningstid (min), intervall",
                       "en": "Handling time (min), range"},
    "handling_source": {"fi": "Käsittelyajan lähde", "sv": "Handläggningstidens källa", "en": "Source of the handling time"},
    "reason_col": {"fi": "Perustelu", "sv": "Motivering", "en": "Reason"},
    "derived_verdicts": {"fi": "Arviot on johdettu pisteistä ja nettosäästöstä, koska tuloksissa ei ole erillistä arviota.",
                         "sv": "Bedömningarna är härledda ur poäng och nettobesparing, eftersom resultaten saknar egen bedömning.",
                         "en": "The verdicts are derived from the scores and net savings, because the results carry none."},
    "results_in": {"fi": "Tulokset: {link}", "sv": "Resultat: {link}", "en": "Results: {link}"},
    "terminal_net": {"fi": "Nettosäästö {net} ({range}).", "sv": "Nettobesparing {net} ({range}).",
                     "en": "Net saving {net} ({range})."},
    "settings_more": {"fi": "Kaikki asetukset", "sv": "Alla inställningar", "en": "All settings"},
    "map_numbers": {"fi": "Kartan numerot ovat suorituksia ja siirtymiä koko lokin ajalta.",
                    "sv": "Kartans siffror är utföranden och övergångar under hela loggens period.",
                    "en": "The map's numbers are executions and transitions over the whole log."},
}
OVERVIEW_TEXTS["problem_unknown"] = {"fi": "Muu havainto; katso koodi.", "sv": "Annan iakttagelse; se koden.",
                                     "en": "Another finding; see the code."}
OVERVIEW_TEXTS["no_paying_big"] = {"fi": "Ei kannattavia robottiehdokkaita", "sv": "Inga lönsamma robotkandidater",
                                   "en": "No candidate pays back yet"}

COLUMN_TEXTS.update({
    "shared_by": {"fi": "Kuntia jaetussa robotissa", "sv": "Kommuner i en delad robot", "en": "Municipalities sharing a robot"},
    "in_headline": {"fi": "Mukana otsikkoluvussa", "sv": "Med i rubriksiffran", "en": "In the headline figure"},
    "inside_work_share": {"fi": "Osuus muun työn aikana", "sv": "Andel under annat arbete", "en": "Share inside other work"},
    "events": {"fi": "Tapahtumia", "sv": "Händelser", "en": "Events"},
    "case_share": {"fi": "Osuus tapauksista", "sv": "Andel av ärendena", "en": "Share of cases"},
    "repeats_per_case": {"fi": "Toistoja / tapaus", "sv": "Upprepningar / ärende", "en": "Repeats per case"},
    "rework_case_share": {"fi": "Uudelleenkäsitellyt tapaukset", "sv": "Ärenden med omarbete", "en": "Cases with rework"},
    "distinct_resources": {"fi": "Eri käsittelijöitä", "sv": "Olika handläggare", "en": "Distinct handlers"},
    "service_time_known": {"fi": "Käsittelyaika tiedossa", "sv": "Handläggningstid känd", "en": "Handling time known"},
    "service_mean_seconds": {"fi": "Käsittely keskim. (s)", "sv": "Handläggning medel (s)", "en": "Handling mean (s)"},
    "service_median_seconds": {"fi": "Käsittely mediaani (s)", "sv": "Handläggning median (s)", "en": "Handling median (s)"},
    "service_p90_seconds": {"fi": "Käsittely 90 % (s)", "sv": "Handläggning 90 % (s)", "en": "Handling 90th percentile (s)"},
    "waiting_mean_seconds": {"fi": "Odotus keskim. (s)", "sv": "Väntan medel (s)", "en": "Waiting mean (s)"},
    "waiting_median_seconds": {"fi": "Odotus mediaani (s)", "sv": "Väntan median (s)", "en": "Waiting median (s)"},
    "waiting_p90_seconds": {"fi": "Odotus 90 % (s)", "sv": "Väntan 90 % (s)", "en": "Waiting 90th percentile (s)"},
    "first_seen": {"fi": "Ensimmäinen kerta", "sv": "Första gången", "en": "First seen"},
    "last_seen": {"fi": "Viimeinen kerta", "sv": "Sista gången", "en": "Last seen"},
    "length": {"fi": "Pituus", "sv": "Längd", "en": "Length"},
    "support": {"fi": "Toistuu (krt)", "sv": "Förekomster", "en": "Occurrences"},
    "link_share": {"fi": "Vaiheiden kytkös", "sv": "Stegens koppling", "en": "Link share"},
    "span_minutes": {"fi": "Kesto (min)", "sv": "Varaktighet (min)", "en": "Span (min)"},
})

#: Sheet names of report.xlsx.
SHEET_TEXTS: dict[str, dict[str, str]] = {
    "candidates": {"fi": "Ehdokkaat", "sv": "Kandidater", "en": "Candidates"},
    "activities": {"fi": "Vaiheet", "sv": "Steg", "en": "Activities"},
    "routines": {"fi": "Rutiinit", "sv": "Rutiner", "en": "Routines"},
    "maturity": {"fi": "Kypsyys", "sv": "Mognad", "en": "Maturity"},
    "assumptions": {"fi": "Oletukset", "sv": "Antaganden", "en": "Assumptions"},
}
#: Score and contribution columns are named by criterion: "Pisteet: Volyymi".
CRITERION_COLUMN_TEXTS = {"score": {"fi": "Pisteet: {label}", "sv": "Poäng: {label}", "en": "Score: {label}"},
                          "contribution": {"fi": "Osuus pisteistä: {label}", "sv": "Bidrag: {label}",
                                           "en": "Contribution: {label}"}}
KIND_TEXTS = {"activity": {"fi": "vaihe", "sv": "steg", "en": "step"}, "routine": {"fi": "rutiini", "sv": "rutin", "en": "routine"}}

SETTING_TEXTS.update({
    "candidates.min_feasibility": {
        "fi": ("Toteutettavuuden alaraja", "Tätä pienemmällä toteutettavuudella vaihe ei ole robottiehdokas."),
        "sv": ("Lägsta genomförbarhet", "Under denna genomförbarhet är steget ingen robotkandidat."),
        "en": ("Lowest feasibility", "Below this feasibility a step is not a robot candidate.")},
    "candidates.judgement_label_max": {
        "fi": ("Harkinnan raja (tehtävän luonne)", "Tätä pienemmät tehtävän luonteen pisteet tarkoittavat harkintaa vaativaa vaihetta."),
        "sv": ("Gräns för prövning (uppgiftens art)", "Poäng för uppgiftens art under detta betyder ett steg som kräver prövning."),
        "en": ("Judgement limit (nature of the task)", "A nature-of-the-task score below this marks a step that needs judgement.")},
    "candidates.judgement_rule_max": {
        "fi": ("Harkinnan raja (sääntöpohjaisuus)", "Tätä pienempi sääntöpohjaisuus tarkoittaa harkintaa vaativaa vaihetta."),
        "sv": ("Gräns för prövning (regelstyrning)", "Regelstyrning under detta betyder ett steg som kräver prövning."),
        "en": ("Judgement limit (rule-basedness)", "Rule-basedness below this marks a step that needs judgement.")},
    "candidates.decides_matter_factor": {
        "fi": ("Asian ratkaisevan vaiheen kerroin", "Asian ratkaisevan vaiheen toteutettavuus kerrotaan tällä (oikeudellinen arvio tarvitaan)."),
        "sv": ("Faktor för steg som avgör ärenden", "Genomförbarheten för ett steg som avgör ett ärende multipliceras med detta (rättslig bedömning behövs)."),
        "en": ("Factor for steps that decide a matter", "The feasibility of a step that decides a matter is multiplied by this (a legal check is needed).")},
    "candidates.inside_work_share": {
        "fi": ("Muun työn aikana -raja", "Kun vähintään tämä osuus tapahtumista kirjataan toisen työvaiheen aikana, vaihe on osa sitä työtä."),
        "sv": ("Gräns för under annat arbete", "När minst denna andel av händelserna registreras under ett annat arbetsmoment är steget en del av det."),
        "en": ("Inside-other-work threshold", "At or above this share of events recorded during another work item, the step is part of that work.")},
    "candidates.max_payback_months": {
        "fi": ("Pisin takaisinmaksuaika (kk)", "Robottiehdokkaan on maksettava kehityskulunsa takaisin tässä ajassa."),
        "sv": ("Längsta återbetalningstid (mån.)", "En robotkandidat ska betala tillbaka sin utvecklingskostnad inom denna tid."),
        "en": ("Longest payback (months)", "A robot candidate must pay back its development cost within this time.")},
    "candidates.max_shared_by": {
        "fi": ("Enintään kuntia jaetussa robotissa", "Kuinka monen kunnan kesken jaettua robottia vielä ehdotetaan."),
        "sv": ("Högst kommuner i en delad robot", "Hur många kommuner en delad robot ännu föreslås för."),
        "en": ("Most municipalities sharing a robot", "How many municipalities a shared robot is still proposed for.")},
})
OVERVIEW_TEXTS["setting_unnamed"] = {"fi": "Muu asetus", "sv": "Annan inställning", "en": "Other setting"}
COLUMN_TEXTS["feasible"] = {"fi": "Robotille soveltuva", "sv": "Lämplig för robot", "en": "Feasible for a robot"}

# --- realised benefit (issue 16): deployed robots, estimate beside what the log shows they delivered ---
#: The report section, its chart and table, the workbook's Realised sheet and compare's evidence.
REALISED_TEXTS: dict[str, dict[str, str]] = {
    "realised": {"fi": "Toteutunut hyöty", "sv": "Realiserad nytta", "en": "Realised benefit"},
    "realised_intro": {
        "fi": "Robotit, jotka lokin mukaan tekevät jo vaihetta: arvio päätöksen ajalta ja lokista mitattu säästö "
              "(sama käsittelyajan arvio, tarpeiden määrään ja kausiin suhteutettuna).",
        "sv": "Robotar som enligt loggen redan gör steget: uppskattningen från beslutet och besparingen mätt ur loggen "
              "(samma uppskattning av handläggningstiden, justerad för volym och säsong).",
        "en": "Robots the log shows doing a step already: the estimate from the time of the decision and the saving "
              "measured from the log (the same handling-time estimator, adjusted for volume and season)."},
    "realised_chart": {"fi": "Arvioidut ja toteutuneet säästetyt tunnit vuodessa", "sv": "Uppskattade och realiserade sparade timmar per år",
                       "en": "Estimated and realised hours saved a year"},
    "realised_chart_desc": {
        "fi": "Kullekin robotille kaksi vaakaviivaa vaihteluväleineen: arvio (neliö) ja toteutunut (ympyrä).",
        "sv": "För varje robot två vågräta linjer med intervall: uppskattning (kvadrat) och realiserad (cirkel).",
        "en": "Two horizontal lines with ranges per robot: the estimate (square) and the realised figure (circle)."},
    "realised_estimate": {"fi": "arvio", "sv": "uppskattning", "en": "estimate"},
    "realised_measured": {"fi": "toteutunut", "sv": "realiserad", "en": "realised"},
    "realised_caption": {"fi": "Käyttöön otetut robotit ja niiden toteutunut hyöty", "sv": "Driftsatta robotar och deras realiserade nytta",
                         "en": "Deployed robots and their realised benefit"},
    "realised_robot": {"fi": "Robotti", "sv": "Robot", "en": "Robot"},
    "realised_step": {"fi": "Vaihe", "sv": "Steg", "en": "Step"},
    "realised_account": {"fi": "Robotin tunnus", "sv": "Robotens konto", "en": "Robot account"},
    "realised_status": {"fi": "Tila", "sv": "Status", "en": "Status"},
    "realised_go_live": {"fi": "Käyttöönotto", "sv": "Driftstart", "en": "Go-live"},
    "realised_share": {"fi": "Robotin osuus", "sv": "Robotens andel", "en": "Robot's share"},
    "realised_hand_backs": {"fi": "Palautettu ihmisille", "sv": "Återlämnade till människor", "en": "Handed back to people"},
    "realised_throughput": {"fi": "Läpimeno ennen → jälkeen (pv)", "sv": "Genomloppstid före → efter (d)",
                            "en": "Throughput before → after (days)"},
    "realised_months": {"fi": "Näyttöä (kk)", "sv": "Underlag (mån.)", "en": "Evidence (months)"},
    "realised_estimated_hours": {"fi": "Arvio, h / v", "sv": "Uppskattning, tim / år", "en": "Estimate, h / year"},
    "realised_hours": {"fi": "Toteutunut, h / v", "sv": "Realiserad, tim / år", "en": "Realised, h / year"},
    "realised_status_suggested": {"fi": "ehdotus, vahvistamatta", "sv": "förslag, ej bekräftat", "en": "suggested, to confirm"},
    "realised_status_confirmed": {"fi": "vahvistettu", "sv": "bekräftad", "en": "confirmed"},
    "realised_status_recorded": {"fi": "kirjattu, ei vielä näy lokissa", "sv": "registrerad, syns ännu inte i loggen",
                                 "en": "recorded, not yet seen taking over"},
    "realised_status_not_seen": {"fi": "kirjattu, robotti ei esiinny lokissa", "sv": "registrerad, roboten finns inte i loggen",
                                 "en": "recorded, robot not in the log"},
    "realised_confirm": {"fi": "Vahvista päätöksenä:", "sv": "Bekräfta som beslut:", "en": "To confirm:"},
    "realised_evidence_note": {
        "fi": "Alle kolmen kuukauden näyttö on alustava; vaihteluväli kertoo käsittelyajan arvion epävarmuuden.",
        "sv": "Underlag under tre månader är preliminärt; intervallet visar osäkerheten i handläggningstiden.",
        "en": "Evidence of under three months is preliminary; the range shows the handling-time uncertainty."},
}
OVERVIEW_TEXTS.update(REALISED_TEXTS)
SHEET_TEXTS["realised"] = {"fi": "Toteutunut", "sv": "Realiserat", "en": "Realised"}
COLUMN_TEXTS.update({
    "deployment_status": REALISED_TEXTS["realised_status"], "account": REALISED_TEXTS["realised_account"],
    "go_live": REALISED_TEXTS["realised_go_live"], "robot_share": REALISED_TEXTS["realised_share"],
    "hand_backs": REALISED_TEXTS["realised_hand_backs"], "months_after": REALISED_TEXTS["realised_months"],
    "estimated_hours_low": {"fi": "Arvio h / v, matala", "sv": "Uppskattning tim / år, låg", "en": "Estimate h / year, low"},
    "estimated_hours_mid": {"fi": "Arvio h / v, todennäköisin", "sv": "Uppskattning tim / år, troligast", "en": "Estimate h / year, most likely"},
    "estimated_hours_high": {"fi": "Arvio h / v, korkea", "sv": "Uppskattning tim / år, hög", "en": "Estimate h / year, high"},
    "realised_hours_low": {"fi": "Toteutunut h / v, matala", "sv": "Realiserat tim / år, låg", "en": "Realised h / year, low"},
    "realised_hours_mid": {"fi": "Toteutunut h / v, todennäköisin", "sv": "Realiserat tim / år, troligast", "en": "Realised h / year, most likely"},
    "realised_hours_high": {"fi": "Toteutunut h / v, korkea", "sv": "Realiserat tim / år, hög", "en": "Realised h / year, high"},
    "removed_share": {"fi": "Poistunut osuus työstä", "sv": "Andel av arbetet borta", "en": "Share of the work removed"},
    "throughput_days_before": {"fi": "Läpimeno ennen (pv)", "sv": "Genomloppstid före (d)", "en": "Throughput before (days)"},
    "throughput_days_after": {"fi": "Läpimeno jälkeen (pv)", "sv": "Genomloppstid efter (d)", "en": "Throughput after (days)"},
})

# The terminal: the library's English stage lines, the live line, and a failed run's lines
# (rpa_finder.commands.progress, rpa_finder.ingest.report).  The library reports its stages in English
# (``progress("reading log.csv")``, an API its callers and tests read); the terminal, a display edge,
# translates them by pattern; a stage without a pattern passes through.  Every command with --lang
# speaks it (README "Languages").  ``rpa-finder run`` logs stay English on purpose: cron mail and log monitors match them
# (``rpa-finder: error:``, ``run 12: importing``) whatever language a job's report is written in.
#: (pattern of the library's English stage, {lang: template}); named groups fill the template.
STAGE_TEXTS: tuple[tuple[re.Pattern[str], dict[str, str]], ...] = tuple((re.compile(pattern), texts) for pattern, texts in (
    # compare's stages first: "reading ..." and "analysing ..." below would swallow them half-translated
    (r"reading and analysing (?P<name>.+) \((?P<organisation>[^()]+)\)",
     {"fi": "luetaan ja analysoidaan {name} ({organisation})", "sv": "läser och analyserar {name} ({organisation})"}),
    (r"analysing (?P<logs>\d+) logs, (?P<jobs>\d+) at a time",
     {"fi": "analysoidaan {logs} lokia, {jobs} kerrallaan", "sv": "analyserar {logs} loggar, {jobs} åt gången"}),
    (r"analysed (?P<name>.+)", {"fi": "{name} analysoitu", "sv": "{name} analyserad"}),
    (r"skipped: (?P<reason>.+)", {"fi": "ohitettu: {reason}", "sv": "hoppades över: {reason}"}),
    (r"aligning activities and comparing", {"fi": "kohdistetaan vaiheet toisiinsa ja verrataan",
                                            "sv": "matchar stegen mot varandra och jämför"}),
    (r"activity map row names no activity in the logs: (?P<row>.+)",
     {"fi": "--activity-map-tiedoston rivi ei vastaa mitään lokien vaihetta: {row}",
      "sv": "raden i --activity-map motsvarar inget steg i loggarna: {row}"}),
    (r"reading (?P<name>.+)", {"fi": "luetaan {name}", "sv": "läser {name}"}),
    (r"analysing (?P<name>.+)", {"fi": "analysoidaan {name}", "sv": "analyserar {name}"}),
    (r"mining statistics \(.*\)", {"fi": "lasketaan prosessin tunnusluvut (vaiheiden seuraajat, kulkuversiot, vaiheet, tapaukset)",
                                   "sv": "beräknar processens nyckeltal (direkta efterföljare, varianter, steg, ärenden)"}),
    (r"graph analytics \(.*\)", {"fi": "verkkoanalyysi (uusintakierrokset, pullonkaulat, keskeisyys, siirrot käsittelijältä toiselle, erät)",
                                 "sv": "grafanalys (omtag, flaskhalsar, centralitet, överlämningar, satsvis arbete)"}),
    (r"discovering the process model \(.*\)", {"fi": "etsitään prosessimalli (induktiivinen louhinta, pm4py)",
                                                "sv": "tar fram processmodellen (induktiv utvinning, pm4py)"}),
    (r"model discovery skipped: .*", {"fi": "prosessimallia ei etsitty: lokissa on liikaa vaihtelua (pm4py laskisi useita minuutteja)",
                                      "sv": "processmodellen togs inte fram: loggen varierar för mycket (pm4py skulle räkna i flera minuter)"}),
    (r"checking conformance \(.*\)", {"fi": "verrataan lokia malliin (kulkuversioittain)",
                                      "sv": "jämför loggen med modellen (per variant)"}),
    (r"scoring activities and routines for automation", {"fi": "pisteytetään vaiheet ja rutiinit automaatiota varten",
                                                          "sv": "poängsätter steg och rutiner för automatisering"}),
    (r"writing (?P<folder>.+)", {"fi": "kirjoitetaan {folder}", "sv": "skriver {folder}"}),
    (r"rendering (?P<file>report\.html)", {"fi": "muodostetaan {file}", "sv": "skapar {file}"}),
))

#: The live line and the closing line; ``{elapsed}`` and ``{remaining}`` are tqdm's fields.
TERMINAL_TEXTS: dict[str, dict[str, str]] = {
    "bar": {"fi": "rpa-finder: {{desc}} [kulunut {{elapsed}}, jäljellä noin {{remaining}}]",
            "sv": "rpa-finder: {{desc}} [{{elapsed}} har gått, cirka {{remaining}} kvar]",
            "en": "rpa-finder: {{desc}} [{{elapsed}} elapsed, about {{remaining}} left]"},
    "done": {"fi": "rpa-finder: valmis, aikaa kului {seconds} s", "sv": "rpa-finder: klart på {seconds} s",
             "en": "rpa-finder: done in {seconds} s"},
    # the closing lines of validate, mine, compare and decisions (rpa_finder.commands); numbers come formatted
    "rejects_written": {"fi": "  hylätyt rivit kirjoitettu tiedostoon {file}", "sv": "  avvisade rader skrivna till {file}",
                        "en": "  dropped rows written to {file}"},
    "results_folder": {"fi": "Tulokset kansiossa {folder}", "sv": "Resultat i mappen {folder}", "en": "results in {folder}"},
    "mine_summary": {"fi": "{name}: {events} tapahtumaa, {cases} tapausta, {activities} vaihetta, {variants} kulkuversiota",
                     "sv": "{name}: {events} händelser, {cases} ärenden, {activities} steg, {variants} varianter",
                     "en": "{name}: {events} events, {cases} cases, {activities} activities, {variants} variants"},
    "compare_summary": {
        "fi": "{organisations} organisaatiota; {shared} yhteistä ehdokasta; kannattavia yhteisiä robotteja {robots}: "
              "nettosäästö {low} / {mid} / {high} € vuodessa (matala / todennäköisin / korkea)",
        "sv": "{organisations} organisationer; {shared} gemensamma kandidater; lönsamma gemensamma robotar {robots}: "
              "nettobesparing {low} / {mid} / {high} € per år (låg / troligast / hög)",
        "en": "{organisations} organisations; {shared} shared candidates; {robots} shared robots pay: "
              "net saving {low} / {mid} / {high} EUR a year (low / mid / high)"},
    "compare_row": {
        "fi": "  {rank}. {activity} ({label}): robotti voisi tehdä sen {organisations} organisaatiossa; "
              "yhteinen nettosäästö {saving} € vuodessa (todennäköisin)",
        "sv": "  {rank}. {activity} ({label}): en robot kunde utföra det i {organisations} organisationer; "
              "gemensam nettobesparing {saving} € per år (troligast)",
        "en": "  {rank}. {activity} ({label}): a robot could do it in {organisations} organisations; "
              "joint net saving {saving} EUR a year (mid)"},
    "decision_set": {"fi": "{process}: {kind} {activity!r}: {state} (kirjattu {set_at}, kirjaaja {set_by})",
                     "sv": "{process}: {kind} {activity!r} är {state} (registrerat {set_at} av {set_by})",
                     "en": "{process}: {kind} {activity!r} is {state} (set {set_at} by {set_by})"},
    "decision_unknown_person": {"fi": "tuntematon", "sv": "okänd", "en": "unknown"},
    "decisions_changed": {"fi": "{changed} muuttui, {unchanged} ennallaan", "sv": "{changed} ändrade, {unchanged} oförändrade",
                          "en": "{changed} changed, {unchanged} unchanged"},
    "decision_changed": {"fi": "  {process}: {kind} {activity!r}: {state}", "sv": "  {process}: {kind} {activity!r} är {state}",
                         "en": "  {process}: {kind} {activity!r} is {state}"},
    "decision_no_key": {
        "fi": "rpa-finder: varoitus: RPA_FINDER_KEY ei ole asetettu, joten päätöksen kirjaaja tallennetaan pseudonyymillä, "
              "joka ei vastaa myöhempiä; aseta siihen ajastetun ajon avain",
        "sv": "rpa-finder: varning: RPA_FINDER_KEY är inte satt, så den som registrerar ett beslut sparas under en pseudonym "
              "som inte stämmer med senare; sätt den till det schemalagda jobbets nyckel",
        "en": "rpa-finder: warning: RPA_FINDER_KEY is not set, so who set a decision is recorded under a pseudonym that "
              "will not match later ones; set it to the job's key"},
}

#: What to do about each kind of problem when it fails a run (errors; warnings with --strict), per language.
FIX_TEXTS: dict[str, dict[str, str]] = {
    "missing_case": {
        "en": "fill the case id in the source system, or map another column with --case",
        "fi": "täydennä asianumero lähdejärjestelmässä tai valitse toinen sarake valinnalla --case",
        "sv": "fyll i ärendenumret i källsystemet eller välj en annan kolumn med --case"},
    "missing_activity": {
        "en": "fill the activity in the source system, or map another column with --activity",
        "fi": "täydennä vaihe lähdejärjestelmässä tai valitse toinen sarake valinnalla --activity",
        "sv": "fyll i steget i källsystemet eller välj en annan kolumn med --activity"},
    "missing_timestamp": {
        "en": "fill the time in the source system, or map another column with --timestamp",
        "fi": "täydennä aika lähdejärjestelmässä tai valitse toinen sarake valinnalla --timestamp",
        "sv": "fyll i tiden i källsystemet eller välj en annan kolumn med --timestamp"},
    "invalid_timestamp": {
        "en": "check the time format (--date-format, e.g. %d.%m.%Y %H.%M) and the --timezone",
        "fi": "tarkista ajan muoto (--date-format, esim. %d.%m.%Y %H.%M) ja aikavyöhyke (--timezone)",
        "sv": "kontrollera tidsformatet (--date-format, t.ex. %d.%m.%Y %H.%M) och tidszonen (--timezone)"},
    "unreadable_row": {
        "en": "check the delimiter, quoting and encoding of those rows (--delimiter, --encoding)",
        "fi": "tarkista noiden rivien erotin, lainausmerkit ja merkistö (--delimiter, --encoding)",
        "sv": "kontrollera avgränsare, citattecken och teckenkodning på de raderna (--delimiter, --encoding)"},
    "exact_duplicates": {
        "en": "export each event once, or accept the duplicates by running without --strict",
        "fi": "vie kukin tapahtuma vain kerran tai hyväksy kaksoiskappaleet ajamalla ilman valintaa --strict",
        "sv": "exportera varje händelse en gång eller godta dubbletterna genom att köra utan --strict"},
    "future_timestamp": {
        "en": "check the clock and the --timezone of the exporting system",
        "fi": "tarkista vievän järjestelmän kello ja aikavyöhyke (--timezone)",
        "sv": "kontrollera klockan och tidszonen (--timezone) i det exporterande systemet"},
    "timestamp_before_1970": {
        "en": "check the date format (--date-format): day and month may be swapped",
        "fi": "tarkista päivämäärän muoto (--date-format): päivä ja kuukausi voivat olla väärin päin",
        "sv": "kontrollera datumformatet (--date-format): dag och månad kan ha bytt plats"},
    "start_without_complete": {
        "en": "export the completion rows too, or map the lifecycle column (--lifecycle)",
        "fi": "vie myös lopetusrivit tai valitse elinkaaren sarake (--lifecycle)",
        "sv": "exportera även slutraderna eller välj livscykelkolumnen (--lifecycle)"},
    "no_events": {
        "en": "check that the file holds events and that --case/--activity/--timestamp name its columns",
        "fi": "tarkista, että tiedostossa on tapahtumia ja että --case/--activity/--timestamp nimeävät sen sarakkeet",
        "sv": "kontrollera att filen innehåller händelser och att --case/--activity/--timestamp anger dess kolumner"},
    "_other": {
        "en": "check the export against the source system, or run without --strict",
        "fi": "vertaa vientiä lähdejärjestelmään tai aja ilman valintaa --strict",
        "sv": "jämför exporten med källsystemet eller kör utan --strict"},
}
#: The lines around the problems, per language; problems themselves come from the report's catalogue.
FAILURE_TEXTS: dict[str, dict[str, str]] = {
    "failed": {"en": "{file}: validation failed ({why}); nothing was written:",
               "fi": "{file}: loki ei läpäissyt tarkistusta ({why}); mitään ei kirjoitettu:",
               "sv": "{file}: loggen klarade inte kontrollen ({why}); inget skrevs:"},
    "why_strict": {"en": "with --strict, warnings fail too", "fi": "valinnalla --strict myös varoitukset hylkäävät ajon",
                   "sv": "med --strict underkänner även varningar körningen"},
    "why_errors": {"en": "errors fail every run", "fi": "virheet hylkäävät jokaisen ajon", "sv": "fel underkänner varje körning"},
    "read_as": {"en": "read as", "fi": "luettu näin", "sv": "inläst så här"},
    "counts": {"en": "{events} events in {cases} cases; {activities} activities; {resources} resources; timestamp precision: {precision}",
               "fi": "{events} tapahtumaa {cases} tapauksessa; {activities} vaihetta; {resources} käsittelijää; aikaleimojen tarkkuus: {precision}",
               "sv": "{events} händelser i {cases} ärenden; {activities} steg; {resources} handläggare; tidsstämplarnas precision: {precision}"},
    "rows": {"en": "rows read: {read}; rejected: {rejected}", "fi": "luettuja rivejä: {read}; hylättyjä: {rejected}",
             "sv": "lästa rader: {read}; avvisade: {rejected}"},
    "pseudonymised": {"en": "resources pseudonymised", "fi": "käsittelijät pseudonymisoitu", "sv": "handläggarna pseudonymiserade"},
    "one_off_key": {"en": " with a one-off key (set RPA_FINDER_KEY for pseudonyms that stay the same across runs)",
                    "fi": " kertakäyttöisellä avaimella (aseta RPA_FINDER_KEY, niin pseudonyymit pysyvät samoina ajosta toiseen)",
                    "sv": " med en engångsnyckel (sätt RPA_FINDER_KEY för pseudonymer som förblir desamma mellan körningar)"},
    "no_problems": {"en": "no problems found", "fi": "ei ongelmia", "sv": "inga problem hittades"},
    "examples": {"en": "e.g. {unit} {rows}", "fi": "esim. {unit} {rows}", "sv": "t.ex. {unit} {rows}"},
    "unit_rows": {"en": "rows", "fi": "rivit", "sv": "rader"},
    "unit_events": {"en": "events", "fi": "tapahtumat", "sv": "händelser"},
    "unit_row": {"en": "row", "fi": "rivi", "sv": "rad"},  # one example: "esim. rivi 102"
    "unit_event": {"en": "event", "fi": "tapahtuma", "sv": "händelse"},
}
