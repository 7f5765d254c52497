# SPDX-License-Identifier: AGPL-3.0-or-later
"""Large CSV and Parquet exports in bounded memory: stream, split by case, spill, normalise per part.

The file is read in batches (pyarrow's streaming CSV reader, Parquet row-group batches); every row
goes to a partition chosen by a stable hash of its case id (as the common step will read it:
stripped, identity codes masked), and each partition is appended to its own temporary Parquet file.
So a partition holds whole cases, and only one batch plus one partition is ever in memory.  Each
partition then goes through the same common step as :func:`rpa_finder.ingest.read_log`
(:func:`~rpa_finder.ingest.normalize.normalize_raw`: roles, timestamps, masking, pseudonyms).

Differences from ``read_log``, on purpose: timestamp layouts are recognised per partition (give
``date_format`` for exports whose day/month order is ambiguous); attribute columns stay text,
categorical where values repeat; rows with the wrong number of fields stop the read, because the
streaming parser cannot say which row they were.
"""
from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import BadDataError, Message, UsageError
from ..eventlog import SourceInfo
from ..privacy import mask_identity_codes, resolve_key
from ..read_options import ReadOptions
from .bounded import input_stream
from .delimited import _arrow_encoding, _sniff_dialect
from .headers import resolve_roles
from .normalize import IngestResult, normalize_raw
from .parquet import _usable
from .raw import RawTable, make_rejects
from .sniff import detect_format

__all__ = ["SpilledLog", "spill_partitions", "load_partition", "read_partitions", "assign_partitions",
           "remove_stale_spills"]

#: Column that carries each row's 1-based source position through the spill files.
ROW_COLUMN = "__source_row"
#: Spill files are read once, soon: fast compression beats small files.
SPILL_COMPRESSION = "lz4"
#: Attribute text columns with fewer distinct values than this share of rows become categorical.
CATEGORY_SHARE = 0.5


@dataclass(frozen=True)
class SpilledLog:
    """A file split into case partitions on disk: what :func:`load_partition` needs, and no data.

    Picklable and small, so it can be shipped to worker processes or Dask workers that see ``paths``.
    """

    paths: tuple[Path, ...]
    roles: dict[str, str]
    details: dict[str, str]
    source: SourceInfo
    #: Read options with the privacy key fixed, so every worker pseudonymises resources alike; when
    #: resources are not pseudonymised the key here is a throwaway (identity codes were masked before
    #: the spill, so workers need no key).
    options: ReadOptions = field(repr=False)
    rows_read: int
    workdir: Path
    key_is_stable: bool

    def cleanup(self) -> None:
        """Remove the spill files."""
        shutil.rmtree(self.workdir, ignore_errors=True)


def assign_partitions(case_ids: pa.Array | pa.ChunkedArray, n_partitions: int, key: bytes) -> np.ndarray:
    """Partition number (int32) of each row: a stable hash of the case id as the common step reads it.

    Hashing runs once per distinct case id in the batch, never per row.
    """
    codes, distinct = pd.factorize(pd.Series(case_ids.to_pandas(), dtype="str"), use_na_sentinel=True)
    texts = pd.Series(distinct, dtype="str").str.strip()
    texts, _ = mask_identity_codes(texts, key)
    hashes = pd.util.hash_array(texts.fillna("").to_numpy(dtype=object), categorize=False)
    per_case = (hashes % np.uint64(n_partitions)).astype(np.int32)
    return np.where(codes >= 0, per_case[np.maximum(codes, 0)], 0).astype(np.int32)


class _Spiller:
    """Appends rows to one Parquet file per partition, opened on first use."""

    def __init__(self, workdir: Path, n_partitions: int) -> None:
        self.paths = tuple(workdir / f"part-{i:04d}.parquet" for i in range(n_partitions))
        self.writers: list[pq.ParquetWriter | None] = [None] * n_partitions

    def write(self, table: pa.Table, buckets: np.ndarray) -> None:
        order = np.argsort(buckets, kind="stable")
        bounds = np.searchsorted(buckets[order], np.arange(len(self.paths) + 1))
        for i in range(len(self.paths)):  # one write per partition, never per row
            if bounds[i] == bounds[i + 1]:
                continue
            part = table.take(pa.array(order[bounds[i]:bounds[i + 1]]))
            if self.writers[i] is None:
                self.writers[i] = pq.ParquetWriter(self.paths[i], table.schema, compression=SPILL_COMPRESSION)
            self.writers[i].write_table(part)

    def close(self, schema: pa.Schema | None) -> None:
        for i, writer in enumerate(self.writers):
            if writer is None and schema is not None:  # an empty partition still has a file
                writer = pq.ParquetWriter(self.paths[i], schema, compression=SPILL_COMPRESSION)
            if writer is not None:
                writer.close()


def _csv_batches(path: Path, options: ReadOptions, file: str, block_bytes: int, details: dict):
    """(column names, roles, batch iterator) of a delimited file; batches carry the source row."""
    dialect = _sniff_dialect(path, options, file)
    details.update({"encoding": dialect.encoding, "delimiter": dialect.delimiter,
                    "compression": "gzip" if dialect.compressed else "none", "header_row": str(dialect.header_row)})
    roles = resolve_roles(dialect.names, options.columns.given(), file=file, notes=details)
    internal = [f"c{i}" for i in range(len(dialect.names))]
    malformed: list[int] = []

    def on_invalid(row) -> str:
        malformed.append(row.actual_columns)
        return "skip"

    def batches():
        stream, check = input_stream(path, dialect.compressed, file)
        try:
            stream.read(dialect.header_bytes)
            reader = pacsv.open_csv(
                stream,
                read_options=pacsv.ReadOptions(column_names=internal, block_size=block_bytes,
                                               encoding=_arrow_encoding(dialect.encoding)),
                parse_options=pacsv.ParseOptions(delimiter=dialect.delimiter, newlines_in_values=True,
                                                  ignore_empty_lines=False, invalid_row_handler=on_invalid),
                convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in internal},
                                                     strings_can_be_null=True, null_values=[""],
                                                     quoted_strings_can_be_null=True),
            )
            row = dialect.header_row
            for batch in reader:
                if malformed:
                    raise BadDataError(Message("{rows} row(s) have {fields} fields where the header has {expected}",
                                               rows=len(malformed), fields=malformed[0], expected=len(internal)),
                                       file=file,
                                       fix="run 'rpa-finder validate' on the file to list them, or fix the export")
                table = pa.Table.from_batches([batch]).rename_columns(dialect.names)
                rows = np.arange(row + 1, row + 1 + len(table), dtype=np.int64)
                row += len(table)
                yield table.append_column(ROW_COLUMN, pa.array(rows))
            check()  # a gzip bomb ends the stream early: refused, not read as a short log
        except pa.ArrowInvalid as exc:
            check()
            raise BadDataError(Message("cannot be read as delimited text ({error})", error=str(exc).splitlines()[0]),
                               file=file, fix="pass --encoding or --delimiter if they were guessed wrong") from None
        finally:
            stream.close()

    return roles, batches()


def _parquet_batches(path: Path, options: ReadOptions, file: str, batch_rows: int, details: dict):
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise BadDataError(Message("cannot read as Parquet ({error})", error=str(exc).splitlines()[0]), file=file,
                           fix="write the file again; it may be truncated") from None
    schema = parquet.schema_arrow
    names = [str(n) for n in schema.names]
    details["row_groups"] = str(parquet.num_row_groups)
    roles = resolve_roles(names, options.columns.given(), file=file, notes=details)
    usable = [f.name for f in schema if _usable(f) or f.name in roles.values()]

    def batches():
        row = 0
        for batch in parquet.iter_batches(batch_size=batch_rows, columns=usable):
            table = pa.Table.from_batches([batch])
            for i, f in enumerate(table.schema):
                if pa.types.is_decimal(f.type):
                    table = table.set_column(i, f.name, table.column(i).cast(pa.float64()))
                elif pa.types.is_dictionary(f.type):  # else every partition file repeats the whole dictionary
                    table = table.set_column(i, f.name, table.column(i).cast(f.type.value_type))
            rows = np.arange(row + 1, row + 1 + len(table), dtype=np.int64)
            row += len(table)
            yield table.append_column(ROW_COLUMN, pa.array(rows))

    return roles, batches()


def _fixed_key(options: ReadOptions) -> tuple[ReadOptions, bytes, bool]:
    """Options that carry the key itself, so every partition and worker (whose environment may lack
    ``key_env``) pseudonymises alike; a random key for this run when none is configured."""
    key, stable = resolve_key(options.key, options.key_env)
    text = options.key if options.key is not None else (bytes(key).decode("utf-8") if stable else secrets.token_hex(32))
    options = replace(options, key=text)
    key, _ = resolve_key(options.key, options.key_env)
    return options, key, stable


#: Spill folders are named ``<prefix><pid>_...``: a later run removes those of dead processes.
SPILL_PREFIX = "rpa_finder_parts_"


def _mask_batch(table: pa.Table, key: bytes, masked: set[str]) -> pa.Table:
    """The batch with identity codes masked in every text column (``masked`` learns which held some)."""
    for i, field_ in enumerate(table.schema):
        if not (pa.types.is_string(field_.type) or pa.types.is_large_string(field_.type)) or field_.name == ROW_COLUMN:
            continue
        values = pd.Series(table.column(i).to_pandas(), dtype="str")
        out, hits = mask_identity_codes(values, key)
        if hits:
            masked.add(field_.name)
            table = table.set_column(i, field_, pa.array(out.to_numpy(dtype=object, na_value=None), field_.type))
    return table


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to clean
        return True
    return True


def remove_stale_spills(parent: str | Path | None = None) -> list[Path]:
    """Remove spill folders left by killed runs (their process is gone); returns what was removed."""
    parent = Path(parent or tempfile.gettempdir())
    removed = []
    for folder in parent.glob(f"{SPILL_PREFIX}*"):
        pid = folder.name[len(SPILL_PREFIX):].split("_", 1)[0]
        try:
            mine = folder.is_dir() and not folder.is_symlink() and folder.stat().st_uid == os.getuid()
        except OSError:
            continue
        if mine and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _private_workdir(workdir: str | Path | None) -> Path:
    """A fresh folder only this user can enter (0700, as ``mkdtemp`` makes it), after sweeping the
    folders that killed runs left behind in the same place."""
    remove_stale_spills(workdir)
    work = Path(tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{os.getpid()}_", dir=workdir))
    os.chmod(work, 0o700)
    return work


def spill_partitions(path: str | Path, options: ReadOptions | None = None, n_partitions: int = 8, *,
                     block_bytes: int = 32 << 20, batch_rows: int = 1 << 20,
                     workdir: str | Path | None = None) -> SpilledLog:
    """Stream a CSV/TSV (plain or gzip) or Parquet file into ``n_partitions`` case-hash Parquet files.

    ``block_bytes`` (CSV) and ``batch_rows`` (Parquet) bound the memory of one read step.

    >>> spilled = spill_partitions("tapahtumat.csv", n_partitions=16)   # doctest: +SKIP
    >>> [load_partition(spilled, i).log.n_cases for i in range(16)]      # doctest: +SKIP
    """
    from . import _check_readable, file_sha256

    if n_partitions < 1:
        raise UsageError(Message("partition count must be at least 1, got {count}", count=n_partitions),
                         where="n_partitions")
    options, key, stable = _fixed_key(options or ReadOptions())
    path = Path(path)
    _check_readable(path)
    file = str(path)
    fmt = detect_format(path)
    details: dict[str, str] = {"partitions": str(n_partitions)}
    if fmt == "csv":
        roles, batches = _csv_batches(path, options, file, block_bytes, details)
    elif fmt == "parquet":
        roles, batches = _parquet_batches(path, options, file, batch_rows, details)
    else:
        raise UsageError(Message("chunked reading handles CSV/TSV and Parquet, not {format}", format=fmt), file=file,
                         fix="read this file whole with read_log, or convert it to Parquet")
    work = _private_workdir(workdir)
    spiller = _Spiller(work, n_partitions)
    schema, rows_read, chunks = None, 0, 0
    masked: set[str] = set()
    try:
        for table in batches:
            table = _mask_batch(table, key, masked)  # no raw identity code ever reaches the disk
            schema = schema or table.schema
            rows_read += len(table)
            chunks += 1
            spiller.write(table, assign_partitions(table.column(roles["case"]), n_partitions, key))
    except BaseException:
        spiller.close(None)
        shutil.rmtree(work, ignore_errors=True)
        raise
    spiller.close(schema)
    details["chunks"] = str(chunks)
    if masked:
        details["identity_codes_masked_in"] = ", ".join(sorted(masked))
    if not options.pseudonymise_resources:  # workers then need no key: nothing is left to mask
        options = replace(options, key=secrets.token_hex(32))
    source = SourceInfo(path=file, sha256=file_sha256(path), format=fmt)
    return SpilledLog(paths=spiller.paths if schema is not None else (), roles=roles, details=details,
                      source=source, options=options, rows_read=rows_read, workdir=work, key_is_stable=stable)


def _compact(frame: pd.DataFrame, roles: dict[str, str]) -> pd.DataFrame:
    """Repeating attribute texts as categoricals (int8/16/32 codes): a fraction of the memory of text."""
    role_columns = set(roles.values())
    for column in frame.columns:
        values = frame[column]
        if column in role_columns or not pd.api.types.is_string_dtype(values.dtype) or not len(values):
            continue
        if values.nunique() < CATEGORY_SHARE * len(values):
            frame[column] = values.astype("category")
    return frame


def load_partition(spilled: SpilledLog, index: int) -> IngestResult:
    """Partition ``index`` through the common ingest step: an IngestResult holding whole cases."""
    table = pq.read_table(spilled.paths[index])
    source_rows = table.column(ROW_COLUMN).to_numpy().astype(np.int64)
    frame = table.drop_columns([ROW_COLUMN]).to_pandas(date_as_object=False, self_destruct=True)
    frame = _compact(frame, spilled.roles)
    raw = RawTable(events=frame, source_rows=source_rows, roles=dict(spilled.roles), details=dict(spilled.details),
                   rejects=make_rejects([], []))
    return normalize_raw(raw, spilled.source, spilled.options)


def read_partitions(path: str | Path, options: ReadOptions | None = None, n_partitions: int = 8, *,
                    block_bytes: int = 32 << 20, batch_rows: int = 1 << 20,
                    workdir: str | Path | None = None) -> Iterator[IngestResult]:
    """Read a large CSV/Parquet export as ``n_partitions`` ingested parts, each holding whole cases.

    The spill files are removed when the iterator is exhausted or closed.

    >>> for part in read_partitions("tapahtumat.parquet", n_partitions=16):   # doctest: +SKIP
    ...     print(part.log.n_events)
    """
    spilled = spill_partitions(path, options, n_partitions, block_bytes=block_bytes, batch_rows=batch_rows,
                               workdir=workdir)
    try:
        for index in range(len(spilled.paths)):
            yield load_partition(spilled, index)
    finally:
        spilled.cleanup()
