# SPDX-License-Identifier: AGPL-3.0-or-later
"""The only module that touches pm4py, and it imports it lazily.

``import pm4py`` costs 3-5 s and over a thousand modules; ``rpa-finder --help`` and everything that
does not discover or replay a model must not pay that.  Where pm4py recomputes pure functions
inside its loops (token replay, IMd's sequence cut, the heuristics miner's DFG cleaning), this
module hands it the same answers computed once; the models and figures stay exactly pm4py's.
The rest of rpa_finder speaks its own snake_case columns; this module translates to pm4py's XES
keys and back.
"""
from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from .eventlog import EventLog

__all__ = [
    "pm4py",
    "to_pm4py_frame",
    "from_pm4py_frame",
    "PM4PY_KEYS",
    "discover_tree_from_dfg",
    "discover_tree_from_variants",
    "convert_tree",
    "discover_heuristics_from_dfg",
    "replay_traces",
    "replay_prefixes",
    "labels_enabled_initially",
    "align_trace",
    "bpmn_to_xml",
    "petri_net_to_pnml",
]

#: Our column -> pm4py / XES key.
PM4PY_KEYS = {
    "case_id": "case:concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "resource": "org:resource",
    "lifecycle": "lifecycle:transition",
    "start_timestamp": "start_timestamp",
}

_module: Any = None


def pm4py() -> Any:
    """The pm4py module, imported on first use (quietly: its import prints a banner and warnings)."""
    global _module
    if _module is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _module = importlib.import_module("pm4py")
    return _module


def to_pm4py_frame(log: "EventLog", *, complete_only: bool = False) -> pd.DataFrame:
    """A pm4py-formatted DataFrame of the log's events (plain strings, XES keys, stable order).

    With ``complete_only`` only events whose lifecycle is "complete" are kept, which is what pm4py's
    frequency DFG and variants count on logs with start/complete pairs.
    """
    events = log.events
    if complete_only:
        events = events[events["lifecycle"] == "complete"]
    frame = pd.DataFrame(
        {
            PM4PY_KEYS[column]: (events[column].astype("object") if column in ("case_id", "activity", "resource", "lifecycle") else events[column])
            for column in PM4PY_KEYS
            if column in events.columns
        }
    )
    frame = frame.reset_index(drop=True)
    return frame


def from_pm4py_frame(frame: pd.DataFrame, **kwargs: Any) -> "EventLog":
    """An EventLog from a pm4py DataFrame (``pm4py.read_xes`` output, say): the reverse mapping."""
    from .eventlog import EventLog

    inverse = {key: column for column, key in PM4PY_KEYS.items()}
    renamed = frame.rename(columns={k: v for k, v in inverse.items() if k in frame.columns})
    renamed = renamed.drop(columns=[c for c in ("@@index", "@@case_index") if c in renamed.columns])
    renamed = renamed.loc[:, ~renamed.columns.duplicated()]
    renamed["timestamp"] = pd.to_datetime(renamed["timestamp"], utc=True)
    return EventLog.from_frame(renamed, **kwargs)


# --- discovery ------------------------------------------------------------------------------------
def _quiet() -> None:
    """Switch off pm4py's progress bars: they write to stderr and cost time on every replay."""
    pm4py().util.constants.SHOW_PROGRESS_BAR = False


def _transitive_relations(dfg: Any) -> tuple[dict[Any, set], dict[Any, set]]:
    """pm4py's ``dfg.util.get_transitive_relations``, the same sets from one pass over the condensation.

    pm4py runs a networkx breadth-first search from every activity, twice (ancestors, descendants):
    O(activities x edges), 0.4 s of IMd on BPIC15_1's 398 activities (0.05 s here).  Here the
    strongly connected components are found once (scipy), and reachability is OR-ed over the
    component DAG in topological order as boolean rows.  Like networkx, an activity is never in its
    own sets.
    """
    import numpy as np
    from pm4py.objects.dfg import util as dfu
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    alphabet = list(dfu.get_vertices(dfg))
    n = len(alphabet)
    position = {a: i for i, a in enumerate(alphabet)}
    pairs = np.array([(position[a], position[b]) for a, b in dfg.graph], dtype=np.int64).reshape(-1, 2)
    graph = csr_matrix((np.ones(len(pairs), dtype=np.int8), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    n_parts, part = connected_components(graph, directed=True, connection="strong")
    members = np.zeros((n_parts, n), dtype=bool)
    members[part, np.arange(n)] = True
    links = {(int(part[a]), int(part[b])) for a, b in pairs if part[a] != part[b]}

    def closure(forward: bool) -> np.ndarray:
        after: list[list[int]] = [[] for _ in range(n_parts)]
        for a, b in links:
            after[a if forward else b].append(b if forward else a)
        reach = np.zeros((n_parts, n), dtype=bool)
        done = np.zeros(n_parts, dtype=bool)
        for root in range(n_parts):  # iterative post-order: a component after everything it reaches
            stack = [(root, 0)]
            while stack:
                node, k = stack.pop()
                if done[node]:
                    continue
                if k < len(after[node]):
                    stack.append((node, k + 1))
                    nxt = after[node][k]
                    if not done[nxt]:
                        stack.append((nxt, 0))
                    continue
                for nxt in after[node]:
                    reach[node] |= members[nxt] | reach[nxt]
                done[node] = True
        return reach

    names = np.array(alphabet, dtype=object)
    relations = []
    for forward in (False, True):
        reach = closure(forward)
        within = reach[part] | members[part]
        within[np.arange(n), np.arange(n)] = False
        relations.append({a: set(names[within[i]]) for i, a in enumerate(alphabet)})
    return relations[0], relations[1]


def _install_fast_transitive_relations() -> None:
    """Give pm4py's sequence cut :func:`_transitive_relations` (installed once; same sets as before)."""
    from pm4py.objects.dfg import util as dfu

    if not hasattr(dfu.get_transitive_relations, "__wrapped__"):
        _transitive_relations.__wrapped__ = dfu.get_transitive_relations  # type: ignore[attr-defined]
        dfu.get_transitive_relations = _transitive_relations


def discover_tree_from_dfg(edges: Mapping[tuple[str, str], int], start: Mapping[str, int],
                           end: Mapping[str, int]) -> Any:
    """Process tree by IMd (inductive miner on a DFG): cost follows the activities, not the events."""
    pm4py()
    _install_fast_transitive_relations()
    from pm4py.algo.discovery.inductive import algorithm as inductive
    from pm4py.objects.dfg.obj import DFG

    return inductive.apply(DFG(dict(edges), dict(start), dict(end)), variant=inductive.Variants.IMd)


def discover_tree_from_variants(variants: Mapping[tuple[str, ...], int], noise_threshold: float) -> Any:
    """Process tree by IMf on variants with multiplicities (what pm4py does on a log, minus the log)."""
    pm4py()
    from collections import Counter

    from pm4py.algo.discovery.inductive.dtypes.im_ds import IMDataStructureUVCL
    from pm4py.algo.discovery.inductive.variants.im import IMUVCL
    from pm4py.algo.discovery.inductive.variants.imf import IMFUVCL
    from pm4py.objects.process_tree.utils import generic

    _install_fast_transitive_relations()
    parameters = {"noise_threshold": float(noise_threshold), "multiprocessing": False}
    miner = IMFUVCL(parameters) if noise_threshold > 0 else IMUVCL(parameters)
    tree = miner.apply(IMDataStructureUVCL(Counter(dict(variants))), parameters)
    tree = generic.fold(tree)
    generic.tree_sort(tree)
    return tree


def convert_tree(tree: Any) -> tuple[Any, Any, Any, Any]:
    """(net, initial marking, final marking, BPMN) of a process tree."""
    pm = pm4py()
    net, initial, final = pm.convert_to_petri_net(tree)
    return net, initial, final, pm.convert_to_bpmn(tree)


def discover_heuristics_from_dfg(edges: Mapping[tuple[str, str], int], activity_frequency: Mapping[str, int],
                                 start: Mapping[str, int], end: Mapping[str, int], *,
                                 window_two: Mapping[tuple[str, str], int] | None = None,
                                 dependency_threshold: float = 0.5) -> Any:
    """Heuristics net from the DFG (and the a-b-a counts that reveal short loops)."""
    pm4py()
    from pm4py.algo.discovery.heuristics.variants import classic
    from pm4py.objects.heuristics_net import defaults

    # pm4py's pre-cleaning looks up each activity's strongest edge by rebuilding the edge maps per
    # activity (O(activities x edges), 0.7 s on BPIC15_1); the same rule in one pass (0.04 s), then
    # pm4py is told the DFG is clean (threshold 0 skips its own pass).
    noise = defaults.DEFAULT_DFG_PRE_CLEANING_NOISE_THRESH
    parameters = {classic.Parameters.DEPENDENCY_THRESH: dependency_threshold,
                  classic.Parameters.DFG_PRE_CLEANING_NOISE_THRESH: 0.0}
    return classic.apply_heu_dfg(
        _clean_dfg(dict(edges), noise), activities=list(activity_frequency),
        activities_occurrences=dict(activity_frequency),
        start_activities=dict(start), end_activities=dict(end),
        dfg_window_2=None if window_two is None else dict(window_two), parameters=parameters,
    )


def _clean_dfg(dfg: dict[tuple[str, str], int], noise_threshold: float) -> dict[tuple[str, str], int]:
    """pm4py's ``clean_dfg_based_on_noise_thresh`` on a dict DFG, in one pass: an edge is dropped when
    it is weaker than ``noise_threshold`` times the strongest edge at both of its activities."""
    strongest: dict[str, int] = {}
    for (a, b), n in dfg.items():
        for activity in (a, b):
            if n > strongest.get(activity, -1):
                strongest[activity] = n
    if not dfg:
        return dfg
    return {(a, b): n for (a, b), n in dfg.items()
            if not n < min(strongest[a] * noise_threshold, strongest[b] * noise_threshold)}


# --- conformance ----------------------------------------------------------------------------------
#: id(net) -> the _ReplayMemo of a net that rpa_finder has replayed (dropped when the net is freed).
_MEMOS: dict[int, "_ReplayMemo"] = {}


class _ReplayMemo:
    """What pm4py's token replay recomputes at every event, kept per net and per exact marking.

    pm4py replays an event by listing every enabled transition of the net (a scan of all
    transitions) and, when the event's transition is not enabled, by searching silent transitions
    that enable it.  Both are pure functions of (net, marking): on BPIC15_1's 403-transition net
    from IMd each event scanned 403 transitions and walked two silent ones, 90 % of the replay
    (27 s for its 1,170 variants on one core, 1.1-2.3 s with the memo), though the net visits only
    a handful of markings.  The first answer per marking is kept; later events get a copy.  Keys
    hold the marking's items in order, so even an order-sensitive step of pm4py sees what it saw
    before: the replay results are identical, only faster.
    """

    def __init__(self, net: Any) -> None:
        import weakref

        from pm4py.algo.conformance.tokenreplay.variants import token_replay as tr
        from pm4py.objects.petri_net.utils.petri_utils import get_places_shortest_path_by_hidden

        self.net = weakref.ref(net)
        self.shape = _shape(net)
        #: What pm4py's apply_log computes on every call; computed once and passed to it instead.
        self.paths = get_places_shortest_path_by_hidden(net, tr.TechnicalParameters.MAX_REC_DEPTH.value)
        self.enabled: dict[tuple, tuple] = {}
        self.hidden: dict[tuple, tuple] = {}
        self.visible: dict[tuple, set] = {}


def _shape(net: Any) -> tuple[int, int, int]:
    return len(net.places), len(net.transitions), len(net.arcs)


def _replay_memo(net: Any) -> _ReplayMemo:
    """The memo of ``net``, made on first use (and made again if the net was changed since)."""
    import weakref

    _install_replay_memo()
    memo = _MEMOS.get(id(net))
    if memo is None or memo.net() is not net or memo.shape != _shape(net):
        memo = _MEMOS[id(net)] = _ReplayMemo(net)
        weakref.finalize(net, _MEMOS.pop, id(net), None)
    return memo


def _memo_of(net: Any) -> _ReplayMemo | None:
    memo = _MEMOS.get(id(net))
    return memo if memo is not None and memo.net() is net else None


def _install_replay_memo() -> None:
    """Route pm4py's ``enabled_transitions``, token replay's ``apply_hidden_trans`` and the labels left
    enabled at a trace's end through the memos, and give pm4py's ``Marking`` a direct ``__copy__``.

    Installed once per process; a net without a memo (any net rpa_finder did not replay) gets
    pm4py's own functions, unchanged.
    """
    from copy import copy

    from pm4py.algo.conformance.tokenreplay.variants import token_replay as tr
    from pm4py.objects.petri_net import semantics
    from pm4py.objects.petri_net.obj import Marking
    from pm4py.objects.petri_net.utils import align_utils

    if hasattr(semantics.enabled_transitions, "__wrapped__"):
        return
    enabled_original, hidden_original = semantics.enabled_transitions, tr.apply_hidden_trans
    visible_original = align_utils.get_visible_transitions_eventually_enabled_by_marking

    def enabled_transitions(pn: Any, m: Any) -> set:
        memo = _memo_of(pn)
        if memo is None:
            return enabled_original(pn, m)
        key = tuple(m.items())
        found = memo.enabled.get(key)
        if found is None:  # kept in pm4py's insertion order, so the new set iterates as pm4py's would
            enabled = enabled_original(pn, m)
            found = memo.enabled[key] = tuple(t for t in pn.transitions if t in enabled)
        return set(found)

    def visible_eventually(net: Any, marking: Any) -> set:
        """At the end of every trace replay: the labelled transitions reachable through silent ones."""
        memo = _memo_of(net)
        if memo is None:
            return visible_original(net, marking)
        key = tuple(marking.items())
        found = memo.visible.get(key)
        if found is None:
            found = memo.visible[key] = visible_original(net, marking)
        return set(found)

    def apply_hidden_trans(t: Any, net: Any, marking: Any, paths: Any, act_tr: list, rec_depth: int,
                           visit_trans: set, vis_mark: list, exhaustive: bool) -> list:
        memo = _memo_of(net)
        if memo is None or rec_depth != 0 or visit_trans or paths is not memo.paths:
            return hidden_original(t, net, marking, paths, act_tr, rec_depth, visit_trans, vis_mark, exhaustive)
        key = (t, tuple(marking.items()), exhaustive)
        found = memo.hidden.get(key)
        if found is None:  # pm4py only appends to act_tr and vis_mark and never changes ``marking``
            fired_from, seen_from = len(act_tr), len(vis_mark)
            result = hidden_original(t, net, marking, paths, act_tr, rec_depth, visit_trans, vis_mark, exhaustive)
            reached, seen = result[1], result[3][seen_from:]
            where = next((i for i, m in enumerate(seen) if m is reached), -1 if reached is marking else -2)
            memo.hidden[key] = (tuple(result[2][fired_from:]), [copy(m) for m in seen], copy(reached), where)
            return result
        fired, seen, reached, where = found
        act_tr.extend(fired)
        fresh = [copy(m) for m in seen]  # replay changes markings in place later (missing tokens)
        vis_mark.extend(fresh)
        reached = fresh[where] if where >= 0 else marking if where == -1 else copy(reached)
        return [net, reached, act_tr, vis_mark]

    enabled_transitions.__wrapped__ = enabled_original  # type: ignore[attr-defined]
    apply_hidden_trans.__wrapped__ = hidden_original  # type: ignore[attr-defined]
    visible_eventually.__wrapped__ = visible_original  # type: ignore[attr-defined]
    semantics.enabled_transitions = enabled_transitions
    tr.apply_hidden_trans = apply_hidden_trans
    align_utils.get_visible_transitions_eventually_enabled_by_marking = visible_eventually
    if "__copy__" not in vars(Marking):
        Marking.__copy__ = _copy_marking  # type: ignore[attr-defined]


def _copy_marking(marking: Any) -> Any:
    """``copy(marking)`` without the reduce/reconstruct round trip (replay copies a marking 8 times an
    event): the same class, items and order as ``Counter.__reduce__`` gives, which drops nothing else."""
    new = type(marking)()
    dict.update(new, marking)
    return new


def _as_pm4py_log(traces: Sequence[Sequence[str]]) -> Any:
    pm4py()
    from pm4py.objects.log.obj import Event, EventLog, Trace

    log = EventLog()
    for activities in traces:
        log.append(Trace([Event({"concept:name": a}) for a in activities]))
    return log


def replay_traces(net: Any, initial: Any, final: Any, traces: Sequence[Sequence[str]]) -> list[dict[str, Any]]:
    """Token replay of each trace once, with the parameters of pm4py's token-replay fitness.

    Each result carries pm4py's counts (missing, consumed, remaining, produced), ``trace_fitness``,
    ``trace_is_fit`` and ``problem_labels``: labels of transitions fired without their tokens.
    """
    pm4py()
    _quiet()
    from pm4py.algo.conformance.tokenreplay.variants import token_replay as tr

    parameters = {tr.Parameters.CONSIDER_REMAINING_IN_FITNESS: True, tr.Parameters.SHOW_PROGRESS_BAR: False}
    parameters[tr.Parameters.PLACES_SHORTEST_PATH_BY_HIDDEN] = _replay_memo(net).paths
    results = tr.apply(_as_pm4py_log(traces), net, initial, final, parameters=parameters)
    for result in results:
        result["problem_labels"] = [t.label for t in result["transitions_with_problems"] if t.label is not None]
    return results


def replay_prefixes(net: Any, initial: Any, final: Any, prefixes: Sequence[Sequence[str]]) -> list[tuple[bool, set[str]]]:
    """For ETConformance precision: per prefix, whether it replays and which labels it leaves enabled."""
    pm4py()
    _quiet()
    from pm4py.algo.conformance.tokenreplay.variants import token_replay as tr

    parameters = {
        tr.Parameters.CONSIDER_REMAINING_IN_FITNESS: False,
        tr.Parameters.TRY_TO_REACH_FINAL_MARKING_THROUGH_HIDDEN: False,
        tr.Parameters.STOP_IMMEDIATELY_UNFIT: True,
        tr.Parameters.WALK_THROUGH_HIDDEN_TRANS: True,
        tr.Parameters.SHOW_PROGRESS_BAR: False,
    }
    parameters[tr.Parameters.PLACES_SHORTEST_PATH_BY_HIDDEN] = _replay_memo(net).paths
    results = tr.apply(_as_pm4py_log(prefixes), net, initial, final, parameters=parameters)
    return [
        (bool(r["trace_is_fit"]), {t.label for t in r["enabled_transitions_in_marking"] if t.label is not None})
        for r in results
    ]


def labels_enabled_initially(net: Any, initial: Any) -> set[str]:
    """Visible labels reachable from the initial marking through silent steps (precision's empty prefix)."""
    pm4py()
    from pm4py.objects.petri_net.utils.align_utils import get_visible_transitions_eventually_enabled_by_marking

    return {t.label for t in get_visible_transitions_eventually_enabled_by_marking(net, initial)}


def align_trace(net: Any, initial: Any, final: Any, activities: Sequence[str], timeout_seconds: float) -> dict[str, Any] | None:
    """Optimal alignment of one trace (A*), or None when it did not finish within the timeout."""
    pm4py()
    from pm4py.algo.conformance.alignments.petri_net import algorithm as alignments

    trace = _as_pm4py_log([activities])[0]
    parameters = {alignments.Parameters.PARAM_MAX_ALIGN_TIME_TRACE: max(float(timeout_seconds), 0.01)}
    with warnings.catch_warnings():  # pm4py's A* uses numpy.matrix and warns on every state
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return alignments.apply_trace(trace, net, initial, final, parameters=parameters)


# --- export ---------------------------------------------------------------------------------------
def bpmn_to_xml(bpmn: Any) -> bytes:
    """BPMN 2.0 XML of a BPMN model (pm4py's exporter; no layout, which would need a dot binary)."""
    pm4py()
    from pm4py.objects.bpmn.exporter.variants import etree

    return etree.get_xml_string(bpmn)


def petri_net_to_pnml(net: Any, initial: Any, final: Any) -> bytes:
    """PNML of a Petri net with its initial and final markings."""
    pm4py()
    from pm4py.objects.petri_net.exporter.variants import pnml

    text = pnml.export_petri_as_string(net, initial, final_marking=final)
    return text if isinstance(text, bytes) else text.encode("utf-8")
