# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reading exported event logs: XES, CSV/TSV, Excel and Parquet, chosen by content.

:func:`read_log` is the one entry point: it checks the path, picks the reader, and hands the rows to
the common step that maps roles, parses times, masks identity codes and validates.
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import BadDataError, InputMissingError, Message, UsageError
from ..eventlog import SourceInfo
from ..read_options import ReadOptions
from .normalize import IngestResult, normalize_raw

__all__ = ["read_log", "IngestResult", "file_sha256"]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    block = bytearray(1 << 20)  # one buffer, refilled: no fresh megabyte of memory per read
    view = memoryview(block)
    with Path(path).open("rb", buffering=0) as handle:
        while size := handle.readinto(block):
            digest.update(view[:size])
    return digest.hexdigest()


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise InputMissingError("file not found", file=path, fix="check the path")
    if path.is_dir():
        raise InputMissingError("is a folder, not a log file", file=path, fix="name a file inside it")
    if not os.access(path, os.R_OK):
        raise InputMissingError("permission denied", file=path, fix="make the file readable for this user")


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(Message("unknown time zone {name!r}", name=name), where="--timezone",
                         fix="use an IANA name such as Europe/Helsinki or UTC") from None


def _reader(fmt: str):
    if fmt == "xes":
        from .xes import read_xes

        return lambda path, options: with_given_roles(read_xes(path, timezone=options.timezone), options, path)
    if fmt == "csv":
        from .delimited import read_delimited

        return read_delimited
    if fmt == "xlsx":
        from .excel import read_excel

        return read_excel
    if fmt == "parquet":
        from .parquet import read_parquet

        return read_parquet
    raise BadDataError(Message("unsupported format {format!r}", format=fmt))


def with_given_roles(raw, options: ReadOptions, path: Path):
    """An XES file's roles with the user's --case/--activity/... applied: each names an attribute key
    (``org:group``, ``case:channel``); a key the file lacks is a usage error (exit 2), never ignored."""
    from dataclasses import replace

    from .headers import ROLE_NAMES, _find_given

    given = options.columns.given()
    if not given:
        return raw
    columns = [str(c) for c in raw.events.columns]
    roles = dict(raw.roles)
    chosen: dict[str, str] = {}
    for role, key in given.items():
        found = _find_given(role, key, columns, str(path))
        other = next((r for r, c in chosen.items() if c == found), None)
        if other:
            raise UsageError(Message("attribute {attribute!r} is given for both {other} and {role}", attribute=found,
                                     other=ROLE_NAMES[other], role=ROLE_NAMES[role]), file=path,
                             fix=Message("pass a different key to {option}", option=f"--{role.replace('_', '-')}"))
        chosen[role] = found
    for role, found in chosen.items():
        displaced = next((r for r, c in roles.items() if c == found and r not in chosen), None)
        if displaced:
            del roles[displaced]  # e.g. --activity org:resource: the resource role is then unset
        roles[role] = found
    details = dict(raw.details)
    details.update({f"{role}_column": f"{found} (given)" for role, found in chosen.items()})
    return replace(raw, roles=roles, details=details)


def read_log(path: str | Path, options: ReadOptions | None = None) -> IngestResult:
    """Read, validate and protect one exported log.

    >>> result = read_log("sample_logs/ostolaskut.csv")   # doctest: +SKIP
    >>> result.log.n_events, result.report.rejected_rows  # doctest: +SKIP
    """
    from .sniff import detect_format

    options = options or ReadOptions()
    _check_timezone(options.timezone)
    path = Path(path)
    _check_readable(path)
    try:
        fmt = detect_format(path)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    # the checksum is computed on a second thread (hashlib releases the GIL) while the file is parsed
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="rpa-finder-sha256") as pool:
        sha = pool.submit(file_sha256, path)
        raw = _reader(fmt)(path, options)
        try:
            source = SourceInfo(path=str(path), sha256=sha.result(), format=fmt)
        except OSError as exc:
            raise _unreadable(path, exc) from None
    return normalize_raw(raw, source, options)


def _unreadable(path: Path, exc: OSError) -> InputMissingError:
    return InputMissingError(Message("cannot read ({reason})", reason=exc.strerror or exc.__class__.__name__), file=path,
                             fix="check the file's permissions and that the disk is readable")
