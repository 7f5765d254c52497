# SPDX-License-Identifier: AGPL-3.0-or-later
"""What kind of file this is and how its text is written, decided by content rather than by name.

Exports arrive renamed, zipped and double-clicked through Excel, so the extension is only a tie-breaker:
gzip is opened first, then the head says XES, Excel, Parquet or delimited text.  The text dialect
(encoding, delimiter) is sniffed here too, from the same head.
"""
from __future__ import annotations

import codecs
import gzip
import re
import zipfile
import zlib
from pathlib import Path

from ..errors import BadDataError, Message

__all__ = ["HEAD_SIZE", "is_gzip", "read_head", "detect_format", "sniff_encoding", "sniff_delimiter", "DELIMITERS"]

#: Bytes read to decide a file's format and dialect.
HEAD_SIZE = 1 << 20
#: Candidate delimiters, most usual in Finnish exports first (ties go to the earlier one).
DELIMITERS = (";", ",", "\t", "|")

_GZIP = b"\x1f\x8b"
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))
_QUOTED = re.compile(r'"(?:[^"]|"")*"', re.S)
_NOT_TABULAR = Message("not a CSV, XES, Excel or Parquet file")


def is_gzip(path: Path) -> bool:
    with Path(path).open("rb") as handle:
        return handle.read(2) == _GZIP


def read_head(path: Path, size: int = HEAD_SIZE) -> tuple[bytes, bool]:
    """(first ``size`` bytes of the content, whether the file is gzip-compressed)."""
    path = Path(path)
    if not is_gzip(path):
        with path.open("rb") as handle:
            return handle.read(size), False
    try:
        with gzip.open(path, "rb") as handle:
            return handle.read(size), True
    except (OSError, EOFError, zlib.error) as exc:
        raise BadDataError(Message("gzip data is damaged ({error})", error=exc.__class__.__name__), file=path,
                           fix="compress the export again, or send it uncompressed") from None


def _looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = head[:65536]
    controls = sum(sample.count(bytes([b])) for b in _CONTROL)
    return controls > max(1, len(sample) // 100)


def _decoded_start(head: bytes) -> str:
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):4096].decode(encoding, errors="ignore")
    return head[:4096].decode("latin-1").lstrip("\ufeff").replace("ï»¿", "", 1)


def _xlsx_or_error(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadDataError(Message("damaged ZIP/Excel file ({error})", error=str(exc)), file=path,
                           fix="save the workbook again as .xlsx") from None
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    raise BadDataError("a ZIP archive but not an Excel workbook", file=path,
                       fix="unzip it and read the CSV, XES or .xlsx file inside")


def detect_format(path: Path) -> str:
    """"xes", "csv", "xlsx" or "parquet", from the (decompressed) content; the extension breaks ties.

    >>> detect_format(Path("receipt.csv.gz"))   # doctest: +SKIP
    'csv'
    """
    path = Path(path)
    head, compressed = read_head(path)
    if not head:
        raise BadDataError("the file is empty after decompression" if compressed else "the file is empty", file=path,
                           fix="export the log again; the file has no content")
    if not compressed:
        if head.startswith(_ZIP):
            return _xlsx_or_error(path)
        if head.startswith(b"PAR1"):
            return "parquet"
        if head.startswith(_OLE2):
            raise BadDataError("an old .xls or password-protected Excel file", file=path,
                               fix="open it in Excel and save it as .xlsx (without a password) or as CSV")
    elif head.startswith((_ZIP, b"PAR1", _OLE2, _GZIP)):
        raise BadDataError("a compressed binary file inside gzip", file=path,
                           fix="decompress it first (gunzip) and read the file inside")
    if _looks_binary(head):
        raise BadDataError(_NOT_TABULAR, file=path,
                           fix="export the log as CSV, XES, .xlsx or Parquet (binary content found)")
    start = _decoded_start(head).lstrip()
    suffixes = [s.lower() for s in path.suffixes]
    if start.startswith(("<?xml", "<log")):
        return "xes"
    if start.startswith("<") and ("<log" in start or ".xes" in suffixes or ".xml" in suffixes):
        return "xes"
    return "csv"


def sniff_encoding(head: bytes, complete: bool) -> str:
    """utf-8-sig (BOM), utf-16 (BOM), utf-8 when the head decodes, else cp1252 (what Finnish Excel writes)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header and the sampled rows into the same number of fields.

    Quoted fields are blanked first, so delimiters inside quotes do not vote.
    """
    lines = [line for line in _QUOTED.sub("Q", text).splitlines() if line.strip()]
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end in the middle of a row
    lines = lines[:200] or [""]
    best, best_score = DELIMITERS[0], (0.0, 0)
    for delimiter in DELIMITERS:
        counts = [line.count(delimiter) for line in lines]
        if counts[0] == 0:
            continue
        agreement = sum(count == counts[0] for count in counts) / len(counts)
        score = (agreement, counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best
