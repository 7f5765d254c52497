# SPDX-License-Identifier: AGPL-3.0-or-later
"""CSV and TSV exports (plain or gzip) -> RawTable, read by pyarrow's multithreaded parser.

Role columns stay text (case ids such as "00123" keep their zeros; timestamps are parsed once, by the
common step).  Other columns become numbers or booleans only when every value fits.  A row with the
wrong number of fields becomes a reject with its spreadsheet row number instead of stopping the run.
Columns that repeat values are dictionary-encoded while parsing (categoricals named in
``RawTable.text_columns``), so later steps work once per distinct text.
"""
from __future__ import annotations

import codecs
import csv
import io
import mmap
import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import BadDataError, Message, UsageError
from ..read_options import ReadOptions
from .bounded import input_stream
from .coded_text import narrow
from .headers import clean_headers, resolve_roles
from .parallel import map_columns
from .raw import RawTable, make_rejects
from .sniff import HEAD_SIZE, read_head, sniff_delimiter, sniff_encoding
from .texttypes import BOOLEAN_WORDS, present_texts, sniff_decimal, typed_column

__all__ = ["read_delimited", "BOOLEAN_WORDS"]
_DELIMITER_NAMES = {"\t": "TAB", "tab": "\t", "\\t": "\t", "TAB": "\t"}
_FIRST_BLOCK = 1 << 22
_LARGEST_BLOCK = 1 << 30
_BLANK_LINES = re.compile(r"(?:[ \t]*(?:\r\n|\n|\r))*")
_EXCEL_SEP = re.compile(r"\ufeff?sep=([^\r\n])(?:\r\n|\n|\r)", re.I)
_RECORD = re.compile(r'(?:"(?:[^"]|"")*"|[^"\r\n])*(?:\r\n|\n|\r)', re.S)
#: A column whose first megabyte repeats values (fewer distinct than this share of them) is
#: dictionary-encoded while parsing: pyarrow's threads hash each value once, and its text is never
#: materialised row by row (less memory than strings encoded afterwards).
_REPEAT_SHARE = 0.5


def _delimiter(options: ReadOptions, text: str, file: str) -> str:
    given = options.delimiter
    if given is None:
        return sniff_delimiter(text)
    given = _DELIMITER_NAMES.get(given, given) if given != "\t" else given
    if len(given) != 1 or given in '"\r\n':
        raise UsageError(Message("delimiter {delimiter!r} is not one character", delimiter=options.delimiter), file=file,
                         fix="pass --delimiter ';' or ',' or TAB or '|'")
    return given


def _encoding(options: ReadOptions, head: bytes, complete: bool, file: str) -> str:
    if options.encoding is None:
        return sniff_encoding(head, complete)
    try:
        codecs.lookup(options.encoding)
    except LookupError:
        raise UsageError(Message("unknown encoding {encoding!r}", encoding=options.encoding), file=file,
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
    try:
        fields = next(csv.reader(io.StringIO(record.rstrip("\r\n")), delimiter=delimiter), [])
    except csv.Error as exc:  # e.g. a column name over csv's 131,072-character field limit
        raise BadDataError(Message("the header row cannot be split into column names ({error})", error=str(exc)),
                           file=file, where="header row", fix="export the log again with short column names") from None
    return clean_headers([f.lstrip("\ufeff") for f in fields])


def _arrow_encoding(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return "utf8" if name in ("utf-8", "utf-8-sig") else encoding


def _holds_quotes(path: Path, compressed: bool) -> bool:
    """Whether a quote character occurs in the file (gzip: assumed).  Without one, no value can span
    lines, and pyarrow's faster line splitting reads the file exactly as the quote-aware one does."""
    if compressed:
        return True
    with path.open("rb") as handle:
        if not os.fstat(handle.fileno()).st_size:
            return False
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:  # memchr, no copy
            return data.find(b'"') >= 0


def _options(names: list[str], delimiter: str, encoding: str, dictionary: frozenset[int], *, threads: bool,
             block: int, on_invalid, quoted: bool = True) -> dict:
    internal = [f"c{i}" for i in range(len(names))]
    text = pa.dictionary(pa.int32(), pa.string())  # other columns large_string: what pandas keeps, no cast
    return dict(
        read_options=pacsv.ReadOptions(column_names=internal, use_threads=threads, block_size=block,
                                       encoding=_arrow_encoding(encoding)),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=quoted,
                                          ignore_empty_lines=False, invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(
            column_types={c: text if i in dictionary else pa.large_string() for i, c in enumerate(internal)},
            strings_can_be_null=True, null_values=[""], quoted_strings_can_be_null=True),
    )


def _repeating_columns(head: bytes, dialect: "_Dialect", encoding: str) -> frozenset[int]:
    """Columns whose values repeat in the head of the file (only a guess: it decides speed, not results)."""
    if codecs.lookup(encoding).name.startswith("utf-16"):
        return frozenset()
    sample = head[dialect.header_bytes:max(head.rfind(b"\n"), head.rfind(b"\r")) + 1]
    if not sample:
        return frozenset()
    try:
        table = pacsv.read_csv(pa.BufferReader(sample), **_options(
            dialect.names, dialect.delimiter, encoding, frozenset(), threads=False, block=_FIRST_BLOCK,
            on_invalid=lambda row: "skip"))
    except (pa.ArrowException, UnicodeError):
        return frozenset()
    chosen = set()
    for i, column in enumerate(table.columns):
        present = len(column) - column.null_count
        if not present or len(pc.unique(column.drop_null())) < _REPEAT_SHARE * present:
            chosen.add(i)
    return frozenset(chosen)


def _read_table(path: Path, compressed: bool, skip: int, names: list[str], delimiter: str,
                encoding: str, threads: bool, dictionary: frozenset[int] = frozenset(),
                quoted: bool = True) -> tuple[pa.Table, list]:
    """Read the data rows as text (columns in ``dictionary`` dictionary-encoded); returns the table and
    the rows pyarrow could not split."""
    internal = [f"c{i}" for i in range(len(names))]
    block = _FIRST_BLOCK
    while True:
        bad: list = []

        def on_invalid(row, bad=bad):
            bad.append((row.number, row.actual_columns, row.expected_columns))
            return "skip"

        stream, check = input_stream(path, compressed, path)
        try:
            stream.read(skip)
            table = pacsv.read_csv(stream, **_options(names, delimiter, encoding, dictionary, threads=threads,
                                                      block=block, on_invalid=on_invalid, quoted=quoted))
            check()
            return table, bad
        except pa.ArrowInvalid as exc:
            check()  # a refused gzip bomb, not the parse error its cut-off stream caused
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
    numbers = np.arange(1 + header_row, total + 1 + header_row, dtype="int64")
    if bad:
        numbers = np.setdiff1d(numbers, np.asarray([b[0] + header_row for b in bad], dtype="int64"),
                               assume_unique=True)
    return numbers


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
        raise BadDataError(Message("the header row is not valid {encoding} text", encoding=encoding), file=file,
                           fix="pass --encoding with the file's encoding (utf-8, utf-8-sig or cp1252)") from None
    return _Dialect(encoding, delimiter, _header_names(header, delimiter, file), blank_lines + 1, header_bytes,
                    compressed)


def _read_rows(path: Path, dialect: _Dialect, sniffed: bool, file: str) -> tuple[pa.Table, list, str]:
    """(table, rows pyarrow could not split, encoding used); re-reads only when it must."""
    dictionary = _repeating_columns(read_head(path)[0], dialect, dialect.encoding)
    quoted = _holds_quotes(path, dialect.compressed)

    def read(encoding: str, threads: bool):
        try:
            return _read_table(path, dialect.compressed, dialect.header_bytes, dialect.names, dialect.delimiter,
                               encoding, threads, dictionary, quoted)
        except UnicodeError as exc:
            raise BadDataError(Message("not valid {encoding} text ({error})", encoding=encoding,
                                       error=exc.__class__.__name__), file=file,
                               fix="pass --encoding with the file's encoding (utf-8, utf-8-sig or cp1252)") from None
        except (pa.ArrowInvalid, OSError, EOFError, zlib.error) as exc:
            if "invalid UTF8" in str(exc) and sniffed and encoding == "utf-8":
                return None
            if "invalid UTF8" in str(exc):  # --encoding utf-8 given for a file that is not: say so
                raise BadDataError(Message("not valid {encoding} text ({error})", encoding=encoding,
                                           error=str(exc).splitlines()[0]), file=file,
                                   fix="pass --encoding with the file's encoding (utf-8, utf-8-sig or cp1252)") from None
            raise BadDataError(Message("cannot be read as delimited text ({error})", error=str(exc).splitlines()[0]),
                               file=file,
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


def _merge_dictionaries(column: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """(codes of every row into one dictionary, that dictionary) of a column parsed block by block.

    Each block has its own small dictionary: those are encoded once more (a few thousand texts), and
    each block's codes are mapped through the result straight into pandas' small int type.  First
    appearance order, as ``unify_dictionaries`` gives, without its int32 copy of every row's code.
    """
    merged = pc.dictionary_encode(pa.chunked_array([c.dictionary for c in column.chunks], pa.string()))
    merged = merged.combine_chunks() if isinstance(merged, pa.ChunkedArray) else merged
    to_merged, dictionary = merged.indices.to_numpy(zero_copy_only=False), merged.dictionary
    codes = np.empty(len(column), dtype=narrow(np.zeros(0, dtype=np.int8), len(dictionary)).dtype)
    row = start = 0
    for chunk in column.chunks:  # a loop per parse block, never per row
        size = len(chunk.dictionary)
        lookup = narrow(np.append(to_merged[start:start + size], -1), len(dictionary))  # last slot: missing
        indices = (chunk.indices.fill_null(-1) if chunk.null_count else chunk.indices).to_numpy()
        codes[row:row + len(chunk)] = lookup[indices]
        row, start = row + len(chunk), start + size
    return codes, dictionary


def _holds_nul(column: pa.ChunkedArray, merged: tuple[np.ndarray, pa.Array] | None) -> np.ndarray | None:
    """Rows holding a NUL byte, or None when none does (a byte search of the data, no per-value work)."""
    if merged is not None:
        codes, dictionary = merged
        hits = pc.match_substring(dictionary, "\x00").fill_null(False).to_numpy(zero_copy_only=False)
        return np.append(hits, False)[codes] if hits.any() else None
    data = [np.frombuffer(chunk.buffers()[2], dtype=np.uint8) for chunk in column.chunks if chunk.buffers()[2]]
    if all(np.count_nonzero(d) == len(d) for d in data):
        return None
    hits = pc.match_substring(column, "\x00")
    return hits.fill_null(False).to_numpy(zero_copy_only=False) if pc.any(hits).as_py() else None


def _unusable_rows(table: pa.Table, merged: dict[int, tuple]) -> tuple[np.ndarray, np.ndarray]:
    """(rows holding NUL bytes, rows with every field empty) as boolean masks, computed in pyarrow."""
    has_nul = np.zeros(table.num_rows, dtype=bool)
    blank = np.ones(table.num_rows, dtype=bool)
    if any(column.null_count == 0 for column in table.columns):
        blank[:] = False  # a column without gaps: no row is blank
    for i, column in enumerate(table.columns):
        if blank.any() and column.null_count != len(column):
            blank &= column.is_null().to_numpy(zero_copy_only=False)
        hits = _holds_nul(column, merged.get(i))
        if hits is not None:
            has_nul |= hits
    return has_nul, blank


def _to_frame(table: pa.Table, names: list[str], merged: dict[int, tuple]) -> pd.DataFrame:
    """Text columns as str; dictionary-encoded ones as categoricals with text categories."""
    columns = {}
    for i, (name, column) in enumerate(zip(names, table.columns)):
        if i in merged:
            codes, dictionary = merged[i]
            categories = pd.Index(pd.array(dictionary, dtype="str"))
            columns[name] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories))
        else:
            columns[name] = column.to_pandas()
    frame = pd.DataFrame(columns, copy=False)  # the columns as they are, not a copy
    frame.columns = names
    return frame


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
    encoded = [i for i, field in enumerate(table.schema) if pa.types.is_dictionary(field.type)]
    merged = dict(zip(encoded, map_columns(lambda i: _merge_dictionaries(table.column(i)), encoded)))
    has_nul, blank = _unusable_rows(table, merged)
    frame = _to_frame(table, dialect.names, merged)
    del table
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
    values = {column: frame[column] for column in attributes}  # taken here, not on the threads
    present = dict(zip(attributes, map_columns(lambda column: present_texts(values[column]), attributes)))
    decimal = options.decimal or sniff_decimal([texts for texts, _ in present.values()])
    if decimal not in (",", "."):
        raise UsageError(Message("decimal separator {decimal!r} is not ',' or '.'", decimal=decimal), file=file,
                         fix="pass --decimal , or --decimal .")
    details["decimal"] = decimal
    typed = map_columns(lambda column: typed_column(values[column], decimal, present[column]), attributes)
    for column, converted in zip(attributes, typed):
        if converted is not values[column]:
            frame[column] = converted
    order = np.argsort(np.asarray(reject_rows, dtype="int64"), kind="stable")
    rejects = make_rejects(np.asarray(reject_rows, dtype="int64")[order], [reasons[i] for i in order], file)
    text = frozenset(c for c in dialect.names if isinstance(frame[c].dtype, pd.CategoricalDtype))
    return RawTable(events=frame, source_rows=source_rows, roles=roles, details=details, rejects=rejects,
                    text_columns=text)
