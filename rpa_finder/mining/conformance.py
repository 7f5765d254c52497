# SPDX-License-Identifier: AGPL-3.0-or-later
"""How well the discovered model fits the log: token-replay fitness and precision, per variant.

Every case of a variant replays identically, so one trace per variant is replayed and weighted by
its case count: the result equals pm4py's replay of the whole log while the cost follows the number
of variants.  Alignments are optional and bounded by a variant limit and a time budget.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import pm4py_adapter as adapter
from .discovery import DiscoveredModels
from .model import MiningSettings, Variants

__all__ = ["Conformance", "AlignmentSummary", "check_conformance", "PRECISION_MAX_PREFIXES"]

#: Precision replays every distinct prefix; above this many it is skipped (NaN, with a note).
#: BPIC15_1 has about 51,000 distinct prefixes, roughly 20 ms each on its 400-transition net.
#: Above this many distinct prefixes precision is skipped (its replay cost grows with the prefixes).
PRECISION_MAX_PREFIXES = 2_000


@dataclass(frozen=True)
class AlignmentSummary:
    """What the alignments that finished say; ``complete`` is False when the budget ran out."""

    aligned_variants: int
    total_variants: int
    aligned_cases: int
    #: Case-weighted mean alignment fitness over the aligned variants (NaN if none finished).
    fitness: float
    complete: bool
    note: str


@dataclass(frozen=True)
class Conformance:
    """Token-replay figures of a model against the variants of a log.

    ``per_variant``: variant_id, cases, fitness, is_fit, missing, consumed, remaining, produced.
    ``activity_deviations``: activity, unfit_executions (case-weighted firings that lacked tokens),
    not_in_model (case-weighted executions of activities the model lacks), executions, deviation_share.
    """

    fitness: float
    average_trace_fitness: float
    fitting_case_share: float
    precision: float
    per_variant: pd.DataFrame
    activity_deviations: pd.DataFrame
    alignments: AlignmentSummary | None
    notes: tuple[str, ...]


def check_conformance(models: DiscoveredModels, variants: Variants, *, settings: MiningSettings) -> Conformance:
    """Replay each variant once on the model and weight by its cases.

    >>> result = check_conformance(models, variants, settings=MiningSettings())  # doctest: +SKIP
    >>> round(result.fitness, 3)  # doctest: +SKIP
    0.945
    """
    notes: list[str] = []
    table = variants.table
    if len(table) > settings.conformance_max_variants:
        covered = table.head(settings.conformance_max_variants)
        share = covered["cases"].sum() / max(table["cases"].sum(), 1)
        notes.append(f"replayed the {len(covered)} most frequent of {len(table)} variants ({share:.0%} of cases); "
                     "the rest are rare paths whose replay would dominate the cost")
        table = covered
    replayed = _replay_within_budget(models, list(table["activities"]), settings.conformance_budget_seconds)
    if len(replayed) < len(table):
        share = table["cases"].head(len(replayed)).sum() / max(variants.table["cases"].sum(), 1)
        notes.append(f"token replay stopped at its {settings.conformance_budget_seconds:g} s budget after "
                     f"{len(replayed)} of {len(variants.table)} variants ({share:.0%} of cases)")
        table = table.head(len(replayed))
    traces = list(table["activities"])
    cases = table["cases"].to_numpy(dtype="int64")
    per_variant = pd.DataFrame({
        "variant_id": table["variant_id"].to_numpy(),
        "cases": cases,
        "fitness": [r["trace_fitness"] for r in replayed],
        "is_fit": [bool(r["trace_is_fit"]) for r in replayed],
        **{k: np.array([r[f"{k}_tokens"] for r in replayed], dtype="int64")
           for k in ("missing", "consumed", "remaining", "produced")},
    })
    totals = {k: int((per_variant[k] * cases).sum()) for k in ("missing", "consumed", "remaining", "produced")}
    fitness = 0.0
    if totals["consumed"] > 0 and totals["produced"] > 0:
        fitness = 0.5 * (1 - totals["missing"] / totals["consumed"]) + 0.5 * (1 - totals["remaining"] / totals["produced"])
    n_cases = int(cases.sum())
    average = float((per_variant["fitness"] * cases).sum() / n_cases) if n_cases else 0.0
    fitting = float(cases[per_variant["is_fit"].to_numpy()].sum() / n_cases) if n_cases else 0.0
    precision = _measure_precision(models, traces, cases, notes)
    alignments = _align_variants(models, table, settings, notes)
    return Conformance(
        fitness=float(fitness), average_trace_fitness=average, fitting_case_share=fitting,
        precision=precision,
        per_variant=per_variant,
        activity_deviations=_count_deviations(models, table, replayed),
        alignments=alignments, notes=tuple(notes),
    )


#: The parts of pm4py's replay results the figures read (the rest hold Petri net objects).
_REPLAY_KEYS = ("trace_fitness", "trace_is_fit", "missing_tokens", "consumed_tokens", "remaining_tokens",
                "produced_tokens", "problem_labels")
#: From this many chunks of variants on, half of them are replayed in a forked child on the other core.
PARALLEL_REPLAY_CHUNKS = 4


def _replay_chunks(models: DiscoveredModels, chunks: list[list], budget_seconds: float) -> list[list[dict]]:
    """Replay ``chunks`` in order, each result kept to :data:`_REPLAY_KEYS`, until the budget is spent."""
    began = time.perf_counter()
    done: list[list[dict]] = []
    for chunk in chunks:
        results = adapter.replay_traces(models.net, models.initial_marking, models.final_marking, chunk)
        done.append([{key: result[key] for key in _REPLAY_KEYS} for result in results])
        if time.perf_counter() - began > budget_seconds:
            break
    return done


def _replay_within_budget(models: DiscoveredModels, traces: list, budget_seconds: float, chunk: int = 20) -> list[dict]:
    """Replay the most frequent variants first, in chunks, until the time budget is spent.

    pm4py's token replay runs per trace in Python (1-2 ms a variant on BPIC15_1's 398-activity net
    with the adapter's memo, 27 ms without), so with many variants every other chunk is replayed in
    a forked child on the second core.  What comes back is the longest run of chunks, in frequency
    order, that both finished: with no budget hit, exactly the sequential result.
    """
    from ..engine.forked import ForkedCall

    chunks = [traces[start:start + chunk] for start in range(0, len(traces), chunk)]
    if len(chunks) < PARALLEL_REPLAY_CHUNKS or (os.cpu_count() or 1) < 2:
        return [result for part in _replay_chunks(models, chunks, budget_seconds) for result in part]
    with ForkedCall(_replay_chunks, models, chunks[1::2], budget_seconds) as other:
        own = _replay_chunks(models, chunks[0::2], budget_seconds)
        theirs = other.result()
    replayed: list[dict] = []
    for number in range(len(chunks)):
        done = own if number % 2 == 0 else theirs
        if number // 2 >= len(done):
            break
        replayed += done[number // 2]
    return replayed


def _count_deviations(models: DiscoveredModels, table: pd.DataFrame, replayed: list[dict]) -> pd.DataFrame:
    steps = table[["activities", "cases"]].explode("activities").dropna()
    executions = steps.groupby("activities")["cases"].sum()
    problems = pd.DataFrame(
        [(label, n) for r, n in zip(replayed, table["cases"]) for label in r["problem_labels"]],
        columns=["activity", "cases"],
    )
    unfit = problems.groupby("activity")["cases"].sum() if len(problems) else pd.Series(dtype="int64")
    frame = pd.DataFrame({"executions": executions}).rename_axis("activity")
    frame["unfit_executions"] = unfit.reindex(frame.index).fillna(0).astype("int64")
    frame["not_in_model"] = np.where(frame.index.isin(models.activities), 0, frame["executions"]).astype("int64")
    frame["deviation_share"] = (frame["unfit_executions"] + frame["not_in_model"]) / frame["executions"]
    frame = frame.reset_index()[["activity", "unfit_executions", "not_in_model", "executions", "deviation_share"]]
    return frame.sort_values(["unfit_executions", "not_in_model", "activity"], ascending=[False, False, True], ignore_index=True)


def _measure_precision(models: DiscoveredModels, traces: list[tuple], cases: np.ndarray, notes: list[str]) -> float:
    """ETConformance (pm4py's token-based precision) with prefixes weighted by the cases of their variants."""
    weight: dict[tuple, int] = {}
    follow: dict[tuple, set] = {}
    for trace, n in zip(traces, cases):  # one loop per variant; prefixes of that variant inside
        for i in range(1, len(trace)):
            prefix = tuple(trace[:i])
            weight[prefix] = weight.get(prefix, 0) + int(n)
            follow.setdefault(prefix, set()).add(trace[i])
    prefixes = list(weight)
    if len(prefixes) > PRECISION_MAX_PREFIXES:
        notes.append(f"precision skipped: {len(prefixes):,} distinct prefixes exceed {PRECISION_MAX_PREFIXES:,}")
        return float("nan")
    replayed = adapter.replay_prefixes(models.net, models.initial_marking, models.final_marking, prefixes)
    initially = adapter.labels_enabled_initially(models.net, models.initial_marking)
    starts = {t[0] for t in traces if len(t)}
    n_cases = int(cases.sum())
    enabled_total = n_cases * len(initially)
    escaping = n_cases * len(initially - starts)
    for prefix, (fit, enabled) in zip(prefixes, replayed):
        if fit:
            enabled_total += len(enabled) * weight[prefix]
            escaping += len(enabled - follow[prefix]) * weight[prefix]
    return 1.0 - escaping / enabled_total if enabled_total else 1.0


def _align_variants(models: DiscoveredModels, table: pd.DataFrame, settings: MiningSettings, notes: list[str]) -> AlignmentSummary | None:
    total = len(table)
    if total > settings.alignment_max_variants:
        notes.append(f"alignments skipped: {total} variants exceed alignment_max_variants={settings.alignment_max_variants}")
        return None
    deadline = time.perf_counter() + float(settings.alignment_budget_seconds)
    fitness, weights = [], []
    for activities, n in zip(table["activities"], table["cases"]):  # most frequent variants first
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        result = adapter.align_trace(models.net, models.initial_marking, models.final_marking, activities, left)
        if result is None or "fitness" not in result:
            break
        fitness.append(result["fitness"])
        weights.append(int(n))
    done = len(fitness)
    complete = done == total
    value = float(np.average(fitness, weights=weights)) if done else float("nan")
    note = "all variants aligned" if complete else (
        f"alignment budget of {settings.alignment_budget_seconds:g} s ran out after {done} of {total} variants"
    )
    if not complete:
        notes.append(note)
    return AlignmentSummary(done, total, int(sum(weights)), value, complete, note)
