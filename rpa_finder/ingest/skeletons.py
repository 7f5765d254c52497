# SPDX-License-Identifier: AGPL-3.0-or-later
"""Timestamp texts read by their shape: skeletons, and the digits at fixed byte positions.

Each distinct text becomes a *skeleton* (digits -> ``d``, letters lower-cased), an export has a
handful of them, and a layout regex is matched per skeleton, never per value.  The digits are then
read column by column from a byte matrix with numpy.  When every value has the same length (the
machine-written case) the matrix is copied once from the Arrow buffers, laid out by character
position, and one column-wise test finds the one skeleton without hashing any value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = ["Reading", "EXCEL_SERIAL_RANGE", "DAY_NS", "EXCEL_EPOCH_NS", "empty_reading", "large_array",
           "find_skeletons", "read_family"]

#: Excel serial days accepted as dates (1954-10-03 .. 2119-01-08); other numbers are not dates.
EXCEL_SERIAL_RANGE = (20000, 80000)
EXCEL_EPOCH_NS = pd.Timestamp("1899-12-30").value
DAY_NS = 86_400 * 10**9
_MAX_WIDTH = 40  # longer text is never a timestamp
_MAX_SKELETONS = 500
#: Byte -> skeleton byte: digits become "d", ASCII capitals lower case, everything else stays.
_SKELETON_BYTES = np.arange(256, dtype=np.uint8)
_SKELETON_BYTES[48:58] = ord("d")
_SKELETON_BYTES[65:91] += 32


@dataclass
class Reading:
    """One layout family's reading of the distinct values (arrays over the uniques)."""

    wall: np.ndarray  # int64 ns of the written wall-clock time
    offset: np.ndarray  # float minutes east of UTC; NaN = naive (local time)
    valid: np.ndarray
    has_time: np.ndarray
    layout: np.ndarray  # int: index into formats, -1 where not read
    formats: list[str]


def empty_reading(n: int) -> Reading:
    return Reading(np.zeros(n, dtype=np.int64), np.full(n, np.nan), np.zeros(n, dtype=bool),
                   np.zeros(n, dtype=bool), np.full(n, -1, dtype=np.int16), [])


def large_array(texts: pd.Series) -> pa.LargeStringArray:
    """The texts as one contiguous Arrow array (its buffers are read directly)."""
    array = pa.array(texts.array if isinstance(texts, pd.Series) else texts, type=pa.large_string())
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def find_skeletons(texts: pd.Series, uniform_only: bool = False):
    """(byte matrix, distinct skeleton strings, row numbers of the values that have each skeleton).

    ``uniform_only``: None unless every value has the same length and skeleton (the cheap case).
    """
    by_column = _fixed_width_block(texts)
    if by_column is not None:
        uniform = _uniform_skeleton(by_column)
        if uniform is not None:
            return by_column, [uniform], [slice(None)]
    if uniform_only:
        return None
    array = large_array(texts)
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
    if len(strings) == 1 and (codes == 0).all():  # one layout for every value: no grouping needed
        return matrix, strings, [slice(None)]
    order = np.argsort(codes.astype(np.int16), kind="stable")  # radix sort: at most 500 skeletons
    groups = [order[a:b] for a, b in pairwise(np.searchsorted(codes[order], np.arange(len(strings) + 1)))]
    return matrix, strings, groups


def _fixed_width_block(texts: pd.Series) -> np.ndarray | None:
    """When every text has the same byte length (at most ``_MAX_WIDTH``): their bytes as an (n, width)
    matrix laid out column-major, so each character position is contiguous; None otherwise.  Built
    from the Arrow chunks as they are: the text is copied once, already transposed."""
    arrow = texts.array.__arrow_array__() if hasattr(texts.array, "__arrow_array__") else large_array(texts)
    width, spans = None, []
    for chunk in arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]:
        if not len(chunk):
            continue
        chunk = chunk if chunk.type == pa.large_string() else chunk.cast(pa.large_string())
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset:chunk.offset + len(chunk) + 1]
        lengths = np.diff(offsets)
        size = int(lengths[0])
        if chunk.null_count or width not in (None, size) or not 0 < size <= _MAX_WIDTH or (lengths != size).any():
            return None
        width = size
        spans.append((np.frombuffer(chunk.buffers()[2], dtype=np.uint8), int(offsets[0]), len(chunk)))
    if width is None:
        return None
    block = np.empty((width, len(texts)), dtype=np.uint8)
    row = 0
    for data, start, count in spans:  # a loop per Arrow chunk, never per value
        block[:, row:row + count] = data[start:start + width * count].reshape(count, width).T
        row += count
    return block.T


def _uniform_skeleton(block: np.ndarray) -> str | None:
    """The skeleton when every value has the same one (each character position all digits or one fixed
    byte, as machine-written timestamps are), found position by position (``block`` column-major);
    None when values differ in shape."""
    if not len(block):
        return None
    skeleton = _SKELETON_BYTES[block[0]]
    for position in range(block.shape[1]):  # a loop per character position, never per value
        column = block[:, position]
        if (column == column[0]).all():
            continue
        if not ((column - 48) < 10).all():  # uint8 wraps: bytes below "0" fail too
            return None
        skeleton[position] = ord("d")
    return bytes(skeleton).rstrip(b"\0").decode("latin-1")


def read_family(pattern: re.Pattern, matrix: np.ndarray, skeletons: list[str], groups: list[np.ndarray | slice],
                *, iso: bool) -> Reading:
    """Read every value whose skeleton fits ``pattern``; one numpy pass per matching skeleton."""
    if len(groups) == 1 and isinstance(groups[0], slice):  # one skeleton for all: the arrays as they come
        match = pattern.fullmatch(skeletons[0])
        if match is None:
            return empty_reading(0)
        ok, wall, offset, timed = _assemble(matrix, match)
        return Reading(wall, offset, ok, np.full(len(ok), timed), np.where(ok, 0, -1).astype(np.int16),
                        [_format_of(match, skeletons[0], iso)])
    matches = [(pattern.fullmatch(skeleton), skeleton, rows) for skeleton, rows in zip(skeletons, groups)]
    reading = empty_reading(len(matrix) if any(m for m, _, _ in matches) else 0)
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
    """(valid, wall-clock ns, offset minutes or NaN, has time) for values that share one skeleton.

    Fields are read in int32 (8 positions fit even where a letter d stood for a digit) and in place:
    a million values, so every temporary array counts.
    """
    found = {name: match.span(name) for name, text in match.groupdict().items() if text is not None}
    n = len(block)

    def number(role: str, default: int = 0) -> np.ndarray:
        if role not in found:
            return np.full(n, default, dtype=np.int32)
        start, end = found[role]
        value = block[:, start].astype(np.int32 if end - start <= 8 else np.int64)
        value -= 48
        for column in range(start + 1, end):  # a loop per digit position, never per value
            value *= 10
            value += block[:, column]
            value -= 48
        return value

    if "serial" in found:  # Excel serial written as text
        serial = number("serial").astype("float64")
        if "sfrac" in found:
            serial += number("sfrac").astype(np.int64) / 10.0 ** (found["sfrac"][1] - found["sfrac"][0])
        ok = (serial >= EXCEL_SERIAL_RANGE[0]) & (serial <= EXCEL_SERIAL_RANGE[1])
        ms = np.round(np.where(ok, serial, 0) * 86_400_000).astype(np.int64)
        return ok, EXCEL_EPOCH_NS + ms * 10**6, np.full(n, np.nan), "sfrac" in found
    year = number("year") if "year" in found else number("year2") + np.where(number("year2") < 69, 2000, 1900)
    month, day, hour = number("month", 1), number("day", 1), number("hour")
    minute, second = number("minute"), number("second")
    ok = (year >= 1678) & (year <= 2261) & (month >= 1) & (month <= 12) & (hour <= 23) & (minute <= 59) & (second <= 59)
    if "ampm" in found:
        ok &= (hour >= 1) & (hour <= 12)
        hour = hour % 12 + (12 if "p" in match.group("ampm") else 0)
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0)
    low = int(months.min(initial=0))
    span = np.arange(low, int(months.max(initial=0)) + 1)  # the calendar once per month in range
    first, length = _month_start(1970 + span // 12, span % 12 + 1)
    months -= low
    ok &= (day >= 1) & (day <= length[months])
    day += first[months] - 1  # now days since 1970-01-01
    wall = day.astype(np.int64)
    wall *= DAY_NS
    hour *= 60
    hour += minute
    hour *= 60
    hour += second  # now seconds into the day
    wall += hour.astype(np.int64) * 10**9
    if "fraction" in found:
        wall += number("fraction").astype(np.int64) * 10 ** (9 - (found["fraction"][1] - found["fraction"][0]))
    offset = np.full(n, np.nan)
    if "oz" in found:
        offset[:] = 0.0
    elif "osign" in found:
        minutes = number("oh") * 60 + number("om")
        ok &= (number("oh") <= 23) & (number("om") <= 59)
        offset = np.where(match.group("osign") == "-", -minutes, minutes).astype("float64")
    wall[~ok] = 0
    return ok, wall, offset, "hour" in found


_DAYS_BEFORE_MONTH = np.array([0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334], dtype=np.int64)
_MONTH_LENGTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_ORDINAL_1970 = 719_162  # days from 0001-01-01 to 1970-01-01 (proleptic Gregorian)


def _month_start(year: np.ndarray, month: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(days from 1970-01-01 to the month's first day, days in the month): calendar arithmetic in
    integers, the same dates numpy's datetime64[M] gives, without its per-value conversion."""
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    before = year - 1
    days = before * 365 + before // 4 - before // 100 + before // 400 - _ORDINAL_1970
    first = days + _DAYS_BEFORE_MONTH[month] + ((month > 2) & leap)
    return first.astype(np.int32), (_MONTH_LENGTH[month] + ((month == 2) & leap)).astype(np.int32)


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
