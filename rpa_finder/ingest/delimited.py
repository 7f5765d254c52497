# SPDX-License-Identifier: AGPL-3.0-or-later
"""CSV and TSV exports (plain or gzip) -> RawTable, read by pyarrow's multithreaded parser.

Role columns stay text (case ids such as "00123" keep their zeros; timestamps are parsed once, by the
common step).  Other columns become numbers or booleans only when every value fits.  A row with the
wrong number of fields becomes a reject with its spreadsheet row number instead of stopping the run.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import BadDataError, UsageError
from ..settings import ReadOptions
from .headers import clean_headers, resolve_roles
from .raw import RawTable, make_rejects
from .sniff import HEAD_SIZE, read_head, sniff_delimiter, sniff_encoding

__all__ = ["read_delimited", "BOOLEAN_WORDS"]

#: Words read as booleans in attribute columns (Finnish, Swedish, English).
BOOLEAN_WORDS = {"true": True, "false": False, "kyllä": True, "ei": False, "ja": True, "nej": False,
                 "yes": True, "no": False}
_DELIMITER_NAMES = {"\t": "TAB", "tab": "\t", "\\t": "\t", "TAB": "\t"}
_FIRST_BLOCK = 1 << 22
_LARGEST_BLOCK = 1 << 30
_BLANK_LINES = re.compile(r"(?:[ \t]*(?:\r\n|\n|\r))*")
_EXCEL_SEP = re.compile(r"\ufeff?sep=([^\r\n])(?:\r\n|\n|\r)", re.I)
_RECORD = re.compile(r'(?:"(?:[^"]|"")*"|[^"\r\n])*(?:\r\n|\n|\r)', re.S)
_INT = r"[+-]?(?:0|[1-9]\d{0,17})"


def _delimiter(options: ReadOptions, text: str, file: str) -> str:
    given = options.delimiter
    if given is None:
        return sniff_delimiter(text)
    given = _DELIMITER_NAMES.get(given, given) if given != "\t" else given
    if len(given) != 1 or given in '"\r\n':
        raise UsageError(f"delimiter {options.delimiter!r} is not one character", file=file,
                         fix="pass --delimiter ';' or ',' or TAB or '|'")
    return given


def _encoding(options: ReadOptions, head: bytes, complete: bool, file: str) -> str:
    if options.encoding is None:
        return sniff_encoding(head, complete)
    try:
        codecs.lookup(options.encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {options.encoding!r}", file=file,
                         fix="pass --encoding utf-8, utf-8-sig or cp1252") from None
    return options.encoding


def _split_header(text: str, complete: bool, file: str) -> tuple[int, str, int, str | None]:
    """(blank lines before the header, the header record, where it ends, a ``sep=`` line's delimiter).

    Excel writes and hides a first line ``sep=;``; it is not counted as a row, as in Excel.
    """
    excel_sep = _EXCEL_SEP.match(text)
    blank = _BLANK_LINES.match(text, excel_sep.end() if excel_sep else 0)
    start = blank.end()
    blank_lines = len(re.findall(r"\r\n|\n|\r", blank.group()))
    if not text[start:].strip():
        raise BadDataError("no header row (the file holds only blank lines)", file=file,
                           fix="export the log again with column names in the first row")
    record = _RECORD.match(text, start)
    if record is None:
        if not complete:
            raise BadDataError("the header row does not end within the first megabyte", file=file,
                               fix="check the export; the first row should hold the column names")
        return blank_lines, text[start:], len(text), excel_sep and excel_sep.group(1)
    return blank_lines, record.group(), record.end(), excel_sep and excel_sep.group(1)


def _header_names(record: str, delimiter: str, file: str) -> list[str]:
    if "\x00" in record:
        raise BadDataError("NUL bytes in the header row: this is not a text file", file=file,
                           fix="export the log as CSV text, .xlsx, XES or Parquet")
    fields = next(csv.reader(io.StringIO(record.rstrip("\r\n")), delimiter=delimiter), [])
    return clean_headers([f.lstrip("\ufeff") for f in fields])


def _arrow_encoding(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return "utf8" if name in ("utf-8", "utf-8-sig") else encoding


def _read_table(path: Path, compressed: bool, skip: int, names: list[str], delimiter: str,
                encoding: str, threads: bool) -> tuple[pa.Table, list]:
    """Read the data rows as strings; returns the table and the rows pyarrow could not split."""
    internal = [f"c{i}" for i in range(len(names))]
    block = _FIRST_BLOCK
    while True:
        bad: list = []

        def on_invalid(row, bad=bad):
            bad.append((row.number, row.actual_columns, row.expected_columns))
            return "skip"

        stream = pa.input_stream(str(path), compression="gzip" if compressed else None)
        try:
            stream.read(skip)
            table = pacsv.read_csv(
                stream,
                read_options=pacsv.ReadOptions(column_names=internal, use_threads=threads, block_size=block,
                                               encoding=_arrow_encoding(encoding)),
                parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                                  ignore_empty_lines=False, invalid_row_handler=on_invalid),
                convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in internal},
                                                     strings_can_be_null=True, null_values=[""],
                                                     quoted_strings_can_be_null=True),
            )
            return table, bad
        except pa.ArrowInvalid as exc:
            if "Empty CSV file" in str(exc):  # a header and nothing else: zero events, reported later
                return pa.table({c: pa.array([], pa.string()) for c in internal}), []
            if "straddl" in str(exc) and block < _LARGEST_BLOCK:
                block *= 4  # a field larger than a block: try again with bigger blocks
                continue
            raise
        finally:
            stream.close()


def _source_rows(n_rows: int, bad: list, header_row: int) -> np.ndarray:
    """Spreadsheet row number of each kept row: records are counted after the header, rejects included."""
    total = n_rows + len(bad)
    numbers = np.arange(1, total + 1, dtype="int64")
    if bad:
        numbers = np.setdiff1d(numbers, np.asarray([b[0] for b in bad], dtype="int64"), assume_unique=True)
    return numbers + header_row


_SPACES = " \u00a0\u202f"


def _number_pattern(decimal: str) -> str:
    """A number as exports write it; with a decimal comma, thousands may be grouped by spaces."""
    groups = rf"(?:0|[1-9]\d{{0,2}}(?:[{_SPACES}]\d{{3}})+|[1-9]\d*)" if decimal == "," else r"(?:0|[1-9]\d*)"
    return rf"[+-]?{groups}(?:{re.escape(decimal)}\d+)?(?:[eE][+-]?\d+)?"


def _all_match(present: pa.Array, pattern: str) -> bool:
    """Every value matches (RE2 in pyarrow: no Python call per value).

    The head is tried first, so free text fails after a thousand values, and the full test runs on
    the distinct values only: an attribute column repeats a few values over a million rows.
    """
    anchored = f"^(?:{pattern})$"
    head = present.slice(0, 1000)
    if not pc.all(pc.match_substring_regex(head, pattern=anchored)).as_py() and len(head):
        return False
    return bool(pc.all(pc.match_substring_regex(pc.unique(present), pattern=anchored)).as_py())


def _sniff_decimal(frame: pd.DataFrame, columns: list[str]) -> str:
    """"," when some attribute column holds numbers written with a decimal comma and none with a point."""
    votes = {",": 0, ".": 0}
    for column in columns:
        present = pa.array(frame[column].dropna(), type=pa.string())
        if not len(present):
            continue
        for decimal in votes:
            if _all_match(present, _number_pattern(decimal)) and pc.any(pc.match_substring(present, decimal)).as_py():
                votes[decimal] += 1
    return "," if votes[","] and not votes["."] else "."


def _typed(values: pd.Series, decimal: str) -> pd.Series:
    """Ints, floats or booleans when every non-empty value fits; otherwise the text as it was."""
    present = pa.array(values.dropna(), type=pa.string())
    if not len(present):
        return values
    if _all_match(present, _INT):
        numbers = pd.to_numeric(values)
        return numbers.astype("int64") if numbers.notna().all() else numbers.astype("Int64")
    if _all_match(present, _number_pattern(decimal)):
        plain = pc.replace_substring_regex(pa.array(values, type=pa.string()), pattern=f"[{_SPACES}]", replacement="")
        plain = pc.replace_substring(plain, pattern=decimal, replacement=".")
        return pd.Series(pc.cast(plain, pa.float64()).to_numpy(zero_copy_only=False), index=values.index,
                         name=values.name)
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(pc.unique(present)))
    if pc.all(pc.is_in(lowered, value_set=pa.array(list(BOOLEAN_WORDS)))).as_py():
        # map the distinct texts only, then spread them over the rows (missing stays missing)
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        mapped = pd.Series(uniques, dtype="str").str.strip().str.lower().map(BOOLEAN_WORDS).astype("boolean")
        return pd.Series(mapped.array.take(codes, allow_fill=True), index=values.index, name=values.name)
    return values


@dataclass(frozen=True)
class _Dialect:
    """How the text is written, learnt from the head of the file."""

    encoding: str
    delimiter: str
    names: list[str]
    header_row: int
    header_bytes: int
    compressed: bool


def _sniff_dialect(path: Path, options: ReadOptions, file: str) -> _Dialect:
    head, compressed = read_head(path)
    if not head:
        raise BadDataError("the file is empty", file=file, fix="export the log again; the file has no content")
    complete = len(head) < HEAD_SIZE
    encoding = _encoding(options, head, complete, file)
    if codecs.lookup(encoding).name == "utf-16":  # the BOM is skipped with the header: name the byte order
        encoding = "utf-16-be" if head.startswith(codecs.BOM_UTF16_BE) else "utf-16-le"
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=complete)
    if encoding == "utf-8-sig":
        text = "\ufeff" + text  # count the BOM's bytes when skipping the header
    blank_lines, header, header_end, excel_sep = _split_header(text, complete, file)
    if excel_sep and not options.delimiter:
        delimiter = excel_sep
    else:
        delimiter = _delimiter(options, text[header_end - len(header):], file)
    try:
        header_bytes = len(text[:header_end].encode("utf-8" if encoding == "utf-8-sig" else encoding))
    except UnicodeEncodeError:
        raise BadDataError(f"the header row is not valid {encoding} text", file=file,
                           fix="pass --encoding with the file's encoding (utf-8, utf-8-sig or cp1252)") from None
    return _Dialect(encoding, delimiter, _header_names(header, delimiter, file), blank_lines + 1, header_bytes,
                    compressed)


def _read_rows(path: Path, dialect: _Dialect, sniffed: bool, file: str) -> tuple[pa.Table, list, str]:
    """(table, rows pyarrow could not split, encoding used); re-reads only when it must."""

    def read(encoding: str, threads: bool):
        try:
            return _read_table(path, dialect.compressed, dialect.header_bytes, dialect.names, dialect.delimiter,
                               encoding, threads)
        except UnicodeError as exc:
            raise BadDataError(f"not valid {encoding} text ({exc.__class__.__name__})", file=file,
                               fix="pass --encoding with the file's encoding (utf-8, utf-8-sig or cp1252)") from None
        except (pa.ArrowInvalid, OSError, EOFError, zlib.error) as exc:
            if "invalid UTF8" in str(exc) and sniffed and encoding == "utf-8":
                return None
            raise BadDataError(f"cannot be read as delimited text ({str(exc).splitlines()[0]})", file=file,
                               fix="check that the file is complete; pass --delimiter or --encoding "
                                   "if they were guessed wrong") from None

    encoding = dialect.encoding
    result = read(encoding, threads=True)
    if result is None:  # UTF-8 at the start, something else further on: Finnish Excel writes cp1252
        encoding = "cp1252"
        result = read(encoding, threads=True)
    table, bad = result
    if bad and any(number is None for number, _, _ in bad):
        table, bad = read(encoding, threads=False)  # only the serial reader knows the rows' numbers
    return table, bad, encoding


def _unusable_rows(table: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    """(rows holding NUL bytes, rows with every field empty) as boolean masks, computed in pyarrow."""
    has_nul = np.zeros(table.num_rows, dtype=bool)
    blank = np.ones(table.num_rows, dtype=bool)
    for column in table.columns:
        if column.null_count != len(column):
            blank &= column.is_null().to_numpy(zero_copy_only=False)
        hits = pc.match_substring(column, "\x00")
        if pc.any(hits).as_py():
            has_nul |= hits.fill_null(False).to_numpy(zero_copy_only=False)
    return has_nul, blank


def read_delimited(path: Path, options: ReadOptions) -> RawTable:
    """Read a CSV/TSV export (plain or gzip); ``options`` may fix delimiter, encoding and decimal.

    >>> raw = read_delimited(Path("ostolaskut.csv"), ReadOptions())   # doctest: +SKIP
    >>> raw.details["delimiter"], raw.details["encoding"], raw.roles["case"]   # doctest: +SKIP
    (';', 'cp1252', 'Asianumero')
    """
    path = Path(path)
    file = str(path)
    dialect = _sniff_dialect(path, options, file)
    details = {"encoding": dialect.encoding, "delimiter": _DELIMITER_NAMES.get(dialect.delimiter, dialect.delimiter),
               "compression": "gzip" if dialect.compressed else "none", "header_row": str(dialect.header_row)}
    roles = resolve_roles(dialect.names, options.columns.given(), file=file, notes=details)
    table, bad, details["encoding"] = _read_rows(path, dialect, options.encoding is None, file)
    has_nul, blank = _unusable_rows(table)
    frame = table.to_pandas()
    frame.columns = dialect.names
    source_rows = _source_rows(len(frame), bad, dialect.header_row)
    reject_rows = [number + dialect.header_row for number, _, _ in bad]
    reasons = [f"has {actual} fields where the header has {expected}" for _, actual, expected in bad]
    reject_rows += source_rows[has_nul].tolist()
    reasons += ["contains NUL bytes (binary data, not text)"] * int(has_nul.sum())
    if blank.any():
        details["blank_rows"] = str(int(blank.sum()))
    keep = ~(has_nul | blank)
    if not keep.all():
        frame = frame.loc[keep].reset_index(drop=True)
    source_rows = source_rows[keep]

    attributes = [c for c in dialect.names if c not in roles.values()]
    decimal = options.decimal or _sniff_decimal(frame, attributes)
    if decimal not in (",", "."):
        raise UsageError(f"decimal separator {decimal!r} is not ',' or '.'", file=file,
                         fix="pass --decimal , or --decimal .")
    details["decimal"] = decimal
    for column in attributes:
        frame[column] = _typed(frame[column], decimal)
    order = np.argsort(np.asarray(reject_rows, dtype="int64"), kind="stable")
    rejects = make_rejects(np.asarray(reject_rows, dtype="int64")[order], [reasons[i] for i in order], file)
    return RawTable(events=frame, source_rows=source_rows, roles=roles, details=details, rejects=rejects)
