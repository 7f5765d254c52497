# SPDX-License-Identifier: AGPL-3.0-or-later
"""The whole analysis as library calls: path -> IngestResult -> MinedProcess -> ScoredCandidates.

``AnalysisResult`` is what the writers, the report and the store read; nothing here touches the disk
except through :func:`rpa_finder.ingest.read_log`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .config import AnalysisConfig
from .ingest import IngestResult, read_log
from .mining.process import MinedProcess, mine_process
from .scoring.pipeline import ScoredCandidates, score_candidates
from .scoring.scorer import AutomationScorer

__all__ = ["AnalysisResult", "analyze_log", "analyze_path"]


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


def analyze_log(ingest: IngestResult, config: AnalysisConfig = AnalysisConfig(), *, scorer: AutomationScorer | None = None,
                discover: bool = True, progress: Callable[[str], None] | None = None) -> AnalysisResult:
    """Mine and score an ingested log; a fitted ``scorer`` puts the scores on a baseline's scale."""
    mined = mine_process(ingest.log, config.mining, discover=discover, progress=progress)
    if progress:
        progress("scoring activities and routines for automation")
    scored = score_candidates(ingest.log, mined.instances.table, candidate_settings=config.candidates,
                              handling_minutes=dict(config.handling_minutes), account_patterns=config.account_patterns,
                              scorer=scorer)
    return AnalysisResult(ingest=ingest, mined=mined, scored=scored, config=config)


def analyze_path(path: str | Path, config: AnalysisConfig = AnalysisConfig(), **kwargs) -> AnalysisResult:
    """Read and analyse one exported log."""
    progress = kwargs.get("progress")
    if progress:
        progress(f"reading {path}")
    return analyze_log(read_log(path, config.read), config, **kwargs)
