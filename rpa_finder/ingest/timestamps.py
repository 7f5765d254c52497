# SPDX-License-Identifier: AGPL-3.0-or-later
"""Timestamp columns -> exact UTC instants, with ONE reading per column inferred from the whole column.

Why not ``pd.to_datetime(format=...)`` per candidate: its strptime path needs ~8 s for a million
distinct Finnish timestamps.  Instead each distinct value is turned into a *skeleton* (digits -> ``d``,
letters lower-cased: ``"1.2.2026 klo 14.05"`` -> ``"d.d.dddd klo dd.dd"``).  An export has a handful
of skeletons, so layouts are matched per skeleton with ordinary regexes, and the digits are read at
fixed byte positions with numpy.  A *layout family* fixes the date order (day-first, month-first,
ISO, ...); the time part may vary inside a column (``28.11.2026`` next to ``28.11.2026 14:05``), the
date order never does: a column that reads both day-first and month-first is refused as ambiguous.

Naive values are local wall-clock time and go through :func:`localize_naive` (the project's DST rule);
values with an offset (``Z``, ``+02:00``, ``+0200``) become their exact instant, offsets may differ
row by row.  Impossible dates (31.02., 25:00) are *invalid*: those rows become rejects, no error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd
import pyarrow as pa

from ..errors import BadDataError, UsageError
from .localtime import localize_naive

__all__ = ["ParsedTimestamps", "parse_timestamps", "LAYOUT_FAMILIES", "EXCEL_SERIAL_RANGE", "MAJORITY_SHARE"]

#: Excel serial days accepted as dates (1954-10-03 .. 2119-01-08); other numbers are not dates.
EXCEL_SERIAL_RANGE = (20000, 80000)
#: Inference must read at least this share of the non-empty values, else the column is refused.
MAJORITY_SHARE = 0.8
_EXCEL_EPOCH_NS = pd.Timestamp("1899-12-30").value
_DAY_NS = 86_400 * 10**9
_MAX_WIDTH = 40  # longer text is never a timestamp
_MAX_SKELETONS = 500
_MISSING_WORDS = ["-", "--", "null", "none", "n/a", "na", "nat", "nan"]

_TIME = (r"(?:(?: +|t)(?:(?:klo|kl\.?) +)?(?P<hour>dd?)[:.](?P<minute>dd)(?:[:.](?P<second>dd)"
         r"(?:[.,](?P<fraction>d{1,9}))?)?(?: *(?P<ampm>am|pm|a\.m\.|p\.m\.))?)?")
_OFFSET = r"(?: *(?P<offset>(?P<oz>z|utc|gmt)|(?P<osign>[+-])(?P<oh>dd)(?::?(?P<om>dd))?))?"
_DAY, _MONTH, _YEAR, _YEAR2 = r"(?P<day>dd?)", r"(?P<month>dd?)", r"(?P<year>dddd)", r"(?P<year2>dd)"
#: Layout families tried by inference, in order of preference when two read equally many values.
LAYOUT_FAMILIES = {
    "ISO 8601": rf"{_YEAR}-{_MONTH}-{_DAY}{_TIME}{_OFFSET}",
    "%d.%m.%Y": rf"{_DAY}\.{_MONTH}\.{_YEAR}{_TIME}{_OFFSET}",
    "%d.%m.%y": rf"{_DAY}\.{_MONTH}\.{_YEAR2}{_TIME}{_OFFSET}",
    "%d/%m/%Y": rf"{_DAY}/{_MONTH}/{_YEAR}{_TIME}{_OFFSET}",
    "%m/%d/%Y": rf"{_MONTH}/{_DAY}/{_YEAR}{_TIME}{_OFFSET}",
    "%d/%m/%y": rf"{_DAY}/{_MONTH}/{_YEAR2}{_TIME}{_OFFSET}",
    "%m/%d/%y": rf"{_MONTH}/{_DAY}/{_YEAR2}{_TIME}{_OFFSET}",
    "%d-%m-%Y": rf"{_DAY}-{_MONTH}-{_YEAR}{_TIME}{_OFFSET}",
    "%m-%d-%Y": rf"{_MONTH}-{_DAY}-{_YEAR}{_TIME}{_OFFSET}",
    "%Y/%m/%d": rf"{_YEAR}/{_MONTH}/{_DAY}{_TIME}{_OFFSET}",
    "%Y%m%d": r"(?P<year>dddd)(?P<month>dd)(?P<day>dd)" + _TIME,
    "Excel serial": r"(?P<serial>d{5})(?:[.,](?P<sfrac>d{1,17}))?",
}
#: Families that differ only in day/month order: a tie between them is ambiguous.
_SWAPPED = [("%d/%m/%Y", "%m/%d/%Y"), ("%d/%m/%y", "%m/%d/%y"), ("%d-%m-%Y", "%m-%d-%Y")]
_DIRECTIVES = {"d": "day", "m": "month", "Y": "year", "y": "year2", "H": "hour", "I": "hour", "M": "minute",
               "S": "second", "f": "fraction", "p": "ampm", "z": "offset"}
_ROLE_PATTERNS = {"day": "dd?", "month": "dd?", "year": "dddd", "year2": "dd", "hour": "dd?", "minute": "dd?",
                  "second": "dd?", "fraction": "d{1,9}", "ampm": r"am|pm|a\.m\.|p\.m\.",
                  "offset": r"(?P<oz>z|utc|gmt)|(?P<osign>[+-])(?P<oh>dd)(?::?(?P<om>dd))?"}
#: Byte -> skeleton byte: digits become "d", ASCII capitals lower case, everything else stays.
_SKELETON_BYTES = np.arange(256, dtype=np.uint8)
_SKELETON_BYTES[48:58] = ord("d")
_SKELETON_BYTES[65:91] += 32


@dataclass(frozen=True)
class ParsedTimestamps:
    """One timestamp column read: UTC values, how they were read, and which rows could not be."""

    values: pd.Series  # datetime64[ns, UTC], NaT where missing or invalid; same index as the input
    format: str  # what was used, readable: "%d.%m.%Y %H:%M", "ISO 8601", "Excel serial", ...
    date_only: bool  # no value carries a time of day (durations then in whole days only)
    invalid: pd.Series  # bool: non-empty input that did not parse (these rows become rejects)
    date_only_share: float  # share of parsed values whose written time of day is midnight


@dataclass
class _Reading:
    """One family's reading of the distinct values (arrays over the uniques)."""

    wall: np.ndarray  # int64 ns of the written wall-clock time
    offset: np.ndarray  # float minutes east of UTC; NaN = naive (local time)
    valid: np.ndarray
    has_time: np.ndarray
    layout: np.ndarray  # int: index into formats, -1 where not read
    formats: list[str]


def parse_timestamps(raw: pd.Series, *, column: str, file: str, date_format: str | None = None,
                     timezone: str = "Europe/Helsinki") -> ParsedTimestamps:
    """Read a timestamp column (text, numbers or datetimes) into UTC instants.

    An explicit ``date_format`` (strptime codes, or the words ``iso`` / ``excel``) always wins.

    >>> parse_timestamps(pd.Series(["28.11.2026 klo 14.05"]), column="Aika", file="x.csv").format
    '%d.%m.%Y klo %H.%M'
    """
    kind = pd.api.types.infer_dtype(raw, skipna=True) if raw.dtype == object else None
    if pd.api.types.is_datetime64_any_dtype(raw.dtype) or kind in ("datetime", "datetime64", "date"):
        return _from_datetimes(raw, timezone)
    numeric = (pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype)) \
        or kind in ("integer", "floating", "mixed-integer-float", "decimal")
    fmt = None if date_format is None else date_format.strip()
    if numeric and (fmt is None or fmt.lower() == "excel"):
        return _from_numbers(pd.to_numeric(raw, errors="coerce"), column, file, timezone)
    if numeric:
        numbers = pd.to_numeric(raw, errors="coerce")
        whole = numbers.notna() & (numbers == numbers.round())
        raw = numbers.astype("str").where(~whole, numbers.where(whole).astype("Int64").astype("str"))
    return _from_text(raw, column=column, file=file, date_format=fmt, timezone=timezone)


# ---------------------------------------------------------------------------------------- typed input
def _from_datetimes(raw: pd.Series, timezone: str) -> ParsedTimestamps:
    try:
        values = pd.to_datetime(raw, errors="coerce")
    except (ValueError, TypeError):  # objects with different zones
        values = pd.to_datetime(raw, errors="coerce", utc=True)
    low, high = pd.Timestamp("1678-01-01"), pd.Timestamp("2261-12-31")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        low, high = low.tz_localize("UTC"), high.tz_localize("UTC")
    out_of_range = values.notna() & ((values < low) | (values > high))
    values = values.where(~out_of_range)
    wall = values.dt.tz_localize(None) if isinstance(values.dtype, pd.DatetimeTZDtype) else values
    midnight = (wall.dropna() == wall.dropna().dt.normalize())
    utc = localize_naive(values, timezone)
    share = float(midnight.mean()) if len(midnight) else 0.0
    zone = "with time zone" if isinstance(values.dtype, pd.DatetimeTZDtype) else f"local time, {timezone}"
    return ParsedTimestamps(utc, f"typed datetimes ({zone})", bool(len(midnight)) and bool(midnight.all()),
                            out_of_range.astype(bool), share)


def _from_numbers(numbers: pd.Series, column: str, file: str, timezone: str) -> ParsedTimestamps:
    codes, uniques = pd.factorize(numbers)
    x = np.asarray(uniques, dtype="float64")
    valid = np.isfinite(x) & (x >= EXCEL_SERIAL_RANGE[0]) & (x <= EXCEL_SERIAL_RANGE[1])
    ms = np.round(np.where(valid, x, 0) * 86_400_000).astype("int64")
    reading = _Reading(_EXCEL_EPOCH_NS + ms * 10**6, np.full(len(x), np.nan), valid, ms % 86_400_000 != 0,
                       np.where(valid, 0, -1), ["Excel serial"])
    counts = np.bincount(codes[codes >= 0], minlength=len(x))
    if counts.sum() and counts[valid].sum() < MAJORITY_SHARE * counts.sum():
        examples = ", ".join(repr(v) for v in x[~valid][:2])
        raise BadDataError(f"the numbers are not Excel serial dates (plausible {EXCEL_SERIAL_RANGE[0]}-"
                           f"{EXCEL_SERIAL_RANGE[1]}), e.g. {examples}", file=file, where=f"column {column!r}",
                           fix="map a date column to the timestamp role, or pass --date-format (e.g. %Y%m%d)")
    return _finish(reading, codes, counts, raw_index=numbers.index, timezone=timezone, name="Excel serial")


# ---------------------------------------------------------------------------------------------- text
def _from_text(raw: pd.Series, *, column: str, file: str, date_format: str | None, timezone: str):
    codes, uniques = pd.factorize(raw.astype("str"))
    clean = pd.Series(uniques, dtype="str").str.replace("\u00a0", " ").str.strip()
    clean = clean.mask(clean.str.lower().isin(_MISSING_WORDS) | (clean == ""))
    if clean.isna().any() or (clean != pd.Series(uniques, dtype="str")).any():  # else the codes stand
        codes2, uniques = pd.factorize(clean)
        codes = np.where(codes >= 0, codes2[np.maximum(codes, 0)] if len(codes2) else -1, -1)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    texts = pd.Series(uniques, dtype="str")
    where = f"column {column!r}"
    if date_format is not None:
        reading, name = _read_explicit(texts, date_format)
        if counts.sum() and not counts[reading.valid].sum():
            raise BadDataError(f"no value matches the date format {date_format!r}, e.g. "
                               f"{_examples(texts, ~reading.valid)}", file=file, where=where,
                               fix="check --date-format: strptime codes such as %d.%m.%Y %H:%M, or iso, or excel")
        return _finish(reading, codes, counts, raw_index=raw.index, timezone=timezone, name=name)
    if not len(texts):
        return _finish(_empty_reading(0), codes, counts, raw_index=raw.index, timezone=timezone, name="empty")
    matrix, skeletons, groups = _skeletons(texts)
    readings = {}
    for family, pattern in LAYOUT_FAMILIES.items():
        reading = _read_family(re.compile(pattern), matrix, skeletons, groups, iso=(family == "ISO 8601"))
        if reading.valid.any():
            readings[family] = reading
    if not readings:
        raise BadDataError(f"no known date layout matches, e.g. {_examples(texts, np.ones(len(texts), bool))}",
                           file=file, where=where, fix="pass --date-format, e.g. --date-format '%d.%m.%Y %H:%M'")
    scores = {family: int(counts[r.valid].sum()) for family, r in readings.items()}
    best = max(scores, key=scores.get)  # first family wins a tie
    for first, second in _SWAPPED:
        if best in (first, second) and scores.get(first) == scores.get(second):
            a, b = readings[first], readings[second]
            differ = a.valid & b.valid & (a.wall != b.wall)
            if differ.any():
                fa, fb = (_quote(_main_format(r, counts)) for r in (a, b))
                raise BadDataError(f"dates such as {_examples(texts, differ)} read both day-first and month-first",
                                   file=file, where=where, fix=f"pass --date-format {fa} or {fb}")
            best = first
    reading = readings[best]
    read_share = scores[best] / counts.sum()
    if read_share < MAJORITY_SHARE:
        raise BadDataError(f"only {read_share:.0%} of the values match the best date layout "
                           f"({_main_format(reading, counts)}); unread values e.g. {_examples(texts, ~reading.valid)}",
                           file=file, where=where, fix="pass --date-format, e.g. --date-format '%d.%m.%Y %H:%M'")
    return _finish(reading, codes, counts, raw_index=raw.index, timezone=timezone, name=best)


def _read_explicit(texts: pd.Series, date_format: str) -> tuple[_Reading, str]:
    """The user's format, strictly: no other layout is tried."""
    word = date_format.lower()
    if word in ("iso", "iso8601", "iso 8601"):
        name, pattern, iso = "ISO 8601", LAYOUT_FAMILIES["ISO 8601"], True
    elif word == "excel":
        name, pattern, iso = "Excel serial", LAYOUT_FAMILIES["Excel serial"], False
    else:
        name, pattern, iso = date_format, _compile_format(date_format), False
    if not len(texts):
        return _empty_reading(0), name
    if pattern is None:  # codes our fast reader does not know (%b, %j, ...): pandas' strptime
        return _read_with_pandas(texts, date_format), name
    matrix, skeletons, groups = _skeletons(texts)
    reading = _read_family(re.compile(pattern), matrix, skeletons, groups, iso=iso)
    if len(reading.valid) != len(texts):  # no value has the format's shape
        reading = _empty_reading(len(texts))
    if name not in ("ISO 8601", "Excel serial"):
        reading.formats = [name] * len(reading.formats)
    return reading, name


def _compile_format(date_format: str) -> str | None:
    """strptime format -> skeleton regex; None when it uses codes only pandas understands."""
    if "%" not in date_format:
        raise UsageError(f"date format {date_format!r} has no % codes", where="--date-format",
                         fix="use strptime codes such as %d.%m.%Y %H:%M, or the words iso or excel")
    parts, seen, i = [], set(), 0
    while i < len(date_format):
        char = date_format[i]
        if char == "%" and i + 1 < len(date_format):
            code = date_format[i + 1]
            i += 2
            if code == "%":
                parts.append("%")
                continue
            role = _DIRECTIVES.get(code)
            if role is None or role in seen:
                return None
            seen.add(role)
            parts.append(f"(?P<{role}>{_ROLE_PATTERNS[role]})")
        else:
            i += 1
            parts.append(" +" if char.isspace() else re.escape(_lower_digits(char)))
    return "".join(parts)


def _read_with_pandas(texts: pd.Series, date_format: str) -> _Reading:
    try:
        parsed = pd.to_datetime(texts, format=date_format, errors="coerce", utc="%z" in date_format)
    except ValueError as exc:
        raise UsageError(f"date format {date_format!r} is not valid ({exc})", where="--date-format",
                         fix="use strptime codes such as %d.%m.%Y %H:%M, or the words iso or excel") from None
    valid = parsed.notna().to_numpy()
    wall = parsed.dt.tz_localize(None) if isinstance(parsed.dtype, pd.DatetimeTZDtype) else parsed
    wall = wall.astype("datetime64[ns]").to_numpy().view("int64")
    offset = np.where(valid, 0.0, np.nan) if "%z" in date_format else np.full(len(texts), np.nan)
    has_time = valid & (wall % _DAY_NS != 0)
    return _Reading(np.where(valid, wall, 0), offset, valid, has_time, np.where(valid, 0, -1), [date_format])


# ------------------------------------------------------------------------------------------ skeletons
def _skeletons(texts: pd.Series) -> tuple[np.ndarray, list[str], np.ndarray]:
    """(byte matrix, distinct skeleton strings, row numbers of the values that have each skeleton)."""
    array = pa.array(texts, type=pa.large_string())
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[array.offset:array.offset + len(array) + 1]
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8) if array.buffers()[2] else np.zeros(1, np.uint8)
    lengths = np.diff(offsets)
    width = int(min(lengths.max(initial=1), _MAX_WIDTH))
    width8 = -(-width // 8) * 8
    matrix = np.zeros((len(texts), width8), dtype=np.uint8)
    if (lengths == width).all():  # zero-padded exports: every value has the same length
        matrix[:, :width] = data[offsets[0]:offsets[0] + width * len(texts)].reshape(-1, width)
    for start in range(0, len(texts) if (lengths != width).any() else 0, 65536):  # chunks: small indexes
        rows = slice(start, start + 65536)
        index = offsets[:-1][rows, None] + np.arange(width)
        inside = np.arange(width) < lengths[rows, None]
        matrix[rows, :width] = np.where(inside, data[np.minimum(index, len(data) - 1)], 0)
    skeleton = _SKELETON_BYTES[matrix]
    words = skeleton.view(np.uint64)
    hashed = np.zeros(len(texts), dtype=np.uint64)
    for k in range(words.shape[1]):  # a loop per 8 bytes of width, not per value
        hashed = hashed * np.uint64(0x100000001B3) ^ words[:, k]
    codes, firsts = pd.factorize(hashed)
    representative = np.zeros(len(firsts), dtype=np.int64)
    representative[codes[::-1]] = np.arange(len(texts))[::-1]
    if not (words == words[representative[codes]]).all():  # hash collision: exact but slower
        _, representative, codes = np.unique(skeleton, axis=0, return_index=True, return_inverse=True)
        codes = codes.ravel()
    codes = np.where(lengths > _MAX_WIDTH, -1, codes)
    sizes = np.bincount(codes[codes >= 0], minlength=len(representative))
    kept = np.argsort(-sizes, kind="stable")[:_MAX_SKELETONS]  # garbage text: ignore the rarest shapes
    renumber = np.full(len(representative) + 1, -1)
    renumber[kept] = np.arange(len(kept))
    codes = renumber[codes]  # -1 stays -1 (last slot)
    strings = [bytes(skeleton[r]).rstrip(b"\0").decode("latin-1") for r in representative[kept]]
    order = np.argsort(codes, kind="stable")
    groups = [order[a:b] for a, b in pairwise(np.searchsorted(codes[order], np.arange(len(strings) + 1)))]
    return matrix, strings, groups


def _read_family(pattern: re.Pattern, matrix: np.ndarray, skeletons: list[str], groups: list[np.ndarray],
                 *, iso: bool) -> _Reading:
    """Read every value whose skeleton fits ``pattern``; one numpy pass per matching skeleton."""
    matches = [(pattern.fullmatch(skeleton), skeleton, rows) for skeleton, rows in zip(skeletons, groups)]
    reading = _empty_reading(len(matrix) if any(m for m, _, _ in matches) else 0)
    for match, skeleton, rows in matches:  # a loop per layout, never per value
        if match is None:
            continue
        ok, wall, offset, timed = _assemble(matrix[rows], match)
        reading.wall[rows], reading.offset[rows], reading.valid[rows] = wall, offset, ok
        reading.has_time[rows] = timed
        reading.layout[rows] = np.where(ok, len(reading.formats), -1)
        reading.formats.append(_format_of(match, skeleton, iso))
    return reading


def _assemble(block: np.ndarray, match: re.Match) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """(valid, wall-clock ns, offset minutes or NaN, has time) for values that share one skeleton."""
    found = {name: match.span(name) for name, text in match.groupdict().items() if text is not None}

    def number(role: str, default: int = 0) -> np.ndarray:
        if role not in found:
            return np.full(len(block), default, dtype=np.int64)
        start, end = found[role]
        return (block[:, start:end].astype(np.int64) - 48) @ (10 ** np.arange(end - start - 1, -1, -1))

    n = len(block)
    if "serial" in found:  # Excel serial written as text
        serial = number("serial").astype("float64")
        if "sfrac" in found:
            serial += number("sfrac") / 10.0 ** (found["sfrac"][1] - found["sfrac"][0])
        ok = (serial >= EXCEL_SERIAL_RANGE[0]) & (serial <= EXCEL_SERIAL_RANGE[1])
        ms = np.round(np.where(ok, serial, 0) * 86_400_000).astype(np.int64)
        return ok, _EXCEL_EPOCH_NS + ms * 10**6, np.full(n, np.nan), "sfrac" in found
    year = number("year") if "year" in found else number("year2") + np.where(number("year2") < 69, 2000, 1900)
    month, day, hour = number("month", 1), number("day", 1), number("hour")
    minute, second = number("minute"), number("second")
    fraction = number("fraction") * 10 ** (9 - (found["fraction"][1] - found["fraction"][0])) \
        if "fraction" in found else np.zeros(n, dtype=np.int64)
    ok = (year >= 1678) & (year <= 2261) & (month >= 1) & (month <= 12) & (hour <= 23) & (minute <= 59) & (second <= 59)
    if "ampm" in found:
        ok &= (hour >= 1) & (hour <= 12)
        hour = hour % 12 + (12 if "p" in match.group("ampm") else 0)
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0)
    first = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    following = (months + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    ok &= (day >= 1) & (day <= following - first)
    wall = (first + day - 1) * _DAY_NS + ((hour * 60 + minute) * 60 + second) * 10**9 + fraction
    offset = np.full(n, np.nan)
    if "oz" in found:
        offset[:] = 0.0
    elif "osign" in found:
        minutes = number("oh") * 60 + number("om")
        ok &= (number("oh") <= 23) & (number("om") <= 59)
        offset = np.where(match.group("osign") == "-", -minutes, minutes).astype("float64")
    return ok, np.where(ok, wall, 0), offset, "hour" in found


_FORMAT_CODES = {"day": "%d", "month": "%m", "year": "%Y", "year2": "%y", "hour": "%H", "minute": "%M",
                 "second": "%S", "fraction": "%f", "ampm": "%p", "offset": "%z"}


def _format_of(match: re.Match, skeleton: str, iso: bool) -> str:
    """The strptime format this skeleton was read with, for the report."""
    if iso:
        return "ISO 8601"
    if match.groupdict().get("serial") is not None:
        return "Excel serial"
    spans = sorted((match.span(role), code) for role, code in _FORMAT_CODES.items()
                   if match.groupdict().get(role) is not None)
    text = skeleton
    for (start, end), code in reversed(spans):
        if code == "%H" and match.groupdict().get("ampm") is not None:
            code = "%I"
        text = text[:start] + code + text[end:]
    return text


def _finish(reading: _Reading, codes: np.ndarray, counts: np.ndarray, *, raw_index: pd.Index, timezone: str,
            name: str) -> ParsedTimestamps:
    """Distinct readings -> UTC per row, invalid flags, and what the report says about the column."""
    nat = np.iinfo(np.int64).min
    valid = reading.valid
    naive = valid & np.isnan(reading.offset)
    utc = np.full(len(valid), nat, dtype=np.int64)
    aware = valid & ~naive
    utc[aware] = reading.wall[aware] - np.round(reading.offset[aware] * 60e9).astype(np.int64)
    if naive.any():
        local = localize_naive(pd.Series(reading.wall[naive].view("datetime64[ns]")), timezone)
        utc[naive] = local.dt.tz_localize(None).to_numpy().astype("datetime64[ns]").view(np.int64)
    present = codes >= 0
    row_values = np.where(present, utc[np.maximum(codes, 0)] if len(utc) else nat, nat)
    values = pd.Series(row_values.view("datetime64[ns]"), index=raw_index).dt.tz_localize("UTC")
    invalid = present & ~valid[np.maximum(codes, 0)] if len(valid) else np.zeros(len(codes), dtype=bool)
    read = counts[valid].sum()
    midnight = counts[valid & (reading.wall % _DAY_NS == 0)].sum()
    fmt = name if name in ("ISO 8601", "Excel serial", "empty") else _main_format(reading, counts)
    return ParsedTimestamps(values=values, format=fmt, date_only=bool(valid.any() and not reading.has_time[valid].any()),
                            invalid=pd.Series(invalid, index=raw_index, dtype=bool),
                            date_only_share=float(midnight / read) if read else 0.0)


def _main_format(reading: _Reading, counts: np.ndarray) -> str:
    """The layout most rows use, and up to two others seen in the same column."""
    totals: dict[str, int] = {}
    used = reading.layout >= 0
    per_layout = np.bincount(reading.layout[used], weights=counts[used], minlength=len(reading.formats))
    for fmt, total in zip(reading.formats, per_layout):
        if total:
            totals[fmt] = totals.get(fmt, 0) + int(total)
    ranked = sorted(totals, key=totals.get, reverse=True)
    if not ranked:
        return reading.formats[0] if reading.formats else "none"
    return ranked[0] + (f" (also {', '.join(ranked[1:3])})" if len(ranked) > 1 else "")


def _empty_reading(n: int) -> _Reading:
    return _Reading(np.zeros(n, dtype=np.int64), np.full(n, np.nan), np.zeros(n, dtype=bool),
                    np.zeros(n, dtype=bool), np.full(n, -1), [])


def _examples(texts: pd.Series, mask: np.ndarray) -> str:
    return ", ".join(repr(v) for v in texts[np.asarray(mask)].head(2))


def _quote(fmt: str) -> str:
    return f"'{fmt}'" if " " in fmt else fmt


def _lower_digits(char: str) -> str:
    """A format literal as it appears in a skeleton (digits -> d, ASCII lower-cased, bytes as latin-1)."""
    if char.isdigit():
        return "d"
    return char.lower() if char.isascii() else char.encode("utf-8").decode("latin-1")
