# SPDX-License-Identifier: AGPL-3.0-or-later
"""The faster paths of mining give exactly what the slow ones gave, on real logs.

Token replay answers pm4py's enabled-transition scans and silent-transition walks from a memo,
IMd's sequence cut gets its transitive relations from one pass over the condensation, the
heuristics miner gets a DFG cleaned in one pass, and variants find distinct long sequences by
``lexsort``.  Each is checked here against the code it replaces.
"""
from __future__ import annotations

import random
import warnings

import numpy as np
import pytest

from conftest import shared_log
from rpa_finder import pm4py_adapter as adapter
from rpa_finder.mining.dfg import compute_dfg
from rpa_finder.mining.discovery import discover_models
from rpa_finder.mining.model import MiningSettings
from rpa_finder.mining.variants import _unique_rows, compute_variants

RECEIPT = "receipt_wabo/receipt_WABO_CoSeLoG.xes.gz"
BPIC = "bpic2015/BPIC15_1.xes.gz"
KEYS = ("trace_fitness", "trace_is_fit", "missing_tokens", "consumed_tokens", "remaining_tokens",
        "produced_tokens", "problem_labels")


def _mined(relative: str):
    log = shared_log(relative)
    dfg, variants = compute_dfg(log), compute_variants(log)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dfg, variants, discover_models(dfg, variants, MiningSettings())


def _pm4py_own_replay(models, traces, monkeypatch) -> list[dict]:
    """pm4py's token replay with every rpa_finder shortcut taken out again."""
    from pm4py.algo.conformance.tokenreplay.variants import token_replay as tr
    from pm4py.objects.petri_net import semantics
    from pm4py.objects.petri_net.obj import Marking

    with monkeypatch.context() as patch:
        patch.setattr(semantics, "enabled_transitions", semantics.enabled_transitions.__wrapped__)
        patch.setattr(tr, "apply_hidden_trans", tr.apply_hidden_trans.__wrapped__)
        patch.delattr(Marking, "__copy__")
        parameters = {tr.Parameters.CONSIDER_REMAINING_IN_FITNESS: True, tr.Parameters.SHOW_PROGRESS_BAR: False}
        results = tr.apply(adapter._as_pm4py_log(traces), models.net, models.initial_marking, models.final_marking,
                           parameters=parameters)
    for result in results:
        result["problem_labels"] = [t.label for t in result["transitions_with_problems"] if t.label is not None]
    return results


def _essence(result: dict) -> tuple:
    return (tuple(result[k] if k != "problem_labels" else tuple(result[k]) for k in KEYS),
            tuple(t.name for t in result["activated_transitions"]), repr(result["reached_marking"]),
            tuple(sorted(t.name for t in result["enabled_transitions_in_marking"])))


def _assert_replay_unchanged(relative: str, n_variants: int | None, monkeypatch) -> list[dict]:
    _, variants, models = _mined(relative)
    traces = list(variants.table["activities"].head(n_variants) if n_variants else variants.table["activities"])
    fast = [r for start in range(0, len(traces), 20)  # chunks, as conformance replays them: the memo persists
            for r in adapter.replay_traces(models.net, models.initial_marking, models.final_marking,
                                           traces[start:start + 20])]
    slow = _pm4py_own_replay(models, traces, monkeypatch)
    assert [_essence(r) for r in fast] == [_essence(r) for r in slow]
    return fast


def test_replay_on_receipt_equals_pm4py_own_replay_including_unfit_traces(monkeypatch):
    replayed = _assert_replay_unchanged(RECEIPT, None, monkeypatch)
    assert sum(not r["trace_is_fit"] for r in replayed) > 0  # missing tokens were added: markings changed in place
    assert any(r["problem_labels"] for r in replayed)


@pytest.mark.slow
def test_replay_on_bpic15_1_net_of_403_transitions_equals_pm4py_own_replay(monkeypatch):
    replayed = _assert_replay_unchanged(BPIC, 80, monkeypatch)
    assert len(replayed) == 80


def test_prefix_replay_for_precision_equals_pm4py_own_replay(monkeypatch):
    _, variants, models = _mined(RECEIPT)
    prefixes = sorted({tuple(t[:i]) for t in variants.table["activities"] for i in range(1, len(t))})[:300]
    fast = adapter.replay_prefixes(models.net, models.initial_marking, models.final_marking, prefixes)
    from pm4py.algo.conformance.tokenreplay.variants import token_replay as tr
    from pm4py.objects.petri_net import semantics
    from pm4py.objects.petri_net.obj import Marking

    with monkeypatch.context() as patch:
        patch.setattr(semantics, "enabled_transitions", semantics.enabled_transitions.__wrapped__)
        patch.setattr(tr, "apply_hidden_trans", tr.apply_hidden_trans.__wrapped__)
        patch.delattr(Marking, "__copy__")
        parameters = {tr.Parameters.CONSIDER_REMAINING_IN_FITNESS: False,
                      tr.Parameters.TRY_TO_REACH_FINAL_MARKING_THROUGH_HIDDEN: False,
                      tr.Parameters.STOP_IMMEDIATELY_UNFIT: True, tr.Parameters.WALK_THROUGH_HIDDEN_TRANS: True,
                      tr.Parameters.SHOW_PROGRESS_BAR: False}
        slow = tr.apply(adapter._as_pm4py_log(prefixes), models.net, models.initial_marking, models.final_marking,
                        parameters=parameters)
    assert fast == [(bool(r["trace_is_fit"]), {t.label for t in r["enabled_transitions_in_marking"] if t.label})
                    for r in slow]
    assert not all(fit for fit, _ in fast) and any(fit for fit, _ in fast)


def test_transitive_relations_equal_networkx_search_from_every_activity():
    adapter.pm4py()
    from pm4py.objects.dfg import util as dfu
    from pm4py.objects.dfg.obj import DFG

    adapter._install_fast_transitive_relations()
    pm4py_own = dfu.get_transitive_relations.__wrapped__
    rng = random.Random(7)
    for _ in range(200):  # cycles, self-loops, isolated start activities, empty graphs
        names = [f"a{i}" for i in range(rng.randint(1, 25))]
        edges = {(rng.choice(names), rng.choice(names)): 1 for _ in range(rng.randint(0, 3 * len(names)))}
        graph = DFG(edges, {rng.choice(names): 1}, {})
        assert adapter._transitive_relations(graph) == pm4py_own(graph)
    dfg, _, _ = _mined(RECEIPT)
    real = DFG(dfg.frequency_dict(), dict(dfg.start_activities), dict(dfg.end_activities))
    assert adapter._transitive_relations(real) == pm4py_own(real)


def test_heuristics_dfg_cleaning_equals_pm4py_rule():
    adapter.pm4py()
    from pm4py.algo.filtering.dfg.dfg_filtering import clean_dfg_based_on_noise_thresh

    dfg, _, _ = _mined(RECEIPT)
    edges = dfg.frequency_dict()
    cleaned = adapter._clean_dfg(edges, 0.05)
    assert cleaned == clean_dfg_based_on_noise_thresh(edges, list(dfg.activity_frequency), 0.05)
    assert list(cleaned) == [e for e in edges if e in cleaned] and len(cleaned) < len(edges)


def test_unique_rows_equal_numpy_unique_on_long_sequences():
    rng = np.random.default_rng(3)
    for _ in range(300):
        matrix = rng.integers(-1, rng.integers(1, 5), size=(rng.integers(2, 50), rng.integers(1, 40)))
        rows, inverse = _unique_rows(matrix)
        expected_rows, expected_inverse = np.unique(matrix, axis=0, return_inverse=True)
        assert np.array_equal(rows, expected_rows)
        assert np.array_equal(inverse, np.asarray(expected_inverse).reshape(-1))


def _flow(graph):
    import networkx as nx

    flow = nx.DiGraph()
    flow.add_nodes_from(graph.nodes)
    out_total = dict(graph.out_degree(weight="frequency"))
    for source, target, data in graph.edges(data=True):
        if source != target and data["frequency"] > 0:
            flow.add_edge(source, target, distance=-np.log(data["frequency"] / out_total[source]) + 0.0)
    return flow


@pytest.mark.parametrize("relative, k", [(RECEIPT, None), pytest.param(BPIC, 100, marks=pytest.mark.slow)])
def test_betweenness_is_networkx_bit_for_bit_on_real_flows(relative, k):
    import networkx as nx

    from rpa_finder.mining.betweenness import flow_betweenness
    from rpa_finder.mining.graph import build_digraph, compute_centrality

    dfg = compute_dfg(shared_log(relative))
    flow = _flow(build_digraph(dfg))
    expected = nx.betweenness_centrality(flow, k=k, seed=0 if k else None, weight="distance", normalized=True)
    assert flow_betweenness(flow, k, 0 if k else None) == expected  # exact floats, same keys
    table = compute_centrality(dfg).set_index("activity")
    assert table["betweenness"].to_dict() == {a: expected.get(a, 0.0) for a in table.index}
    assert table.attrs["betweenness_sampled_sources"] == k


def test_betweenness_is_networkx_bit_for_bit_with_ties_and_sampling():
    import networkx as nx

    from rpa_finder.mining.betweenness import flow_betweenness

    rng = random.Random(11)
    for _ in range(150):  # few distinct frequencies: many equally short paths
        n = rng.randint(1, 30)
        graph = nx.DiGraph()
        graph.add_nodes_from(range(n))
        for _ in range(rng.randint(0, 4 * n)):
            graph.add_edge(rng.randrange(n), rng.randrange(n), frequency=rng.choice([1, 1, 2, 4]))
        flow = _flow(graph)
        for k in (None, max(2, n // 2)):
            k = None if k is None or k >= n else k
            expected = nx.betweenness_centrality(flow, k=k, seed=3 if k else None, weight="distance", normalized=True)
            assert flow_betweenness(flow, k, 3 if k else None) == expected
