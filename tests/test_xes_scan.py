# SPDX-License-Identifier: AGPL-3.0-or-later
"""The fast XES scan: taken on plain exports, identical to the lxml path, refused on anything unusual."""
from __future__ import annotations

import gzip

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import dataset
from rpa_finder.errors import BadDataError
from rpa_finder.ingest import xes
from rpa_finder.ingest.xes_scan import ScanResult
from test_xes_equivalence import SHARED_XES

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _lxml_only(monkeypatch):
    monkeypatch.setattr(xes, "scan_document", lambda *args: None)


def _read_both(path, monkeypatch, timezone="Europe/Helsinki"):
    fast = xes.read_xes(path, timezone=timezone)
    with monkeypatch.context() as patch:
        _lxml_only(patch)
        slow = xes.read_xes(path, timezone=timezone)
    return fast, slow


def _assert_same(fast, slow):
    pd.testing.assert_frame_equal(fast.events, slow.events, check_exact=True)
    pd.testing.assert_frame_equal(fast.cases, slow.cases, check_exact=True)
    assert fast.source_rows.tolist() == slow.source_rows.tolist()
    assert (fast.roles, fast.attributes, fast.details, fast.notes) == (slow.roles, slow.attributes, slow.details, slow.notes)
    assert fast.date_only_share == slow.date_only_share
    pd.testing.assert_frame_equal(fast.rejects, slow.rejects)


@pytest.mark.parametrize("name", SHARED_XES)
def test_real_exports_take_the_fast_path(name):
    parsed, _ = xes._parse(dataset(name))
    assert isinstance(parsed, ScanResult)


def test_zone_forms_on_the_fast_path(tmp_path, monkeypatch):
    stamps = ["2024-01-15T12:00:00Z", "2024-01-15T12:00:00+02:00", "2024-01-15T12:00:00+0200",
              "2024-01-15T12:00:00.25-05:30", "2024-01-15T12:00:00", "2024-03-31T03:30:00", "2024-07-01 08:00:00+03"]
    events = "".join(f'<event><string key="concept:name" value="a{i}"/><date key="time:timestamp" value="{s}"/></event>'
                     for i, s in enumerate(stamps))
    path = tmp_path / "zones.xes"
    path.write_text(HEAD + f'<log><trace><string key="concept:name" value="c"/>{events}</trace></log>')
    assert isinstance(xes._parse(path)[0], ScanResult)
    fast, slow = _read_both(path, monkeypatch)
    _assert_same(fast, slow)
    expected = ["2024-01-15T12:00:00", "2024-01-15T10:00:00", "2024-01-15T10:00:00", "2024-01-15T17:30:00.25",
                "2024-01-15T10:00:00", "2024-03-31T01:30:00", "2024-07-01T05:00:00"]
    assert fast.events["time:timestamp"].tolist() == [pd.Timestamp(s, tz="UTC") for s in expected]
    in_utc = xes.read_xes(path, timezone="UTC").events["time:timestamp"]
    assert in_utc[4] == pd.Timestamp("2024-01-15T12:00:00", tz="UTC")  # a naive time is read in the zone given


UNUSUAL = {
    "comment in a trace": '<trace><!-- x --><string key="concept:name" value="c"/><event/></trace>',
    "cdata": '<trace><string key="concept:name" value="c"/><event><![CDATA[<x>]]></event></trace>',
    "namespaced": '<trace xmlns:x="u"><x:string key="concept:name" value="c"/><event/></trace>',
    "list": '<trace><string key="concept:name" value="c"/><event><list key="l"><string key="i" value="1"/></list></event></trace>',
    "meta-attribute": '<trace><string key="concept:name" value="c"><int key="m" value="1"/></string><event/></trace>',
    "single quotes": "<trace><string key='concept:name' value='c'/><event/></trace>",
    "tab in a value": '<trace><string key="concept:name" value="c\td"/><event/></trace>',
    "event between traces": '<trace><string key="concept:name" value="c"/></trace><event/><trace></trace>',
    "attribute between traces": '<trace><string key="concept:name" value="c"/></trace><string key="k" value="v"/><trace/>',
    "trace inside an attribute": '<string key="s" value="v"><trace><string key="concept:name" value="c"/><event/></trace></string>',
    "key without value": '<trace><string key="concept:name"/><event><string key="k"/></event></trace>',
    "entity in text": '<trace><string key="concept:name" value="c"/>&amp;<event/></trace>',
}


@pytest.mark.parametrize("name", sorted(UNUSUAL))
def test_unusual_shapes_go_to_lxml_with_the_same_result(name, tmp_path, monkeypatch):
    path = tmp_path / "unusual.xes"
    path.write_text(HEAD + "<log>" + UNUSUAL[name] + "</log>")
    assert not isinstance(xes._parse(path)[0], ScanResult)
    _assert_same(*_read_both(path, monkeypatch))


@pytest.mark.parametrize("prologue", ['<?xml version="1.0" encoding="ISO-8859-1"?>\n', '<?xml version="1.1"?>\n'])
def test_other_encodings_and_versions_go_to_lxml(prologue, tmp_path, monkeypatch):
    path = tmp_path / "latin.xes"
    body = '<log><trace><string key="concept:name" value="c\xe4"/><event><string key="concept:name" value="a"/></event></trace></log>'
    path.write_bytes(prologue.encode() + body.encode("latin-1" if "8859" in prologue else "utf-8"))
    assert not isinstance(xes._parse(path)[0], ScanResult)
    fast, slow = _read_both(path, monkeypatch)
    _assert_same(fast, slow)
    assert fast.events["case:concept:name"].tolist() == ["c\xe4"]


def test_truncated_anywhere_is_one_line_with_its_line(tmp_path):
    text = dataset("synthetic/running-example.xes").read_bytes()
    start = text.index(b"<trace>")
    after_traces = text.rindex(b"</trace>") + len(b"</trace>")  # every trace whole, </log> missing
    for cut in [after_traces, *range(start + 50, len(text) - 10, (len(text) - start) // 37)]:
        for name, payload in (("cut.xes", text[:cut]), ("cut.xes.gz", gzip.compress(text[:cut]))):
            path = tmp_path / name
            path.write_bytes(payload)
            with pytest.raises(BadDataError, match=r"line \d+: not well-formed XML") as info:
                xes.read_xes(path)
            assert "\n" not in str(info.value) and info.value.exit_code == 65


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)).filter(
    lambda c: c in "\t\n\r" or (ord(c) >= 0x20 and c not in "\ufffe\uffff")), max_size=12)  # XML's characters
_VALUES = {
    "string": _TEXT,
    "id": _TEXT,
    "int": st.one_of(st.integers(-10**20, 10**20).map(str), _TEXT),
    "float": st.one_of(st.floats(allow_nan=True).map(repr), st.sampled_from(["1e3", "-0", "NaN", "INF", " 2 "]), _TEXT),
    "boolean": st.sampled_from(["true", "false", "TRUE", "False", "yes", ""]),
    "date": st.one_of(
        st.datetimes(min_value=pd.Timestamp("1700-01-01").to_pydatetime(), max_value=pd.Timestamp("2200-01-01").to_pydatetime())
        .map(lambda d: d.isoformat()),
        st.sampled_from(["2024-03-31T03:30:00", "2024-10-27T03:30:00", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000+02:00",
                         "2024-01-01", "0001-01-01T00:00:00Z", "nope"]),
    ),
}
_ATTRIBUTE = st.tuples(st.sampled_from(sorted(_VALUES)), st.sampled_from(["k1", "k2", "k&3", "concept:name", "time:timestamp"]))\
    .flatmap(lambda tk: st.tuples(st.just(tk[0]), st.just(tk[1]), _VALUES[tk[0]]))


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text, {'"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#x0D;", "'": "&apos;"})


def _element(attribute) -> str:
    tag, key, value = attribute
    return f'<{tag} key="{_escape(key)}" value="{_escape(value)}"/>'


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.lists(_ATTRIBUTE, max_size=3),
                          st.lists(st.lists(_ATTRIBUTE, max_size=5), max_size=4)), min_size=1, max_size=5))
def test_fast_path_equals_lxml_path_on_generated_logs(tmp_path, monkeypatch, traces):
    body = "".join("<trace>" + "".join(map(_element, attributes)) + "".join(
        "<event>" + "".join(map(_element, event)) + "</event>" for event in events) + "</trace>"
        for attributes, events in traces)
    path = tmp_path / "generated.xes"
    path.write_text(HEAD + '<log xes.version="1.0">\n' + body + "\n</log>\n", encoding="utf-8")
    assert isinstance(xes._parse(path)[0], ScanResult)
    _assert_same(*_read_both(path, monkeypatch))


def test_int_beyond_int64_is_missing_not_a_crash(tmp_path, monkeypatch):
    path = tmp_path / "huge.xes"
    path.write_text(HEAD + '<log><trace><string key="concept:name" value="c"/>'
                    '<event><int key="n" value="9223372036854775808"/></event><event><int key="n" value="5"/></event>'
                    '<event><int key="m" value="1e19"/></event></trace></log>')
    fast, slow = _read_both(path, monkeypatch)
    _assert_same(fast, slow)
    assert fast.events["n"].dtype == "Int64" and fast.events["n"].tolist() == [pd.NA, 5, pd.NA]
    assert fast.events["m"].isna().all()



def test_spacing_variants_stay_on_the_fast_path(tmp_path, monkeypatch):
    path = tmp_path / "spacing.xes"
    path.write_text(HEAD + '<log><trace>\r\n<string  key="concept:name"\n value="c" />\n'
                    '<event><string\tkey="concept:name" value="a &amp; b &#x41; &lt;"/>text</event>'
                    '<event><int key="n"   value=" 4 "   /></event></trace></log>')
    assert isinstance(xes._parse(path)[0], ScanResult)
    fast, slow = _read_both(path, monkeypatch)
    _assert_same(fast, slow)
    assert fast.events["concept:name"].tolist()[0] == "a &#38; b A <"  # lxml's own reading of &amp;
    assert fast.events["n"].tolist() == [pd.NA, 4]


def test_small_slices_give_the_same_log(monkeypatch):
    """The trace section is split in slices cut after a </trace>; any slice size reads the same."""
    from rpa_finder.ingest import xes_scan

    path = dataset("receipt_wabo/receipt_WABO_CoSeLoG.xes.gz")
    whole = xes.read_xes(path)
    monkeypatch.setattr(xes_scan, "_SLICE", 300)
    assert isinstance(xes._parse(path)[0], ScanResult)
    _assert_same(xes.read_xes(path), whole)


def test_doctype_after_the_traces_is_refused(tmp_path):
    path = tmp_path / "late_doctype.xes"
    path.write_text(HEAD + '<log><trace><string key="concept:name" value="c"/><event/></trace>\n'
                    '<!DOCTYPE log [<!ENTITY x "y">]></log>')
    with pytest.raises(BadDataError, match=r"line 3: ") as info:
        xes.read_xes(path)
    assert "\n" not in str(info.value) and info.value.exit_code == 65
