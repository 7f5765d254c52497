# SPDX-License-Identifier: AGPL-3.0-or-later
"""Tabular readers: CSV/TSV (plain and gzip), Excel and Parquet, and header recognition."""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import MANIFEST_COUNTS, dataset
from rpa_finder.errors import BadDataError, UsageError
from rpa_finder.ingest.delimited import read_delimited
from rpa_finder.ingest.excel import read_excel
from rpa_finder.ingest.headers import ROLE_SYNONYMS, resolve_roles
from rpa_finder.ingest.parquet import read_parquet
from rpa_finder.ingest.sniff import detect_format
from rpa_finder.read_options import ColumnMapping, ReadOptions

RECEIPT_CSV = "receipt_wabo/receipt_WABO_CoSeLoG.csv.gz"
FINNISH = ("Asianumero;Toimenpide;Aikaleima;Käsittelijä;Summa\n"
           "00123;Kirjaa lasku;1.3.2024 9:30;Liisa Mäkelä;12,50\n"
           "00123;Hyväksy lasku;2.3.2024 10:00;Örjan Ståhl;3\n"
           "00456;Kirjaa lasku;4.3.2024 8:15;Liisa Mäkelä;-7,25\n")


def test_receipt_csv_reads_every_row_with_pm4py_roles():
    path = dataset(RECEIPT_CSV)
    assert detect_format(path) == "csv"
    raw = read_delimited(path, ReadOptions())
    assert len(raw.events) == MANIFEST_COUNTS[RECEIPT_CSV][1] == 8577
    assert raw.roles == {"case": "case:concept:name", "activity": "concept:name", "timestamp": "time:timestamp",
                         "resource": "org:resource", "lifecycle": "lifecycle:transition"}
    assert raw.events["case:concept:name"].nunique() == MANIFEST_COUNTS[RECEIPT_CSV][0]
    assert raw.events["concept:name"].nunique() == MANIFEST_COUNTS[RECEIPT_CSV][2]
    assert raw.details["compression"] == "gzip" and raw.details["delimiter"] == ","
    assert raw.source_rows[0] == 2 and raw.source_rows[-1] == 8578
    assert raw.events["case:enddate"].isna().any()  # empty strings are missing, not ""
    assert len(raw.rejects) == 0


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_finnish_export_semicolon_decimal_comma(tmp_path, encoding):
    path = tmp_path / "ostolaskut.csv"
    path.write_bytes(FINNISH.encode(encoding))
    raw = read_delimited(path, ReadOptions())
    assert raw.roles == {"case": "Asianumero", "activity": "Toimenpide", "timestamp": "Aikaleima",
                         "resource": "Käsittelijä"}
    assert raw.details["encoding"] == encoding
    assert raw.details["delimiter"] == ";" and raw.details["decimal"] == ","
    assert raw.events["Summa"].dtype == "float64"
    assert raw.events["Summa"].tolist() == [12.5, 3.0, -7.25]
    assert raw.events["Asianumero"].tolist() == ["00123", "00123", "00456"]  # ids keep their zeros
    assert raw.events["Käsittelijä"].tolist()[1] == "Örjan Ståhl"
    assert raw.events["Aikaleima"].tolist()[0] == "1.3.2024 9:30"  # parsed later, by the common step
    assert raw.source_rows.tolist() == [2, 3, 4]


def test_utf8_file_with_cp1252_bytes_late_falls_back(tmp_path):
    rows = "".join(f"A{i};Kirjaa;2024-01-01 10:00\n" for i in range(30000))
    path = tmp_path / "late.csv"
    path.write_bytes(("Asianumero;Toimenpide;Aikaleima\n" + rows).encode() + "A1;Käsittele;2024-01-02\n".encode("cp1252"))
    raw = read_delimited(path, ReadOptions())
    assert raw.details["encoding"] == "cp1252"
    assert raw.events["Toimenpide"].iloc[-1] == "Käsittele"


def test_swedish_headers():
    raw_roles = resolve_roles(["ärendenummer", "åtgärd", "tidsstämpel", "handläggare"], {}, file="x.csv")
    assert raw_roles == {"case": "ärendenummer", "activity": "åtgärd", "timestamp": "tidsstämpel",
                         "resource": "handläggare"}


def test_swedish_csv_reads(tmp_path):
    path = tmp_path / "arenden.csv"
    path.write_text("ärendenummer;åtgärd;tidsstämpel;handläggare\nD-1;Registrera;2024-05-02;Anna\n", encoding="utf-8")
    raw = read_delimited(path, ReadOptions())
    assert raw.roles["case"] == "ärendenummer" and raw.roles["resource"] == "handläggare"


def test_headers_match_without_case_accents_or_separators():
    roles = resolve_roles(["ASIANUMERO", "toimenpide", "Tapahtuma_aika", "kasittelija", "Start Time"], {}, file="x")
    assert roles == {"case": "ASIANUMERO", "activity": "toimenpide", "timestamp": "Tapahtuma_aika",
                     "resource": "kasittelija", "start_timestamp": "Start Time"}


def test_synonym_priority_picks_and_says_which():
    notes: dict[str, str] = {}
    roles = resolve_roles(["Asianumero", "Toimenpide", "Pvm", "Aikaleima"], {}, file="x.csv", notes=notes)
    assert roles["timestamp"] == "Aikaleima"
    assert "Pvm" in notes["timestamp_column"]


def test_equal_candidates_are_an_error():
    with pytest.raises(BadDataError, match=r"x\.csv: columns 'Tapaus' and 'TAPAUS' could both be the case column.*--case"):
        resolve_roles(["Tapaus", "TAPAUS", "Toimenpide", "Aikaleima"], {}, file="x.csv")


def test_synonym_table_is_declarative_and_covers_every_role():
    assert set(ROLE_SYNONYMS) == {"case", "activity", "timestamp", "resource", "lifecycle", "start_timestamp"}
    assert "Asianumero".lower() in ROLE_SYNONYMS["case"]


def test_explicit_options_win(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Asianumero|Toimenpide|Vaihe|Aikaleima|Summa\n1|a|b|2024-01-01|1.5\n2|c|d|2024-01-02|2\n",
                    encoding="utf-8")
    options = ReadOptions(columns=ColumnMapping(activity="Vaihe"), delimiter=",", encoding="cp1252", decimal=",")
    with pytest.raises(UsageError, match=r"x\.csv: column 'Vaihe' given for activity not found.*--activity"):
        read_delimited(path, options)  # a wrong explicit delimiter is obeyed, not second-guessed
    raw = read_delimited(path, ReadOptions(columns=ColumnMapping(activity="Vaihe"), delimiter="|", decimal=","))
    assert raw.roles["activity"] == "Vaihe"
    assert raw.details["decimal"] == ","
    assert raw.events["Summa"].tolist() == ["1.5", "2"]  # "1.5" is not a number when the decimal is ","


def test_given_column_matches_loosely_and_wins_over_recognition():
    roles = resolve_roles(["Asianumero", "Toimenpide", "Aikaleima", "Luotu"], {"timestamp": "luotu"}, file="x")
    assert roles["timestamp"] == "Luotu"


def test_tsv(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("case id\tactivity\ttimestamp\tamount\nc1\tSend, then file\t2024-01-01\t10\n", encoding="utf-8")
    raw = read_delimited(path, ReadOptions())
    assert raw.details["delimiter"] == "TAB"
    assert raw.events["activity"].tolist() == ["Send, then file"]
    assert raw.events["amount"].dtype == "int64"


def test_excel_sep_line_sets_delimiter_and_is_not_a_row(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffsep=;\r\nAsianumero;Toimenpide;Aikaleima\r\nA1;Kirjaa, arkistoi;1.3.2024\r\n".encode())
    raw = read_delimited(path, ReadOptions())
    assert raw.details["delimiter"] == ";"
    assert raw.events["Toimenpide"].tolist() == ["Kirjaa, arkistoi"]
    assert raw.source_rows.tolist() == [2]


def test_utf16_export_from_excel(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_text("Asianumero\tToimenpide\tAikaleima\tSumma\n00123\tKäsittele\t1.3.2024\t1,5\n", encoding="utf-16")
    assert detect_format(path) == "csv"
    raw = read_delimited(path, ReadOptions())
    assert raw.details["encoding"] == "utf-16-le" and raw.details["delimiter"] == "TAB"
    assert raw.events.iloc[0].tolist() == ["00123", "Käsittele", "1.3.2024", 1.5]


def test_gzip_detected_by_content_not_name(tmp_path):
    path = tmp_path / "export.dat"
    path.write_bytes(gzip.compress(FINNISH.encode("utf-8")))
    assert detect_format(path) == "csv"
    raw = read_delimited(path, ReadOptions())
    assert raw.details["compression"] == "gzip" and len(raw.events) == 3


def test_detect_format_by_content(tmp_path):
    xes = tmp_path / "log.csv"
    xes.write_text('<?xml version="1.0"?><log xes.version="1.0"></log>', encoding="utf-8")
    assert detect_format(xes) == "xes"
    parquet = tmp_path / "log.csv.bak"
    pq.write_table(pa.table({"a": [1]}), parquet)
    assert detect_format(parquet) == "parquet"
    workbook = tmp_path / "log.bin"
    _write_workbook(workbook)
    assert detect_format(workbook) == "xlsx"


def test_attribute_typing(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("case;activity;timestamp;n;flag;code;mixed\n"
                    "1;a;t;5;kyllä;00100;x\n2;b;t;;ei;00200;3\n3;c;t;7;;00300;\n", encoding="utf-8")
    raw = read_delimited(path, ReadOptions())
    events = raw.events
    assert events["n"].dtype == "Int64" and events["n"].tolist()[0] == 5 and events["n"].isna().tolist()[1]
    assert events["flag"].tolist()[:2] == [True, False] and pd.isna(events["flag"].tolist()[2])
    assert events["code"].tolist() == ["00100", "00200", "00300"]  # postal codes are not numbers
    assert events["mixed"].tolist()[:2] == ["x", "3"]
    assert events["case"].tolist() == ["1", "2", "3"]  # role columns stay text


def _write_workbook(path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tapahtumat"
    sheet.append(["Asianumero", "Toimenpide", "Aikaleima", "Käsittelijä", "Summa", "Kaava"])
    sheet.append(["00123", "Kirjaa", dt.datetime(2024, 3, 1, 9, 30), "Liisa", 12.5, "=E2*2"])
    sheet.append([])
    sheet.append([456, "Hyväksy", dt.datetime(2024, 3, 2, 10, 0), None, 3, "=1+1"])
    workbook.create_sheet("Serial").append(["case", "activity", "timestamp"])
    workbook["Serial"].append(["c1", "a", 45352.5])
    workbook.save(path)


def test_excel(tmp_path):
    path = tmp_path / "tapahtumat.xlsx"
    _write_workbook(path)
    raw = read_excel(path, ReadOptions())
    events = raw.events
    assert raw.roles["case"] == "Asianumero" and raw.details["sheet"] == "Tapahtumat"
    assert events["Asianumero"].tolist() == ["00123", "456"]
    assert events["Aikaleima"].dtype == "datetime64[ns]"  # naive wall clock, localised later
    assert events["Aikaleima"].iloc[0] == pd.Timestamp("2024-03-01 09:30")
    assert events["Summa"].tolist() == [12.5, 3.0]
    assert not events["Kaava"].astype("str").str.contains("=").any()  # formulas never leak
    assert raw.source_rows.tolist() == [2, 4]  # Excel's own row numbers; the blank row is skipped
    serial = read_excel(path, ReadOptions(sheet="Serial"))
    assert serial.events["timestamp"].tolist() == [45352.5]


def test_excel_header_below_title_rows_keeps_excel_row_numbers(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for column, value in enumerate(["case", "activity", "timestamp"], start=1):
        sheet.cell(row=3, column=column, value=value)
    for column, value in enumerate(["c1", "a", dt.datetime(2024, 1, 1, 8)], start=1):
        sheet.cell(row=5, column=column, value=value)
    for column, value in enumerate(["c2", "b", "2024-01-02 10:00"], start=1):
        sheet.cell(row=6, column=column, value=value)
    path = tmp_path / "title.xlsx"
    workbook.save(path)
    raw = read_excel(path, ReadOptions())
    assert raw.details["header_row"] == "3"
    assert raw.source_rows.tolist() == [5, 6]
    assert raw.events["timestamp"].tolist() == ["2024-01-01 08:00:00", "2024-01-02 10:00"]  # mixed -> text


def test_excel_missing_sheet_lists_sheets(tmp_path):
    path = tmp_path / "t.xlsx"
    _write_workbook(path)
    with pytest.raises(UsageError, match=r"t\.xlsx: sheet 'Nope' not found; sheets are Tapahtumat, Serial; pass --sheet"):
        read_excel(path, ReadOptions(sheet="Nope"))


def test_parquet_keeps_types_and_zones(tmp_path):
    path = tmp_path / "log.parquet"
    stamps = [dt.datetime(2024, 1, 1, 10, tzinfo=dt.timezone.utc), dt.datetime(2024, 1, 2, 10, tzinfo=dt.timezone.utc)]
    table = pa.table({
        "case:concept:name": ["c1", "c2"], "concept:name": ["a", "b"],
        "time:timestamp": pa.array(stamps, pa.timestamp("us", tz="Europe/Helsinki")),
        "start time": pa.array([dt.datetime(2024, 1, 1, 9), dt.datetime(2024, 1, 2, 9)], pa.timestamp("ms")),
        "amount": [1.5, 2.5], "tags": [["x"], ["y"]],
    })
    pq.write_table(table, path)
    raw = read_parquet(path, ReadOptions())
    events = raw.events
    assert raw.roles == {"case": "case:concept:name", "activity": "concept:name", "timestamp": "time:timestamp",
                         "start_timestamp": "start time"}
    assert str(events["time:timestamp"].dt.tz) == "Europe/Helsinki"
    assert events["time:timestamp"].iloc[0] == pd.Timestamp("2024-01-01 10:00", tz="UTC")
    assert events["start time"].dt.tz is None
    assert "tags" not in events.columns and "tags" in raw.details["skipped_columns"]
    assert raw.source_rows.tolist() == [1, 2]


TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF, include_characters="\n;,\"'"), min_size=1,
               max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(TEXT, TEXT, TEXT, TEXT), min_size=1, max_size=15),
       delimiter=st.sampled_from([";", ","]),
       quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
def test_csv_round_trip_keeps_every_string(tmp_path, rows, delimiter, quoting):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting)
    writer.writerow(["case", "activity", "timestamp", "resource"])
    writer.writerows(rows)
    path = tmp_path / "round.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    raw = read_delimited(path, ReadOptions())
    expected = pd.DataFrame(rows, columns=["case", "activity", "timestamp", "resource"])
    assert raw.events.astype(object).values.tolist() == expected.astype(object).values.tolist()
    assert raw.source_rows.tolist() == list(range(2, len(rows) + 2))
    assert len(raw.rejects) == 0


def test_an_encoding_given_wrongly_is_named_as_the_problem_in_every_language(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(FINNISH.encode("cp1252"))  # what Finnish Excel writes, read as --encoding utf-8
    with pytest.raises(BadDataError, match=r"not valid utf-8 text .*; pass --encoding with the file's encoding") as info:
        read_delimited(path, ReadOptions(encoding="utf-8"))
    assert "tiedosto ei ole kelvollista utf-8-tekstiä" in info.value.localised("fi")
    assert "filen är inte giltig utf-8-text" in info.value.localised("sv")


@pytest.mark.parametrize("lang, expected", [
    ("fi", "asian saraketta ei tunnistettu; sarakkeet ovat Toimenpide, Aikaleima; anna sarake valinnalla --case SARAKE"),
    ("sv", "ingen kolumn för ärende kändes igen; kolumnerna är Toimenpide, Aikaleima; ange kolumnen med --case KOLUMN"),
    ("en", "no case column recognised; columns are Toimenpide, Aikaleima; pass --case COLUMN"),
])
def test_a_missing_role_reads_in_the_users_language_with_the_column_names_verbatim(lang, expected):
    with pytest.raises(BadDataError) as info:
        resolve_roles(["Toimenpide", "Aikaleima"], {}, file="loki.csv")
    assert info.value.localised(lang) == f"loki.csv: {expected}"
