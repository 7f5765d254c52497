# SPDX-License-Identifier: AGPL-3.0-or-later
"""Read an XES event log (.xes or gzip-compressed) into a RawTable, safely and in one streaming pass.

Why it is written this way:

* Security: XES files come from outside.  A document with a DOCTYPE (the only place entities can be
  declared) is refused before the XML parser sees it, and lxml runs with ``resolve_entities=False``,
  ``no_network=True``, ``load_dtd=False`` and without ``huge_tree``, so external entities, entity
  bombs and 10 MB+ text nodes cannot cost memory or leak local files.
* Speed: a document in the plain shape every exporter writes (self-closing typed attributes in
  <event>s in <trace>s, up to :data:`~.xes_scan.MAX_SCAN_BYTES`) is cut into columns by pyarrow
  string splits (:mod:`rpa_finder.ingest.xes_scan`), which prove the shape first and otherwise hand
  the bytes back; the log header around the traces is still read by lxml below.
* Streaming: any other document is fed in 1 MiB chunks to lxml's parser-target API (one Python call
  per element start/end, no tree is ever built), so memory follows the output table, not the document.
  Both paths give identical tables (``tests/test_xes_equivalence.py``, ``tests/test_xes_scan.py``).
* Typing: values are collected as text and typed once per column, once per distinct text
  (:mod:`rpa_finder.ingest.xes_values`); the DataFrame is built once.

Choices, matching ``pm4py.read_xes`` 2.7 (its lxml "iterparse" importer) where it has one:

* <global> defaults are NOT filled into events or traces (pm4py keeps them aside in
  ``log.omni_present``); the reader only counts them in ``details``.
* An attribute nested inside another attribute (meta-attribute) is ignored; the outer value is kept.
  A <list>/<container> becomes compact JSON text ``[[key, value], ...]``; pm4py keeps a dict there.
* A key written with several types becomes float (int + float) or text (anything else).
* Events outside a <trace>, and events of a trace without ``concept:name``, go to ``rejects``.
"""
from __future__ import annotations

import collections
import gzip
import itertools
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
from lxml import etree

from ..errors import BadDataError, InputMissingError, Message
from ..eventlog import AttributeInfo
from .bounded import BoundedGzip
from .headers import MAX_COLUMNS
from .raw import RawTable, make_rejects
from .xes_scan import MAX_SCAN_BYTES, scan_document
from .xes_values import XES_TYPES, ValueColumns, encode_list, measure_midnight_share

__all__ = ["read_xes", "judge_certification_level"]

_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"
_CASE_COLUMN = "case:concept:name"
_ROLE_KEYS = {
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "resource": "org:resource",
    "lifecycle": "lifecycle:transition",
}
#: Prefixes of the standard XES extensions (IEEE 1849-2016 and those the XES WG adopted since).
STANDARD_PREFIXES = frozenset(
    {"concept", "lifecycle", "org", "time", "semantic", "identity", "cost", "micro",
     "swcomm", "swevent", "swtel", "artifactlifecycle"}
)
#: Nesting an XES document never needs (log/trace/event/list/values/attribute is six); deeper is refused
#: before anything recursive (the JSON text of a nested list) meets it.
_MAX_DEPTH = 64
_FIX_XML = Message("export the log again as XES from the source system (or check the file was copied completely)")


def _open_chunks(path: Path):
    """Yield the decompressed bytes of the file in chunks; gzip is recognised by its magic bytes."""
    try:
        with open(path, "rb") as raw:
            head = raw.read(2)
    except FileNotFoundError:
        raise InputMissingError("file not found", file=path, fix="check the path") from None
    except IsADirectoryError:
        raise InputMissingError("is a folder, not an XES file", file=path,
                                fix="give the path of a .xes or .xes.gz file") from None
    except OSError as exc:
        raise InputMissingError(Message("cannot be opened ({reason})", reason=exc.strerror), file=path,
                                fix="check permissions") from None
    compressed = head == _GZIP_MAGIC

    def chunks():
        try:
            with (BoundedGzip(path) if compressed else open(path, "rb")) as stream:
                while chunk := stream.read(_CHUNK):
                    yield chunk
        except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
            raise BadDataError(
                Message("the gzip data is corrupt or cut short ({kind}: {error})", kind=type(exc).__name__,
                        error=str(exc)),
                file=path, where="gzip stream", fix="copy or export the file again; `gzip -t` shows the damage",
            ) from None

    return compressed, chunks()


def _refuse_doctype(path: Path, prologue: bytes, lines_before: int = 0) -> None:
    """DOCTYPE/ENTITY before the root element is refused before the parser sees it, with its line."""
    positions = [p for p in (prologue.find(b"<!DOCTYPE"), prologue.find(b"<!ENTITY")) if p >= 0]
    if positions:
        line = lines_before + prologue.count(b"\n", 0, min(positions)) + 1
        raise BadDataError(
            "DOCTYPE/entity declarations are not allowed in XES",
            file=path, where=Message("line {line}", line=line),
            fix="remove the <!DOCTYPE ...> block (XES needs none) or export the log again",
        )


_STRUCTURE = ("log", "trace", "event", "global")


class _Target:
    """lxml parser target: one call per element start/end, no tree kept, values collected as text.

    Only attributes directly inside an <event> or <trace> are read; anything nested deeper inside an
    attribute is a meta-attribute and ignored, except the items of a <list>/<container>.
    """

    def __init__(self, path: Path):
        self.path = path
        self.events = ValueColumns()
        self.traces = ValueColumns()
        self.event_trace: list[int] = []      # row -> trace ordinal
        self.event_ordinal: list[int] = []    # row -> 1-based <event> number in the document
        self.outside: list[int] = []          # <event> numbers outside any trace
        self.n_seen = 0
        self.n_traces = 0
        self.log_attrib: dict[str, str] = {}
        self.n_globals: dict[str, int] = {}
        self.root_seen = False
        self.where: list[str] = []            # open structural elements (log/trace/event/global/other)
        self.target: dict | None = None       # by_kind dict attributes go to, None: ignored
        self.columns: ValueColumns | None = None
        self.row = 0
        self.depth = 0                        # >0: inside an attribute element
        self.lists: list[tuple[int, str | None, list]] = []   # open lists: (depth, key, items)
        self.kind_of: dict[str, str] = {}
        self.event_in_trace = False
        self.scope = "event"
        self.first_trace_parent: list[str] | None = None  # open elements around the first <trace>

    def _classify(self, tag: str) -> str:
        local = tag[tag.rfind("}") + 1:]
        kind = XES_TYPES.get(local)
        if kind is None:
            kind = "#" + (local if local in _STRUCTURE else "other")
        self.kind_of[tag] = kind
        return kind

    def doctype(self, name, pubid, system) -> None:
        raise BadDataError("DOCTYPE/entity declarations are not allowed in XES", file=self.path,
                           where="document prologue", fix="remove the <!DOCTYPE ...> block or export the log again")

    def start(self, tag, attrib) -> None:
        kind = self.kind_of.get(tag) or self._classify(tag)
        if self.depth:
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                self._refuse_depth()
            if self.lists and kind[0] != "#" and self.depth - self.lists[-1][0] <= 2:
                self._list_item(kind, attrib)
            return
        if kind[0] != "#":
            self.depth = 1
            if self.target is None:
                return
            key = attrib.get("key")
            if key is None:
                return
            if kind == "list":
                self.lists.append((1, key, []))
                return
            slot = self.target[kind].get(key)  # inlined: this line runs once per attribute
            if slot is None:
                slot = self._new_slot(kind, key)
            slot[0].append(self.row)
            slot[1].append(attrib.get("value"))
            return
        self._open(kind, tag, attrib)

    def _refuse_depth(self) -> None:
        raise BadDataError(Message("elements nested more than {depth} levels deep", depth=_MAX_DEPTH), file=self.path,
                           where=Message("<event> number {number}", number=self.n_seen) if self.n_seen
                           else "inside the log", fix=_FIX_XML)

    def _new_slot(self, kind: str, key: str) -> tuple[list[int], list[object]]:
        if len(self.columns.order) >= MAX_COLUMNS:
            raise BadDataError(Message("more than {limit} distinct attribute keys", limit=MAX_COLUMNS), file=self.path,
                               where=Message("<event> number {number}", number=self.n_seen) if self.n_seen
                               else "a <trace>",
                               fix="export only the attributes the analysis needs")
        slot = self.target[kind][key] = ([], [])
        self.columns.order[key] = None
        return slot

    def _store(self, kind: str, key: str, value) -> None:
        slot = self.target[kind].get(key) or self._new_slot(kind, key)
        slot[0].append(self.row)
        slot[1].append(value)

    def _list_item(self, kind: str, attrib) -> None:
        if kind == "list":
            self.lists.append((self.depth, attrib.get("key"), []))
        else:  # a direct item, or one inside the list's <values> wrapper
            self.lists[-1][2].append([attrib.get("key"), attrib.get("value")])

    def _open(self, kind: str, tag: str, attrib) -> None:
        if not self.root_seen:
            self.root_seen = True
            if kind != "#log":
                raise BadDataError(
                    Message("root element is <{element}>, not <log>: this is not an XES event log",
                            element=tag[tag.rfind('}') + 1:]),
                    file=self.path, where="root element", fix="give an XES file (root element <log>)",
                )
            self.log_attrib = {str(k): str(v) for k, v in attrib.items()}
        inside = self.where[-1] if self.where else ""
        self.where.append(kind)
        if len(self.where) > _MAX_DEPTH:
            self._refuse_depth()
        self.target = None
        if kind == "#event":
            self.n_seen += 1
            if inside == "#event":
                raise BadDataError("<event> inside another <event>", file=self.path,
                                   where=Message("<event> number {number}", number=self.n_seen), fix=_FIX_XML)
            self.event_in_trace = inside == "#trace"
            if not self.event_in_trace:
                self.outside.append(self.n_seen)
                return
            self.row = len(self.event_trace)
            self.event_trace.append(self.n_traces)
            self.event_ordinal.append(self.n_seen)
            self.columns, self.target = self.events, self.events.by_kind
        elif kind == "#trace":
            if "#trace" in self.where[:-1]:
                raise BadDataError("<trace> inside another <trace>", file=self.path,
                                   where=Message("<trace> number {number}", number=self.n_traces + 1), fix=_FIX_XML)
            if self.first_trace_parent is None:
                self.first_trace_parent = self.where[:-1]
            self._enter_trace()
        elif kind == "#global":
            self.scope = attrib.get("scope", "event")

    def _enter_trace(self) -> None:
        self.row = self.n_traces
        self.columns, self.target = self.traces, self.traces.by_kind

    def end(self, tag) -> None:
        if self.depth == 1 and not self.lists and self.target is not None:  # the common case
            self.depth = 0
            return
        if self.depth:
            if self.lists and self.lists[-1][0] == self.depth:
                _, key, items = self.lists.pop()
                if self.lists:
                    self.lists[-1][2].append([key, items])
                elif self.target is not None:
                    self._store("list", key, encode_list(items))
            elif self.depth == 1 and self.where and self.where[-1] == "#global":
                self.n_globals[self.scope] = self.n_globals.get(self.scope, 0) + 1
            self.depth -= 1
            return
        kind = self.where.pop() if self.where else ""
        if kind == "#trace":
            self.n_traces += 1
        top = self.where[-1] if self.where else ""
        if top == "#trace":
            self._enter_trace()
        elif top == "#event" and self.event_in_trace:
            self.row = len(self.event_trace) - 1
            self.columns, self.target = self.events, self.events.by_kind
        else:
            self.target = None

    def close(self) -> bool:
        return self.root_seen


def _parse(path: Path):
    """The fast scan of a plain document (:mod:`.xes_scan`), else the streaming lxml parse."""
    compressed, chunks = _open_chunks(path)
    held, rest = _hold(chunks)
    if rest is None:
        data = b"".join(held)
        held.clear()  # the joined copy is the only one kept
        scanned = scan_document(path, data, _parse_header)
        if scanned is not None:
            return scanned, compressed
        return _parse_stream(path, _slices(data)), compressed
    return _parse_stream(path, itertools.chain(_drain(held), rest)), compressed


def _drain(held: collections.deque):
    """The held chunks, each let go once the parser has it (memory as in plain streaming)."""
    while held:
        yield held.popleft()


def _slices(data: bytes):
    return (data[i:i + _CHUNK] for i in range(0, len(data), _CHUNK))


def _hold(chunks):
    """The first chunks up to the fast path's size limit; ``rest`` is None when that was all.

    A gzip error met while holding is raised only after the held chunks were parsed, as the
    streaming path would meet it.
    """
    held, size = collections.deque(), 0
    try:
        for chunk in chunks:
            held.append(chunk)
            size += len(chunk)
            if size > MAX_SCAN_BYTES:
                return held, chunks
    except BadDataError as exc:
        return held, _raise_later(exc)
    return held, None


def _raise_later(exc: BadDataError):
    """An empty chunk stream that raises ``exc`` when the parse reaches it."""
    yield from ()
    raise exc


def _parse_header(path: Path, document: bytes) -> _Target:
    """The original target over a small document (the log without its traces); errors raise."""
    return _parse_stream(path, _slices(document))


def _parse_stream(path: Path, chunks) -> _Target:
    target = _Target(path)
    parser = etree.XMLParser(
        target=target,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    lines_before, tail, blank = 0, b"", True
    try:
        for chunk in chunks:
            if not target.root_seen:  # the prologue: where a DOCTYPE would be; refused before parsing
                window = tail + chunk
                _refuse_doctype(path, window, lines_before - tail.count(b"\n"))
                lines_before += chunk.count(b"\n")
                tail = window[-16:]
                blank = blank and not chunk.strip()
            parser.feed(chunk)
        if blank:
            raise BadDataError("the file is empty" if not tail else "the file holds only whitespace",
                               file=path, where=Message("line {line}", line=1), fix="export the event log again")
        parser.close()
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or "?"
        message = str(getattr(exc, "msg", None) or exc).split(" (line")[0].split(", line ")[0]
        raise BadDataError(Message("not well-formed XML: {error}", error=message), file=path,
                           where=Message("line {line}", line=line), fix=_FIX_XML) from None
    except UnicodeDecodeError as exc:
        raise BadDataError(Message("text is not in the declared encoding ({reason})", reason=exc.reason), file=path,
                           where=Message("byte {offset}", offset=exc.start), fix=_FIX_XML) from None
    except (ValueError, LookupError) as exc:  # e.g. an unknown encoding named in the XML declaration
        raise BadDataError(Message("cannot be read as XML ({error})", error=str(exc)), file=path,
                           where="XML declaration", fix=_FIX_XML) from None
    if not target.root_seen:
        raise BadDataError("no XML element found", file=path, where=Message("line {line}", line=1),
                           fix="give an XES file (root element <log>)")
    return target


def judge_certification_level(events: pd.DataFrame, case_ids: pd.Series, trace_keys: list[str]) -> str:
    """Level A-D of the XES certification (XES WG, 2017) the content meets, with the reason.

    A: case ids and activity names; B: A + lifecycle:transition and time:timestamp; C: B +
    org:resource; D: C + only attributes of standard extensions.  Flag X: attributes without a
    standard extension.  "below A" when a case or activity name is missing.
    """
    keys = [c for c in events.columns if c != _CASE_COLUMN] + [k for k in trace_keys if k != "concept:name"]

    def complete(column: str) -> bool:
        return column in events.columns and bool(events[column].notna().all())

    extra = sorted({k for k in keys if k not in ("concept:name", "time:timestamp", "lifecycle:transition", "org:resource")})
    nonstandard = [k for k in extra if k.split(":", 1)[0] not in STANDARD_PREFIXES or ":" not in k]
    flag = f" with flag X ({len(nonstandard)} attributes outside standard extensions, e.g. {nonstandard[0]})" if nonstandard else ""
    if events.empty or not bool(case_ids.notna().all()) or not complete("concept:name"):
        return f"below A{flag}: not every trace has a concept:name and every event an activity name (concept:name)"
    if not (complete("time:timestamp") and complete("lifecycle:transition")):
        return f"A{flag}: case ids and activity names on all events, but not every event has time:timestamp and lifecycle:transition"
    if not complete("org:resource"):
        return f"B{flag}: timestamps and lifecycle transitions on all events, but not every event has org:resource"
    if len(extra) > len(nonstandard):
        return f"D{flag}: level C plus attributes of standard extensions"
    return f"C{flag}: case, activity, timestamp, lifecycle and org:resource on every event"


def read_xes(path: Path, *, timezone: str = "Europe/Helsinki") -> RawTable:
    """Read an XES log (.xes or .xes.gz, detected by content) into a RawTable with typed columns.

    >>> raw = read_xes(Path("running-example.xes"))  # doctest: +SKIP
    >>> raw.roles["activity"], raw.events["time:timestamp"].dtype  # doctest: +SKIP
    ('concept:name', datetime64[ns, UTC])
    """
    path = Path(path)
    reader, compressed = _parse(path)
    n_rows = len(reader.event_trace)
    event_columns, event_types = reader.events.build(n_rows, timezone)
    trace_columns, trace_types = reader.traces.build(reader.n_traces, timezone)

    names = trace_columns.get("concept:name", pd.Series([pd.NA] * reader.n_traces, dtype="str"))
    names = names.astype("str") if trace_types.get("concept:name", "string") != "string" else names
    trace_of_event = np.asarray(reader.event_trace, dtype=np.int64)
    case_ids = pd.Series(names.to_numpy(dtype=object)[trace_of_event], dtype="str")
    events = pd.DataFrame({_CASE_COLUMN: case_ids, **event_columns}, copy=False)
    source_rows = np.asarray(reader.event_ordinal, dtype=np.int64)

    keep = case_ids.notna().to_numpy()
    reject_rows = list(reader.outside)
    reasons = ["<event> outside any <trace>"] * len(reader.outside)
    if not keep.all():
        reject_rows += source_rows[~keep].tolist()
        reasons += ["its <trace> has no concept:name (case id)"] * int((~keep).sum())
        events = events[keep].reset_index(drop=True)
        source_rows = source_rows[keep]

    trace_frame = pd.DataFrame({k: v for k, v in trace_columns.items() if k != "concept:name"},
                               index=pd.RangeIndex(reader.n_traces))
    trace_frame.index = pd.Index(names.to_numpy(dtype=object), dtype="str")
    trace_frame = trace_frame[trace_frame.index.notna()]
    n_duplicate = int(trace_frame.index.duplicated().sum())
    trace_frame = trace_frame[~trace_frame.index.duplicated()]
    trace_frame.index.name = _CASE_COLUMN

    attributes = {key: AttributeInfo(key, "event", kind) for key, kind in event_types.items()}
    attributes[_CASE_COLUMN] = AttributeInfo("concept:name", "case", "string")
    attributes.update({f"case:{k}": AttributeInfo(k, "case", kind) for k, kind in trace_types.items() if k != "concept:name"})

    roles = {role: key for role, key in _ROLE_KEYS.items() if key in events.columns}
    if "concept:name" in trace_columns:
        roles = {"case": _CASE_COLUMN, **roles}

    date_only = None
    if "time:timestamp" in event_columns and event_types["time:timestamp"] == "date":
        rows, texts = reader.events.written("date", "time:timestamp")
        written = pd.Series(texts, dtype="str")
        unparsed = event_columns["time:timestamp"].isna().to_numpy()[rows]
        date_only = measure_midnight_share(written[~unparsed])

    details = {"format": "xes", "gzip": "yes" if compressed else "no", "traces": str(reader.n_traces)}
    for key in ("xes.version", "xes.features", "openxes.version"):
        if reader.log_attrib.get(key):
            details[key.replace(".", "_")] = reader.log_attrib[key]
    for scope, count in sorted(reader.n_globals.items()):
        details[f"globals_{scope}"] = f"{count} default(s), not applied (as pm4py)"

    notes = {"xes_certification_level": judge_certification_level(events, names, list(trace_types))}
    if n_duplicate:
        notes["xes_duplicate_trace_names"] = f"{n_duplicate} traces repeat another trace's concept:name; their events share one case"
    return RawTable(
        events=events,
        source_rows=source_rows,
        roles=roles,
        cases=trace_frame,
        attributes=attributes,
        details=details,
        rejects=make_rejects(reject_rows, reasons, source_file=str(path)),
        date_only_share=date_only,
        notes=notes,
    )
