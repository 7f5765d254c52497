# SPDX-License-Identifier: AGPL-3.0-or-later
"""Timestamp columns -> exact UTC instants, with ONE reading per column inferred from the whole column.

Why not ``pd.to_datetime(format=...)`` per candidate: its strptime path needs ~8 s for a million
distinct Finnish timestamps.  Instead each distinct value is turned into a *skeleton* (digits -> ``d``,
letters lower-cased: ``"1.2.2026 klo 14.05"`` -> ``"d.d.dddd klo dd.dd"``).  An export has a handful
of skeletons, so layouts are matched per skeleton with ordinary regexes, and the digits are read at
fixed byte positions with numpy (:mod:`.skeletons`).  A *layout family* fixes the date order
(day-first, month-first, ISO, ...); the time part may vary inside a column (``28.11.2026`` next to
``28.11.2026 14:05``), the date order never does: a column that reads both day-first and month-first
is refused as ambiguous.

Naive values are local wall-clock time and go through :func:`localize_naive` (the project's DST rule);
values with an offset (``Z``, ``+02:00``, ``+0200``) become their exact instant, offsets may differ
row by row.  Impossible dates (31.02., 25:00) are *invalid*: those rows become rejects, no error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import BadDataError, Message, UsageError
from .wall_clock import localize_naive
from .skeletons import (DAY_NS, EXCEL_EPOCH_NS, EXCEL_SERIAL_RANGE, Reading, empty_reading, find_skeletons,
                        large_array, read_family)

__all__ = ["ParsedTimestamps", "parse_timestamps", "parse_text_codes", "LAYOUT_FAMILIES", "EXCEL_SERIAL_RANGE",
           "MAJORITY_SHARE"]

#: Inference must read at least this share of the non-empty values, else the column is refused.
MAJORITY_SHARE = 0.8
_HEAD = 10_000  # rows looked at to tell a mostly distinct column
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


@dataclass(frozen=True)
class ParsedTimestamps:
    """One timestamp column read: UTC values, how they were read, and which rows could not be."""

    values: pd.Series  # datetime64[ns, UTC], NaT where missing or invalid; same index as the input
    format: str  # what was used, readable: "%d.%m.%Y %H:%M", "ISO 8601", "Excel serial", ...
    date_only: bool  # no value carries a time of day (durations then in whole days only)
    invalid: pd.Series  # bool: non-empty input that did not parse (these rows become rejects)
    date_only_share: float  # share of parsed values whose written time of day is midnight


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
    reading = Reading(EXCEL_EPOCH_NS + ms * 10**6, np.full(len(x), np.nan), valid, ms % 86_400_000 != 0,
                       np.where(valid, 0, -1), ["Excel serial"])
    counts = np.bincount(codes[codes >= 0], minlength=len(x))
    if counts.sum() and counts[valid].sum() < MAJORITY_SHARE * counts.sum():
        examples = ", ".join(repr(v) for v in x[~valid][:2])
        raise BadDataError(Message("the numbers are not Excel serial dates (plausible {low}-{high}), e.g. {examples}",
                                   low=EXCEL_SERIAL_RANGE[0], high=EXCEL_SERIAL_RANGE[1], examples=examples),
                           file=file, where=Message("column {column!r}", column=column),
                           fix="map a date column to the timestamp role, or pass --date-format (e.g. %Y%m%d)")
    return _finish(reading, codes, counts, raw_index=numbers.index, timezone=timezone, name="Excel serial")


# ---------------------------------------------------------------------------------------------- text
def _from_text(raw: pd.Series, *, column: str, file: str, date_format: str | None, timezone: str):
    texts = raw.astype("str")
    head = texts.iloc[:_HEAD]
    if len(texts) > 5 * _HEAD and head.nunique() > len(head) // 2:  # mostly distinct: hashing them buys nothing
        present = texts.notna().to_numpy()
        if present.all():
            codes = np.arange(len(texts), dtype=np.int32)
        else:
            codes = np.full(len(texts), -1, dtype=np.int32)
            codes[present] = np.arange(int(present.sum()), dtype=np.int32)
            texts = texts[present]
        return parse_text_codes(codes, texts, column=column, file=file, date_format=date_format,
                                timezone=timezone, index=raw.index, distinct=False)
    codes, uniques = pd.factorize(texts)
    return parse_text_codes(codes, pd.Series(uniques, dtype="str"), column=column, file=file,
                            date_format=date_format, timezone=timezone, index=raw.index)


def parse_text_codes(codes: np.ndarray, uniques: pd.Series, *, column: str, file: str, date_format: str | None = None,
                     timezone: str = "Europe/Helsinki", index: pd.Index | None = None,
                     distinct: bool = True) -> ParsedTimestamps:
    """:func:`parse_timestamps` for a text column given as codes (-1 = missing) into its distinct texts,
    in order of first appearance (what ``pd.factorize`` returns): the caller has them already.

    ``distinct=False``: ``uniques`` may repeat (one text per present row, codes number them).  Texts
    are then read as they are when that cannot change the result (nothing to clean, one layout for
    all, so no count of distinct values per layout matters), and made distinct first otherwise.
    """
    raw_index = pd.RangeIndex(len(codes)) if index is None else index
    date_format = None if date_format is None else date_format.strip()
    uniques = pd.Series(uniques, dtype="str").reset_index(drop=True)
    shapes = None
    if not distinct:
        shapes = find_skeletons(uniques, uniform_only=True)
        if shapes is not None and _may_need_cleaning(uniques, shapes[0]):
            shapes = None
    if not distinct and shapes is None:
        inverse, uniques = pd.factorize(uniques)
        codes = np.where(codes >= 0, inverse[np.maximum(codes, 0)] if len(inverse) else -1, -1)
        uniques = pd.Series(uniques, dtype="str")
    if shapes is None and _may_need_cleaning(uniques):
        clean = uniques.str.replace("\u00a0", " ").str.strip()
        clean = clean.mask(clean.str.lower().isin(_MISSING_WORDS) | (clean == ""))
        if clean.isna().any() or (clean != uniques).any():  # else the codes stand
            codes2, uniques = pd.factorize(clean)
            codes = np.where(codes >= 0, codes2[np.maximum(codes, 0)] if len(codes2) else -1, -1)
    if shapes is not None:  # one text per present row: each counts once
        counts = np.ones(len(uniques), dtype=np.int8)
    else:
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    texts = pd.Series(uniques, dtype="str")
    where = Message("column {column!r}", column=column)
    if date_format is not None:
        reading, name = _read_explicit(texts, date_format, shapes)
        if counts.sum() and not counts[reading.valid].sum():
            raise BadDataError(Message("no value matches the date format {format!r}, e.g. {examples}",
                                       format=date_format, examples=_examples(texts, ~reading.valid)),
                               file=file, where=where,
                               fix="check --date-format: strptime codes such as %d.%m.%Y %H:%M, or iso, or excel")
        return _finish(reading, codes, counts, raw_index=raw_index, timezone=timezone, name=name)
    if not len(texts):
        return _finish(empty_reading(0), codes, counts, raw_index=raw_index, timezone=timezone, name="empty")
    matrix, skeletons, groups = shapes or find_skeletons(texts)
    readings = {}
    for family, pattern in LAYOUT_FAMILIES.items():
        reading = read_family(re.compile(pattern), matrix, skeletons, groups, iso=(family == "ISO 8601"))
        if reading.valid.any():
            readings[family] = reading
    if not readings:
        raise BadDataError(Message("no known date layout matches, e.g. {examples}",
                                   examples=_examples(texts, np.ones(len(texts), bool))),
                           file=file, where=where, fix="pass --date-format, e.g. --date-format '%d.%m.%Y %H:%M'")
    scores = {family: int(counts[r.valid].sum()) for family, r in readings.items()}
    best = max(scores, key=scores.get)  # first family wins a tie
    for first, second in _SWAPPED:
        if best in (first, second) and scores.get(first) == scores.get(second):
            a, b = readings[first], readings[second]
            differ = a.valid & b.valid & (a.wall != b.wall)
            if differ.any():
                fa, fb = (_quote(_main_format(r, counts)) for r in (a, b))
                raise BadDataError(Message("dates such as {examples} read both day-first and month-first",
                                           examples=_examples(texts, differ)),
                                   file=file, where=where,
                                   fix=Message("pass --date-format {first} or {second}", first=fa, second=fb))
            best = first
    reading = readings[best]
    read_share = scores[best] / counts.sum()
    if read_share < MAJORITY_SHARE:
        raise BadDataError(Message("only {share:.0%} of the values match the best date layout ({layout}); "
                                   "unread values e.g. {examples}", share=read_share,
                                   layout=_main_format(reading, counts), examples=_examples(texts, ~reading.valid)),
                           file=file, where=where, fix="pass --date-format, e.g. --date-format '%d.%m.%Y %H:%M'")
    return _finish(reading, codes, counts, raw_index=raw_index, timezone=timezone, name=best)


def _may_need_cleaning(texts: pd.Series, uniform: np.ndarray | None = None) -> bool:
    """False when stripping spaces and no-break spaces and blanking missing words cannot change a text:
    every text longer than any missing word, printable ASCII at both ends, no U+00A0 byte anywhere.
    A byte test on the Arrow buffers, instead of five string passes over a million texts.

    ``uniform``: the byte block of texts that share one skeleton (:func:`.find_skeletons`); each
    position then holds one fixed byte or digits, so the first text's bytes decide for all.
    """
    if not len(texts):
        return False
    if uniform is not None:
        first = uniform[0]
        return bool(len(first) <= max(len(word) for word in _MISSING_WORDS) or not 32 < first[0] < 127
                    or not 32 < first[-1] < 127 or (first == 0xA0).any())
    array = large_array(texts)
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[array.offset:array.offset + len(array) + 1]
    if np.diff(offsets).min() <= max(len(word) for word in _MISSING_WORDS):
        return True
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8)
    ends = np.concatenate([data[offsets[:-1]], data[offsets[1:] - 1]])
    return bool(((ends <= 32) | (ends >= 127)).any() or (data == 0xA0).any())


def _read_explicit(texts: pd.Series, date_format: str, shapes=None) -> tuple[Reading, str]:
    """The user's format, strictly: no other layout is tried."""
    word = date_format.lower()
    if word in ("iso", "iso8601", "iso 8601"):
        name, pattern, iso = "ISO 8601", LAYOUT_FAMILIES["ISO 8601"], True
    elif word == "excel":
        name, pattern, iso = "Excel serial", LAYOUT_FAMILIES["Excel serial"], False
    else:
        name, pattern, iso = date_format, _compile_format(date_format), False
    if not len(texts):
        return empty_reading(0), name
    if pattern is None:  # codes our fast reader does not know (%b, %j, ...): pandas' strptime
        return _read_with_pandas(texts, date_format), name
    matrix, skeletons, groups = shapes or find_skeletons(texts)
    reading = read_family(re.compile(pattern), matrix, skeletons, groups, iso=iso)
    if len(reading.valid) != len(texts):  # no value has the format's shape
        reading = empty_reading(len(texts))
    if name not in ("ISO 8601", "Excel serial"):
        reading.formats = [name] * len(reading.formats)
    return reading, name


def _compile_format(date_format: str) -> str | None:
    """strptime format -> skeleton regex; None when it uses codes only pandas understands."""
    if "%" not in date_format:
        raise UsageError(Message("date format {format!r} has no % codes", format=date_format), where="--date-format",
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


def _read_with_pandas(texts: pd.Series, date_format: str) -> Reading:
    try:
        parsed = pd.to_datetime(texts, format=date_format, errors="coerce", utc="%z" in date_format)
    except ValueError as exc:
        raise UsageError(Message("date format {format!r} is not valid ({error})", format=date_format, error=str(exc)),
                         where="--date-format",
                         fix="use strptime codes such as %d.%m.%Y %H:%M, or the words iso or excel") from None
    valid = parsed.notna().to_numpy()
    wall = parsed.dt.tz_localize(None) if isinstance(parsed.dtype, pd.DatetimeTZDtype) else parsed
    wall = wall.astype("datetime64[ns]").to_numpy().view("int64")
    offset = np.where(valid, 0.0, np.nan) if "%z" in date_format else np.full(len(texts), np.nan)
    has_time = valid & (wall % DAY_NS != 0)
    return Reading(np.where(valid, wall, 0), offset, valid, has_time, np.where(valid, 0, -1), [date_format])


def _finish(reading: Reading, codes: np.ndarray, counts: np.ndarray, *, raw_index: pd.Index, timezone: str,
            name: str) -> ParsedTimestamps:
    """Distinct readings -> UTC per row, invalid flags, and what the report says about the column."""
    nat = np.iinfo(np.int64).min
    valid = reading.valid
    naive = valid & np.isnan(reading.offset)
    if naive.all():  # the usual export: every value local wall-clock time
        utc = _local_to_utc(reading.wall, timezone)
    else:
        utc = np.full(len(valid), nat, dtype=np.int64)
        aware = valid & ~naive
        utc[aware] = reading.wall[aware] - np.round(reading.offset[aware] * 60e9).astype(np.int64)
        if naive.any():
            utc[naive] = _local_to_utc(reading.wall[naive], timezone)
    present = codes >= 0
    if len(utc) == len(codes) and present.all():  # every row its own value, in order: codes are 0..n-1
        row_values, invalid = utc, ~valid
    else:
        row_values = np.where(present, utc[np.maximum(codes, 0)] if len(utc) else nat, nat)
        invalid = present & ~valid[np.maximum(codes, 0)] if len(valid) else np.zeros(len(codes), dtype=bool)
    values = pd.Series(row_values.view("datetime64[ns]"), index=raw_index, copy=False).dt.tz_localize("UTC")
    read = counts[valid].sum()
    midnight = counts[valid & (reading.wall % DAY_NS == 0)].sum()
    fmt = name if name in ("ISO 8601", "Excel serial", "empty") else _main_format(reading, counts)
    return ParsedTimestamps(values=values, format=fmt, date_only=bool(valid.any() and not reading.has_time[valid].any()),
                            invalid=pd.Series(invalid, index=raw_index, dtype=bool, copy=False),
                            date_only_share=float(midnight / read) if read else 0.0)


def _local_to_utc(wall: np.ndarray, timezone: str) -> np.ndarray:
    """UTC nanoseconds of local wall-clock nanoseconds, by the one DST rule."""
    local = localize_naive(pd.Series(wall.view("datetime64[ns]"), copy=False), timezone)
    return local.to_numpy(dtype="datetime64[ns]").view(np.int64)  # tz-aware -> its UTC instants


def _main_format(reading: Reading, counts: np.ndarray) -> str:
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


def _examples(texts: pd.Series, mask: np.ndarray) -> str:
    return ", ".join(repr(v) for v in texts[np.asarray(mask)].drop_duplicates().head(2))


def _quote(fmt: str) -> str:
    return f"'{fmt}'" if " " in fmt else fmt


def _lower_digits(char: str) -> str:
    """A format literal as it appears in a skeleton (digits -> d, ASCII lower-cased, bytes as latin-1)."""
    if char.isdigit():
        return "d"
    return char.lower() if char.isascii() else char.encode("utf-8").decode("latin-1")
