# SPDX-License-Identifier: AGPL-3.0-or-later
"""Comparing organisations that run the same process: one robot for many (issue 6).

Each log is analysed exactly as ``rpa-finder analyze`` analyses it alone (its own scorer, so scores
are each organisation's own scale); activities are then aligned across organisations
(:mod:`.align`), candidates compared side by side and shared robots ranked by joint saving
(:mod:`.shared`), and the processes' differences listed (:mod:`.differences`).  A robot already deployed
in one organisation, with its realised benefit measured from that log, is evidence for the others'
savings on the same step (:mod:`.evidence`).

>>> comparison = compare_logs(["a.csv", "b.csv"], names=["Espoo", "Vantaa"])   # doctest: +SKIP
>>> comparison.shared[["activity", "organisations", "joint_savings_eur_mid"]].head()  # doctest: +SKIP
"""
from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import pandas as pd

from ..config import AnalysisConfig
from ..errors import BadDataError, Message, RpaFinderError, UsageError
from .align import AlignSettings, align_activities, read_activity_map
from .differences import compare_processes, find_partial_activities, profile_process
from .evidence import mark_shared_evidence, realised_evidence
from .shared import (SharingSettings, build_comparison_table, estimate_joint_project, find_reuse_opportunities,
                     rank_shared_candidates)

__all__ = ["CompareSettings", "OrganisationResult", "Comparison", "analyse_organisation", "compare_organisations",
           "compare_logs", "default_names", "shared_in_all", "LOG_SUFFIXES"]

#: File endings read when a folder is given instead of logs.
LOG_SUFFIXES = (".xes", ".xes.gz", ".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt", ".xlsx", ".parquet")


@dataclass(frozen=True)
class CompareSettings:
    align: AlignSettings = field(default_factory=AlignSettings)
    sharing: SharingSettings = field(default_factory=SharingSettings)


@dataclass(frozen=True)
class OrganisationResult:
    """What the comparison keeps of one organisation's analysis (small enough to pass between processes)."""

    name: str
    source: str
    candidates: pd.DataFrame
    features: pd.DataFrame
    profile: dict
    maturity: dict | None = None
    #: summary.json's ``deployed_robots`` items of this log (robots found or decided, with realised figures).
    deployed: tuple[dict, ...] = ()
    #: The sha256 ingest took of the file it read ("": unknown), for the manifest.
    sha256: str = ""


@dataclass(frozen=True)
class Comparison:
    organisations: tuple[OrganisationResult, ...]
    activity_map: pd.DataFrame
    comparison: pd.DataFrame
    shared: pd.DataFrame
    reuse: pd.DataFrame
    processes: pd.DataFrame
    partial_activities: pd.DataFrame
    joint: dict
    settings: CompareSettings
    #: Files of a folder left out because they could not be read as a log: each its error line, in ``language``.
    skipped: tuple[str, ...] = ()
    #: Rows of the user's activity map that name no activity in the logs (a typo, or an old map).
    unused_map_rows: tuple[str, ...] = ()
    #: Language of comparison.html when :meth:`to_html` or :meth:`write` is not given one.
    language: str = "fi"
    #: Steps with a robot deployed in one organisation: the others' savings estimated from its realised
    #: figures (:func:`.evidence.realised_evidence`).
    evidence: pd.DataFrame = field(default_factory=pd.DataFrame)

    def to_html(self, lang: str | None = None) -> str:
        """comparison.html as text, in ``lang`` (default: :attr:`language`), from the same data as comparison.json."""
        from .outputs import build_comparison_files

        return build_comparison_files(self, lang or self.language)["comparison.html"]

    def write(self, folder: str | Path, force: bool = False, *, lang: str | None = None) -> Path:
        """Write the comparison's results folder (what ``rpa-finder compare -o FOLDER`` writes); return it."""
        from ..eventlog import SourceInfo
        from ..output.folder import read_digests
        from .outputs import write_comparison

        inputs = [Path(org.source) for org in self.organisations]
        known = read_digests(SourceInfo(org.source, org.sha256, "file") for org in self.organisations)
        return write_comparison(folder, self, language=lang or self.language, force=force, inputs=inputs, known=known)

    @property
    def names(self) -> list[str]:
        return [org.name for org in self.organisations]

    def to_dict(self) -> dict:
        """JSON-ready (NaN as null), built from the results, never from the HTML."""
        def records(frame: pd.DataFrame) -> list[dict]:
            return json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))

        methods = self.activity_map["method"].value_counts().to_dict()
        return {
            "organisations": [{"name": org.name, "source": Path(org.source).name, **org.profile,
                               "maturity": org.maturity} for org in self.organisations],
            "alignment": {"methods": {k: int(v) for k, v in methods.items()},
                          "shared_in_all": int(shared_in_all(self.activity_map, self.names)),
                          "exact_in_all": int(shared_in_all(self.activity_map, self.names, methods=("exact",))),
                          "unused_map_rows": list(self.unused_map_rows)},
            "joint_project": self.joint,
            "shared_candidates": records(self.shared),
            "reuse_opportunities": records(self.reuse),
            "processes": records(self.processes),
            "partial_activities": records(self.partial_activities),
            "deployed_robots": [{"organisation": org.name, **robot} for org in self.organisations
                                for robot in org.deployed],
            "realised_evidence": records(self.evidence),
            "comparison": records(self.comparison),
            "settings": {"robot_life_years": self.settings.sharing.robot_life_years,
                         "min_organisations": self.settings.sharing.min_organisations,
                         "min_confidence": self.settings.align.min_confidence},
            "skipped": list(self.skipped),
        }


def shared_in_all(activity_map: pd.DataFrame, names: Sequence[str], methods: Sequence[str] | None = None) -> int:
    """How many aligned activities every organisation has (only by ``methods`` when given)."""
    rows = activity_map if methods is None else activity_map[activity_map["method"].isin(list(methods))]
    counts = rows.groupby("shared_activity")["organisation"].nunique()
    return int((counts == len(names)).sum())


def default_names(paths: Sequence[Path]) -> list[str]:
    """File names without their log endings (BPIC15_1.xes.gz -> BPIC15_1), made unique."""
    names = []
    for path in paths:
        name = Path(path).name
        for suffix in sorted(LOG_SUFFIXES, key=len, reverse=True):
            if name.lower().endswith(suffix):
                name = name[: -len(suffix)]
                break
        base, n = name or "log", 2
        while name in names:
            name, n = f"{base}-{n}", n + 1
        names.append(name)
    return names


def analyse_organisation(path: str | Path, config: AnalysisConfig, name: str,
                         progress: Callable[[str], None] | None = None) -> OrganisationResult:
    """Read and analyse one log as ``analyze`` does (model discovery skipped: comparing does not need it)."""
    from ..analysis import analyze_log, read_log_preloading
    from ..preload import SCORING_MODULES

    if progress:
        progress(f"reading and analysing {Path(path).name} ({name})")
    ingest = read_log_preloading(path, config.read, modules=SCORING_MODULES)
    if not ingest.report.passes(strict=config.read.strict):
        raise BadDataError("validation failed", file=path, fix="run rpa-finder validate on it for details")
    result = analyze_log(ingest, config, discover=False)
    maturity = None
    try:
        from ..maturity import assess_maturity
    except ImportError:
        assess_maturity = None
    if assess_maturity is not None:
        try:
            whole = assess_maturity([result], organisation=name).to_dict()["organisation"]
            maturity = {"level": whole.get("level"), "level_name": whole.get("level_name")}
        except RpaFinderError:
            maturity = None
    from ..api import realise_result

    _, benefit = realise_result(result)
    deployed = tuple(robot.to_dict() for robot in benefit.robots)
    return OrganisationResult(name=name, source=str(path), candidates=result.scored.candidates,
                              features=result.scored.features, profile=profile_process(result), maturity=maturity,
                              deployed=deployed, sha256=ingest.report.sha256)


def compare_organisations(organisations: Sequence[OrganisationResult], *, activity_map: pd.DataFrame | None = None,
                          settings: CompareSettings = CompareSettings(), skipped: Sequence[str] = ()) -> Comparison:
    """Align, compare and rank shared candidates for analysed organisations (no disk, no analysis)."""
    names = [org.name for org in organisations]
    if len(organisations) < 2:
        raise UsageError(Message("a comparison needs at least two logs, got {count}", count=len(organisations)),
                         fix="give two or more logs, or a folder holding them")
    if len(set(names)) != len(names):
        raise UsageError("organisation names must be different", where="--names", fix="give each log its own name")
    labels = {org.name: org.features["label"].astype(str) for org in organisations}
    mapping = align_activities(labels, activity_map, settings.align)
    table = build_comparison_table({o.name: o.candidates for o in organisations},
                                   {o.name: o.features for o in organisations}, mapping)
    evidence = realised_evidence(table, {o.name: o.deployed for o in organisations})
    shared = mark_shared_evidence(rank_shared_candidates(table, names, settings.sharing), evidence)
    unused: list[str] = []
    if activity_map is not None and len(activity_map):
        known = set(zip(mapping["organisation"], mapping["activity"]))
        unused = [f"{o}: {a}" for o, a in zip(activity_map["organisation"], activity_map["activity"]) if (o, a) not in known]
    return Comparison(
        organisations=tuple(organisations), activity_map=mapping, comparison=table, shared=shared,
        reuse=find_reuse_opportunities(table, names),
        processes=compare_processes({o.name: o.profile for o in organisations},
                                    {o.name: o.maturity for o in organisations}),
        partial_activities=find_partial_activities(table, names),
        joint=estimate_joint_project(shared, settings.sharing), settings=settings, skipped=tuple(skipped),
        unused_map_rows=tuple(unused), evidence=evidence)


def _logs_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
                  and p.name.lower().endswith(LOG_SUFFIXES) and not p.name.lower().endswith(".truth.csv"))


def compare_logs(logs: Sequence[str | Path], config: AnalysisConfig = AnalysisConfig(), *,
                 names: Sequence[str] | None = None, activity_map: str | Path | None = None,
                 settings: CompareSettings = CompareSettings(), jobs: int = 1,
                 progress: Callable[[str], None] | None = None) -> Comparison:
    """Analyse each log (or every log in one folder, by name) and compare them.

    In folder mode a file that cannot be read as a log is skipped (listed in ``skipped``); named logs
    must all be readable.  ``jobs`` > 1 analyses that many logs at once in separate processes.
    """
    paths = [Path(p) for p in logs]
    folder_mode = len(paths) == 1 and paths[0].is_dir()
    if folder_mode:
        paths = _logs_in(paths[0])
    if len(paths) < 2:
        raise UsageError(Message("a comparison needs at least two logs, got {count}", count=len(paths)),
                         fix="give two or more logs, or a folder holding them")
    if names is not None and len(names) != len(paths):
        raise UsageError(Message("{names} names for {logs} logs", names=len(names), logs=len(paths)), where="--names",
                         fix="give one name per log, separated by commas")
    names = list(names) if names is not None else default_names(paths)
    if len(set(names)) != len(names) or any(not name or ";" in name for name in names):
        raise UsageError("organisation names must be different, not empty, and without ';'", where="--names",
                         fix="give each log its own name")
    user_map = read_activity_map(activity_map, names) if activity_map is not None else None
    jobs = max(1, min(int(jobs), len(paths)))
    if jobs > 1:
        if progress:  # a progress callback need not survive pickling: report from here
            progress(f"analysing {len(paths)} logs, {jobs} at a time")
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(analyse_organisation, p, config, n): n for p, n in zip(paths, names)}
            for future in as_completed(futures):
                if progress:
                    progress(f"analysed {futures[future]}")
            outcomes = [_outcome(f.result, folder_mode) for f in futures]
    else:
        outcomes = [_outcome(lambda p=p, n=n: analyse_organisation(p, config, n, progress), folder_mode)
                    for p, n in zip(paths, names)]
    organisations = [o for o in outcomes if isinstance(o, OrganisationResult)]
    # why each file was left out, in the comparison's language (comparison.html lists them; config.language is it)
    skipped = [o.localised(config.language) for o in outcomes if not isinstance(o, OrganisationResult)]
    if progress:
        for reason in skipped:
            progress(f"skipped: {reason}")
        progress("aligning activities and comparing")
    if user_map is not None:
        user_map = user_map[user_map["organisation"].isin([o.name for o in organisations])]
    return compare_organisations(organisations, activity_map=user_map, settings=settings, skipped=skipped)


def _outcome(run: Callable[[], OrganisationResult], folder_mode: bool) -> OrganisationResult | RpaFinderError:
    try:
        return run()
    except RpaFinderError as exc:
        if not folder_mode:
            raise
        return exc
