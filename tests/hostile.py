# SPDX-License-Identifier: AGPL-3.0-or-later
"""Hostile-input generator: files an export job or an attacker can produce, small on disk.

Each maker writes one file into a folder and returns its path.  Compressed bombs are written in
streamed blocks (a 4 GiB gzip bomb is ~4 MB on disk and never held in memory), so the generator
itself stays cheap; the tests in ``test_hostile_inputs.py`` run the CLI on each kind.
"""
from __future__ import annotations

import gzip
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HEADER = "Asianumero;Toimenpide;Aikaleima;Käsittelijä\n"
ROW = "A{i};Kirjaa;2024-01-{d:02d} 10:00;Liisa\n"
XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
GOOD_EVENT = ('<event><string key="concept:name" value="a"/>'
              '<date key="time:timestamp" value="2024-01-15T12:00:00+02:00"/></event>')


def _rows(n: int, start: int = 0) -> str:
    return "".join(ROW.format(i=i, d=1 + i % 28) for i in range(start, start + n))


def _gzip_stream(path: Path, parts) -> None:
    """Write the byte blocks of ``parts`` through one gzip stream."""
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9) as handle:
        for part in parts:
            handle.write(part)


def _gzip_repeat(path: Path, head: bytes, block: bytes, count: int, tail: bytes = b"") -> None:
    """``head + block * count + tail`` as concatenated gzip members (valid gzip, as ``cat a.gz b.gz``):
    the block is compressed once, so a several-GiB bomb costs a fraction of a second to write."""
    member = gzip.compress(block, compresslevel=9, mtime=0)
    with open(path, "wb") as handle:
        handle.write(gzip.compress(head, mtime=0))
        for _ in range(count):
            handle.write(member)
        if tail:
            handle.write(gzip.compress(tail, mtime=0))


def long_header_field(folder: Path) -> Path:
    """A header name of 200,000 characters: over csv's 131,072-character field limit."""
    path = folder / "long_header.csv"
    path.write_text("Asianumero;Toimenpide;Aikaleima;" + "H" * 200_000 + "\n" + "A1;Kirjaa;2024-01-01;x\n",
                    encoding="utf-8")
    return path


def long_quoted_field(folder: Path) -> Path:
    """A quoted data field of 200,000 characters holding delimiters and newlines."""
    path = folder / "long_field.csv"
    note = ("x;y\n" * 50_000)
    path.write_text(HEADER.rstrip("\n") + ";Huomio\n" + f'A1;Kirjaa;2024-01-01;Liisa;"{note}"\n'
                    + _rows(5, 2).replace("\n", ";n\n"), encoding="utf-8")
    return path


def wide_csv(folder: Path, columns: int = 30_000, rows: int = 30) -> Path:
    """Tens of thousands of columns, a few dozen rows."""
    path = folder / "wide.csv"
    names = ["Asianumero", "Toimenpide", "Aikaleima"] + [f"k{i}" for i in range(columns)]
    extra = ";" + ";".join(["1"] * columns)
    body = "".join(f"A{i};Kirjaa;2024-01-{1 + i % 28:02d} 10:00{extra}\n" for i in range(rows))
    path.write_text(";".join(names) + "\n" + body, encoding="utf-8")
    return path


def gzip_bomb_csv(folder: Path, gib: float = 4.0) -> Path:
    """A valid CSV header followed by ``gib`` GiB of one repeated row, gzip-compressed (~1000:1)."""
    path = folder / "bomb.csv.gz"
    block = ("A1;Kirjaa;2024-01-01 10:00;" + "L" * 101 + "\n").encode() * (1 << 19)  # 64 MiB
    _gzip_repeat(path, HEADER.encode(), block, int(gib * 16))
    return path


def gzip_bomb_one_line(folder: Path, gib: float = 4.0) -> Path:
    """A gzip CSV whose decompressed content ends in one line of ``gib`` GiB without a newline."""
    path = folder / "oneline.csv.gz"
    _gzip_repeat(path, b"Asianumero;Toimenpide;Aikaleima\nA1;Kirjaa;", b"x" * (64 << 20), int(gib * 16))
    return path


def one_huge_line(folder: Path, megabytes: int = 50) -> Path:
    """A single line of ``megabytes`` MB (no newline at all), plain."""
    path = folder / "oneline.csv"
    with open(path, "wb") as handle:
        handle.write(b"Asianumero;Toimenpide;Aikaleima;")
        block = b"y" * (1 << 20)
        for _ in range(megabytes):
            handle.write(block)
    return path


def truncated_gzip_csv(folder: Path) -> Path:
    path = folder / "cut.csv.gz"
    body = (HEADER + "".join(f"A{i};Kirjaa;2024-01-01;{os.urandom(8).hex()}\n" for i in range(20000))).encode()
    path.write_bytes(gzip.compress(body)[:-5000])
    return path


def garbage_csv(folder: Path) -> Path:
    path = folder / "garbage.csv"
    path.write_bytes(os.urandom(200_000))
    return path


def nul_bytes_csv(folder: Path) -> Path:
    path = folder / "nul.csv"
    path.write_bytes(HEADER.encode() + _rows(50).encode() + b"A99;Kir\x00jaa;2024-01-02 10:00;Liisa\n")
    return path


def invalid_utf8_csv(folder: Path) -> Path:
    """UTF-8 for the first megabyte, then bytes that are valid in no UTF-8 (read as cp1252)."""
    path = folder / "mixed.csv"
    path.write_bytes(HEADER.encode() + _rows(30_000).encode() + b"A1;K\xe4sittely \xff\xfe;2024-01-02 10:00;Liisa\n")
    return path


def quote_never_closed(folder: Path) -> Path:
    path = folder / "openquote.csv"
    path.write_text(HEADER + _rows(100) + 'A2;"Kirjaa;2024-01-01 10:00;Liisa\n' + _rows(2000, 200), encoding="utf-8")
    return path


def xlsx_bomb(folder: Path, gib: float = 1.0) -> Path:
    """An .xlsx whose sheet XML deflates ~1000:1 to ``gib`` GiB (a zip bomb in a workbook)."""
    path = folder / "bomb.xlsx"
    rel = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
           'Target="worksheets/sheet1.xml"/></Relationships>')
    workbook = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                '<sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
    types = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
             '</Types>')
    root_rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                 'Target="xl/workbook.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rel)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        b'<sheetData><row r="1"><c t="inlineStr"><is><t>')
            block = b"A" * (1 << 20)
            for _ in range(int(gib * 1024)):
                sheet.write(block)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return path


def parquet_wrong_types(folder: Path) -> Path:
    """Parquet whose case column is a list, timestamp a float and activity binary."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "types.parquet"
    table = pa.table({"case:concept:name": pa.array([[1, 2], [3]], pa.list_(pa.int64())),
                      "concept:name": pa.array([b"\x00\xff", b"b"], pa.binary()),
                      "time:timestamp": pa.array([1.5, float("nan")])})
    pq.write_table(table, path)
    return path


def parquet_truncated(folder: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "cut.parquet"
    pq.write_table(pa.table({"case": ["a"] * 1000, "activity": ["b"] * 1000}), path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + data[-8:])
    return path


def deep_xes(folder: Path, depth: int = 200_000) -> Path:
    """Elements nested ``depth`` levels deep (a RecursionError in naive readers)."""
    path = folder / "deep.xes"
    path.write_text(XML + "<log><trace>" + "<container key=\"k\">" * depth + "</container>" * depth
                    + "</trace></log>", encoding="utf-8")
    return path


def billion_laughs_xes(folder: Path) -> Path:
    lines = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10)]
    path = folder / "laughs.xes"
    path.write_text(XML + "<!DOCTYPE log [" + "".join(lines) + "]>\n<log><trace>"
                    '<string key="concept:name" value="&l9;"/></trace></log>', encoding="utf-8")
    return path


def many_attributes_xes(folder: Path, count: int = 1_000_000) -> Path:
    """One event with ``count`` distinct attribute keys (gzip: ~ 3 MB on disk)."""
    path = folder / "attrs.xes.gz"
    parts = [(XML + '<log><trace><string key="concept:name" value="c1"/><event>'
              '<string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-15T12:00:00+02:00"/>').encode()]
    step = 10_000
    for start in range(0, count, step):
        parts.append("".join(f'<string key="k{i}" value="v"/>' for i in range(start, start + step)).encode())
    parts.append(("</event>" + GOOD_EVENT + "</trace></log>").encode())
    _gzip_stream(path, parts)
    return path


def gzip_bomb_xes(folder: Path, gib: float = 4.0) -> Path:
    """A well-formed XES whose one comment expands to ``gib`` GiB."""
    path = folder / "bomb.xes.gz"
    _gzip_repeat(path, (XML + "<log><!--").encode(), b"x" * (64 << 20), int(gib * 16), b"--></log>")
    return path


def huge_text_node_xes(folder: Path) -> Path:
    path = folder / "bigvalue.xes"
    path.write_text(XML + '<log><trace><string key="concept:name" value="c1"/><event><string key="concept:name" value="'
                    + "v" * (12 << 20) + '"/></event></trace></log>', encoding="utf-8")
    return path


def many_activities_csv(folder: Path, activities: int = 20_000, rows: int = 60_000) -> Path:
    """Every few events a new activity name (free text exported as the activity): a DFG of 20,000 nodes."""
    path = folder / "activities.csv"
    body = "".join(f"C{i // 6};Toimenpide {i % activities};2024-01-{1 + (i // 6) % 28:02d} {8 + i % 6:02d}:00;U{i % 7}\n"
                   for i in range(rows))
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def one_giant_case_csv(folder: Path, rows: int = 150_000) -> Path:
    """All events in one case (a missing case id filled with one value by the export)."""
    path = folder / "onecase.csv"
    body = "".join(f"X;Vaihe {i % 40};2024-01-01 {i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d};U{i % 9}\n"
                   for i in range(rows))
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def wide_parquet(folder: Path, columns: int = 5000) -> Path:
    """A Parquet export with thousands of columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "wide.parquet"
    data = {"case:concept:name": ["a", "b"], "concept:name": ["x", "y"],
            "time:timestamp": pa.array([1_700_000_000_000, 1_700_000_360_000], pa.timestamp("ms", tz="UTC"))}
    data.update({f"k{i}": [1, 2] for i in range(columns)})
    pq.write_table(pa.table(data), path)
    return path


@dataclass(frozen=True)
class Kind:
    """One hostile kind: how to make it, the exit codes allowed, and words the message must hold."""

    name: str
    make: Callable[[Path], Path]
    codes: tuple[int, ...]
    words: tuple[str, ...] = ()
    #: "validate" tries the readers; "analyze" goes on through mining, scoring and rendering.
    command: str = "validate"


KINDS = (
    Kind("long_header_field", long_header_field, (0, 65)),
    Kind("long_quoted_field", long_quoted_field, (0,)),
    Kind("wide_csv", wide_csv, (0, 65)),
    Kind("gzip_bomb_csv", gzip_bomb_csv, (65,), ("decompress",)),
    Kind("gzip_bomb_one_line", gzip_bomb_one_line, (65,)),
    Kind("one_huge_line", one_huge_line, (65,)),
    Kind("truncated_gzip_csv", truncated_gzip_csv, (65,)),
    Kind("garbage_csv", garbage_csv, (65,)),
    Kind("nul_bytes_csv", nul_bytes_csv, (0, 65)),
    Kind("invalid_utf8_csv", invalid_utf8_csv, (0, 65)),
    Kind("quote_never_closed", quote_never_closed, (0, 65)),
    Kind("xlsx_bomb", xlsx_bomb, (65,)),
    Kind("parquet_wrong_types", parquet_wrong_types, (65,)),
    Kind("parquet_truncated", parquet_truncated, (65,)),
    Kind("deep_xes", deep_xes, (65,)),
    Kind("billion_laughs_xes", billion_laughs_xes, (65,)),
    Kind("many_attributes_xes", many_attributes_xes, (0, 65)),
    Kind("gzip_bomb_xes", gzip_bomb_xes, (65,)),
    Kind("huge_text_node_xes", huge_text_node_xes, (65,)),
    Kind("many_activities_csv", many_activities_csv, (65,), ("distinct activities", "--activity"), "analyze"),
    Kind("one_giant_case_csv", lambda folder: one_giant_case_csv(folder, rows=60_000), (0,), (), "analyze"),
    Kind("wide_parquet", lambda folder: wide_parquet(folder), (65,), ("columns",)),
    Kind("xlsx_bomb_small", lambda folder: xlsx_bomb(folder, gib=0.25), (65,), ("decompression bomb",)),
)

