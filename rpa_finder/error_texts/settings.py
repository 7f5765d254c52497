# SPDX-License-Identifier: AGPL-3.0-or-later
"""Error messages of the settings area in Finnish and Swedish, keyed by their English template (see the package).

The area: the settings file (:mod:`rpa_finder.config`), job files (:mod:`rpa_finder.jobs`), the store
and its decisions (:mod:`rpa_finder.store`), output folders and the Decisions sheet
(:mod:`rpa_finder.output`) and maturity models (:mod:`rpa_finder.maturity`).  Keys, TOML section
names, option names, decision states and file names stay as written (a user types them); only the
prose around them is translated.  A place that is nothing but a TOML path (``[job]``) has itself as
its translation, so that the test sees every text a user can meet.  Terms follow the report
(:mod:`rpa_finder.report.texts`): vaihe/steg, tapaus/ärende, ehdokas/kandidat, päätös/beslut,
ajo/körning, työ/jobb; the store is tietovarasto/datalagret, a TOML key avain/nyckel.
"""
from __future__ import annotations

#: TOML places that read the same in every language.
_VERBATIM = ("[{section}]", "[report]", "[accounts]", "[maturity]", "[weights]", "[handling_minutes]", "[job]",
             "[privacy]", "[job] store = {value!r}", "{process}/{activity}", "analyze", "{table} {key}",
             "[indicators.{name}]", "[indicators]", "[[levels]]", "[model]")

TEXTS: dict[str, dict[str, str]] = {text: {"fi": text, "sv": text} for text in _VERBATIM}

TEXTS.update({
    # --- the settings file (config.py) -----------------------------------------------------------
    "unknown key {key!r}": {"fi": "tuntematon avain {key!r}", "sv": "okänd nyckel {key!r}"},
    "missing key {key!r}": {"fi": "avain {key!r} puuttuu", "sv": "nyckeln {key!r} saknas"},
    "allowed keys are {keys}": {"fi": "sallitut avaimet ovat {keys}", "sv": "tillåtna nycklar är {keys}"},
    "unknown section [{section}]": {"fi": "tuntematon osio [{section}]", "sv": "okänt avsnitt [{section}]"},
    "sections are {sections}": {"fi": "sallitut osiot ovat {sections}", "sv": "tillåtna avsnitt är {sections}"},
    "unknown criterion {criterion!r}": {"fi": "tuntematon kriteeri {criterion!r}", "sv": "okänt kriterium {criterion!r}"},
    "criteria are {criteria}": {"fi": "kriteerit ovat {criteria}", "sv": "kriterierna är {criteria}"},
    "weight of {criterion} must be a number >= 0": {
        "fi": "kriteerin {criterion} painon on oltava luku, joka on vähintään 0",
        "sv": "vikten för {criterion} måste vara ett tal som är minst 0"},
    "language must be one of {choices}": {"fi": "kielen on oltava jokin näistä: {choices}",
                                          "sv": "språket måste vara något av {choices}"},
    "handling minutes of {activity!r} must be a number >= 0": {
        "fi": "vaiheen {activity!r} käsittelyminuuttien on oltava luku, joka on vähintään 0",
        "sv": "handläggningsminuterna för steget {activity!r} måste vara ett tal som är minst 0"},
    "{key} must be a list of {count} numbers (low, mid, high)": {
        "fi": "{key} on oltava {count} luvun luettelo (alin, keskimmäinen, ylin)",
        "sv": "{key} måste vara en lista med {count} tal (lägsta, mellersta, högsta)"},
    "{key} must be (low, mid, high) in rising order, got {value}": {
        "fi": "{key} on annettava nousevassa järjestyksessä (alin, keskimmäinen, ylin); nyt se on {value}",
        "sv": "{key} måste anges i stigande ordning (lägsta, mellersta, högsta); nu är det {value}"},
    "{key} must be true or false": {"fi": "{key} on oltava true tai false", "sv": "{key} måste vara true eller false"},
    "{key} must be a number, got {value!r}": {"fi": "{key} on oltava luku; nyt se on {value!r}",
                                              "sv": "{key} måste vara ett tal; nu är det {value!r}"},
    "the settings do not fit together: {detail}": {"fi": "asetukset eivät sovi yhteen: {detail}",
                                                   "sv": "inställningarna passar inte ihop: {detail}"},
    'only model = "path" is allowed': {"fi": 'vain model = "polku" on sallittu',
                                       "sv": 'endast model = "sökväg" är tillåtet'},
    'write model = "my_model.toml" or leave [maturity] out': {
        "fi": 'kirjoita model = "my_model.toml" tai jätä [maturity] pois',
        "sv": 'skriv model = "my_model.toml" eller utelämna [maturity]'},

    # --- job files (jobs.py) -------------------------------------------------------------------------
    "no [job] table": {"fi": "[job]-taulukko puuttuu", "sv": "tabellen [job] saknas"},
    "add [job] with name, store, inputs and output": {"fi": "lisää [job], jossa on name, store, inputs ja output",
                                                      "sv": "lägg till [job] med name, store, inputs och output"},
    "add {key} = ...: {meaning}": {"fi": "lisää {key} = ...: {meaning}", "sv": "lägg till {key} = ...: {meaning}"},
    "the job's name, recorded with every run": {"fi": "työn nimi, joka kirjataan jokaisen ajon tietoihin",
                                                "sv": "jobbets namn, som registreras med varje körning"},
    "the store's database file (DuckDB), in a folder that exists": {
        "fi": "tietovaraston tietokantatiedosto (DuckDB) olemassa olevassa kansiossa",
        "sv": "datalagrets databasfil (DuckDB) i en mapp som finns"},
    "the log files or folders to read each run": {"fi": "lokitiedostot tai kansiot, jotka luetaan joka ajossa",
                                                  "sv": "loggfilerna eller mapparna som läses vid varje körning"},
    "the folder where each run writes its results": {"fi": "kansio, johon kukin ajo kirjoittaa tuloksensa",
                                                     "sv": "mappen där varje körning skriver sina resultat"},
    "{key} must be a path (text)": {"fi": "{key} on annettava polkuna (tekstinä)",
                                    "sv": "{key} måste vara en sökväg (text)"},
    "{key} must be a non-empty word of letters, digits, _ and -, got {value!r}": {
        "fi": "{key} on oltava sana, jossa on vain kirjaimia, numeroita, _ ja - (ei tyhjä); nyt se on {value!r}",
        "sv": "{key} måste vara ett ord av bokstäver, siffror, _ och - (inte tomt); nu är det {value!r}"},
    "the store's folder does not exist": {"fi": "tietovaraston kansiota ei ole olemassa",
                                          "sv": "datalagrets mapp finns inte"},
    "create {folder} or correct the path": {"fi": "luo kansio {folder} tai korjaa polku",
                                            "sv": "skapa mappen {folder} eller rätta sökvägen"},
    "inputs must be a list of files or folders": {"fi": "inputs on oltava luettelo tiedostoista tai kansioista",
                                                  "sv": "inputs måste vara en lista med filer eller mappar"},
    "lock_timeout_seconds must be a number >= 0": {"fi": "lock_timeout_seconds on oltava luku, joka on vähintään 0",
                                                   "sv": "lock_timeout_seconds måste vara ett tal som är minst 0"},
    "no log files in the folder": {"fi": "kansiossa ei ole lokitiedostoja", "sv": "mappen innehåller inga loggfiler"},
    "put exports ending in {suffixes} there": {"fi": "tallenna sinne vientitiedostot, joiden pääte on {suffixes}",
                                               "sv": "lägg exportfiler som slutar på {suffixes} där"},
    "input not found": {"fi": "lokitiedostoa tai kansiota ei löydy", "sv": "loggfilen eller mappen hittades inte"},
    "check [job] inputs": {"fi": "tarkista [job] inputs", "sv": "kontrollera [job] inputs"},
    "no stable privacy key: ${variable} is not set": {
        "fi": "pysyvää salanimiavainta ei ole: ympäristömuuttujaa ${variable} ei ole asetettu",
        "sv": "ingen beständig pseudonymnyckel: miljövariabeln ${variable} är inte satt"},
    "set {variable} to the same secret every run (otherwise people get new pseudonyms each month and events no "
    "longer deduplicate)": {
        "fi": "aseta {variable} samaksi salaisuudeksi joka ajossa (muuten henkilöt saavat joka kuukausi uudet "
              "salanimet, eikä samoja tapahtumia enää tunnisteta kaksoiskappaleiksi)",
        "sv": "sätt {variable} till samma hemlighet vid varje körning (annars får personer nya pseudonymer varje "
              "månad, och samma händelser känns inte längre igen som dubbletter)"},

    # --- the store (store/database.py, store/lock.py) ----------------------------------------------
    "store schema version {found} is newer than this rpa_finder's ({supported})": {
        "fi": "tietovaraston skeemaversio {found} on uudempi kuin tämän rpa_finderin ({supported})",
        "sv": "datalagrets schemaversion {found} är nyare än den här rpa_finders ({supported})"},
    "upgrade rpa_finder, or point the job at another store": {
        "fi": "päivitä rpa_finder tai ohjaa työ toiseen tietovarastoon",
        "sv": "uppgradera rpa_finder eller peka jobbet mot ett annat datalager"},
    "create the folder, or correct the store path ([job] store or --store)": {"fi": "luo kansio tai korjaa tietovaraston polku ([job] store tai --store)",
                                                  "sv": "skapa mappen eller rätta datalagrets sökväg ([job] store eller --store)"},
    "no store at this path": {"fi": "tässä polussa ei ole tietovarastoa", "sv": "det finns inget datalager på sökvägen"},
    "give the store of a job that has run": {"fi": "anna sellaisen työn tietovarasto, joka on jo ajettu",
                                             "sv": "ange datalagret för ett jobb som redan har körts"},
    "cannot open the store ({reason})": {"fi": "tietovarastoa ei voi avata ({reason})",
                                         "sv": "datalagret kan inte öppnas ({reason})"},
    "wait for the running job to finish, or check permissions": {
        "fi": "odota, että käynnissä oleva työ päättyy, tai tarkista käyttöoikeudet",
        "sv": "vänta tills det pågående jobbet är klart eller kontrollera behörigheterna"},
    "not an rpa_finder store ({kind})": {"fi": "tiedosto ei ole rpa_finderin tietovarasto ({kind})",
                                         "sv": "filen är inget datalager för rpa_finder ({kind})"},
    "point the store path ([job] store or --store) at a new file or an earlier run's store": {
        "fi": "ohjaa tietovaraston polku ([job] store tai --store) uuteen tiedostoon tai aiemman ajon tietovarastoon",
        "sv": "peka datalagrets sökväg ([job] store eller --store) mot en ny fil eller mot datalagret från en tidigare körning"},
    "the store was written by another rpa_finder version": {
        "fi": "tietovaraston on kirjoittanut jokin toinen rpa_finderin versio",
        "sv": "datalagret skrevs av en annan version av rpa_finder"},
    "run a job with this version first, which migrates it": {
        "fi": "aja ensin jokin työ tällä versiolla; se päivittää tietovaraston",
        "sv": "kör först ett jobb med den här versionen; det migrerar datalagret"},
    "cannot create the lock file ({reason})": {"fi": "lukkotiedostoa ei voi luoda ({reason})",
                                               "sv": "låsfilen kan inte skapas ({reason})"},
    "make the store's folder writable": {"fi": "anna kirjoitusoikeus tietovaraston kansioon",
                                         "sv": "gör datalagrets mapp skrivbar"},
    "the store is locked by {holder} (another run); waited {seconds:g} s": {
        "fi": "tietovaraston on lukinnut {holder} (toinen ajo); odotettiin {seconds:g} s",
        "sv": "datalagret är låst av {holder} (en annan körning); väntade {seconds:g} s"},
    "process {pid}": {"fi": "prosessi {pid}", "sv": "process {pid}"},
    "another process": {"fi": "toinen prosessi", "sv": "en annan process"},
    "let that run finish, or raise [job] lock_timeout_seconds": {
        "fi": "anna sen ajon päättyä tai kasvata asetusta [job] lock_timeout_seconds",
        "sv": "låt den körningen bli klar eller höj [job] lock_timeout_seconds"},

    # --- decisions (store/decisions.py, output/decisions_sheet.py) -----------------------------------
    "the activity": {"fi": "vaihe", "sv": "steget"},
    "the routine": {"fi": "rutiini", "sv": "rutinen"},
    "a decision needs a process and an activity": {"fi": "päätökseen tarvitaan prosessi ja vaihe",
                                                   "sv": "ett beslut behöver en process och ett steg"},
    "name the candidate as its activity (or routine) appears in the report": {
        "fi": "nimeä ehdokas niin kuin sen vaihe (tai rutiini) näkyy raportissa",
        "sv": "ange kandidaten så som dess steg (eller rutin) står i rapporten"},
    "unknown kind {kind!r}": {"fi": "tuntematon laji {kind!r}", "sv": "okänd typ {kind!r}"},
    "unknown decision {state!r}": {"fi": "tuntematon päätös {state!r}", "sv": "okänt beslut {state!r}"},
    "use one of {choices}": {"fi": "käytä jotakin näistä: {choices}", "sv": "använd något av {choices}"},
    "a rejected candidate needs a reason": {"fi": "hylätylle ehdokkaalle tarvitaan perustelu",
                                            "sv": "en avvisad kandidat behöver en motivering"},
    "say why it was rejected (--reason)": {"fi": "kerro, miksi se hylättiin (--reason)",
                                           "sv": "ange varför den avvisades (--reason)"},
    "a deployed robot needs its account name or pattern": {
        "fi": "käyttöön otetulle robotille tarvitaan sen käyttäjätunnus tai tunnuksen kaava",
        "sv": "en robot i drift behöver sitt kontonamn eller mönster"},
    "give the robot's account, e.g. --account 'robot_.*'": {
        "fi": "anna robotin käyttäjätunnus, esim. --account 'robot_.*'",
        "sv": "ange robotens konto, t.ex. --account 'robot_.*'"},
    "the account pattern {pattern!r} is no regular expression ({reason})": {
        "fi": "käyttäjätunnuksen kaava {pattern!r} ei ole säännöllinen lauseke ({reason})",
        "sv": "kontomönstret {pattern!r} är inget reguljärt uttryck ({reason})"},
    "write it as a regular expression, e.g. 'robot_.*'": {
        "fi": "kirjoita se säännöllisenä lausekkeena, esim. 'robot_.*'",
        "sv": "skriv det som ett reguljärt uttryck, t.ex. 'robot_.*'"},
    "go-live {value!r} is not a date": {"fi": "käyttöönottopäivä {value!r} ei ole päivämäärä",
                                        "sv": "driftstarten {value!r} är inget datum"},
    "write it as YYYY-MM-DD": {"fi": "kirjoita se muodossa vvvv-kk-pp", "sv": "skriv det som åååå-mm-dd"},
    "write it as YYYY-MM-DD, e.g. 2026-03-01": {"fi": "kirjoita se muodossa vvvv-kk-pp, esim. 2026-03-01",
                                                "sv": "skriv det som åååå-mm-dd, t.ex. 2026-03-01"},
    "process {process!r} has no finished run in the store": {
        "fi": "prosessilla {process!r} ei ole tietovarastossa yhtään valmista ajoa",
        "sv": "processen {process!r} har ingen slutförd körning i datalagret"},
    "run its scheduled job first, or pass the right --process": {
        "fi": "aja ensin prosessin ajastettu työ tai anna oikea --process",
        "sv": "kör först processens schemalagda jobb eller ange rätt --process"},
    "{kind} {activity!r} is not a candidate of {process!r} in the latest run": {
        "fi": "{kind} {activity!r} ei ole prosessin {process!r} ehdokas viimeisimmässä ajossa",
        "sv": "{kind} {activity!r} är ingen kandidat i processen {process!r} i den senaste körningen"},
    "use the name shown in the report's Decisions sheet, or run the job first": {
        "fi": "käytä nimeä, joka näkyy raportin Päätökset-välilehdellä, tai aja työ ensin",
        "sv": "använd namnet som står på rapportens blad Beslut, eller kör jobbet först"},
    "two decisions for {kind} {activity!r} of {process!r}": {
        "fi": "kaksi päätöstä samalle ehdokkaalle: {kind} {activity!r} (prosessi {process!r})",
        "sv": "två beslut för samma kandidat: {kind} {activity!r} (processen {process!r})"},
    "keep one row per candidate": {"fi": "jätä kullekin ehdokkaalle yksi rivi", "sv": "behåll en rad per kandidat"},
    "the sheet comes from another store (store id {sheet_store}..., this store's is {this_store}...)": {
        "fi": "välilehti on peräisin toisesta tietovarastosta (sen tunniste on {sheet_store}..., tämän "
              "tietovaraston {this_store}...)",
        "sv": "bladet kommer från ett annat datalager (dess id är {sheet_store}..., det här datalagrets "
              "{this_store}...)"},
    "import it into the store of the job whose report it is": {
        "fi": "tuo se sen työn tietovarastoon, jonka raportista se on",
        "sv": "importera det till datalagret för det jobb vars rapport det är"},
    "the sheet comes from a report made without a store": {
        "fi": "välilehti on raportista, joka tehtiin ilman tietovarastoa",
        "sv": "bladet kommer från en rapport som gjordes utan datalager"},
    "pass --process to say which process of the store it decides": {
        "fi": "kerro valinnalla --process, mitä tietovaraston prosessia päätökset koskevat",
        "sv": "ange med --process vilken process i datalagret besluten gäller"},
    "the sheet decides process {sheet_process!r}, not {process!r}": {
        "fi": "välilehden päätökset koskevat prosessia {sheet_process!r} eivätkä prosessia {process!r}",
        "sv": "bladets beslut gäller processen {sheet_process!r}, inte {process!r}"},
    "drop --process, or import the report of that process": {
        "fi": "jätä --process pois tai tuo sen prosessin raportti",
        "sv": "utelämna --process eller importera rapporten för den processen"},
    "sheet {sheet!r}": {"fi": "välilehti {sheet!r}", "sv": "bladet {sheet!r}"},
    "sheet {sheet!r} row {row}": {"fi": "välilehti {sheet!r}, rivi {row}", "sv": "bladet {sheet!r}, rad {row}"},
    "details filled in but no decision": {"fi": "tietoja on täytetty, mutta päätös puuttuu",
                                          "sv": "uppgifter är ifyllda men beslut saknas"},
    "choose a decision in the dropdown, or clear the row": {"fi": "valitse päätös pudotusvalikosta tai tyhjennä rivi",
                                                            "sv": "välj ett beslut i listrutan eller töm raden"},
    "choose one of {choices} (the dropdown)": {"fi": "valitse jokin näistä: {choices} (pudotusvalikko)",
                                               "sv": "välj något av {choices} (listrutan)"},
    "the sheet has no column for {columns}": {"fi": "välilehdeltä puuttuu sarakkeita: {columns}",
                                              "sv": "bladet saknar kolumner för {columns}"},
    "hand back the Decisions sheet of a report with its header row as written": {
        "fi": "palauta raportin Päätökset-välilehti otsikkoriveineen sellaisenaan",
        "sv": "lämna tillbaka rapportens blad Beslut med rubrikraden oförändrad"},
    "file not found": {"fi": "tiedostoa ei löydy", "sv": "filen hittades inte"},
    "not a file": {"fi": "ei ole tiedosto", "sv": "är ingen fil"},
    "give the report.xlsx you filled in": {"fi": "anna täyttämäsi report.xlsx", "sv": "ange den report.xlsx du fyllt i"},
    "cannot be read as an Excel workbook ({kind})": {"fi": "tiedostoa ei voi lukea Excel-työkirjana ({kind})",
                                                     "sv": "filen kan inte läsas som en Excel-arbetsbok ({kind})"},
    "save it as .xlsx (Excel workbook) and try again": {"fi": "tallenna se .xlsx-muodossa (Excel-työkirja) ja yritä uudelleen",
                                                        "sv": "spara den som .xlsx (Excel-arbetsbok) och försök igen"},
    "the workbook has no Decisions sheet": {"fi": "työkirjassa ei ole Päätökset-välilehteä",
                                            "sv": "arbetsboken har inget blad Beslut"},
    "fill in the Päätökset / Beslut / Decisions sheet of a report.xlsx": {
        "fi": "täytä report.xlsx-tiedoston Päätökset-välilehti (Beslut / Decisions)",
        "sv": "fyll i bladet Beslut (Päätökset / Decisions) i en report.xlsx"},

    # --- output folders (output/files.py, output/folder.py, output/results.py) ----------------------
    "cannot create folder ({reason})": {"fi": "kansiota ei voi luoda ({reason})", "sv": "mappen kan inte skapas ({reason})"},
    "folder is not writable": {"fi": "kansioon ei voi kirjoittaa", "sv": "mappen är inte skrivbar"},
    "choose another output folder with -o": {"fi": "valitse toinen tuloskansio valinnalla -o",
                                             "sv": "välj en annan resultatmapp med -o"},
    "cannot write ({reason})": {"fi": "tiedostoon ei voi kirjoittaa ({reason})", "sv": "filen går inte att skriva ({reason})"},
    "check free space and permissions, or choose another path": {
        "fi": "tarkista vapaa levytila ja käyttöoikeudet tai valitse toinen polku",
        "sv": "kontrollera ledigt utrymme och behörigheter eller välj en annan sökväg"},
    "exists and is not a folder": {"fi": "on olemassa, mutta se ei ole kansio", "sv": "finns men är ingen mapp"},
    "folder holds files not written by {tool} (no {manifest}); nothing was replaced": {
        "fi": "kansiossa on tiedostoja, joita {tool} ei ole kirjoittanut ({manifest} puuttuu); mitään ei korvattu",
        "sv": "mappen innehåller filer som {tool} inte har skrivit ({manifest} saknas); inget ersattes"},
    "choose an empty or new folder with -o (--force never deletes files rpa_finder did not write)": {
        "fi": "valitse tyhjä tai uusi kansio valinnalla -o (--force ei koskaan poista tiedostoja, joita rpa_finder "
              "ei ole kirjoittanut)",
        "sv": "välj en tom eller ny mapp med -o (--force raderar aldrig filer som rpa_finder inte har skrivit)"},
    "folder holds {count} file(s) an earlier run did not write, e.g. {example!r}; nothing was replaced": {
        "fi": "kansiossa on tiedostoja ({count} kpl), joita aiempi ajo ei kirjoittanut, esim. {example!r}; "
              "mitään ei korvattu",
        "sv": "mappen innehåller {count} fil(er) som en tidigare körning inte skrev, t.ex. {example!r}; "
              "inget ersattes"},
    "move those files out, or choose another folder with -o": {
        "fi": "siirrä ne tiedostot muualle tai valitse toinen kansio valinnalla -o",
        "sv": "flytta bort de filerna eller välj en annan mapp med -o"},
    "folder holds the results of an earlier run": {"fi": "kansiossa on aiemman ajon tulokset",
                                                   "sv": "mappen innehåller resultaten från en tidigare körning"},
    "pass --force to replace them, or choose another folder with -o": {
        "fi": "korvaa ne valinnalla --force tai valitse toinen kansio valinnalla -o",
        "sv": "ersätt dem med --force eller välj en annan mapp med -o"},
    "cannot create the output folder ({reason})": {"fi": "tuloskansiota ei voi luoda ({reason})",
                                                   "sv": "resultatmappen kan inte skapas ({reason})"},
    "choose a writable place with -o": {"fi": "valitse valinnalla -o paikka, johon voi kirjoittaa",
                                        "sv": "välj en skrivbar plats med -o"},
    "cannot write the results ({reason}); the previous folder is unchanged": {
        "fi": "tuloksia ei voi kirjoittaa ({reason}); aiempi kansio on ennallaan",
        "sv": "resultaten kan inte skrivas ({reason}); den tidigare mappen är oförändrad"},
    "check free space and permissions": {"fi": "tarkista vapaa levytila ja käyttöoikeudet",
                                         "sv": "kontrollera ledigt utrymme och behörigheter"},
    "two logs share the name {name!r}": {"fi": "kahdella lokilla on sama nimi {name!r}",
                                         "sv": "två loggar har samma namn {name!r}"},
    "rename one of the files so that each process gets its own folder": {
        "fi": "nimeä toinen tiedostoista uudelleen, jotta kumpikin prosessi saa oman kansionsa",
        "sv": "byt namn på en av filerna så att varje process får en egen mapp"},

    # --- maturity models (maturity/model.py, maturity/assess.py) ------------------------------------
    "no analysed logs to assess": {"fi": "arvioitavia analysoituja lokeja ei ole",
                                   "sv": "det finns inga analyserade loggar att bedöma"},
    "analyse at least one log first": {"fi": "analysoi ensin vähintään yksi loki", "sv": "analysera först minst en logg"},
    "top level": {"fi": "ylin taso", "sv": "översta nivån"},
    "[[levels]] #{number}": {"fi": "[[levels]] nro {number}", "sv": "[[levels]] nr {number}"},
    "must be a table": {"fi": "on oltava taulukko", "sv": "måste vara en tabell"},
    "see docs/maturity-model.md": {"fi": "katso docs/maturity-model.md", "sv": "se docs/maturity-model.md"},
    "add {key} = ...": {"fi": "lisää {key} = ...", "sv": "lägg till {key} = ..."},
    "{key} must be a non-empty string": {"fi": "{key} on oltava teksti, joka ei ole tyhjä",
                                         "sv": "{key} måste vara en text som inte är tom"},
    "{key} must be a list of strings": {"fi": "{key} on oltava luettelo tekstejä", "sv": "{key} måste vara en lista med texter"},
    "unknown indicator {name!r}": {"fi": "tuntematon mittari {name!r}", "sv": "okänt mätetal {name!r}"},
    "rpa_finder computes {indicators}": {"fi": "rpa_finder laskee nämä: {indicators}",
                                         "sv": "rpa_finder beräknar {indicators}"},
    "unit must be one of {choices}": {"fi": "yksikön (unit) on oltava jokin näistä: {choices}",
                                      "sv": "enheten (unit) måste vara något av {choices}"},
    "direction must be one of {choices}": {"fi": "suunnan (direction) on oltava jokin näistä: {choices}",
                                           "sv": "riktningen (direction) måste vara något av {choices}"},
    "improve.{language} may use only {{value}} and {{target}}": {
        "fi": "improve.{language} saa käyttää vain paikkamerkkejä {{value}} ja {{target}}",
        "sv": "improve.{language} får bara använda platshållarna {{value}} och {{target}}"},
    "number must be {expected} (levels are numbered 1, 2, ... lowest first)": {
        "fi": "number-arvon on oltava {expected} (tasot numeroidaan 1, 2, ... alimmasta alkaen)",
        "sv": "number måste vara {expected} (nivåerna numreras 1, 2, ... med den lägsta först)"},
    "level {number} has no thresholds": {"fi": "tasolla {number} ei ole kynnysarvoja",
                                         "sv": "nivå {number} har inga tröskelvärden"},
    "add thresholds = { indicator = value, ... } (only level 1 may leave it empty)": {
        "fi": "lisää thresholds = { indicator = value, ... } (vain taso 1 voi jättää sen tyhjäksi)",
        "sv": "lägg till thresholds = { indicator = value, ... } (bara nivå 1 får lämna den tom)"},
    "threshold of {indicator} must be a number": {"fi": "mittarin {indicator} kynnysarvon on oltava luku",
                                                  "sv": "tröskelvärdet för {indicator} måste vara ett tal"},
    'next_step_indicators must list, per next step, an indicator name or ""': {
        "fi": 'next_step_indicators-luettelossa on oltava kutakin seuraavaa askelta kohden mittarin nimi tai ""',
        "sv": 'next_step_indicators måste för varje nästa steg ange ett mätetals namn eller ""'},
    "give one entry per next step; indicators are {indicators}": {
        "fi": "anna yksi kohta kutakin seuraavaa askelta kohden; mittarit ovat {indicators}",
        "sv": "ange en post per nästa steg; mätetalen är {indicators}"},
    "level {higher} asks less of {indicator} ({value:g}) than level {lower} ({lower_value:g})": {
        "fi": "taso {higher} vaatii mittarilta {indicator} vähemmän ({value:g}) kuin taso {lower} ({lower_value:g})",
        "sv": "nivå {higher} kräver mindre av {indicator} ({value:g}) än nivå {lower} ({lower_value:g})"},
    "thresholds must not get easier as levels rise": {"fi": "kynnysarvot eivät saa helpottua tasojen noustessa",
                                                      "sv": "tröskelvärdena får inte bli lättare när nivåerna stiger"},
    "no indicators": {"fi": "mittareita ei ole", "sv": "inga mätetal"},
    "declare at least one [indicators.NAME]": {"fi": "määrittele vähintään yksi [indicators.NIMI]",
                                               "sv": "deklarera minst ett [indicators.NAMN]"},
    "a model needs at least two [[levels]]": {"fi": "mallissa on oltava vähintään kaksi [[levels]]-tasoa",
                                              "sv": "en modell behöver minst två [[levels]]"},
    "maturity model file not found": {"fi": "kypsyysmallin tiedostoa ei löydy",
                                      "sv": "filen med mognadsmodellen hittades inte"},
    "check the path": {"fi": "tarkista polku", "sv": "kontrollera sökvägen"},
    "cannot read maturity model ({kind})": {"fi": "kypsyysmallia ei voi lukea ({kind})",
                                            "sv": "mognadsmodellen kan inte läsas ({kind})"},
    "save it as UTF-8 text": {"fi": "tallenna se UTF-8-tekstinä", "sv": "spara den som UTF-8-text"},
    "not valid TOML ({reason})": {"fi": "ei ole kelvollista TOML:ää ({reason})", "sv": "är inte giltig TOML ({reason})"},
    "fix the syntax at that line": {"fi": "korjaa kyseisen rivin syntaksivirhe", "sv": "rätta syntaxen på den raden"},
    "{section} = {value!r} is not a section": {
        "fi": "{section} = {value!r} ei ole osio",
        "sv": "{section} = {value!r} är inget avsnitt",
    },
    "write a [{section}] header with key = value lines under it": {
        "fi": "kirjoita otsikko [{section}] ja sen alle rivejä muotoa avain = arvo",
        "sv": "skriv rubriken [{section}] och under den rader av formen nyckel = värde",
    },
})
