# SPDX-License-Identifier: AGPL-3.0-or-later
"""The XES reader on the real public logs: counts, pm4py agreement, types, gzip detection."""
from __future__ import annotations

import gzip
import json
import shutil

import pandas as pd
import pytest

from conftest import MANIFEST_COUNTS, dataset
from rpa_finder.ingest.xes import read_xes
from rpa_finder.pm4py_adapter import pm4py

XES_FILES = [name for name in MANIFEST_COUNTS if ".xes" in name]
EVENT_KEYS = ["case:concept:name", "concept:name", "time:timestamp", "org:resource", "lifecycle:transition"]


@pytest.mark.parametrize("name", XES_FILES)
def test_manifest_counts(name):
    raw = read_xes(dataset(name))
    events = raw.events
    cases, n_events, activities, resources = MANIFEST_COUNTS[name]
    assert events["case:concept:name"].nunique() == cases
    assert len(events) == n_events
    assert events["concept:name"].nunique() == activities
    found = events["org:resource"].dropna().nunique() if "org:resource" in events else 0
    assert found == resources
    assert raw.source_rows.tolist() == list(range(1, n_events + 1))
    assert raw.rejects.empty
    assert len(raw.cases) == cases
    assert raw.events["time:timestamp"].dtype == "datetime64[ns, UTC]"
    assert raw.events["time:timestamp"].notna().all()


@pytest.mark.parametrize("name", ["receipt_wabo/receipt_WABO_CoSeLoG.xes.gz", "road_traffic_fines/roadtraffic100traces.xes"])
def test_events_equal_pm4py(name):
    path = dataset(name)
    ours = read_xes(path).events
    theirs = pm4py().read_xes(str(path), show_progress_bar=False)
    assert len(ours) == len(theirs)
    for key in EVENT_KEYS:
        if key == "time:timestamp":
            left = ours[key].reset_index(drop=True)
            right = pd.to_datetime(theirs[key], utc=True).astype("datetime64[ns, UTC]").reset_index(drop=True)
            pd.testing.assert_series_equal(left, right, check_names=False)
        else:
            left = ours[key].astype(object).where(ours[key].notna(), None).tolist()
            right = theirs[key].astype(object).where(theirs[key].notna(), None).tolist()
            assert left == right, key


def test_roles_and_attribute_types_roadtraffic():
    raw = read_xes(dataset("road_traffic_fines/roadtraffic100traces.xes"))
    assert raw.roles == {
        "case": "case:concept:name",
        "activity": "concept:name",
        "timestamp": "time:timestamp",
        "resource": "org:resource",
        "lifecycle": "lifecycle:transition",
    }
    assert raw.events["amount"].dtype == "float64"
    assert raw.attributes["amount"].type == "float"
    assert raw.attributes["amount"].level == "event"
    assert raw.events["amount"].notna().sum() > 0
    # all timestamps in this sample are written as midnight with an offset
    assert raw.date_only_share == 1.0
    assert raw.details["gzip"] == "no"
    assert raw.details["traces"] == "100"


def test_trace_attributes_bpic15():
    raw = read_xes(dataset("bpic2015/BPIC15_1.xes.gz"))
    cases = raw.cases
    assert cases.index.is_unique and len(cases) == 1199
    assert cases["SUMleges"].dtype == "float64" and cases["SUMleges"].notna().sum() == 906  # traces carrying it
    assert raw.attributes["case:SUMleges"] == raw.attributes["case:SUMleges"].__class__("SUMleges", "case", "float")
    assert cases["startDate"].dtype == "datetime64[ns, UTC]"
    assert set(raw.events["case:concept:name"]) == set(cases.index)
    assert "SUMleges" not in raw.events.columns
    assert raw.details["xes_version"] == "1.0"
    assert raw.details["gzip"] == "yes"
    # BPIC15 mixes date-only stamps (00:00:00+01:00) with real times
    assert 0.2 < raw.date_only_share < 0.8


def test_receipt_timestamps_exact_and_certification():
    raw = read_xes(dataset("receipt_wabo/receipt_WABO_CoSeLoG.xes.gz"))
    first = raw.events["time:timestamp"].min()
    assert first == pd.Timestamp("2010-10-02T07:20:39.266", tz="UTC")  # 09:20:39.266+02:00
    assert raw.date_only_share == 0.0
    level = raw.notes["xes_certification_level"]
    assert level.startswith("D with flag X"), level  # org:group/concept:instance + extension-less trace attributes


def test_certification_without_lifecycle_is_level_a():
    raw = read_xes(dataset("synthetic/running-example.xes"))
    assert raw.notes["xes_certification_level"].startswith("A")
    assert "lifecycle" not in raw.roles


def test_gzip_detected_by_content_not_name(tmp_path):
    source = dataset("road_traffic_fines/roadtraffic50traces.xes")
    packed = tmp_path / "packed.xes"
    with open(source, "rb") as src, gzip.open(packed, "wb") as dst:
        shutil.copyfileobj(src, dst)
    plain = tmp_path / "plain.xes.gz"
    shutil.copyfile(source, plain)
    a, b = read_xes(packed), read_xes(plain)
    assert a.details["gzip"] == "yes" and b.details["gzip"] == "no"
    assert len(a.events) == len(b.events) == 201
    pd.testing.assert_frame_equal(a.events, b.events)


def _write(tmp_path, body: str, name: str = "log.xes"):
    path = tmp_path / name
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + body, encoding="utf-8")
    return path


def test_naive_dates_are_helsinki_local_and_offsets_exact(tmp_path):
    path = _write(tmp_path, """<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
<trace><string key="concept:name" value="c1"/>
 <event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-15T12:00:00"/></event>
 <event><string key="concept:name" value="b"/><date key="time:timestamp" value="2024-01-15T12:00:00+0200"/></event>
 <event><string key="concept:name" value="c"/><date key="time:timestamp" value="2024-07-15T12:00:00Z"/></event>
 <event><string key="concept:name" value="d"/><date key="time:timestamp" value="not a date"/></event>
 <event><string key="concept:name" value="e"/><date key="time:timestamp" value="2024-07-15T00:00:00.000+03:00"/></event>
</trace></log>""")
    raw = read_xes(path)
    ts = raw.events["time:timestamp"]
    assert ts.tolist()[:3] == [
        pd.Timestamp("2024-01-15T10:00:00", tz="UTC"),
        pd.Timestamp("2024-01-15T10:00:00", tz="UTC"),
        pd.Timestamp("2024-07-15T12:00:00", tz="UTC"),
    ]
    assert pd.isna(ts[3]) and len(raw.events) == 5  # a bad date keeps the event
    assert raw.date_only_share == pytest.approx(1 / 4)  # written midnight measured on the text


def test_typed_values_lists_nested_and_outside_events(tmp_path):
    path = _write(tmp_path, """<log>
<global scope="event"><string key="org:resource" value="DEFAULT"/></global>
<event><string key="concept:name" value="orphan"/></event>
<trace><string key="concept:name" value="42"/><int key="priority" value="3"/>
 <event><string key="concept:name" value="a"/><int key="n" value="7"/><boolean key="ok" value="true"/>
  <id key="ref" value="x-1"/><float key="amount" value="1.5"/>
  <string key="note" value="outer"><string key="meta" value="ignored"/></string>
  <list key="items"><values><string key="item" value="p"/><int key="item" value="2"/></values></list></event>
 <event><string key="concept:name" value="b"/><int key="n" value="bad"/><boolean key="ok" value="FALSE"/>
  <float key="amount" value="3"/></event>
</trace>
<trace><event><string key="concept:name" value="nameless"/></event></trace></log>""")
    raw = read_xes(path)
    events = raw.events
    assert events["concept:name"].tolist() == ["a", "b"]
    assert events["case:concept:name"].tolist() == ["42", "42"]
    assert raw.source_rows.tolist() == [2, 3]
    assert str(events["n"].dtype) == "Int64" and events["n"].iloc[0] == 7 and pd.isna(events["n"].iloc[1])
    assert str(events["ok"].dtype) == "boolean" and events["ok"].tolist() == [True, False]
    assert events["amount"].tolist() == [1.5, 3.0]
    assert events["note"].iloc[0] == "outer" and "meta" not in events.columns
    assert json.loads(events["items"].iloc[0]) == [["item", "p"], ["item", "2"]]
    assert raw.attributes["items"].type == "list" and raw.attributes["ref"].type == "id"
    assert "org:resource" not in events.columns  # <global> defaults are not applied, as in pm4py
    assert raw.cases.loc["42", "priority"] == 3
    assert sorted(raw.rejects["source_row"].tolist()) == [1, 4]
    assert raw.rejects["reason"].str.contains("outside").sum() == 1
