# SPDX-License-Identifier: AGPL-3.0-or-later
"""The results folder as a plain structure: relative file name -> frame, JSON data or bytes.

Computing happens in mining and scoring; this module only *builds* what each output file holds, and
:mod:`rpa_finder.output.folder` writes it.  The HTML report and the run store read these files, so
names and shapes are a contract (schemas in ``rpa_finder/data/schema``).  No absolute path ever
enters a result: inputs are named by their basename only.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ..engine.forked import ForkedCall, forking_pays
from ..mining.model import DFG_COLUMNS, VARIANT_COLUMNS
from ..mining.process import MinedProcess
from ..scoring.candidates import CANDIDATE_COLUMNS
from ..scoring.handling import handling_seconds
from .decisions_sheet import DecisionsSheetInput
from .workbook import build_workbook, report_sheets

__all__ = ["build_mining_files", "build_ingest_files", "build_analysis_files", "build_log_files", "build_results",
           "PendingFile", "build_candidate_rows",
           "build_summary", "candidate_frame", "describe_settings", "frame_records",
           "plain", "log_stem", "HIGHLIGHT_COLOUR", "TOP_CANDIDATES"]

#: Fill colour of the top candidate activities on the process map.
HIGHLIGHT_COLOUR = "#ffd166"
#: How many candidates summary.json lists per process (and the map highlights).
TOP_CANDIDATES = 5
TOP_VARIANTS = 20
TOP_BOTTLENECKS = 10
MONEY_FIELDS = (("hours_per_year", ("hours_per_year_low", "hours_per_year", "hours_per_year_high")),
                ("savings_eur", ("savings_eur_low", "savings_eur_mid", "savings_eur_high")),
                ("net_savings_eur", ("net_savings_eur_low", "net_savings_eur_mid", "net_savings_eur_high")))
#: What summary.json's money figures add up: the headline is net; hours and savings_eur are gross.
MONEY_BASIS = ("robot candidates in the headline (in_headline): they pay back, and none shares a step with "
               "another, so no minute is counted twice; net_savings_eur is the headline, hours_per_year and "
               "savings_eur are gross")
COMPRESSED = (".gz", ".bz2", ".xz", ".zip")
#: Settings whose dataclass field has no ``#:`` comment.
def plain(value: Any) -> Any:
    """JSON-ready copy: numpy scalars to Python, NaN/NA to None, tuples to lists, times to ISO text."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return [plain(v) for v in value]
    if isinstance(value, (pd.Timestamp,)):
        return None if pd.isna(value) else value.isoformat()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not np.isfinite(value) else float(value)
    return value if isinstance(value, str) else str(value)


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON objects (NaN -> null, times ISO UTC), via pandas' vectorised JSON writer."""
    if frame is None or frame.empty:
        return []
    out = frame.reset_index(drop=True)
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype("object")
    return json.loads(out.to_json(orient="records", date_format="iso", date_unit="s", force_ascii=False))


def log_stem(path: str | Path) -> str:
    """'receipt_WABO.xes.gz' -> 'receipt_WABO': the process name and its sub-folder."""
    name = Path(path).name
    for suffix in COMPRESSED:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return Path(name).stem or name


def _scrub(data: Any, paths: Sequence[Path]) -> Any:
    """Replace every spelling of the input paths by their basename (messages may quote them)."""
    pairs = []
    for path in paths:
        for spelled in {str(path), str(Path(path).resolve()), str(Path(path).parent.resolve())}:
            if spelled not in ("", "."):
                pairs.append((spelled, Path(path).name if spelled != str(Path(path).parent.resolve()) else "."))
    pairs.sort(key=lambda pair: -len(pair[0]))

    def fix(value: Any) -> Any:
        if isinstance(value, str):
            for old, new in pairs:
                value = value.replace(old, new)
            return value
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    return fix(data)


# --- settings.json ---------------------------------------------------------------------------------
def _documented(obj, section: str, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Each field's value and its explanation from the one settings catalogue (the report's
    :data:`~rpa_finder.report.texts.SETTING_TEXTS`, in English), so settings.json and the report's
    "Assumptions and settings" say the same."""
    from dataclasses import fields

    from ..report.texts import SETTING_TEXTS

    def doc(name: str) -> str:
        entry = SETTING_TEXTS.get(f"{section}.{name}")
        return entry["en"][1] if entry else ""

    return {f.name: {"value": plain(getattr(obj, f.name)), "doc": doc(f.name)} for f in fields(obj) if f.name not in skip}


def describe_settings(config, scorer=None) -> dict[str, Any]:
    """settings.json: every setting the run used (never the pseudonymisation key), documented."""
    from dataclasses import asdict

    read = asdict(config.read)
    read.pop("key", None)
    mining = asdict(config.mining)
    if not mining.get("extra"):
        mining.pop("extra", None)
    candidates = config.candidates
    weights = dict(getattr(scorer, "weights_", None) or candidates.weights or {})
    return plain({"read": read, "mining": mining,
                  "candidates": _documented(candidates, "candidates", skip=("savings", "weights")),
                  "savings": _documented(candidates.savings, "savings"), "weights": weights,
                  "handling_minutes": dict(config.handling_minutes),
                  "account_patterns": list(config.account_patterns) if config.account_patterns else None,
                  "language": config.language})


# --- mining (issue 3) ------------------------------------------------------------------------------
def _render_map(mined: MinedProcess, full: bool, highlight: Mapping[str, str] | None) -> tuple[bytes, dict]:
    from ..mining.render import draw_process_map

    data, summary = draw_process_map(mined.dfg, activity_coverage=mined.settings.map_activity_coverage,
                                     path_coverage=mined.settings.map_path_coverage, highlight=highlight, full=full)
    return data, {"description": summary.describe(), "shown_activities": summary.shown_activities,
                  "total_activities": summary.total_activities, "shown_events_share": summary.shown_events_share,
                  "shown_edges": summary.shown_edges, "total_edges": summary.total_edges,
                  "shown_flow_share": summary.shown_flow_share, "full": summary.full,
                  "highlighted": sorted(highlight or {})}


def _variants_frame(mined: MinedProcess) -> pd.DataFrame:
    table = mined.variants.table[list(VARIANT_COLUMNS)].copy()
    table["activities"] = table["activities"].map(lambda steps: " -> ".join(map(str, steps)))
    return table


def _conformance(mined: MinedProcess) -> dict | None:
    conf = mined.conformance
    if conf is None:
        return None
    alignments = conf.alignments
    return {"fitness": conf.fitness, "average_trace_fitness": conf.average_trace_fitness,
            "fitting_case_share": conf.fitting_case_share, "precision": conf.precision,
            "alignments": None if alignments is None else {
                "aligned_variants": alignments.aligned_variants, "total_variants": alignments.total_variants,
                "aligned_cases": alignments.aligned_cases, "fitness": alignments.fitness,
                "complete": alignments.complete, "note": alignments.note},
            "notes": list(conf.notes), "activity_deviations": frame_records(conf.activity_deviations)}


def _mining_json(mined: MinedProcess, map_summary: dict) -> dict:
    """MinedProcess.summary() at the top level, then the tables; ``variants`` stays the count."""
    cycles = mined.cycles.copy()
    if "cycle" in cycles:
        cycles["cycle"] = cycles["cycle"].map(list)
    variants = _variants_frame(mined).head(TOP_VARIANTS)
    variants["activities"] = [list(map(str, steps)) for steps in mined.variants.table["activities"].head(TOP_VARIANTS)]
    handovers = mined.handovers
    data = dict(mined.summary())
    data.update({
        "process_map": map_summary,
        "bottlenecks": frame_records(mined.bottlenecks.head(TOP_BOTTLENECKS)),
        "rework": frame_records(mined.rework),
        "cycles": frame_records(cycles),
        "handovers": {"level": handovers.level, "min_group_size": handovers.min_group_size,
                      "edges": frame_records(handovers.edges), "nodes": frame_records(handovers.nodes)},
        "batches": {"window_seconds": mined.batches.window_seconds, "min_size": mined.batches.min_size,
                    "activities": frame_records(mined.batches.activities)},
        "conformance": _conformance(mined),
        "top_variants": frame_records(variants),
    })
    return plain(data)


def build_mining_files(mined: MinedProcess, *, full_map: bool = False,
                       highlight: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The mining outputs of one log: process map, models, DFG, variants, activities, mining.json."""
    svg, map_summary = _render_map(mined, full_map, highlight)
    files: dict[str, Any] = {"process_map.svg": svg}
    if mined.models is not None:
        from ..pm4py_adapter import bpmn_to_xml, petri_net_to_pnml

        models = mined.models
        files["model.bpmn"] = bpmn_to_xml(models.bpmn)
        files["model.pnml"] = petri_net_to_pnml(models.net, models.initial_marking, models.final_marking)
    files["dfg.csv"] = mined.dfg.edges[list(DFG_COLUMNS)].reset_index(drop=True)
    files["variants.csv"] = _variants_frame(mined)
    files["activities.csv"] = mined.activities.table.reset_index(drop=True)
    files["mining.json"] = _mining_json(mined, map_summary)
    return files


def build_ingest_files(ingest) -> dict[str, Any]:
    """validation.json, and rejects.csv when rows were dropped."""
    source = Path(ingest.log.sources[0].path) if ingest.log.sources else Path(ingest.report.file)
    report = plain(ingest.report.to_dict())
    report["file"] = source.name
    files: dict[str, Any] = {"validation.json": _scrub(report, [source])}
    if len(ingest.rejects):
        rejects = ingest.rejects
        if "source_file" in rejects.columns:  # the path as given may be absolute: basename only
            rejects = rejects.assign(source_file=source.name)
        files["rejects.csv"] = rejects
    return files


# --- candidates and summary (issues 4, 5) --------------------------------------------------------
def _first_step(row: Mapping[str, Any]) -> str:
    return str(row["activity"]).split(" -> ")[0] if row.get("kind") == "routine" else str(row["activity"])


def _monthly(result) -> dict[str, dict[str, int]]:
    """activity -> {"YYYY-MM": instances}: the mined process' monthly volume (:mod:`rpa_finder.mining.monthly`)."""
    from ..mining.monthly import count_monthly_volume

    return count_monthly_volume(result.mined.instances.table, result.config.read.timezone)


def _histograms(result, min_samples: int = 5) -> dict[str, dict[str, list]]:
    """Per activity, a histogram of its handling minutes: scoring's own where it kept them."""
    if result.scored.handling_histograms is not None:
        return result.scored.handling_histograms
    table = result.mined.instances.table
    if table.empty:
        return {}
    seconds = handling_seconds(table, timezone=result.config.read.timezone, accounts=result.scored.accounts)
    out = {}
    for name, part in seconds.groupby(seconds["activity"], sort=False, observed=True):  # on codes
        values = part["measured"].dropna() if part["measured"].count() >= min_samples else part["estimated"].dropna()
        if len(values) < min_samples:
            continue
        counts, edges = np.histogram(values.to_numpy() / 60.0, bins=int(min(12, max(3, np.sqrt(len(values))))))
        out[name] = {"bins_minutes": [round(float(e), 2) for e in edges], "counts": [int(c) for c in counts]}
    return out


def build_candidate_rows(result, process: str) -> list[dict[str, Any]]:
    """candidates.json rows: the candidate table plus monthly volume and handling histogram."""
    frame = result.scored.candidates.assign(process=process)
    rows = frame_records(frame)
    monthly, histograms = _monthly(result), _histograms(result)
    empty = {"bins_minutes": [], "counts": []}
    for row in rows:
        step = _first_step(row)
        row["monthly_volume"] = monthly.get(step, {})
        row["handling_histogram"] = histograms.get(step, empty)
    return rows


def candidate_frame(results: Sequence[tuple[str, Any]]) -> pd.DataFrame:
    """candidates.csv: CANDIDATE_COLUMNS plus ``process``, all processes one under the other."""
    frames = [r.scored.candidates.assign(process=name) for name, r in results]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*CANDIDATE_COLUMNS, "process"])
    return frame[["process", *[c for c in CANDIDATE_COLUMNS if c in frame.columns]]]


def _money(table: pd.DataFrame) -> dict[str, Any]:
    """Hours and euros over the headline's robot candidates (``in_headline``): net, with the gross beside it."""
    chosen = table[table["in_headline"].fillna(False).astype(bool)] if "in_headline" in table else table.iloc[:0]
    out: dict[str, Any] = {}
    for name, (low, mid, high) in MONEY_FIELDS:
        out[name] = {"low": round(float(chosen[low].sum()), 1), "mid": round(float(chosen[mid].sum()), 1),
                     "high": round(float(chosen[high].sum()), 1)}
    out["gross_savings_eur"] = out["savings_eur"]
    out["fte"] = round(float(chosen["fte"].sum()), 3)
    out["paying_candidates"] = int(len(chosen))
    return out


SUMMARY_ROW_FIELDS = ("rank", "kind", "activity", "label", "verdict", "feasibility", "score", "hours_per_year",
                      "savings_eur_mid", "net_savings_eur_low", "net_savings_eur_mid", "net_savings_eur_high",
                      "payback_months", "pays_with", "shared_by", "in_headline", "reason")


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame_records(frame[[c for c in SUMMARY_ROW_FIELDS if c in frame.columns]])


def _process_summary(name: str, result) -> dict[str, Any]:
    table = result.scored.candidates
    log = result.ingest.log
    ranked = table[table["rank"].notna()].head(TOP_CANDIDATES)
    feasible = table[table["verdict"] == "feasible_not_paying"].sort_values("net_savings_eur_mid", ascending=False)
    verdicts = table.loc[table["kind"] == "activity", "verdict"].value_counts()
    return {"name": name, "events": log.n_events, "cases": log.n_cases, "activities": len(log.activities),
            "timestamp_precision": log.timestamp_precision,
            "candidates": int((table["verdict"] == "robot_candidate").sum()),
            "already_automated": int(verdicts.get("already_automated", 0)),
            "verdict_counts": {str(k): int(v) for k, v in verdicts.items()},
            **_money(table), "top_candidates": _rows(ranked),
            "feasible_not_paying": _rows(feasible.head(TOP_CANDIDATES))}


def _maturity_json(maturity: Any) -> Any:
    """summary.json's ``maturity``: the analysis' assessment (a MaturityAssessment), serialised."""
    return plain(maturity.to_dict() if hasattr(maturity, "to_dict") else maturity)


def deployed_robot_records(results: Sequence[tuple[str, Any]], realised: Sequence[Any] | None) -> list[dict[str, Any]]:
    """summary.json's ``deployed_robots``: each log's :class:`~rpa_finder.realisation.RealisedBenefit`
    robots (``RobotBenefit.to_dict``) with their process and the change of throughput (after - before,
    days; null when either is unknown)."""
    out = []
    for (name, _), benefit in zip(results, realised or ()):
        for robot in benefit.robots:
            row = {"process": name, **robot.to_dict()}
            before, after = row["throughput_days_before"]["mid"], row["throughput_days_after"]["mid"]
            row["throughput_change_days"] = None if before is None or after is None else round(after - before, 2)
            out.append(row)
    return out


def build_summary(results: Sequence[tuple[str, Any]], *, language: str, maturity: Any = None,
                  realised: Sequence[Any] | None = None) -> dict[str, Any]:
    """summary.json: per-process headline figures, totals over all processes, maturity, language, and the
    deployed robots with their realised benefit (``realised``: one RealisedBenefit per result)."""
    processes = [_process_summary(name, result) for name, result in results]
    totals = {name: {k: round(sum(p[name][k] for p in processes), 1) for k in ("low", "mid", "high")}
              for name, _ in MONEY_FIELDS}
    totals["gross_savings_eur"] = totals["savings_eur"]
    totals["fte"] = round(sum(p["fte"] for p in processes), 3)
    totals["candidates"] = sum(p["candidates"] for p in processes)
    totals["paying_candidates"] = sum(p["paying_candidates"] for p in processes)
    return plain({"processes": processes, "totals": totals, "maturity": maturity, "language": language,
                  "settings_file": "settings.json",
                  "money_basis": MONEY_BASIS, "deployed_robots": deployed_robot_records(results, realised)})


def _stacked(frames: Sequence[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """One table of several processes, with a ``process`` column when there is more than one."""
    parts = [frame.assign(process=name) if len(frames) > 1 else frame for name, frame in frames]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _routines_frame(routines: pd.DataFrame) -> pd.DataFrame:
    out = routines.copy()
    if "steps" in out:
        out["steps"] = out["steps"].map(lambda steps: " -> ".join(map(str, steps)))
    return out


def build_analysis_files(result, name: str, *, full_map: bool = False) -> dict[str, Any]:
    """Every file of one analysed log except the cross-process ones (summary, candidates, workbook)."""
    ranked = result.scored.candidates
    ranked = ranked[ranked["rank"].notna()].head(TOP_CANDIDATES)
    highlight = {step: HIGHLIGHT_COLOUR for activity in ranked["activity"] for step in str(activity).split(" -> ")}
    highlight = {k: v for k, v in highlight.items() if k in result.mined.dfg.activity_frequency}
    files = build_ingest_files(result.ingest)
    files.update(build_mining_files(result.mined, full_map=full_map, highlight=highlight))
    files["settings.json"] = describe_settings(result.config, result.scored.scorer)
    files["scorer.json"] = json.loads(result.scored.scorer.to_json())
    files["routines.csv"] = _routines_frame(result.scored.routines)
    files["features.csv"] = result.scored.features.reset_index()
    return files


def realised_sheet(robots: Sequence[Mapping[str, Any]], language: str) -> pd.DataFrame | None:
    """report.xlsx's Realised sheet: one row per deployed robot, the estimate beside the realised hours
    (None: no robot, no sheet).  The status is written in ``language``."""
    if not robots:
        return None
    from ..report.texts import REALISED_TEXTS

    def end(robot, key, which):
        return (robot.get(key) or {}).get(which)

    return pd.DataFrame([{
        "process": r["process"], "activity": r["activity"], "account": r["account"], "go_live": r["go_live"],
        "deployment_status": REALISED_TEXTS.get(f"realised_status_{r['status']}", {}).get(language, r["status"]),
        **{f"estimated_hours_{w}": end(r, "estimated_hours_per_year", w) for w in ("low", "mid", "high")},
        **{f"realised_hours_{w}": end(r, "realised_hours_per_year", w) for w in ("low", "mid", "high")},
        "removed_share": r["removed_share"], "robot_share": r["robot_share"], "hand_backs": r["hand_backs"],
        "throughput_days_before": end(r, "throughput_days_before", "mid"),
        "throughput_days_after": end(r, "throughput_days_after", "mid"), "months_after": r["months_after"]}
        for r in robots])


def _top_files(results: Sequence[tuple[str, Any]], language: str, maturity: Mapping[str, Any] | None,
               realised: Sequence[Any] | None = None) -> dict[str, Any]:
    """summary.json, candidates.csv/.json and settings.json (report.xlsx: :func:`_workbook`, from these);
    ``maturity``: the assessment as :func:`_maturity_json` writes it."""
    settings = describe_settings(results[0][1].config, results[0][1].scored.scorer)
    rows = [row for name, result in results for row in build_candidate_rows(result, name)]
    summary = build_summary(results, language=language, maturity=maturity, realised=realised)
    return {"summary.json": summary,
            "candidates.csv": candidate_frame(results), "candidates.json": rows, "settings.json": settings}


def _workbook(results: Sequence[tuple[str, Any]], top: Mapping[str, Any], maturity: Mapping[str, Any] | None,
              language: str, decisions: Any) -> bytes:
    """report.xlsx: the candidates, steps, routines, settings and robots of ``top``'s files, and ``maturity``."""
    return build_workbook(report_sheets(
        candidates=candidate_frame(results).drop(columns="process") if len(results) == 1 else candidate_frame(results),
        activities=_stacked([(n, r.mined.activities.table) for n, r in results]),
        routines=_stacked([(n, _routines_frame(r.scored.routines)) for n, r in results]),
        settings=top["settings.json"], maturity=maturity, language=language,
        realised=realised_sheet(top["summary.json"]["deployed_robots"], language)),
        decisions=DecisionsSheetInput(candidate_frame(results), decisions, language))


class PendingFile:
    """A file a forked child is still building (report.xlsx): the folder writes it when it reaches it,
    so the other files are written meanwhile.  :meth:`result` waits for the bytes; :meth:`close`
    stops the child when the folder is abandoned."""

    def __init__(self, call: ForkedCall):
        self._call = call
        self._data: bytes | None = None

    def result(self) -> bytes:
        if self._data is None:
            self._data = self._call.result()  # closes the child
        return self._data

    def __call__(self, path: Path) -> None:
        path.write_bytes(self.result())

    def close(self) -> None:
        self._call.close()


def _named(results: Sequence[Any]) -> list[tuple[str, Any]]:
    """Each result with its folder name (its log's stem); two logs of one name are refused."""
    named = [(log_stem(r.name), r) for r in results]
    stems = [name for name, _ in named]
    if len(set(stems)) != len(stems):
        from ..errors import Message, UsageError

        raise UsageError(Message("two logs share the name {name!r}", name=next(s for s in stems if stems.count(s) > 1)),
                         where="analyze", fix="rename one of the files so that each process gets its own folder")
    return named


def build_log_files(results: Sequence[Any], *, full_map: bool = False) -> list[dict[str, Any]]:
    """Each log's own files (:func:`build_analysis_files`), in order: they need neither the maturity nor
    the robots found, so an analysis builds them while a child detects the robots."""
    return [build_analysis_files(result, name, full_map=full_map) for name, result in _named(results)]


def build_results(results: Sequence[Any], *, full_map: bool = False, language: str | None = None,
                  maturity: Any = None, realised: Sequence[Any] | None = None, decisions: Any = None,
                  log_files: Sequence[Mapping[str, Any]] | None = None, pending: bool = False) -> dict[str, Any]:
    """The whole results folder: one log directly in it, several logs each under ``<log stem>/``.

    ``maturity`` is the analysis' assessment (:attr:`rpa_finder.Analysis.maturity`); when it is not
    given, it is assessed here with :func:`rpa_finder.maturity.assess_configured`, as the analysis would.
    ``realised``: one :class:`~rpa_finder.realisation.RealisedBenefit` per result (:attr:`rpa_finder.Analysis.realised`);
    None lists no deployed robots.  ``decisions``: the store's
    :class:`~rpa_finder.store.DecisionContext`, which prefills report.xlsx's Decisions sheet (None: no store).
    ``log_files``: :func:`build_log_files` of ``results`` when built already.  ``pending``: a workbook
    built in a forked child comes as a :class:`PendingFile` instead of bytes, for a writer to wait on last.
    """
    named = _named(results)
    language = language or results[0].config.language
    if maturity is None:
        from ..maturity import assess_configured

        maturity = assess_configured(results)
    maturity = _maturity_json(maturity)
    top = _top_files(named, language, maturity, realised)
    # on a large log the workbook (openpyxl, cell by cell) is built in a forked child meanwhile
    workbook = (ForkedCall(_workbook, named, top, maturity, language, decisions)
                if forking_pays(sum(r.ingest.log.n_events for r in results)) else None)
    try:
        files: dict[str, Any] = {}
        per_log = build_log_files(results, full_map=full_map) if log_files is None else log_files
        for (name, _), own in zip(named, per_log):
            prefix = "" if len(named) == 1 else f"{name}/"
            files.update({prefix + key: value for key, value in own.items()})
        files.update(top)
        if workbook is None:
            files["report.xlsx"] = _workbook(named, top, maturity, language, decisions)
        else:
            files["report.xlsx"] = PendingFile(workbook) if pending else workbook.result()
    except BaseException:
        if workbook is not None:
            workbook.close()
        raise
    paths = [Path(r.ingest.log.sources[0].path) for r in results if r.ingest.log.sources]
    return {key: _scrub(value, paths) if isinstance(value, (dict, list)) else value for key, value in files.items()}
