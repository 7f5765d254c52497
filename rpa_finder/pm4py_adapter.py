# SPDX-License-Identifier: AGPL-3.0-or-later
"""The only module that touches pm4py, and it imports it lazily.

``import pm4py`` costs 3-5 s and over a thousand modules; ``rpa-finder --help`` and everything that
does not discover or replay a model must not pay that.  The rest of rpa_finder speaks its own
snake_case columns; this module translates to pm4py's XES keys and back.
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


def discover_tree_from_dfg(edges: Mapping[tuple[str, str], int], start: Mapping[str, int],
                           end: Mapping[str, int]) -> Any:
    """Process tree by IMd (inductive miner on a DFG): cost follows the activities, not the events."""
    pm4py()
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

    parameters = {classic.Parameters.DEPENDENCY_THRESH: dependency_threshold}
    return classic.apply_heu_dfg(
        dict(edges), activities=list(activity_frequency), activities_occurrences=dict(activity_frequency),
        start_activities=dict(start), end_activities=dict(end),
        dfg_window_2=None if window_two is None else dict(window_two), parameters=parameters,
    )


# --- conformance ----------------------------------------------------------------------------------
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
