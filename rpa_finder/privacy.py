# SPDX-License-Identifier: AGPL-3.0-or-later
"""Privacy at the door: Finnish identity codes become keyed tokens, people become pseudonyms.

Ingest calls :func:`mask_frame` before anything else reads the data, so no raw identity code reaches
the event log, a rejects file, a report or a log message.  Tokens and pseudonyms are keyed HMACs: the
same value under the same key always gives the same token (joins, counts and month-to-month
comparisons still work), and nobody without the key can recompute them.  The key must stay secret:
identity codes are few enough (about 10^9) to try them all against a known key.

Work is done once per *distinct* value (for a categorical, once per category), so a million rows
with a few thousand distinct texts cost a few thousand regex scans, not a million.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
from functools import lru_cache
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa

from .errors import ConfigError, Message

__all__ = [
    "CHECK_CHARACTERS",
    "CENTURY_SIGNS",
    "IDENTITY_CODE_PATTERN",
    "SecretKey",
    "is_identity_code",
    "find_identity_codes",
    "mask_identity_codes",
    "mask_distinct_texts",
    "mask_frame",
    "pseudonymise",
    "resolve_key",
]

#: The check character is ``CHECK_CHARACTERS[int(DDMMYY + NNN) % 31]`` (DVV specification).
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
#: Century sign -> first year of the century; the 2023 reform added Y X W V U and B C D E F.
CENTURY_SIGNS = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
                 "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
TOKEN_PREFIX = "HETU-"
TOKEN_HEX_DIGITS = 12
PSEUDONYM_HEX_DIGITS = 8

# Dashes that word processors put in place of "-": a code written with them is still a person's code.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_NORMALISE_DASHES = str.maketrans(_DASHES, "-" * len(_DASHES))
_TOKEN = rf"{TOKEN_PREFIX}[0-9a-f]{{{TOKEN_HEX_DIGITS}}}"
_CODE = (rf"(?<![0-9])(?P<date>[0-9]{{6}})(?P<sign>[-+A-FU-Y{_DASHES}])(?P<number>[0-9]{{3}})"
         r"(?P<check>[A-FHJ-NPR-Y]|[0-9](?![0-9]))")
#: One regex finds every candidate.  Its first branch consumes tokens made earlier, so a token is
#: never read as (part of) a code and masking twice changes nothing (a token's hex can by chance read
#: like a lower-case code, e.g. "130431c705b").  Letters match in either case.
IDENTITY_CODE_PATTERN = re.compile(rf"{_TOKEN}|{_CODE}", re.IGNORECASE)
# A cheap superset of the pattern, run first; pyarrow evaluates it without the Python interpreter.
_PREFILTER = rf"[0-9]{{6}}[-+A-FU-Ya-fu-y{_DASHES}][0-9]{{3}}[0-9A-Za-z]"
_MAX_SCAN_BYTES = 1 << 28  # larger text buffers go straight to the regex (bounded memory)
_SCAN_BLOCK = 1 << 20
_SHORTEST_CODE = 11  # bytes of the shortest text the prefilter can match

_CENTURY_BY_ORD = np.zeros(128, dtype=np.int64)
for _sign, _year in CENTURY_SIGNS.items():
    _CENTURY_BY_ORD[ord(_sign)] = _year
_CHECK_ORDS = np.array([ord(c) for c in CHECK_CHARACTERS], dtype=np.uint32)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


class SecretKey(bytes):
    """Key bytes whose repr and str hide the value, so logging one by mistake leaks nothing."""

    def __repr__(self) -> str:
        return f"SecretKey(<{len(self)} bytes hidden>)"

    __str__ = __repr__


# ---------------------------------------------------------------------------------------------
# Recognising codes


def _normalise(codes: pd.Series) -> pd.Series:
    """The form that is hashed: plain hyphen, upper case (so 131052-308t and 131052-308T join)."""
    return codes.str.replace(f"[{_DASHES}]", "-", regex=True).str.upper()


def _valid_codes(codes: np.ndarray) -> np.ndarray:
    """Vectorised check of normalised 11-character candidates: century sign, date, number, checksum."""
    if len(codes) == 0:
        return np.zeros(0, dtype=bool)
    chars = np.asarray(codes, dtype="U11").view(np.uint32).reshape(-1, 11)
    digits = chars.astype(np.int64) - ord("0")
    day = digits[:, 0] * 10 + digits[:, 1]
    month = digits[:, 2] * 10 + digits[:, 3]
    number = digits[:, 7] * 100 + digits[:, 8] * 10 + digits[:, 9]
    sign = np.minimum(chars[:, 6], 127)
    century = _CENTURY_BY_ORD[sign]
    year = century + digits[:, 4] * 10 + digits[:, 5]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    in_month = _DAYS_IN_MONTH[np.clip(month, 0, 12)] + ((month == 2) & leap)
    base = digits[:, [0, 1, 2, 3, 4, 5, 7, 8, 9]] @ (10 ** np.arange(8, -1, -1, dtype=np.int64))
    return ((century > 0) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= in_month)
            & (number >= 2) & (chars[:, 10] == _CHECK_ORDS[base % 31]))


def is_identity_code(text: str) -> bool:
    """Whether ``text`` is exactly one valid Finnish personal identity code (henkilötunnus).

    DDMMYY, a century sign (+ 1800s; - Y X W V U 1900s; A B C D E F 2000s), a 3-digit individual
    number and the check character; the date must exist.  Individual numbers 002-899 are real
    persons and 900-999 temporary or test codes (000 and 001 are not issued): both count, because a
    temporary code still names a person.  Letters are accepted in either case.

    >>> is_identity_code("131052-308T"), is_identity_code("131052-308U")
    (True, False)
    """
    if not isinstance(text, str):
        return False
    match = IDENTITY_CODE_PATTERN.fullmatch(text)
    if match is None or match.group("date") is None:
        return False
    return bool(_valid_codes(_normalise(pd.Series([text], dtype="str")).to_numpy(dtype="U11"))[0])


def _maybe_codes(texts: pd.Series) -> np.ndarray:
    """Positions of the texts that may hold a code: six ASCII digits, then three more after a one-byte
    sign or a three-byte dash.  A byte test on the Arrow buffers, no regex per text: a million
    timestamps or case numbers (OL-2025-000001-K1) hold no such bytes, and the regex then runs on none.
    """
    if len(texts) < 10_000:
        return np.arange(len(texts))
    arrow = texts.array.__arrow_array__() if hasattr(texts.array, "__arrow_array__") else None
    if arrow is None or arrow.nbytes > _MAX_SCAN_BYTES:
        return np.arange(len(texts))
    found, start = [], 0
    for chunk in arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]:  # no copy into one buffer
        chunk = chunk.cast(pa.large_string()) if chunk.type != pa.large_string() else chunk
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset:chunk.offset + len(chunk) + 1]
        if chunk.buffers()[2] is not None and len(chunk):
            data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
            end = int(offsets[-1])
            for at in range(int(offsets[0]), end, _SCAN_BLOCK):  # small, reused temporaries
                found.append(_code_starts(data[at:min(at + _SCAN_BLOCK + 11, end)], at, offsets) + start)
        start += len(chunk)
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _code_starts(piece: np.ndarray, at: int, offsets: np.ndarray) -> np.ndarray:
    """Texts (by position in ``offsets``) with a code-like run starting in the first block of ``piece``."""
    block = min(_SCAN_BLOCK, len(piece))
    padded = np.zeros(block + 12, dtype=np.uint8)
    padded[:len(piece)] = piece  # piece: the block plus at most 11 bytes of lookahead
    digit = (padded - 48) < 10  # uint8 wraps: bytes below "0" fail too; the zero padding is no digit
    two = digit[:-1] & digit[1:]
    three = two[:-1] & digit[2:]
    six = two[:block] & two[2:block + 2] & two[4:block + 4]
    after = three[7:block + 7] | ((padded[6:block + 6] == 0xE2) & three[9:block + 9])
    run = np.flatnonzero(six & after) + at
    owner = np.searchsorted(offsets, run, side="right") - 1
    # The shortest match (six digits, a one-byte sign, three digits, the check character) ends inside
    # the same text: texts lie end to end in the buffer, and a run across two of them is no code.
    return np.unique(owner[run + _SHORTEST_CODE <= offsets[owner + 1]])


def _scan(texts: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(which texts hold a valid code, the distinct valid codes normalised); texts: "str", no NA."""
    hits = np.zeros(len(texts), dtype=bool)
    none = pd.Series([], dtype="str")
    if not len(texts):
        return hits, none
    maybe = _maybe_codes(texts)
    if len(maybe):
        maybe = maybe[texts.iloc[maybe].str.contains(_PREFILTER, regex=True).to_numpy(dtype=bool)]
    if not len(maybe):
        return hits, none
    found = [(i, m.group(0)) for i, text in zip(maybe, texts.iloc[maybe].tolist())
             for m in IDENTITY_CODE_PATTERN.finditer(text) if m.group("date") is not None]
    if not found:
        return hits, none
    where, raw = zip(*found)
    codes = _normalise(pd.Series(raw, dtype="str"))
    valid = _valid_codes(codes.to_numpy(dtype="U11"))
    hits[np.asarray(where)[valid]] = True
    return hits, pd.Series(codes[valid].unique(), dtype="str")


def _keyed_hex(key: bytes) -> Callable[[bytes], str]:
    """HMAC-SHA256 (RFC 2104) with the key schedule done once: a third of ``hmac.new`` per value."""
    block = hashlib.sha256().block_size
    padded = (hashlib.sha256(key).digest() if len(key) > block else bytes(key)).ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))

    def digest(message: bytes) -> str:
        first = inner.copy()
        first.update(message)
        second = outer.copy()
        second.update(first.digest())
        return second.hexdigest()

    return digest


def _mask_texts(texts: pd.Series, key: bytes) -> tuple[pd.Series, np.ndarray]:
    """Distinct texts with every valid code replaced by its token, and which of them changed."""
    hits, codes = _scan(texts)
    if not hits.any():
        return texts, hits
    keyed = _keyed_hex(key)
    tokens = {code: TOKEN_PREFIX + keyed(code.encode("ascii"))[:TOKEN_HEX_DIGITS] for code in codes}

    def replace(match: re.Match[str]) -> str:
        return tokens.get(match.group(0).translate(_NORMALISE_DASHES).upper(), match.group(0))

    out = texts.reset_index(drop=True).copy()
    out[hits] = [IDENTITY_CODE_PATTERN.sub(replace, text) for text in out[hits].tolist()]
    return out, hits


def mask_distinct_texts(texts: pd.Series, key: bytes) -> tuple[pd.Series, np.ndarray]:
    """Distinct texts (str, no NA) with every valid code replaced by its token, and which changed.

    For callers that hold a column as codes into its distinct texts already (ingest does).
    """
    masked, changed = _mask_texts(pd.Series(texts, dtype="str").reset_index(drop=True), key)
    return masked, np.asarray(changed, dtype=bool)


# ---------------------------------------------------------------------------------------------
# Working on distinct values while keeping dtype, index and NA


def _is_text(dtype: object) -> bool:
    if isinstance(dtype, pd.CategoricalDtype):
        return _is_text(dtype.categories.dtype)
    return isinstance(dtype, pd.StringDtype) or dtype == object


_DistinctFn = Callable[[pd.Series], tuple[pd.Series, np.ndarray]]


def _rebuild_categorical(values: pd.Series, categories: np.ndarray) -> pd.Series:
    """Categorical with new category labels; labels that became equal are merged."""
    if pd.Index(categories).is_unique:
        return values.cat.rename_categories(categories)
    inverse, uniques = pd.factorize(categories)
    codes = values.array.codes
    new_codes = np.where(codes >= 0, inverse[np.maximum(codes, 0)], -1)
    merged = pd.Categorical.from_codes(new_codes, categories=uniques, ordered=values.cat.ordered)
    return pd.Series(merged, index=values.index, name=values.name)


def _mostly_unique(values: pd.Series) -> bool:
    """Whether the first rows suggest many distinct texts (where filtering rows beats hashing them)."""
    head = values.iloc[:10_000]
    return len(values) > 50_000 and head.nunique() > len(head) // 5


def _apply_distinct(
    values: pd.Series, fn: _DistinctFn, prefilter: str | None = None
) -> tuple[pd.Series, np.ndarray]:
    """Run ``fn`` on the distinct strings of ``values``; (new values, rows that changed).

    With ``prefilter`` (a regex), rows of a string column that cannot match are dropped before the
    distinct values are taken: a cheap pyarrow scan instead of hashing a million unique texts.
    """
    rows = np.zeros(len(values), dtype=bool)
    if isinstance(values.dtype, pd.CategoricalDtype):
        positions = None
        labels, codes = values.cat.categories, values.array.codes
    elif isinstance(values.dtype, pd.StringDtype) and prefilter is not None and _mostly_unique(values):
        positions = _maybe_codes(values) if prefilter == _PREFILTER else np.arange(len(values))
        matched = values.iloc[positions].str.contains(prefilter, regex=True, na=False).to_numpy(dtype=bool)
        positions = positions[matched]
        codes, labels = pd.factorize(values.iloc[positions], use_na_sentinel=True)
    else:
        positions = None
        codes, labels = pd.factorize(values, use_na_sentinel=True)
    if isinstance(labels.dtype, pd.StringDtype):
        str_at = np.arange(len(labels))
    else:
        str_at = np.flatnonzero([isinstance(v, str) for v in labels])
    new_texts, changed_str = fn(pd.Series(np.asarray(labels, dtype=object)[str_at], dtype="str"))
    if not changed_str.any():
        return values, rows
    changed = np.zeros(len(labels), dtype=bool)
    changed[str_at[changed_str]] = True
    new_labels = np.asarray(labels, dtype=object).copy()
    new_labels[str_at[changed_str]] = new_texts.to_numpy(dtype=object)[changed_str]
    present = codes >= 0
    hit = np.zeros(len(codes), dtype=bool)
    hit[present] = changed[codes[present]]
    at = np.flatnonzero(hit) if positions is None else positions[hit]
    rows[at] = True
    if isinstance(values.dtype, pd.CategoricalDtype):
        return _rebuild_categorical(values, new_labels), rows
    out = values.copy()
    out.iloc[at] = new_labels[codes[hit]]
    return out, rows


# ---------------------------------------------------------------------------------------------
# Public masking API


def find_identity_codes(values: pd.Series) -> pd.Series:
    """Boolean Series: the value holds at least one valid identity code (anywhere in its text).

    >>> find_identity_codes(pd.Series(["Hakija 131052-308T soitti", "131052-308U", None])).tolist()
    [True, False, False]
    """
    if not _is_text(values.dtype):
        return pd.Series(False, index=values.index, name=values.name)
    _, rows = _apply_distinct(values, lambda texts: (texts, _scan(texts)[0]), _PREFILTER)
    return pd.Series(rows, index=values.index, name=values.name)


def mask_identity_codes(values: pd.Series, key: bytes) -> tuple[pd.Series, int]:
    """Replace every valid identity code by ``HETU-`` + 12 hex of HMAC-SHA256(key, code).

    The same code under the same key gives the same token, so joins still work.  Look-alikes with a
    wrong check character or an impossible date are left alone.  dtype (categorical stays
    categorical), index and NA are kept.  Returns the masked values and how many values held a code.

    >>> masked, n = mask_identity_codes(pd.Series(["Hakija 131052-308T soitti"]), b"k" * 32)
    >>> masked[0].startswith("Hakija HETU-"), n
    (True, 1)
    """
    if not _is_text(values.dtype):
        return values, 0
    out, rows = _apply_distinct(values, lambda texts: _mask_texts(texts, key), _PREFILTER)
    return out, int(rows.sum())


def _mask_index(index: pd.Index, key: bytes) -> tuple[pd.Index, int]:
    levels = [index.get_level_values(i) for i in range(index.nlevels)]
    held = np.zeros(len(index), dtype=bool)
    masked = []
    for level in levels:
        series = pd.Series(level, name=level.name)
        new, rows = (_apply_distinct(series, lambda t: _mask_texts(t, key), _PREFILTER)
                     if _is_text(level.dtype) else (series, np.zeros(len(index), dtype=bool)))
        held |= rows
        masked.append(pd.Index(new, name=level.name))
    if not held.any():
        return index, 0
    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_arrays(masked, names=index.names), int(held.sum())
    return masked[0], int(held.sum())


def mask_frame(frame: pd.DataFrame, key: bytes) -> tuple[pd.DataFrame, dict[str, int]]:
    """Mask identity codes in every text or categorical column and in a text index.

    Returns the masked frame (the input is not modified) and, for every column scanned, how many
    values held a code; the index is reported under its name, or "(index)".
    """
    out = frame.copy(deep=False)
    counts: dict[str, int] = {}
    for position, (name, dtype) in enumerate(frame.dtypes.items()):
        if not _is_text(dtype):
            continue
        masked, count = mask_identity_codes(frame.iloc[:, position], key)
        if count:
            out.isetitem(position, masked)
        counts[str(name)] = counts.get(str(name), 0) + count
    if any(_is_text(dtype) for dtype in _index_dtypes(frame.index)):
        index, count = _mask_index(frame.index, key)
        out.index = index
        label = "(index)"
        if isinstance(frame.index.name, str) and frame.index.name not in counts:
            label = frame.index.name
        counts[label] = count
    return out, counts


def _index_dtypes(index: pd.Index) -> list[object]:
    return [index.get_level_values(i).dtype for i in range(index.nlevels)]


# ---------------------------------------------------------------------------------------------
# Pseudonyms and the key


def _pseudonym_texts(texts: pd.Series, key: bytes, prefix: str) -> pd.Series:
    """Shortest unambiguous HMAC pseudonyms: 8 hex digits, lengthened only where two collide."""
    keyed = _keyed_hex(key)
    digests = np.array([keyed(b"pseudonym\x00" + t.encode("utf-8")) for t in texts], dtype=object)
    length = np.full(len(digests), PSEUDONYM_HEX_DIGITS)
    names = pd.Series([d[:PSEUDONYM_HEX_DIGITS] for d in digests], dtype=object)
    clash = names.duplicated(keep=False).to_numpy()
    while clash.any():  # distinct texts have distinct digests, so this ends well before 64 digits
        length[clash] += 2
        names[clash] = [d[:n] for d, n in zip(digests[clash], length[clash])]
        clash = names.duplicated(keep=False).to_numpy()
    return (prefix + "-" + names).astype("str")


def pseudonymise(values: pd.Series, key: bytes, *, prefix: str = "user") -> pd.Series:
    """Replace every value by a keyed pseudonym such as ``user-3f9a1c07``; NA stays NA.

    Pseudonyms are 8 hex digits of HMAC-SHA256 and are lengthened where two distinct values would
    share them, so distinct values always stay distinct.  Categorical stays categorical.  Every
    value is renamed: the caller decides which columns and values (not system accounts) to pass.

    >>> pseudonymise(pd.Series(["Maija", "Matti", "Maija"]), b"k" * 32).nunique()
    2
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        labels = values.cat.categories
        text_values = (values if _is_text(values.dtype) and all(isinstance(v, str) for v in labels)
                       else _rebuild_categorical(values, np.asarray(labels.astype(str), dtype=object)))
    else:
        text_values = values.astype("str")  # numbers too: a pseudonym is always text; NA stays NA

    def rename(texts: pd.Series) -> tuple[pd.Series, np.ndarray]:
        inverse, distinct = pd.factorize(texts)
        names = _pseudonym_texts(pd.Series(distinct, dtype="str"), key, prefix)
        return pd.Series(names.to_numpy()[inverse], dtype="str"), np.ones(len(texts), dtype=bool)

    out, _ = _apply_distinct(text_values, rename)
    if not isinstance(values.dtype, pd.CategoricalDtype) and _is_text(values.dtype):
        return out.astype(values.dtype)
    return out


@lru_cache(maxsize=1)
def _process_key() -> SecretKey:
    """One random key per process, so tokens at least agree within one run."""
    return SecretKey(secrets.token_bytes(32))


def resolve_key(explicit: str | None, env_var: str = "RPA_FINDER_KEY") -> tuple[bytes, bool]:
    """The HMAC key: the configured value, else the environment variable, else a random one.

    The bool says whether the key is stable between runs; when False, tokens and pseudonyms differ
    from run to run and the caller should warn.  The key is returned as :class:`SecretKey`, whose
    repr hides it; never log, print or write it.
    """
    if explicit is not None:
        if not explicit:
            raise ConfigError("the privacy key is empty", where="[privacy] key",
                              fix=Message("remove the key to use ${variable}, or set a long random value",
                                          variable=env_var))
        return SecretKey(explicit.encode("utf-8")), True
    from_env = os.environ.get(env_var, "")
    if from_env:
        return SecretKey(from_env.encode("utf-8")), True
    return _process_key(), False
