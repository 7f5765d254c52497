# SPDX-License-Identifier: AGPL-3.0-or-later
"""Error messages of the ingest area in Finnish and Swedish, keyed by their English template (see the package).

Reading and validating logs: the ingest package, the read options and mapping profiles, and the privacy
key.  Terms follow the report (:mod:`rpa_finder.report.texts`): case = asia/tapaus, ärende; activity =
vaihe, steg; event = tapahtuma, händelse; resource = käsittelijä, handläggare; timestamp = aikaleima,
tidsstämpel; column = sarake, kolumn; sheet = taulukko, blad; an option = valinta (fi).  The Finnish of a
role (``case``, ...) is a genitive, because the messages put it before "sarake" ("asian sarake"); the
Swedish follows "för" ("kolumnen för ärende").
"""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # --- the file itself (ingest/__init__.py, xes.py)
    "file not found": {"fi": "tiedostoa ei löydy", "sv": "filen hittades inte"},
    "check the path": {"fi": "tarkista polku", "sv": "kontrollera sökvägen"},
    "is a folder, not a log file": {"fi": "on kansio eikä lokitiedosto", "sv": "är en mapp, inte en loggfil"},
    "name a file inside it": {"fi": "anna kansiossa oleva tiedosto", "sv": "ange en fil i mappen"},
    "is a folder, not an XES file": {"fi": "on kansio eikä XES-tiedosto", "sv": "är en mapp, inte en XES-fil"},
    "give the path of a .xes or .xes.gz file": {"fi": "anna .xes- tai .xes.gz-tiedoston polku",
                                                "sv": "ange sökvägen till en .xes- eller .xes.gz-fil"},
    "permission denied": {"fi": "ei lukuoikeutta", "sv": "åtkomst nekad"},
    "make the file readable for this user": {"fi": "anna tälle käyttäjälle lukuoikeus tiedostoon",
                                             "sv": "ge den här användaren läsrätt till filen"},
    # the same text as in .analysis, so the same translation
    "cannot read ({reason})": {"fi": "tiedostoa ei voi lukea ({reason})", "sv": "filen går inte att läsa ({reason})"},
    "check the file's permissions and that the disk is readable": {
        "fi": "tarkista tiedoston käyttöoikeudet ja että levy on luettavissa",
        "sv": "kontrollera filens behörigheter och att disken går att läsa"},
    "cannot be opened ({reason})": {"fi": "tiedostoa ei voi avata ({reason})", "sv": "filen kan inte öppnas ({reason})"},
    "check permissions": {"fi": "tarkista käyttöoikeudet", "sv": "kontrollera behörigheterna"},
    "unknown time zone {name!r}": {"fi": "tuntematon aikavyöhyke {name!r}", "sv": "okänd tidszon {name!r}"},
    "--timezone": {"fi": "--timezone", "sv": "--timezone"},
    "use an IANA name such as Europe/Helsinki or UTC": {"fi": "käytä IANA-nimeä, kuten Europe/Helsinki tai UTC",
                                                        "sv": "använd ett IANA-namn som Europe/Helsinki eller UTC"},
    "unsupported format {format!r}": {"fi": "tiedostomuotoa {format!r} ei tueta", "sv": "filformatet {format!r} stöds inte"},
    "the file is empty": {"fi": "tiedosto on tyhjä", "sv": "filen är tom"},
    "the file is empty after decompression": {"fi": "tiedosto on purettuna tyhjä", "sv": "filen är tom efter uppackning"},
    "export the log again; the file has no content": {"fi": "vie loki uudelleen; tiedostossa ei ole sisältöä",
                                                      "sv": "exportera loggen igen; filen har inget innehåll"},

    # --- what kind of file (sniff.py)
    "not a CSV, XES, Excel or Parquet file": {"fi": "ei ole CSV-, XES-, Excel- eikä Parquet-tiedosto",
                                              "sv": "är inte en CSV-, XES-, Excel- eller Parquet-fil"},
    "export the log as CSV, XES, .xlsx or Parquet (binary content found)": {
        "fi": "vie loki CSV-, XES-, .xlsx- tai Parquet-muodossa (tiedostossa on binäärisisältöä)",
        "sv": "exportera loggen som CSV, XES, .xlsx eller Parquet (binärt innehåll hittades)"},
    "gzip data is damaged ({error})": {"fi": "gzip-pakattu sisältö on vioittunut ({error})", "sv": "gzip-data är skadad ({error})"},
    "compress the export again, or send it uncompressed": {"fi": "pakkaa vienti uudelleen tai lähetä se pakkaamattomana",
                                                           "sv": "komprimera exporten igen eller skicka den okomprimerad"},
    "damaged ZIP/Excel file ({error})": {"fi": "vioittunut ZIP- tai Excel-tiedosto ({error})",
                                         "sv": "skadad ZIP- eller Excel-fil ({error})"},
    "save the workbook again as .xlsx": {"fi": "tallenna työkirja uudelleen .xlsx-muodossa",
                                         "sv": "spara arbetsboken igen som .xlsx"},
    "a ZIP archive but not an Excel workbook": {"fi": "ZIP-arkisto mutta ei Excel-työkirja",
                                                "sv": "ett ZIP-arkiv men ingen Excel-arbetsbok"},
    "unzip it and read the CSV, XES or .xlsx file inside": {
        "fi": "pura arkisto ja lue sen sisältämä CSV-, XES- tai .xlsx-tiedosto",
        "sv": "packa upp arkivet och läs CSV-, XES- eller .xlsx-filen i det"},
    "an old .xls or password-protected Excel file": {"fi": "vanha .xls-tiedosto tai salasanalla suojattu Excel-tiedosto",
                                                     "sv": "en gammal .xls-fil eller en lösenordsskyddad Excel-fil"},
    "open it in Excel and save it as .xlsx (without a password) or as CSV": {
        "fi": "avaa tiedosto Excelissä ja tallenna se .xlsx-muodossa (ilman salasanaa) tai CSV-muodossa",
        "sv": "öppna filen i Excel och spara den som .xlsx (utan lösenord) eller som CSV"},
    "a compressed binary file inside gzip": {"fi": "gzip-pakkauksen sisällä on pakattu binääritiedosto",
                                             "sv": "en komprimerad binärfil inuti gzip"},
    "decompress it first (gunzip) and read the file inside": {
        "fi": "pura pakkaus ensin (gunzip) ja lue sen sisältämä tiedosto",
        "sv": "packa upp den först (gunzip) och läs filen inuti"},

    # --- compressed input (bounded.py)
    "gzip data expands more than {ratio}:1 ({produced} MiB from {consumed} KiB read): refused as a decompression bomb": {
        "fi": "gzip-pakattu sisältö laajenee purettaessa yli suhteessa {ratio}:1 ({consumed} KiB:stä tuli {produced} MiB): "
              "hylätty pakkauspommina",
        "sv": "gzip-data expanderar mer än {ratio}:1 ({produced} MiB från {consumed} lästa KiB): "
              "avvisas som en dekomprimeringsbomb"},
    "part {part!r} expands more than {ratio}:1 ({size} MiB from {compressed} KiB): refused as a decompression bomb": {
        "fi": "osa {part!r} laajenee purettaessa yli suhteessa {ratio}:1 ({compressed} KiB:stä tulee {size} MiB): "
              "hylätty pakkauspommina",
        "sv": "delen {part!r} expanderar mer än {ratio}:1 ({size} MiB från {compressed} KiB): "
              "avvisas som en dekomprimeringsbomb"},
    "decompress it yourself and check its content; a real export compresses far less": {
        "fi": "pura pakkaus itse ja tarkista sisältö; oikea vienti ei pakkaudu läheskään näin paljon",
        "sv": "packa upp filen själv och kontrollera innehållet; en riktig export komprimeras mycket mindre"},
    "gzip stream": {"fi": "gzip-pakkaus", "sv": "gzip-strömmen"},
    "ZIP archive": {"fi": "ZIP-arkisto", "sv": "ZIP-arkivet"},

    # --- delimited text (delimited.py, chunked.py)
    "delimiter {delimiter!r} is not one character": {"fi": "erotin {delimiter!r} ei ole yksi merkki",
                                                     "sv": "avgränsaren {delimiter!r} är inte ett enda tecken"},
    "pass --delimiter ';' or ',' or TAB or '|'": {"fi": "käytä valintaa --delimiter ';' tai ',' tai TAB tai '|'",
                                                  "sv": "använd --delimiter ';' eller ',' eller TAB eller '|'"},
    "unknown encoding {encoding!r}": {"fi": "tuntematon merkistö {encoding!r}", "sv": "okänd teckenkodning {encoding!r}"},
    "pass --encoding utf-8, utf-8-sig or cp1252": {"fi": "käytä valintaa --encoding utf-8, utf-8-sig tai cp1252",
                                                   "sv": "använd --encoding utf-8, utf-8-sig eller cp1252"},
    "no header row (the file holds only blank lines)": {"fi": "otsikkorivi puuttuu (tiedostossa on vain tyhjiä rivejä)",
                                                        "sv": "rubrikrad saknas (filen innehåller bara tomma rader)"},
    "export the log again with column names in the first row": {
        "fi": "vie loki uudelleen niin, että ensimmäisellä rivillä ovat sarakkeiden nimet",
        "sv": "exportera loggen igen med kolumnnamnen på första raden"},
    "the header row does not end within the first megabyte": {"fi": "otsikkorivi jatkuu yli ensimmäisen megatavun",
                                                              "sv": "rubrikraden tar inte slut inom den första megabyten"},
    "check the export; the first row should hold the column names": {
        "fi": "tarkista vienti; ensimmäisellä rivillä pitäisi olla sarakkeiden nimet",
        "sv": "kontrollera exporten; första raden ska innehålla kolumnnamnen"},
    "NUL bytes in the header row: this is not a text file": {"fi": "otsikkorivillä on NUL-tavuja: tämä ei ole tekstitiedosto",
                                                             "sv": "NUL-byte i rubrikraden: detta är ingen textfil"},
    "export the log as CSV text, .xlsx, XES or Parquet": {"fi": "vie loki CSV-tekstinä tai .xlsx-, XES- tai Parquet-muodossa",
                                                          "sv": "exportera loggen som CSV-text, .xlsx, XES eller Parquet"},
    "the header row cannot be split into column names ({error})": {
        "fi": "otsikkoriviä ei voi jakaa sarakkeiden nimiksi ({error})",
        "sv": "rubrikraden kan inte delas upp i kolumnnamn ({error})"},
    "header row": {"fi": "otsikkorivi", "sv": "rubrikraden"},
    "export the log again with short column names": {"fi": "vie loki uudelleen lyhyin sarakkeiden nimin",
                                                     "sv": "exportera loggen igen med korta kolumnnamn"},
    "the header row is not valid {encoding} text": {"fi": "otsikkorivi ei ole kelvollista {encoding}-tekstiä",
                                                    "sv": "rubrikraden är inte giltig {encoding}-text"},
    "not valid {encoding} text ({error})": {"fi": "tiedosto ei ole kelvollista {encoding}-tekstiä ({error})",
                                            "sv": "filen är inte giltig {encoding}-text ({error})"},
    "pass --encoding with the file's encoding (utf-8, utf-8-sig or cp1252)": {
        "fi": "anna tiedoston merkistö valinnalla --encoding (utf-8, utf-8-sig tai cp1252)",
        "sv": "ange filens teckenkodning med --encoding (utf-8, utf-8-sig eller cp1252)"},
    "cannot be read as delimited text ({error})": {"fi": "tiedostoa ei voi lukea erotinmerkein jaettuna tekstinä ({error})",
                                                   "sv": "filen kan inte läsas som avgränsad text ({error})"},
    "check that the file is complete; pass --delimiter or --encoding if they were guessed wrong": {
        "fi": "tarkista, että tiedosto on kokonainen; käytä valintaa --delimiter tai --encoding, jos ne arvattiin väärin",
        "sv": "kontrollera att filen är komplett; använd --delimiter eller --encoding om de gissades fel"},
    "pass --encoding or --delimiter if they were guessed wrong": {
        "fi": "käytä valintaa --encoding tai --delimiter, jos ne arvattiin väärin",
        "sv": "använd --encoding eller --delimiter om de gissades fel"},
    "decimal separator {decimal!r} is not ',' or '.'": {"fi": "desimaalierotin {decimal!r} ei ole ',' eikä '.'",
                                                        "sv": "decimaltecknet {decimal!r} är varken ',' eller '.'"},
    "pass --decimal , or --decimal .": {"fi": "käytä valintaa --decimal , tai --decimal .",
                                        "sv": "använd --decimal , eller --decimal ."},
    "{rows} row(s) have {fields} fields where the header has {expected}": {
        "fi": "{rows} rivillä kenttien määrä on {fields}, mutta otsikkorivillä {expected}",
        "sv": "{rows} rad(er) har {fields} fält där rubrikraden har {expected}"},
    "run 'rpa-finder validate' on the file to list them, or fix the export": {
        "fi": "listaa ne ajamalla tiedostolle 'rpa-finder validate' tai korjaa vienti",
        "sv": "kör 'rpa-finder validate' på filen för att lista dem, eller rätta exporten"},
    "partition count must be at least 1, got {count}": {"fi": "osioiden määrän on oltava vähintään 1, nyt {count}",
                                                        "sv": "antalet partitioner måste vara minst 1, nu {count}"},
    "n_partitions": {"fi": "n_partitions", "sv": "n_partitions"},
    "chunked reading handles CSV/TSV and Parquet, not {format}": {
        "fi": "paloittain lukeminen toimii CSV/TSV- ja Parquet-tiedostoille, ei muodolle {format}",
        "sv": "läsning i delar fungerar för CSV/TSV och Parquet, inte för {format}"},
    "read this file whole with read_log, or convert it to Parquet": {
        "fi": "lue tiedosto kokonaan funktiolla read_log tai muunna se Parquet-muotoon",
        "sv": "läs filen i sin helhet med read_log eller konvertera den till Parquet"},

    # --- Excel and Parquet (excel.py, parquet.py)
    "cannot open as an Excel workbook ({error})": {"fi": "tiedostoa ei voi avata Excel-työkirjana ({error})",
                                                   "sv": "filen kan inte öppnas som en Excel-arbetsbok ({error})"},
    "open it in Excel and save it again as .xlsx, or export CSV": {
        "fi": "avaa tiedosto Excelissä ja tallenna se uudelleen .xlsx-muodossa, tai vie loki CSV-muodossa",
        "sv": "öppna filen i Excel och spara den igen som .xlsx, eller exportera loggen som CSV"},
    "sheet {sheet!r} not found; sheets are {sheets}": {"fi": "taulukkoa {sheet!r} ei löydy; taulukot ovat {sheets}",
                                                       "sv": "bladet {sheet!r} hittades inte; bladen är {sheets}"},
    "pass {option} with one of these names": {"fi": "anna valinnalla {option} jokin näistä nimistä",
                                              "sv": "ange ett av dessa namn med {option}"},
    "sheet {sheet!r} is empty": {"fi": "taulukko {sheet!r} on tyhjä", "sv": "bladet {sheet!r} är tomt"},
    "pass --sheet with the sheet that holds the events": {"fi": "anna valinnalla --sheet taulukko, jossa tapahtumat ovat",
                                                          "sv": "ange bladet som innehåller händelserna med --sheet"},
    "cannot read as Parquet ({error})": {"fi": "tiedostoa ei voi lukea Parquet-muodossa ({error})",
                                         "sv": "filen kan inte läsas som Parquet ({error})"},
    "write the file again; it may be truncated": {"fi": "kirjoita tiedosto uudelleen; se voi olla katkennut",
                                                  "sv": "skriv filen igen; den kan vara avkortad"},
    "two columns have the same name": {"fi": "kahdella sarakkeella on sama nimi", "sv": "två kolumner har samma namn"},
    "give every column its own name": {"fi": "anna jokaiselle sarakkeelle oma nimi", "sv": "ge varje kolumn ett eget namn"},
    "the {role} column {column!r} holds {type}, not text, numbers or times": {
        "fi": "{role} sarakkeessa {column!r} on tyyppiä {type} eikä tekstiä, lukuja tai aikoja",
        "sv": "kolumnen för {role}, {column!r}, innehåller {type}, inte text, tal eller tider"},
    "column {column!r}": {"fi": "sarake {column!r}", "sv": "kolumn {column!r}"},
    "write it as text, or pass {option} with another column": {
        "fi": "kirjoita se tekstinä tai anna valinnalla {option} toinen sarake",
        "sv": "skriv den som text eller ange en annan kolumn med {option}"},

    # --- roles and headers (headers.py, ingest/__init__.py)
    "case": {"fi": "asian", "sv": "ärende"},
    "activity": {"fi": "vaiheen", "sv": "steg"},
    "timestamp": {"fi": "aikaleiman", "sv": "tidsstämpel"},
    "resource": {"fi": "käsittelijän", "sv": "handläggare"},
    "lifecycle": {"fi": "elinkaaren", "sv": "livscykel"},
    "start_timestamp": {"fi": "aloitusajan", "sv": "starttid"},
    "{columns}, ... ({more} more)": {"fi": "{columns}, ... ({more} muuta)", "sv": "{columns}, ... ({more} till)"},
    "column {column!r} given for {role} not found; columns are {columns}": {
        "fi": "{role} sarakkeeksi annettua saraketta {column!r} ei löydy; sarakkeet ovat {columns}",
        "sv": "kolumnen {column!r}, angiven för {role}, finns inte; kolumnerna är {columns}"},
    "{count} columns, more than the {limit} an event log export can have": {
        "fi": "{count} saraketta, enemmän kuin tapahtumalokin viennissä voi olla ({limit})",
        "sv": "{count} kolumner, fler än de {limit} som en export av en händelselogg kan ha"},
    "export only the columns the analysis needs": {"fi": "vie vain analyysin tarvitsemat sarakkeet",
                                                   "sv": "exportera bara de kolumner som analysen behöver"},
    "unknown role {role!r}": {"fi": "tuntematon rooli {role!r}", "sv": "okänd roll {role!r}"},
    "roles are {roles}": {"fi": "roolit ovat {roles}", "sv": "rollerna är {roles}"},
    "column {column!r} is given for both {other} and {role}": {
        "fi": "sarake {column!r} on annettu sekä {other} että {role} sarakkeeksi",
        "sv": "kolumnen {column!r} är angiven för både {other} och {role}"},
    "pass a different column to {option}": {"fi": "anna valinnalle {option} eri sarake",
                                            "sv": "ange en annan kolumn med {option}"},
    "attribute {attribute!r} is given for both {other} and {role}": {
        "fi": "attribuutti {attribute!r} on annettu sekä {other} että {role} attribuutiksi",
        "sv": "attributet {attribute!r} är angivet för både {other} och {role}"},
    "pass a different key to {option}": {"fi": "anna valinnalle {option} eri avain",
                                         "sv": "ange en annan nyckel med {option}"},
    "columns {first!r} and {second!r} could both be the {role} column": {
        "fi": "sarakkeet {first!r} ja {second!r} voisivat kumpikin olla {role} sarake",
        "sv": "kolumnerna {first!r} och {second!r} kan båda vara kolumnen för {role}"},
    "pass {option} COLUMN to choose": {"fi": "valitse sarake valinnalla {option} SARAKE",
                                       "sv": "välj kolumnen med {option} KOLUMN"},
    "the first row looks like data, not column names": {"fi": "ensimmäinen rivi näyttää tiedoilta eikä sarakkeiden nimiltä",
                                                        "sv": "första raden ser ut som data, inte som kolumnnamn"},
    "add a header row naming the columns (e.g. Asianumero;Toimenpide;Aikaleima)": {
        "fi": "lisää otsikkorivi, joka nimeää sarakkeet (esim. Asianumero;Toimenpide;Aikaleima)",
        "sv": "lägg till en rubrikrad som namnger kolumnerna (t.ex. Asianumero;Toimenpide;Aikaleima)"},
    "no {role} column recognised; columns are {columns}": {
        "fi": "{role} saraketta ei tunnistettu; sarakkeet ovat {columns}",
        "sv": "ingen kolumn för {role} kändes igen; kolumnerna är {columns}"},
    "pass {option} COLUMN": {"fi": "anna sarake valinnalla {option} SARAKE", "sv": "ange kolumnen med {option} KOLUMN"},

    # --- dates (timestamps.py)
    "the numbers are not Excel serial dates (plausible {low}-{high}), e.g. {examples}": {
        "fi": "luvut eivät ole Excelin päivämääränumeroita (uskottava väli {low}-{high}), esim. {examples}",
        "sv": "talen är inte Excels datumserienummer (rimligt intervall {low}-{high}), t.ex. {examples}"},
    "map a date column to the timestamp role, or pass --date-format (e.g. %Y%m%d)": {
        "fi": "valitse aikaleimaksi päivämääräsarake tai käytä valintaa --date-format (esim. %Y%m%d)",
        "sv": "välj en datumkolumn som tidsstämpel eller använd --date-format (t.ex. %Y%m%d)"},
    "no value matches the date format {format!r}, e.g. {examples}": {
        "fi": "yksikään arvo ei vastaa päivämäärän muotoa {format!r}, esim. {examples}",
        "sv": "inget värde stämmer med datumformatet {format!r}, t.ex. {examples}"},
    "check --date-format: strptime codes such as %d.%m.%Y %H:%M, or iso, or excel": {
        "fi": "tarkista valinta --date-format: käytä strptime-koodeja kuten %d.%m.%Y %H:%M tai sanaa iso tai excel",
        "sv": "kontrollera --date-format: använd strptime-koder som %d.%m.%Y %H:%M eller ordet iso eller excel"},
    "no known date layout matches, e.g. {examples}": {
        "fi": "mikään tunnettu päivämäärän esitystapa ei sovi arvoihin, esim. {examples}",
        "sv": "ingen känd datumlayout passar värdena, t.ex. {examples}"},
    "pass --date-format, e.g. --date-format '%d.%m.%Y %H:%M'": {
        "fi": "käytä valintaa --date-format, esim. --date-format '%d.%m.%Y %H:%M'",
        "sv": "använd --date-format, t.ex. --date-format '%d.%m.%Y %H:%M'"},
    "dates such as {examples} read both day-first and month-first": {
        "fi": "päivämäärät, kuten {examples}, voi lukea kahdella tavalla: päivä edellä tai kuukausi edellä",
        "sv": "datum som {examples} kan läsas på två sätt: med dagen först eller med månaden först"},
    "pass --date-format {first} or {second}": {"fi": "käytä valintaa --date-format {first} tai {second}",
                                               "sv": "använd --date-format {first} eller {second}"},
    "only {share:.0%} of the values match the best date layout ({layout}); unread values e.g. {examples}": {
        "fi": "vain {share:.0%} arvoista vastaa parhaiten sopivaa päivämäärän esitystapaa ({layout}); "
              "lukemattomia arvoja esim. {examples}",
        "sv": "bara {share:.0%} av värdena stämmer med den bäst passande datumlayouten ({layout}); "
              "olästa värden t.ex. {examples}"},
    "date format {format!r} has no % codes": {"fi": "päivämäärän muodossa {format!r} ei ole %-koodeja",
                                              "sv": "datumformatet {format!r} har inga %-koder"},
    "date format {format!r} is not valid ({error})": {"fi": "päivämäärän muoto {format!r} ei kelpaa ({error})",
                                                      "sv": "datumformatet {format!r} är ogiltigt ({error})"},
    "--date-format": {"fi": "--date-format", "sv": "--date-format"},
    "use strptime codes such as %d.%m.%Y %H:%M, or the words iso or excel": {
        "fi": "käytä strptime-koodeja kuten %d.%m.%Y %H:%M tai sanoja iso tai excel",
        "sv": "använd strptime-koder som %d.%m.%Y %H:%M eller orden iso eller excel"},

    # --- XES (xes.py)
    "the gzip data is corrupt or cut short ({kind}: {error})": {
        "fi": "gzip-pakattu sisältö on vioittunut tai katkennut ({kind}: {error})",
        "sv": "gzip-data är skadad eller avkortad ({kind}: {error})"},
    "copy or export the file again; `gzip -t` shows the damage": {
        "fi": "kopioi tai vie tiedosto uudelleen; `gzip -t` näyttää vian",
        "sv": "kopiera eller exportera filen igen; `gzip -t` visar skadan"},
    "DOCTYPE/entity declarations are not allowed in XES": {
        "fi": "DOCTYPE- ja entity-määrittelyt eivät ole sallittuja XES-tiedostossa",
        "sv": "DOCTYPE- och entity-deklarationer är inte tillåtna i XES"},
    "remove the <!DOCTYPE ...> block (XES needs none) or export the log again": {
        "fi": "poista <!DOCTYPE ...>-lohko (XES ei tarvitse sitä) tai vie loki uudelleen",
        "sv": "ta bort blocket <!DOCTYPE ...> (XES behöver inget) eller exportera loggen igen"},
    "remove the <!DOCTYPE ...> block or export the log again": {
        "fi": "poista <!DOCTYPE ...>-lohko tai vie loki uudelleen",
        "sv": "ta bort blocket <!DOCTYPE ...> eller exportera loggen igen"},
    "document prologue": {"fi": "asiakirjan alkuosa", "sv": "dokumentets prolog"},
    "line {line}": {"fi": "rivi {line}", "sv": "rad {line}"},
    "byte {offset}": {"fi": "tavu {offset}", "sv": "byte {offset}"},
    "<event> number {number}": {"fi": "<event> nro {number}", "sv": "<event> nr {number}"},
    "<trace> number {number}": {"fi": "<trace> nro {number}", "sv": "<trace> nr {number}"},
    "inside the log": {"fi": "lokin sisällä", "sv": "inuti loggen"},
    "a <trace>": {"fi": "<trace>-elementti", "sv": "ett <trace>-element"},
    "root element": {"fi": "juurielementti", "sv": "rotelementet"},
    "XML declaration": {"fi": "XML-esittely", "sv": "XML-deklarationen"},
    "elements nested more than {depth} levels deep": {"fi": "elementtejä on sisäkkäin yli {depth} tasoa",
                                                      "sv": "element är nästlade mer än {depth} nivåer djupt"},
    "more than {limit} distinct attribute keys": {"fi": "yli {limit} eri attribuuttiavainta",
                                                  "sv": "fler än {limit} olika attributnycklar"},
    "export only the attributes the analysis needs": {"fi": "vie vain analyysin tarvitsemat attribuutit",
                                                      "sv": "exportera bara de attribut som analysen behöver"},
    "root element is <{element}>, not <log>: this is not an XES event log": {
        "fi": "juurielementti on <{element}> eikä <log>: tämä ei ole XES-tapahtumaloki",
        "sv": "rotelementet är <{element}>, inte <log>: detta är ingen XES-händelselogg"},
    "give an XES file (root element <log>)": {"fi": "anna XES-tiedosto (juurielementti <log>)",
                                              "sv": "ange en XES-fil (rotelement <log>)"},
    "<event> inside another <event>": {"fi": "<event> toisen <event>-elementin sisällä",
                                       "sv": "<event> inuti ett annat <event>"},
    "<trace> inside another <trace>": {"fi": "<trace> toisen <trace>-elementin sisällä",
                                       "sv": "<trace> inuti ett annat <trace>"},
    "the file holds only whitespace": {"fi": "tiedostossa on vain tyhjämerkkejä", "sv": "filen innehåller bara blanktecken"},
    "export the event log again": {"fi": "vie tapahtumaloki uudelleen", "sv": "exportera händelseloggen igen"},
    "not well-formed XML: {error}": {"fi": "XML ei ole oikein muodostettua: {error}",
                                     "sv": "XML:en är inte välformad: {error}"},
    "text is not in the declared encoding ({reason})": {"fi": "teksti ei ole ilmoitetussa merkistössä ({reason})",
                                                        "sv": "texten är inte i den angivna teckenkodningen ({reason})"},
    "cannot be read as XML ({error})": {"fi": "tiedostoa ei voi lukea XML-muodossa ({error})",
                                        "sv": "filen kan inte läsas som XML ({error})"},
    "no XML element found": {"fi": "XML-elementtiä ei löytynyt", "sv": "inget XML-element hittades"},
    "export the log again as XES from the source system (or check the file was copied completely)": {
        "fi": "vie loki uudelleen XES-muodossa lähdejärjestelmästä (tai tarkista, että tiedosto kopioitui kokonaan)",
        "sv": "exportera loggen igen som XES från källsystemet (eller kontrollera att filen kopierades helt)"},

    # --- read options and mapping profiles (read_options.py)
    "profile": {"fi": "profiilitiedosto", "sv": "profilfilen"},
    "job file": {"fi": "ajotiedosto", "sv": "jobbfilen"},
    "config file": {"fi": "asetustiedosto", "sv": "inställningsfilen"},
    "{what} not found": {"fi": "{what} puuttuu", "sv": "{what} hittades inte"},
    "check the {option} path": {"fi": "tarkista valinnan {option} polku", "sv": "kontrollera sökvägen i {option}"},
    "cannot read the {what} ({error})": {"fi": "{what} ei ole luettavissa ({error})", "sv": "{what} kan inte läsas ({error})"},
    "not valid TOML ({error})": {"fi": "tiedosto ei ole kelvollista TOMLia ({error})",
                                 "sv": "filen är inte giltig TOML ({error})"},
    "fix the syntax at that line": {"fi": "korjaa kyseisen rivin syntaksivirhe", "sv": "rätta syntaxen på den raden"},
    "top level": {"fi": "ylin taso", "sv": "översta nivån"},
    "unknown key {key!r}": {"fi": "tuntematon avain {key!r}", "sv": "okänd nyckel {key!r}"},
    "allowed keys are {keys}": {"fi": "sallitut avaimet ovat {keys}", "sv": "tillåtna nycklar är {keys}"},
    "[{section}] must be a table": {"fi": "[{section}] on oltava taulukko", "sv": "[{section}] måste vara en tabell"},
    "write it as [section] with key = value lines": {"fi": "kirjoita se otsikoksi [section] ja sen alle rivit avain = arvo",
                                                     "sv": "skriv den som rubriken [section] följd av rader nyckel = värde"},
    "{key} must be a {expected}, got {actual}": {"fi": "{key}: arvon on oltava tyyppiä {expected}, nyt se on {actual}",
                                                 "sv": "{key}: värdet måste vara av typen {expected}, nu är det {actual}"},

    # --- the privacy key (privacy.py)
    "the privacy key is empty": {"fi": "tietosuoja-avain on tyhjä", "sv": "integritetsnyckeln är tom"},
    "[privacy] key": {"fi": "[privacy] key", "sv": "[privacy] key"},
    "remove the key to use ${variable}, or set a long random value": {
        "fi": "poista avain, niin käytetään ympäristömuuttujaa ${variable}, tai aseta pitkä satunnainen arvo",
        "sv": "ta bort nyckeln för att använda miljövariabeln ${variable}, eller ange ett långt slumpmässigt värde"},
}
