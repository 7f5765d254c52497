# SPDX-License-Identifier: AGPL-3.0-or-later
"""Parquet files -> RawTable, read column-wise by pyarrow: types and time zones as the file declares.

Only columns the analysis can use are read (nested lists, structs and binary blobs are skipped and
named in ``details``); timestamps keep their zone, and naive ones stay naive for the common step.
Text columns are read dictionary-encoded (categoricals named in ``RawTable.text_columns``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import BadDataError, Message
from ..read_options import ReadOptions
from .headers import ROLE_NAMES, resolve_roles
from .raw import RawTable

__all__ = ["read_parquet"]


def _usable(field: pa.Field) -> bool:
    kind = field.type
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return not (pa.types.is_nested(kind) or pa.types.is_binary(kind) or pa.types.is_large_binary(kind)
                or pa.types.is_fixed_size_binary(kind) or pa.types.is_null(kind))


def read_parquet(path: Path, options: ReadOptions) -> RawTable:
    """Read a Parquet export; ``source_rows`` are 1-based row positions.

    >>> raw = read_parquet(Path("tapahtumat.parquet"), ReadOptions())   # doctest: +SKIP
    """
    path = Path(path)
    file = str(path)
    try:
        parquet = pq.ParquetFile(path)
        schema = parquet.schema_arrow
    except (pa.ArrowException, OSError) as exc:
        raise BadDataError(Message("cannot read as Parquet ({error})", error=str(exc).splitlines()[0]), file=file,
                           fix="write the file again; it may be truncated") from None
    names = [str(name) for name in schema.names]
    if len(set(names)) != len(names):
        raise BadDataError("two columns have the same name", file=file, fix="give every column its own name")
    details: dict[str, str] = {"row_groups": str(parquet.num_row_groups)}
    roles = resolve_roles(names, options.columns.given(), file=file, notes=details)
    for role, column in roles.items():
        field = schema.field(column)
        if not _usable(field):
            raise BadDataError(Message("the {role} column {column!r} holds {type}, not text, numbers or times",
                                       role=ROLE_NAMES[role], column=column, type=str(field.type)),
                               file=file, where=Message("column {column!r}", column=column),
                               fix=Message("write it as text, or pass {option} with another column",
                                           option=f"--{role.replace('_', '-')}"))
    usable = [f.name for f in schema if _usable(f)]
    skipped = [n for n in names if n not in usable]
    if skipped:
        details["skipped_columns"] = ", ".join(skipped) + " (nested or binary)"
    # text columns come dictionary-encoded (Parquet usually stores them so: no value is hashed again)
    text = [f.name for f in schema
            if f.name in usable and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]
    try:
        if text:
            parquet = pq.ParquetFile(path, read_dictionary=text)
        table = parquet.read(columns=usable, use_threads=True)
    except (pa.ArrowException, OSError) as exc:
        raise BadDataError(Message("cannot read as Parquet ({error})", error=str(exc).splitlines()[0]), file=file,
                           fix="write the file again; it may be truncated") from None
    decimals = [i for i, f in enumerate(table.schema) if pa.types.is_decimal(f.type)]
    for i in decimals:
        table = table.set_column(i, table.schema.field(i).name, table.column(i).cast(pa.float64()))
    frame = table.to_pandas(date_as_object=False, split_blocks=True, self_destruct=True)
    source_rows = np.arange(1, len(frame) + 1, dtype="int64")
    return RawTable(events=frame, source_rows=source_rows, roles=roles, details=details,
                    text_columns=frozenset(text))
