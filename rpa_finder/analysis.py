# SPDX-License-Identifier: AGPL-3.0-or-later
"""The whole analysis as library calls: path -> IngestResult -> MinedProcess -> ScoredCandidates.

``AnalysisResult`` is what the writers, the report and the store read; nothing here touches the disk
except through :func:`rpa_finder.ingest.read_log`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from .config import AnalysisConfig
from .engine.forked import PARALLEL_MIN_EVENTS, ForkedCall, forking_pays
from .errors import BadDataError, Message
from .eventlog import EventLog
from .ingest import IngestResult, read_log
from .mining.instances import ActivityInstances, extract_instances
from .mining.model import MiningSettings
from .mining.process import MinedProcess, mine_process
from .preload import ANALYSIS_MODULES, preloading
from .scoring.pipeline import ScoredCandidates, score_candidates
from .scoring.scorer import AutomationScorer
from .read_options import ReadOptions

__all__ = ["AnalysisResult", "analyze_log", "analyze_path", "read_log_preloading", "PARALLEL_MIN_EVENTS",
           "MAX_ACTIVITIES"]

#: A log with more distinct activities is refused before analysis: it is a free-text column read as the
#: activity (the analysis of 20,000 such activities took 100 s on a 2.4 MB file, and no map shows them).
MAX_ACTIVITIES = 2000


@dataclass(frozen=True)
class AnalysisResult:
    """One log analysed: what was read, what was mined, and what was scored."""

    ingest: IngestResult
    mined: MinedProcess
    scored: ScoredCandidates
    config: AnalysisConfig

    @property
    def name(self) -> str:
        source = self.ingest.log.sources[0].path if self.ingest.log.sources else "log"
        return Path(source).name


def read_log_preloading(path: str | Path, options: ReadOptions | None = None,
                        modules: Sequence[str] = ANALYSIS_MODULES) -> IngestResult:
    """:func:`read_log`, while the libraries the analysis needs next are imported on the other core."""
    with preloading(modules):
        return read_log(path, options)


def _mine_detached(log: EventLog, instances: ActivityInstances, settings: MiningSettings, discover: bool,
                   progress: Callable[[str], None] | None) -> MinedProcess:
    """Mining as a forked child returns it: without the log and instances the parent holds already."""
    mined = mine_process(log, settings, discover=discover, progress=progress, instances=instances)
    return replace(mined, log=None, instances=None)


def analyze_log(ingest: IngestResult, config: AnalysisConfig = AnalysisConfig(), *, scorer: AutomationScorer | None = None,
                discover: bool = True, progress: Callable[[str], None] | None = None,
                parallel: bool | None = None) -> AnalysisResult:
    """Mine and score an ingested log; a fitted ``scorer`` puts the scores on a baseline's scale.

    Mining and scoring both start from the activity instances and are otherwise independent, so on a
    log of ``PARALLEL_MIN_EVENTS`` or more (or with ``parallel=True``) mining runs in a forked child
    on the second core while this process scores.  The results are the same either way.
    """
    log = ingest.log
    if len(log.activities) > MAX_ACTIVITIES:
        source = log.sources[0].path if log.sources else None
        raise BadDataError(Message("{count} distinct activities, more than the {limit} a process can be analysed with: "
                                   "the activity column looks like free text", count=len(log.activities), limit=MAX_ACTIVITIES),
                           file=source,
                           where="activity column", fix="pass --activity with the column that names the step")
    instances = extract_instances(log.events)
    if parallel is None:
        parallel = forking_pays(log.n_events)
    mining = ForkedCall(_mine_detached, log, instances, config.mining, discover, progress) if parallel else None
    try:  # an error in scoring kills and reaps the mining child instead of leaving it running
        if mining is None:
            mined = mine_process(log, config.mining, discover=discover, progress=progress, instances=instances)
        if progress:
            progress("scoring activities and routines for automation")
        scored = score_candidates(log, instances.table, candidate_settings=config.candidates,
                                  handling_minutes=dict(config.handling_minutes),
                                  account_patterns=config.account_patterns, scorer=scorer)
        if mining is not None:
            mined = replace(mining.result(), log=log, instances=instances)
    finally:
        if mining is not None:
            mining.close()
    return AnalysisResult(ingest=ingest, mined=mined, scored=scored, config=config)


def analyze_path(path: str | Path, config: AnalysisConfig = AnalysisConfig(), **kwargs) -> AnalysisResult:
    """Read and analyse one exported log."""
    progress = kwargs.get("progress")
    if progress:
        progress(f"reading {path}")
    return analyze_log(read_log_preloading(path, config.read), config, **kwargs)
