# SPDX-License-Identifier: AGPL-3.0-or-later
"""The XES reader gives exactly what the reader of commit 64f906b gave, on every shared log and on edge cases.

The digests in ``fixtures/xes_digests.json`` were recorded with the parser as it was before the fast
reader (issue 17): per column its name, dtype and a hash of ``repr(values)``, which tells apart NaN,
None and <NA>, nanoseconds and int/float.  Both the reader's RawTable and the EventLog that
``read_log`` builds from it (masked, typed, in order) are compared, so any change of column, type,
value or order fails here.

Recreate the file only when a change of output is intended:
``python tests/test_xes_equivalence.py tests/fixtures/xes_digests.json``.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

HERE = Path(__file__).resolve().parent
DIGESTS = HERE / "fixtures" / "xes_digests.json"
SHARED_XES = [
    "bpic2015/BPIC15_1.xes.gz",
    "bpic2015/BPIC15_2.xes.gz",
    "bpic2015/BPIC15_3.xes.gz",
    "bpic2015/BPIC15_4.xes.gz",
    "bpic2015/BPIC15_5.xes.gz",
    "receipt_wabo/receipt_WABO_CoSeLoG.xes.gz",
    "road_traffic_fines/roadtraffic100traces.xes",
    "road_traffic_fines/roadtraffic50traces.xes",
    "other_domains/Sepsis_Cases.xes.gz",
    "synthetic/running-example.xes",
]
SAMPLE_XES = ["rakennuslupa.xes"]
_KEY = "equivalence-test-key-0123456789abcdef"

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
#: Small documents with what the shared logs lack: every type and zone form, lists, meta-attributes,
#: entities, mixed types per key, naive times across DST, events outside traces, duplicate trace names.
EDGE_CASES = {
    "types_and_zones": _HEAD + """<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
<global scope="trace"><string key="concept:name" value="?"/></global>
<global scope="event"><string key="concept:name" value="?"/><date key="time:timestamp" value="1970-01-01T00:00:00"/></global>
<trace><string key="concept:name" value="c&amp;1"/><date key="start" value="2024-03-31T02:30:00"/>
 <float key="budget" value="1e3"/><boolean key="flag" value="True"/>
 <event><string key="concept:name" value="a &quot;quoted&quot; &lt;x&gt; &#228;&#x00e4;"/>
  <date key="time:timestamp" value="2024-01-15T12:00:00Z"/><int key="n" value="7"/><float key="f" value="-1.5E-3"/>
  <boolean key="b" value="false"/><id key="i" value="ID-1"/><string key="s" value="  padded  "/>
  <string key="lifecycle:transition" value="start"/><string key="org:resource" value="Hakija 131052-308T"/></event>
 <event><string key="concept:name" value="b"/><date key="time:timestamp" value="2024-01-15T12:00:00+02:00"/>
  <int key="n" value="2.0"/><float key="f" value="NaN"/><boolean key="b" value="yes"/><string key="s" value=""/>
  <string key="lifecycle:transition" value="complete"/></event>
 <event><string key="concept:name" value="c"/><date key="time:timestamp" value="2024-01-15T12:00:00.123456789-05:30"/>
  <int key="n" value="x"/><float key="f" value="inf"/><boolean key="b" value="TRUE"/>
  <date key="other" value="2024-01-15"/></event>
 <event><string key="concept:name" value="d"/><date key="time:timestamp" value="2024-03-31T03:30:00"/>
  <float key="n" value="2.5"/><string key="f" value="text"/></event>
 <event><string key="concept:name" value="e"/><date key="time:timestamp" value="2024-10-27T03:30:00"/>
  <date key="other" value="2024-01-15T10:00:00+0200"/></event>
 <event><string key="concept:name" value="f"/><date key="time:timestamp" value="2024-07-01T00:00:00.000+03:00"/>
  <date key="other" value="0001-01-01T00:00:00Z"/></event>
 <event><string key="concept:name" value="g"/><date key="time:timestamp" value="2024-07-01 08:00:00+03"/>
  <date key="other" value="garbage"/><int key="n" value=" 12 "/></event>
 <event><string key="concept:name" value="h"/><date key="time:timestamp" value=" 2024-07-01T08:00:00.5Z "/>
  <int key="n" value="-3"/><int key="big" value="123456789012345"/></event>
</trace>
<trace><string key="concept:name" value="c2"/><int key="budget" value="5"/>
 <event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-02-01T09:00:00.000+02:00"/></event>
</trace>
</log>
""",
    "lists_meta_outside_duplicates": _HEAD + """<log>
<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
<classifier name="Activity" keys="concept:name"/>
<string key="log-level" value="ignored"/>
<event><string key="concept:name" value="orphan"/></event>
<trace><string key="concept:name" value="42"/><int key="priority" value="3"/>
 <list key="tags"><string key="t" value="x"/></list>
 <event><string key="concept:name" value="a"/><int key="n" value="7"/>
  <string key="note" value="outer"><string key="meta" value="ignored"/><int key="m2" value="1"/></string>
  <list key="items"><values><string key="item" value="p&amp;q"/><int key="item" value="2"/>
   <list key="inner"><values><date key="d" value="2024-01-01T00:00:00Z"/></values></list></values></list>
  <container key="box"><string key="k" value="v"/><boolean key="k2" value="true"/></container>
  <date key="time:timestamp" value="2024-01-15T12:00:00+02:00"/></event>
 <event><string key="concept:name" value="b"/><string key="concept:name" value="b-again"/>
  <list key="items"/></event>
</trace>
<trace><event><string key="concept:name" value="nameless"/></event></trace>
<trace><string key="concept:name" value="42"/><int key="priority" value="4"/>
 <event><string key="concept:name" value="z"/><!-- a comment --><?pi data?></event></trace>
<trace><string key="concept:name" value=""/><event><string key="concept:name" value="empty case"/></event></trace>
<trace><string key="concept:name" value="x">
 <event><string key="concept:name" value="inside a string: not an event"/></event></string>
 <event><string key="concept:name" value="y"/></event></trace>
</log>
""",
    "namespaced_prefixed_cdata": _HEAD + """<xes:log xmlns:xes="http://www.xes-standard.org/">
<xes:trace><xes:string key="concept:name" value="n1"/>
 <xes:event><xes:string key="concept:name" value="a"/><xes:date key="time:timestamp" value="2024-01-15T12:00:00"/></xes:event>
 <xes:event><xes:string key='concept:name' value='single quoted'/><xes:string value="no key"/>
  <xes:string key="nv"/></xes:event>
</xes:trace>
<trace><string key="concept:name" value="n2"/>
 <event>
  <string
     key="concept:name"
     value="multi
line"/><unknown key="u" value="1"/><float key="f" value="1,5"/>
 </event></trace>
</xes:log>
""",
    "truncated": _HEAD + """<log><trace><string key="concept:name" value="c1"/>
 <event><string key="concept:name" value="a"/></event>
 <event><string key="concept:name" value="b"/><date key="time:timestamp" value="2024-01-""",
    "event_in_event": _HEAD + "<log><trace><event><event/></event></trace></log>\n",
    "trace_in_trace": _HEAD + "<log><trace><string key=\"concept:name\" value=\"a\"/><trace/></trace></log>\n",
    "undeclared_entity": _HEAD + "<log><trace>\n<string key=\"concept:name\" value=\"&nope;\"/></trace></log>\n",
    "wrong_root": _HEAD + "<html><event/></html>\n",
    "empty_log": _HEAD + "<log xes.version=\"2.0\"/>\n",
    "only_outside": _HEAD + "<log><event><string key=\"concept:name\" value=\"a\"/></event></log>\n",
}


def _hash(values) -> str:
    return hashlib.sha256(repr(list(values)).encode("utf-8")).hexdigest()[:24]


def digest_frame(frame: pd.DataFrame | None) -> object:
    """Columns, dtypes, index and a hash of every column's values (repr keeps NaN/None/<NA> apart)."""
    if frame is None:
        return None
    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(t) for t in frame.dtypes],
        "index": [str(frame.index.dtype), frame.index.name, _hash(frame.index.tolist())],
        "values": [_hash(frame.iloc[:, i].tolist()) for i in range(frame.shape[1])],
    }


def digest_raw(raw) -> dict:
    """Everything the reader hands forward, as comparable JSON."""
    return {
        "events": digest_frame(raw.events),
        "source_rows": [str(raw.source_rows.dtype), _hash(raw.source_rows.tolist())],
        "roles": raw.roles,
        "cases": digest_frame(raw.cases),
        "attributes": {k: [v.name, v.level, v.type] for k, v in raw.attributes.items()},
        "attribute_order": list(raw.attributes),
        "details": raw.details,
        "rejects": digest_frame(raw.rejects.assign(source_file=raw.rejects["source_file"].map(lambda p: Path(p).name))),
        "date_only_share": raw.date_only_share,
        "notes": raw.notes,
        "text_columns": sorted(raw.text_columns),
    }


def digest_log(path: Path) -> dict:
    """The EventLog ``read_log`` builds (identity codes masked with a fixed key)."""
    from rpa_finder.ingest import read_log
    from rpa_finder.read_options import ReadOptions

    result = read_log(path, ReadOptions(key=_KEY))
    return {"events": digest_frame(result.log.events), "cases": digest_frame(result.log.cases),
            "attributes": {k: [v.name, v.level, v.type] for k, v in result.log.attributes.items()},
            "written_date_only_share": result.log.written_date_only_share}


def _digest_path(path: Path) -> dict:
    from rpa_finder.ingest.xes import read_xes

    return {"raw": digest_raw(read_xes(path)), "log": digest_log(path)}


def _digest_edge(tmp: Path, name: str) -> dict:
    from rpa_finder.errors import RpaFinderError
    from rpa_finder.ingest.xes import read_xes

    path = tmp / f"{name}.xes"
    path.write_text(EDGE_CASES[name], encoding="utf-8")
    try:
        return {"raw": digest_raw(read_xes(path))}
    except RpaFinderError as exc:  # the reader's verdict, with the temporary folder taken out
        return {"error": [type(exc).__name__, str(exc).replace(str(path), "<file>")]}


def _recorded() -> dict:
    return json.loads(DIGESTS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SHARED_XES)
def test_shared_log_read_as_before(name):
    from conftest import dataset

    assert _digest_path(dataset(name)) == _recorded()["shared"][name]


@pytest.mark.parametrize("name", SAMPLE_XES)
def test_sample_log_read_as_before(name):
    from conftest import SAMPLE_LOGS

    assert _digest_path(SAMPLE_LOGS / name) == _recorded()["samples"][name]


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_case_read_as_before(name, tmp_path):
    assert _digest_edge(tmp_path, name) == _recorded()["edge"][name]


def _record(target: Path) -> None:
    import tempfile

    sys.path.insert(0, str(HERE))
    from conftest import DATASETS, SAMPLE_LOGS

    out = {"shared": {n: _digest_path(DATASETS / n) for n in SHARED_XES},
           "samples": {n: _digest_path(SAMPLE_LOGS / n) for n in SAMPLE_XES}}
    with tempfile.TemporaryDirectory() as tmp:
        out["edge"] = {n: _digest_edge(Path(tmp), n) for n in sorted(EDGE_CASES)}
    target.write_text(json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    _record(Path(sys.argv[1]))
