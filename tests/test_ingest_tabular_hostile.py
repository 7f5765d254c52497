# SPDX-License-Identifier: AGPL-3.0-or-later
"""Hostile tabular input: every failure is a one-line error naming the file, never a crash or silence."""
from __future__ import annotations

import gzip
import os
import zipfile

import numpy as np
import pytest

from rpa_finder.errors import BadDataError, UsageError
from rpa_finder.ingest.delimited import read_delimited
from rpa_finder.ingest.excel import read_excel
from rpa_finder.ingest.parquet import read_parquet
from rpa_finder.ingest.sniff import detect_format
from rpa_finder.read_options import ReadOptions

HEADER = "Asianumero;Toimenpide;Aikaleima;Käsittelijä\n"


def one_line(exc: pytest.ExceptionInfo, path) -> str:
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    return message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(BadDataError) as exc:
        detect_format(path)
    assert "empty" in one_line(exc, path)
    with pytest.raises(BadDataError) as exc:
        read_delimited(path, ReadOptions())
    assert "empty" in one_line(exc, path)


def test_empty_gzip(tmp_path):
    path = tmp_path / "empty.csv.gz"
    path.write_bytes(gzip.compress(b""))
    with pytest.raises(BadDataError, match="empty after decompression") as exc:
        detect_format(path)
    one_line(exc, path)


def test_blank_lines_only(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n\n  \n", encoding="utf-8")
    with pytest.raises(BadDataError, match="no header row") as exc:
        read_delimited(path, ReadOptions())
    one_line(exc, path)


@pytest.mark.parametrize("ending", ["\n", ""])
def test_header_only_gives_zero_rows(tmp_path, ending):
    path = tmp_path / "header.csv"
    path.write_text(HEADER.rstrip("\n") + ending, encoding="utf-8")
    raw = read_delimited(path, ReadOptions())
    assert len(raw.events) == 0 and list(raw.events.columns) == HEADER.strip().split(";")
    assert raw.roles["case"] == "Asianumero"


def test_binary_garbage(tmp_path):
    path = tmp_path / "garbage.csv"
    path.write_bytes(np.random.default_rng(7).bytes(20000))
    with pytest.raises(BadDataError, match="not a CSV, XES, Excel or Parquet file") as exc:
        detect_format(path)
    one_line(exc, path)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "export.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("export.csv", HEADER)
    with pytest.raises(BadDataError, match="not an Excel workbook") as exc:
        detect_format(path)
    one_line(exc, path)


def test_old_xls(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(BadDataError, match=r"\.xls.*save it as \.xlsx") as exc:
        detect_format(path)
    one_line(exc, path)


def test_nul_bytes_become_rejects(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes((HEADER + "A1;Kirjaa;2024-01-01;Liisa\n").encode() + b"A2;Kir\x00jaa;2024-01-02;Liisa\n"
                     + b"A3;Hyv\xc3\xa4ksy;2024-01-03;Liisa\n")
    assert detect_format(path) == "csv"
    raw = read_delimited(path, ReadOptions())
    assert raw.events["Asianumero"].tolist() == ["A1", "A3"]
    assert raw.source_rows.tolist() == [2, 4]
    assert raw.rejects["source_row"].tolist() == [3]
    assert "NUL" in raw.rejects["reason"].iloc[0]


def test_nul_bytes_in_header(tmp_path):
    path = tmp_path / "nulhead.csv"
    path.write_bytes(b"Asia\x00numero;Toimenpide;Aikaleima\nA;b;c\n")
    with pytest.raises(BadDataError, match="NUL bytes in the header") as exc:
        read_delimited(path, ReadOptions())
    one_line(exc, path)


def test_multi_megabyte_field(tmp_path):
    path = tmp_path / "big.csv"
    note = "x" * (9 << 20)
    path.write_text(HEADER.rstrip("\n") + ";Huomio\n" + f'A1;Kirjaa;2024-01-01;Liisa;"{note}"\n'
                    + "A2;Hyväksy;2024-01-02;Pekka;lyhyt\n", encoding="utf-8")
    raw = read_delimited(path, ReadOptions())
    assert len(raw.events) == 2
    assert len(raw.events["Huomio"].iloc[0]) == len(note)
    assert raw.source_rows.tolist() == [2, 3]


def test_ragged_rows_are_rejected_with_row_numbers(tmp_path):
    lines = [HEADER.rstrip("\n")]
    for i in range(2, 3001):
        if i == 10:
            lines.append('A10;"monen\nrivin kenttä";2024-01-01;Liisa')  # one record over two lines
        elif i in (57, 2500):
            lines.append(f"A{i};Kirjaa;2024-01-01")  # a field missing
        elif i == 1200:
            lines.append(f"A{i};Kirjaa;2024-01-01;Liisa;ylimääräinen")  # a field too many
        else:
            lines.append(f"A{i};Kirjaa;2024-01-01;Liisa")
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = read_delimited(path, ReadOptions())
    assert raw.rejects["source_row"].tolist() == [57, 1200, 2500]
    assert raw.rejects["reason"].tolist()[0] == "has 3 fields where the header has 4"
    assert len(raw.events) == 2999 - 3
    rows = dict(zip(raw.events["Asianumero"], raw.source_rows))
    assert rows["A10"] == 10 and rows["A58"] == 58 and rows["A3000"] == 3000  # spreadsheet row numbers


def test_missing_required_column_lists_columns_and_flag(tmp_path):
    path = tmp_path / "nocase.csv"
    path.write_text("Toimenpide;Aikaleima;Huomio\nKirjaa;2024-01-01;x\n", encoding="utf-8")
    with pytest.raises(BadDataError) as exc:
        read_delimited(path, ReadOptions())
    message = one_line(exc, path)
    assert "no case column recognised; columns are Toimenpide, Aikaleima, Huomio; pass --case COLUMN" in message


def test_given_column_that_does_not_exist(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(HEADER + "A1;Kirjaa;2024-01-01;Liisa\n", encoding="utf-8")
    options = ReadOptions().with_overrides(timestamp="Luotu")
    with pytest.raises(UsageError) as exc:
        read_delimited(path, options)
    message = one_line(exc, path)
    assert "'Luotu'" in message and "Asianumero, Toimenpide" in message and "--timestamp" in message


def test_no_header_row(tmp_path):
    path = tmp_path / "noheader.csv"
    path.write_text("A1;Kirjaa;2024-01-01 10:00;Liisa\nA2;Hyväksy;2024-01-02 11:00;Pekka\n", encoding="utf-8")
    with pytest.raises(BadDataError, match="first row looks like data") as exc:
        read_delimited(path, ReadOptions())
    one_line(exc, path)


def test_cp1252_with_umlauts(tmp_path):
    path = tmp_path / "win.csv"
    path.write_bytes((HEADER + "A1;Käsittele hakemus;1.3.2024;Sörnäinen Öljy\n").encode("cp1252"))
    raw = read_delimited(path, ReadOptions())
    assert raw.details["encoding"] == "cp1252"
    assert raw.roles["resource"] == "Käsittelijä"
    assert raw.events.iloc[0].tolist() == ["A1", "Käsittele hakemus", "1.3.2024", "Sörnäinen Öljy"]


def test_wrong_explicit_encoding(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(HEADER, encoding="utf-8")
    with pytest.raises(UsageError, match="unknown encoding") as exc:
        read_delimited(path, ReadOptions(encoding="finnish-ascii"))
    one_line(exc, path)


def test_truncated_gzip(tmp_path):
    path = tmp_path / "cut.csv.gz"
    body = (HEADER + "".join(f"A{i};Kirjaa;2024-01-01;{os.urandom(8).hex()}\n" for i in range(20000))).encode()
    path.write_bytes(gzip.compress(body)[:-5000])
    with pytest.raises(BadDataError) as exc:
        read_delimited(path, ReadOptions())
    one_line(exc, path)


def test_damaged_excel_and_parquet(tmp_path):
    workbook = tmp_path / "bad.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(BadDataError) as exc:
        read_excel(workbook, ReadOptions())
    one_line(exc, workbook)
    parquet = tmp_path / "bad.parquet"
    parquet.write_bytes(b"PAR1" + bytes(100))
    with pytest.raises(BadDataError) as exc:
        read_parquet(parquet, ReadOptions())
    one_line(exc, parquet)
