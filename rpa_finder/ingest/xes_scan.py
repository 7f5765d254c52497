# SPDX-License-Identifier: AGPL-3.0-or-later
"""The fast path of the XES reader: the traces cut into columns by C-level splits, typed per column.

Why it exists: lxml calls back into Python once per element start and end, which caps a parser-target
reader near the speed of bare ``iterparse``.  Real exports (OpenXES, pm4py, Disco) write the traces
in one plain shape, ``<trace>``, ``<event>`` and self-closing ``<string key="k" value="v"/>`` lines,
so the whole trace section can be cut into (tag, key, value) triples by two pyarrow string splits
(at ``<`` and at ``"``) and assigned to rows with numpy, with no Python work per event or value.

Why it is exact: the fast path only answers when it can prove the document is that plain shape, and
returns ``None`` otherwise, so that :mod:`rpa_finder.ingest.xes` reads the file with lxml exactly as
before (and reports any error with its line).  The proof:

* every ``<`` of the trace section starts one recognised token (so there are no comments, CDATA,
  processing instructions, nested or namespaced elements, lists, meta-attributes or other quoting);
* the tokens nest as ``(<trace> (attribute | <event> attribute* </event>)* </trace>)*``;
* keys and values hold only the five predefined entities and valid character references, no raw
  tab/newline (which XML would turn into spaces), no character XML forbids, no text ``&`` or ``]]>``;
* the rest of the document (prologue, log header, closing tag) is read by lxml with the original
  parser target, which refuses DOCTYPE and checks the root; the traces must sit directly in ``<log>``
  and no event may stand outside a trace.

Documents bigger than :data:`MAX_SCAN_BYTES` are left to the streaming path, whose memory follows the
output table rather than the document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .headers import MAX_COLUMNS
from .xes_values import ColumnarValues

__all__ = ["MAX_SCAN_BYTES", "ScanResult", "scan_document"]

#: Decompressed size up to which the fast path holds the document in memory (with its split pieces).
MAX_SCAN_BYTES = 512 << 20

_TYPES = ("string", "date", "int", "float", "boolean", "id")
_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
#: What lxml (libxml2 without entity substitution) reports for each reference: an ampersand, however
#: written, comes back as the text ``&#38;``; the other references are replaced.
_NAMED = {"amp": "&#38;", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml([^>]*)\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
_VERSION = re.compile(rb"""version\s*=\s*["']1\.0["']""")
_WHITESPACE = np.array([9, 10, 13], dtype=np.uint8)
_STRUCT = {"trace>": 0, "/trace>": 1, "event>": 2, "/event>": 3}
#: Every tag a token can have, in a fixed order: a token's tag is kept as its index here.
_TAGS = ("trace>", "/trace>", "event>", "/event>", *_TYPES)
_TAG_CODE = {name: code for code, name in enumerate(_TAGS)}
_ATTRIBUTE_HEAD = re.compile(r"(string|date|int|float|boolean|id)[ \t\r\n]+key=\Z")
_STRUCTURAL_HEAD = re.compile(r"(/?event>|/?trace>)")  # then character data (no '<', '"'; '&' checked)
_MIDDLE = re.compile(r"[ \t\r\n]+value=\Z")
_END = re.compile(r"[ \t\r\n]*/>")  # then character data
#: Bytes of the trace section split at a time (the pieces of one slice are about three times that).
_SLICE = 16 << 20


@dataclass
class ScanResult:
    """What the reader needs from a parse, in the shape :func:`rpa_finder.ingest.xes.read_xes` uses."""

    events: ColumnarValues
    traces: ColumnarValues
    event_trace: np.ndarray
    event_ordinal: np.ndarray
    n_traces: int
    log_attrib: dict[str, str]
    n_globals: dict[str, int]
    outside: list[int] = field(default_factory=list)


def scan_document(path: Path, data: bytes, header_reader) -> ScanResult | None:
    """The parse of a plain XES document, or None when the lxml path must read it.

    ``header_reader(path, document)`` parses the document with the trace section taken out and
    returns the original parser target (log attributes, globals) or raises.
    """
    if len(data) > MAX_SCAN_BYTES or not _plain_bytes(data) or not _utf8(data):
        return None
    start, end = data.find(b"<trace>"), data.rfind(b"</trace>")  # byte positions from here on
    if start < 0 or end < start:
        return None
    end += len(b"</trace>")
    header = _read_header(path, data[:start], data[end:], header_reader)
    if header is None or data.find(b"]]>", start, end) >= 0:
        return None
    tokens = _tokenise(data, start, end)
    if tokens is None:
        return None
    tag_codes, keys, values = tokens
    structure = _structure(tag_codes, _TAGS)
    if structure is None:
        return None
    is_attribute, in_event, event_row, trace_row, n_events, n_traces, opens = structure
    names = list(_TAGS)
    tag_codes, in_event = tag_codes[is_attribute], in_event[is_attribute]  # keys, values: attributes only
    event_row, trace_row_of = event_row[is_attribute], trace_row[is_attribute]
    event_part, trace_part = np.flatnonzero(in_event), np.flatnonzero(~in_event)
    events = ColumnarValues(tag_codes[event_part], names, keys[event_part], values[event_part], event_row[event_part])
    traces = ColumnarValues(tag_codes[trace_part], names, keys[trace_part], values[trace_part], trace_row_of[trace_part])
    if len(events.order) > MAX_COLUMNS or len(traces.order) > MAX_COLUMNS:
        return None  # the lxml path refuses it with the place where the limit was passed
    return ScanResult(
        events=events,
        traces=traces,
        event_trace=trace_row[opens],
        event_ordinal=np.arange(1, n_events + 1, dtype=np.int64),
        n_traces=n_traces,
        log_attrib=header.log_attrib,
        n_globals=header.n_globals,
    )


def _utf8(data: bytes) -> bool:
    """Whether the bytes are valid UTF-8, checked a megabyte at a time (no copy of the document)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for offset in range(0, len(data), 1 << 20):
            decoder.decode(view[offset:offset + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _tokenise(data: bytes, start: int, end: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Tag code of every token of ``data[start:end]`` (valid UTF-8), and key and value of each
    attribute token among them; None if some ``<`` starts no plain token.

    Read in slices of about :data:`_SLICE` bytes cut after a ``</trace>``, so that the split pieces of
    only one slice exist at a time.
    """
    columns = []
    position = start
    while position < end:
        stop = data.find(b"</trace>", min(position + _SLICE, end))
        stop = end if stop < 0 or stop + 8 >= end else stop + 8
        tokens = _tokenise_slice(data, position, stop)
        if tokens is None:
            return None
        columns.append(tokens)
        position = stop
    return tuple(np.concatenate(column) for column in zip(*columns))


def _tokenise_slice(data: bytes, start: int, end: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """:func:`_tokenise` for one slice that starts at a tag or at the text after a ``</trace>``.

    Done by splitting in C (pyarrow): at ``<`` into one piece per element, then each piece at ``"``;
    a plain attribute ``string key="k" value="v"/>`` gives exactly five parts, a ``<trace>``/``<event>``
    tag one.  The few distinct first, middle and last parts are then checked in Python, so keys and
    values are never scanned by a Python regular expression.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    # the system allocator gives freed buffers back at once (Arrow's own pool would keep them)
    pool = pa.system_memory_pool()

    def take(values, positions):
        return pc.take(values, pa.array(positions, memory_pool=pool), memory_pool=pool)

    def joined(texts) -> bytes:  # the UTF-8 of all texts end to end, from the array's own buffer
        if not len(texts):
            return b""
        _, offsets, chars = texts.buffers()
        bounds = np.frombuffer(offsets, dtype=np.int64)[[texts.offset, texts.offset + len(texts)]]
        return chars[int(bounds[0]):int(bounds[1])].to_pybytes()

    def longest(texts) -> int:
        return pc.max(pc.utf8_length(texts, memory_pool=pool), memory_pool=pool).as_py() or 0

    offsets = pa.py_buffer(np.array([start, end], dtype=np.int64).tobytes())
    section = pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data))  # the bytes in place
    pieces = pc.list_flatten(pc.split_pattern(section, "<", memory_pool=pool)).slice(1)  # text before the first '<'
    del section
    parts = pc.split_pattern(pieces, '"', memory_pool=pool)
    del pieces
    lengths = pc.list_value_length(parts, memory_pool=pool).to_numpy(zero_copy_only=False).astype(np.int64)
    flat = pc.list_flatten(parts)
    first = np.cumsum(lengths) - lengths
    heads = pc.dictionary_encode(take(flat, first), memory_pool=pool)
    head_tags = [_head_tag(str(h)) for h in heads.dictionary.to_pylist()]
    if None in head_tags:
        return None
    tags = np.array(head_tags, dtype=np.int8)[heads.indices.to_numpy(zero_copy_only=False)]
    attribute = tags >= 4
    if not (lengths[attribute] == 5).all() or not (lengths[~attribute] == 1).all():
        return None
    at = first[attribute]
    for offset, check in ((2, _MIDDLE), (4, _END)):
        written = pc.unique(take(flat, at + offset), memory_pool=pool).to_pylist()
        if not all(check.match(part) for part in written):
            return None
    keys, texts = take(flat, at + 1), take(flat, at + 3)
    del parts, flat, heads
    if len(at) and (longest(keys) > 100_000 or longest(texts) > 1_000_000):
        return None  # the lxml path judges very long texts (its limits)
    written = joined(keys) + joined(texts)
    if any(c in written for c in (b"\t", b"\r", b"\n")):
        return None  # XML turns these into spaces: left to the lxml path
    amps = written.count(b"&")
    del written
    if amps != data.count(b"&", start, end):
        return None  # an '&' in text between tags (the lxml path judges it)
    key_codes = pc.dictionary_encode(keys, memory_pool=pool)  # one string object per distinct key
    key_array = _resolve_references(np.asarray(key_codes.dictionary.to_pylist() + [""], dtype=object))
    if key_array is None:
        return None
    key_array = key_array[key_codes.indices.to_numpy(zero_copy_only=False)]
    values = texts.to_numpy(zero_copy_only=False)
    if amps:
        marked = np.flatnonzero(pc.match_substring(texts, "&", memory_pool=pool).to_numpy(zero_copy_only=False))
        resolved = _resolve_references(values[marked])
        if resolved is None:
            return None
        values[marked] = resolved
    return tags, key_array, values


def _head_tag(head: str) -> int | None:
    """The tag code of a piece's first part, or None if it is no plain token."""
    attribute = _ATTRIBUTE_HEAD.match(head)
    if attribute:
        return _TAG_CODE[attribute.group(1)]
    structural = _STRUCTURAL_HEAD.match(head)
    return _TAG_CODE[structural.group(1)] if structural else None


def _plain_bytes(data: bytes) -> bool:
    """UTF-8 (declared or by default), XML 1.0, no character XML forbids, no DOCTYPE/ENTITY before the traces."""
    declaration = _DECLARATION.match(data[:300])
    if declaration:
        encoding = _ENCODING.search(declaration.group(1))
        if not _VERSION.search(declaration.group(1)):
            return False  # XML 1.1 ends lines differently; the lxml path reads it
        if encoding and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
            return False
    elif not data.startswith((b"<", b"\xef\xbb\xbf<")):
        return False
    octets = np.frombuffer(data, dtype=np.uint8)
    controls = octets[octets < 32]
    if not np.isin(controls, _WHITESPACE).all():
        return False  # a control character XML forbids
    if data.find(b"\xef\xbf") >= 0 and (b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data):
        return False  # U+FFFE / U+FFFF
    head = data[:data.find(b"<trace>")]  # a DOCTYPE anywhere later is a syntax error for lxml anyway
    return b"<!DOCTYPE" not in head and b"<!ENTITY" not in head


def _read_header(path: Path, head: bytes, tail: bytes, header_reader):
    """The log header and closing part, read by the original parser target around one empty trace.

    The empty ``<trace></trace>`` stands where the trace section was: it must open directly inside
    <log>, and the rest of the document must hold no other trace or event.
    """
    from ..errors import RpaFinderError

    try:
        target = header_reader(path, head + b"<trace></trace>" + tail)
    except (RpaFinderError, ValueError, LookupError):
        return None
    if target.n_traces != 1 or target.n_seen != 0 or target.first_trace_parent != ["#log"]:
        return None
    return target


def _structure(codes: np.ndarray, names):
    """Rows of every token, or None unless traces and events nest as XES wants them."""
    lookup = np.array([_STRUCT.get(name, 4) for name in names], dtype=np.int8)
    kind = lookup[codes] if len(names) else np.zeros(0, dtype=np.int8)
    trace_step = (kind == 0).astype(np.int8) - (kind == 1)
    event_step = (kind == 2).astype(np.int8) - (kind == 3)
    trace_depth = np.cumsum(trace_step, dtype=np.int64)  # after each token
    event_depth = np.cumsum(event_step, dtype=np.int64)
    if len(kind) == 0 or trace_depth.min() < 0 or trace_depth.max() > 1 or trace_depth[-1] != 0:
        return None
    if event_depth.min() < 0 or event_depth.max() > 1 or event_depth[-1] != 0:
        return None
    is_event_tag = (kind == 2) | (kind == 3)
    is_trace_tag = (kind == 0) | (kind == 1)
    is_attribute = kind == 4
    # an event tag must stand inside a trace (depth 1 after <event> and after </event> alike)
    if not (trace_depth[is_event_tag] == 1).all():
        return None
    # a trace tag never inside an event, an attribute never outside a trace
    if not (event_depth[is_trace_tag] == 0).all() or not (trace_depth[is_attribute] == 1).all():
        return None
    in_event = event_depth == 1
    event_row = np.cumsum(kind == 2, dtype=np.int64) - 1
    trace_row = np.cumsum(kind == 0, dtype=np.int64) - 1
    opens = kind == 2
    return is_attribute, in_event, event_row, trace_row, int(opens.sum()), int((kind == 0).sum()), opens


def _resolve_references(texts: np.ndarray) -> np.ndarray | None:
    """Entity and character references replaced, as XML does; None if one is not allowed there."""
    codes, uniques = pd.factorize(texts)
    uniques = np.asarray(uniques, dtype=object)
    marked = np.fromiter(("&" in t for t in uniques), dtype=bool, count=len(uniques))
    if not marked.any():
        return texts
    for position in np.flatnonzero(marked):
        resolved = _resolve_one(uniques[position])
        if resolved is None:
            return None
        uniques[position] = resolved
    return uniques[codes]


def _resolve_one(text: str) -> str | None:
    parts = _REFERENCE.split(text)
    out = [parts[0]]
    for i in range(1, len(parts), 4):
        named, decimal, hexadecimal, after = parts[i], parts[i + 1], parts[i + 2], parts[i + 3]
        if named:
            out.append(_NAMED[named])
        else:
            number = int(decimal) if decimal else int(hexadecimal, 16)
            if not _xml_char(number):
                return None
            out.append("&#38;" if number == 38 else chr(number))
        out.append(after)
    if any("&" in piece for piece in (parts[0], *parts[4::4])):
        return None  # a bare '&' or an entity XML does not predefine
    return "".join(out)


def _xml_char(number: int) -> bool:
    return number in (9, 10, 13) or 0x20 <= number <= 0xD7FF or 0xE000 <= number <= 0xFFFD or 0x10000 <= number <= 0x10FFFF
