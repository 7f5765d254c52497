# SPDX-License-Identifier: AGPL-3.0-or-later
"""Discovery, conformance and model export on the real receipt and BPIC15_1 logs."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from lxml import etree

from conftest import pm4py_frame
from rpa_finder.mining.conformance import check_conformance
from rpa_finder.mining.discovery import discover_models, filter_dfg, write_bpmn, write_pnml
from rpa_finder.mining.model import DirectlyFollowsGraph, MiningSettings, Variants
from rpa_finder.pm4py_adapter import pm4py

RECEIPT = "receipt_wabo/receipt_WABO_CoSeLoG.xes.gz"
BPIC = "bpic2015/BPIC15_1.xes.gz"


def read_frame(relative: str) -> pd.DataFrame:
    """pm4py's own reading of a shared log, in (case, time) order."""
    frame = pm4py_frame(relative)  # parsed once per session (conftest)
    return frame.sort_values(["case:concept:name", "time:timestamp"], kind="stable", ignore_index=True)


def build_mining(frame: pd.DataFrame) -> tuple[DirectlyFollowsGraph, Variants]:
    """DFG and variants computed with pandas (until rpa_finder.mining.dfg/variants land)."""
    case = frame["case:concept:name"].astype(str)
    act = frame["concept:name"].astype(str)
    ts = frame["time:timestamp"]
    same = case.eq(case.shift(-1))
    pairs = pd.DataFrame({"source": act[same].to_numpy(), "target": act.shift(-1)[same].to_numpy(),
                          "sec": (ts.shift(-1)[same] - ts[same]).dt.total_seconds().to_numpy()})
    grouped = pairs.groupby(["source", "target"])["sec"]
    edges = pd.DataFrame({"frequency": grouped.size().astype("int64"), "mean_seconds": grouped.mean(),
                          "median_seconds": grouped.median(), "p90_seconds": grouped.quantile(0.9)}).reset_index()
    edges = edges.sort_values(["frequency", "source", "target"], ascending=[False, True, True], ignore_index=True)
    first = ~case.eq(case.shift(1))
    dfg = DirectlyFollowsGraph(edges, act.value_counts().to_dict(), act[first].value_counts().to_dict(),
                               act[~same].value_counts().to_dict())
    sequences = act.groupby(case, sort=False).agg(tuple)
    counts = sequences.value_counts()
    table = pd.DataFrame({"activities": list(counts.index), "cases": counts.to_numpy().astype("int64")})
    table["variant_id"] = np.arange(1, len(table) + 1)
    ids = dict(zip(table["activities"], table["variant_id"]))
    return dfg, Variants(table, sequences.map(ids))


@pytest.fixture(scope="module")
def receipt():
    frame = read_frame(RECEIPT)
    dfg, variants = build_mining(frame)
    return frame, dfg, variants, discover_models(dfg, variants, MiningSettings())


@pytest.fixture(scope="module")
def bpic():
    frame = read_frame(BPIC)
    dfg, variants = build_mining(frame)
    return frame, dfg, variants, discover_models(dfg, variants, MiningSettings())


@pytest.fixture(scope="module")
def receipt_conformance(receipt):
    _, _, variants, models = receipt
    return check_conformance(models, variants, settings=MiningSettings(alignment_max_variants=200, alignment_budget_seconds=3))


def test_helper_dfg_matches_pm4py(receipt):
    frame, dfg, variants, _ = receipt
    reference, start, end = pm4py().discover_dfg(frame)
    assert dfg.frequency_dict() == dict(reference)
    assert dict(dfg.start_activities) == dict(start) and dict(dfg.end_activities) == dict(end)
    assert variants.as_dict() == {k: int(v) for k, v in pm4py().get_variants(frame).items()}


def assert_workflow_net(models, activities):
    net = models.net
    assert len(models.initial_marking) == 1 and len(models.final_marking) == 1
    source, = models.initial_marking
    sink, = models.final_marking
    assert not source.in_arcs and not sink.out_arcs, "source and sink places of a workflow net"
    assert set(models.activities) == set(activities), "every activity is a transition label"
    labels = [t.label for t in net.transitions if t.label is not None]
    assert len(labels) == len(set(labels)), "inductive miner gives one transition per activity"


def test_receipt_uses_variants_and_gives_a_workflow_net(receipt):
    frame, dfg, variants, models = receipt
    assert models.method == "IMf on variants"
    assert_workflow_net(models, dfg.activity_frequency)
    # IMf on variants is exactly pm4py's IMf on the log
    reference = pm4py().discover_process_tree_inductive(frame, noise_threshold=0.2)
    assert str(models.process_tree) == str(reference)


def test_bpic15_1_uses_the_filtered_dfg_in_seconds(bpic):
    _, dfg, variants, models = bpic
    assert variants.count > 1000 and len(dfg.activity_frequency) == 398
    assert models.method == "IMd on filtered DFG"
    assert_workflow_net(models, dfg.activity_frequency)
    assert 0 < models.kept_edges < len(dfg.edges)
    assert models.seconds < 60, models.describe()  # pm4py's IM on the log took over 120 s here


def test_filter_dfg_keeps_every_activity_connected(bpic):
    _, dfg, _, _ = bpic
    edges, start, end = filter_dfg(dfg, 0.8)
    activities = set(dfg.activity_frequency)
    forward = _reach(edges, set(start), forward=True)
    backward = _reach(edges, set(end), forward=False)
    assert activities <= forward and activities <= backward
    assert len(edges) < len(dfg.edges) // 3, "the noise filter really drops edges"


def _reach(edges, seeds, *, forward):
    seen, stack = set(seeds), list(seeds)
    while stack:
        node = stack.pop()
        for s, t in edges:
            a, b = (s, t) if forward else (t, s)
            if a == node and b not in seen:
                seen.add(b)
                stack.append(b)
    return seen


def test_weighted_fitness_and_precision_equal_pm4py_on_the_full_receipt_log(receipt, receipt_conformance):
    frame, _, variants, models = receipt
    result = receipt_conformance
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitness = pm4py().fitness_token_based_replay(frame, models.net, models.initial_marking, models.final_marking)
        precision = pm4py().precision_token_based_replay(frame, models.net, models.initial_marking, models.final_marking)
    assert result.fitness == pytest.approx(fitness["log_fitness"], abs=1e-9)
    assert result.average_trace_fitness == pytest.approx(fitness["average_trace_fitness"], abs=1e-9)
    assert result.fitting_case_share * 100 == pytest.approx(fitness["perc_fit_traces"], abs=1e-9)
    assert result.precision == pytest.approx(precision, abs=1e-9)
    assert len(result.per_variant) == variants.count and result.per_variant["cases"].sum() == 1434


def test_deviations_are_weighted_by_cases_and_name_real_activities(receipt, receipt_conformance):
    _, dfg, variants, models = receipt
    result = receipt_conformance
    deviations = result.activity_deviations.set_index("activity")
    assert set(deviations.index) == set(dfg.activity_frequency)
    assert deviations["executions"].to_dict() == dict(dfg.activity_frequency)
    unfit_cases = int(result.per_variant.loc[~result.per_variant["is_fit"], "cases"].sum())
    assert deviations["unfit_executions"].sum() > 0 and unfit_cases > 0
    assert (deviations["unfit_executions"] <= deviations["executions"]).all()


def test_alignments_respect_limits(receipt, receipt_conformance):
    _, _, variants, models = receipt
    skipped = check_conformance(models, variants, settings=MiningSettings(alignment_max_variants=10))
    assert skipped.alignments is None and any("alignments skipped" in n for n in skipped.notes)
    summary = receipt_conformance.alignments
    assert summary.total_variants == variants.count
    assert summary.aligned_variants >= 1 and 0 <= summary.fitness <= 1
    assert summary.complete == (summary.aligned_variants == variants.count)


@pytest.mark.parametrize("which", ["receipt", "bpic"])
def test_bpmn_and_pnml_parse_and_name_every_activity(which, request, tmp_path):
    _, dfg, _, models = request.getfixturevalue(which)
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    write_bpmn(models, tmp_path / "model.bpmn")
    write_pnml(models, tmp_path / "model.pnml")
    bpmn = etree.parse(str(tmp_path / "model.bpmn"), parser)
    tasks = {e.get("name") for e in bpmn.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}task")}
    assert set(dfg.activity_frequency) <= tasks
    pnml = etree.parse(str(tmp_path / "model.pnml"), parser)
    names = {t.findtext("name/text") for t in pnml.iter("transition")}
    assert set(dfg.activity_frequency) <= names


def test_replay_on_both_cores_equals_one_core(bpic, monkeypatch):
    """BPIC15_1's 300 replayed variants go half to a forked child; the figures are those of one process."""
    from rpa_finder.mining import conformance

    _, _, variants, models = bpic
    settings = MiningSettings(conformance_budget_seconds=600)
    both = check_conformance(models, variants, settings=settings)
    monkeypatch.setattr(conformance, "PARALLEL_REPLAY_CHUNKS", 10**9)
    one = check_conformance(models, variants, settings=settings)
    assert len(both.per_variant) == 300 and len(one.per_variant) == 300
    pd.testing.assert_frame_equal(both.per_variant, one.per_variant)
    pd.testing.assert_frame_equal(both.activity_deviations, one.activity_deviations)
    assert both.fitness == one.fitness and both.fitting_case_share == one.fitting_case_share
    assert both.precision == one.precision or (np.isnan(both.precision) and np.isnan(one.precision))
