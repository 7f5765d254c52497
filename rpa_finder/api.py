# SPDX-License-Identifier: AGPL-3.0-or-later
"""The library's front door: analyse, mine and compare exported logs from Python in one call each.

Each function reads the logs, applies the validation gate, runs the stages and returns one frozen
object holding them; writing the results folder and rendering the report are methods of that object.
The ``analyze``, ``mine`` and ``compare`` commands and the scheduled job (:mod:`rpa_finder.jobs`) are
shells over these functions, so a notebook gets exactly what the command line writes::

    >>> import rpa_finder
    >>> analysis = rpa_finder.analyze("sample_logs/ostolaskut.csv")         # doctest: +SKIP
    >>> analysis.candidates[["process", "rank", "activity", "score"]].head()  # doctest: +SKIP
    >>> html = analysis.to_html("en")                                         # doctest: +SKIP
    >>> analysis.write("results/ostolaskut")                                  # doctest: +SKIP

The stages per log (read log, mined process, scored candidates) are :class:`~rpa_finder.analysis.AnalysisResult`
from :mod:`rpa_finder.analysis`; maturity is assessed once over all the logs of an analysis.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from .analysis import AnalysisResult, analyze_log, read_log_preloading
from .engine.forked import ForkedCall, forking_pays
from .config import LANGUAGES, AnalysisConfig
from .errors import Message, UsageError, ValidationFailedError
from .ingest import IngestResult
from .mining.process import MinedProcess, mine_process
from .preload import ANALYSIS_MODULES
from .read_options import ReadOptions

if TYPE_CHECKING:  # for annotations only: pandas and the comparison load with the stages
    import pandas as pd

    from .comparison import Comparison

__all__ = ["analyze", "mine", "compare", "Analysis", "Mining", "read_validated", "configure", "realise_result",
           "MINING_MODULES"]

Progress = Callable[[str], None]
#: What ``mine`` preloads while the log is read (no scoring: no scikit-learn).
MINING_MODULES = ("holidays", "pm4py")
#: What a failed validation gate left undone (``read_validated``'s ``outcome``), by its English text, so that
#: a caller passing the plain text still gets its message translated.
_OUTCOMES = {message.template: message for message in (Message("nothing was written"), Message("nothing was stored"))}


def _say(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)


def _as_paths(paths: Any) -> list[Path]:
    """One path or several, as a list of paths."""
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    out = [Path(p) for p in paths]
    if not out:
        raise UsageError("no log given", fix="give one log or several")
    return out


def configure(config: AnalysisConfig | None = None, *, language: str | None = None,
              **mapping: Any) -> AnalysisConfig:
    """``config`` (default: the built-in settings) with a language and read options applied on top.

    ``mapping`` takes the read options' names: the column roles (``case``, ``activity``,
    ``timestamp``, ``resource``, ...) and ``date_format``, ``timezone``, ``delimiter``, ``encoding``,
    ``decimal``, ``sheet``, ``strict``, ``pseudonymise_resources``; ``None`` leaves a setting as it is.

    >>> configure(case="Asianumero", strict=True).read.strict
    True
    >>> configure(AnalysisConfig(language="sv")).candidates.language
    'sv'
    """
    config = config or AnalysisConfig()
    if mapping:
        config = replace(config, read=config.read.with_overrides(**mapping))
    language = language or config.language
    if language not in LANGUAGES:
        raise UsageError(Message("language must be one of {choices}, got {language!r}", choices=", ".join(LANGUAGES),
                                 language=language))
    if (config.language, config.candidates.language) != (language, language):
        # one language for the reasons and the report: AnalysisConfig(language="sv") alone once left
        # the reasons in the candidates' default, Finnish
        config = replace(config, language=language, candidates=replace(config.candidates, language=language))
    return config


def read_validated(paths: Sequence[Path], options: ReadOptions, *, progress: Progress | None = None,
                   modules: Sequence[str] = ANALYSIS_MODULES,
                   outcome: str | Message = "nothing was written") -> list[IngestResult]:
    """Read each log and apply the validation gate: the first log that fails raises, before any is analysed.

    A log fails on validation errors, and on warnings too when ``options.strict`` (scheduled jobs).
    The :class:`~rpa_finder.errors.ValidationFailedError` (exit 65) carries the log's report; its
    message ends with ``outcome`` (a scheduled job says "nothing was stored").
    """
    done = _OUTCOMES.get(outcome, outcome) if isinstance(outcome, str) else outcome
    ingests = []
    for path in paths:
        _say(progress, f"reading {Path(path).name}")
        ingest = read_log_preloading(path, options, modules=modules)
        if not ingest.report.passes(strict=options.strict):
            what = (Message("validation failed with errors; {outcome}", outcome=done) if ingest.report.errors
                    else Message("validation failed with warnings (strict); {outcome}", outcome=done))
            raise ValidationFailedError(what, report=ingest.report,
                                        file=path, fix="run rpa-finder validate on it for details")
        ingests.append(ingest)
    return ingests


def _check_stems(paths: Sequence[Path]) -> None:
    """Several logs go each into ``<log stem>/``: two with one stem cannot (checked before the slow part)."""
    from .output.results import log_stem

    stems = [log_stem(p) for p in paths]
    if len(set(stems)) != len(stems):
        raise UsageError(Message("two logs share the name {name!r}", name=next(s for s in stems if stems.count(s) > 1)),
                         where="analyze", fix="rename one of the files so that each process gets its own folder")


# --- analyze -----------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Analysis:
    """One or more logs analysed (one process each): every stage, the results folder and the report.

    ``logs`` holds each log's stages (``.ingest`` with the event log and its validation report,
    ``.mined`` the mined process, ``.scored`` the scored candidates); ``maturity`` is the assessment
    of every process and of the organisation they pool into; ``realised`` holds, per log, the robots
    deployed on its steps and what they delivered (:class:`~rpa_finder.realisation.RealisedBenefit`),
    and ``deployments`` the deployments found (:func:`~rpa_finder.realisation.detect_deployments`' frame).
    """

    logs: tuple[AnalysisResult, ...]
    maturity: Any  # rpa_finder.maturity.MaturityAssessment
    config: AnalysisConfig
    inputs: tuple[Path, ...] = ()
    #: Draw every activity and path on the process map (``--full-map``).
    full_map: bool = False
    realised: tuple[Any, ...] = ()  # rpa_finder.realisation.RealisedBenefit, one per log
    deployments: tuple[Any, ...] = ()  # pd.DataFrame, one per log
    #: The store's identity and decisions (rpa_finder.store.decisions.DecisionContext), which prefill
    #: report.xlsx's Decisions sheet; None: no store (plain ``analyze``).
    decision_context: Any = None
    #: Each log's own files when :meth:`from_results` built them while a child detected the robots:
    #: (the ``logs`` and ``full_map`` they were built for, the files); used only while both still hold.
    prebuilt: tuple[Any, ...] = field(default=(), repr=False)

    @classmethod
    def from_results(cls, results: Sequence[AnalysisResult], config: AnalysisConfig | None = None, *,
                     inputs: Sequence[Path] = (), full_map: bool = False, decisions: Sequence[Any] = (),
                     estimates: Any = None, decision_context: Any = None) -> "Analysis":
        """Assemble analysed logs into one analysis: the maturity and realised-benefit stages run here.

        ``decisions``: :class:`~rpa_finder.realisation.RecordedDeployment` items (the store's deployed
        decisions); ``estimates``: activity -> (low, mid, high) hours a year estimated when each was
        decided, or a function of the deployments frame returning them (:func:`realise_result`).
        Activities without one are measured against this run's own candidates.  ``decision_context``:
        the store's :class:`~rpa_finder.store.decisions.DecisionContext` for the workbook's Decisions sheet.
        """
        from .maturity import assess_configured

        results = tuple(results)
        if not results:
            raise UsageError("no analysed logs", fix="analyse at least one log")
        # detecting robots and assessing maturity are independent: on a large log the detection runs in
        # a forked child on the second core, which mining has left idle by now
        detecting = (ForkedCall(_detect_all, results, tuple(decisions))
                     if forking_pays(sum(r.ingest.log.n_events for r in results)) else None)
        prebuilt: tuple[Any, ...] = ()
        try:
            maturity = assess_configured(results)
            if detecting is not None:  # each log's own files need neither: built meanwhile too
                from .output.results import build_log_files

                prebuilt = (results, full_map, build_log_files(results, full_map=full_map))
            detected = detecting.result() if detecting is not None else [None] * len(results)
        finally:
            if detecting is not None:
                detecting.close()
        stages = [realise_result(result, decisions, estimates, found=found) for result, found in zip(results, detected)]
        return cls(logs=results, maturity=maturity, config=config or results[0].config,
                   inputs=tuple(Path(p) for p in inputs), full_map=full_map,
                   realised=tuple(benefit for _, benefit in stages), deployments=tuple(found for found, _ in stages),
                   decision_context=decision_context, prebuilt=prebuilt)

    @property
    def deployed_robots(self) -> list[dict[str, Any]]:
        """summary.json's ``deployed_robots``: every log's robots, estimate beside realised hours a year."""
        return self.summary["deployed_robots"]

    @property
    def names(self) -> list[str]:
        """The process names: each log's file name without its endings (its sub-folder when several)."""
        from .output.results import log_stem

        return [log_stem(result.name) for result in self.logs]

    @property
    def candidates(self) -> "pd.DataFrame":
        """The scored candidates of every log, one under the other, with a ``process`` column (candidates.csv)."""
        from .output.results import candidate_frame

        return candidate_frame(list(zip(self.names, self.logs)))

    @cached_property
    def files(self) -> dict[str, Any]:
        """The results folder as data: relative file name -> frame, JSON data or bytes (no report.html)."""
        return self._build_files(pending=False)

    def _build_files(self, *, pending: bool) -> dict[str, Any]:
        """:attr:`files`; ``pending``: a workbook a child still builds comes as a PendingFile."""
        from .output.results import build_results

        built = self.prebuilt
        log_files = built[2] if built and built[0] is self.logs and built[1] == self.full_map else None
        return build_results(self.logs, full_map=self.full_map, language=self.config.language, maturity=self.maturity,
                             realised=self.realised, decisions=self.decision_context, log_files=log_files,
                             pending=pending)

    @property
    def summary(self) -> dict[str, Any]:
        """summary.json: per-process headline figures, totals over the processes, maturity."""
        return self.files["summary.json"]

    @property
    def totals(self) -> dict[str, Any]:
        """Hours, euros (low, mid, high), FTE and candidate count over every process."""
        return self.summary["totals"]

    def to_html(self, lang: str | None = None, *, history: Mapping[str, Any] | None = None) -> str:
        """The HTML report, rendered in memory, in ``lang`` (default: the configured language).

        ``history`` is a scheduled job's history.json document, which adds the History section.
        """
        return _render(self.files, lang or self.config.language, history)

    def write(self, folder: str | Path, force: bool = False, *, history: Mapping[str, Any] | None = None,
              command: str = "analyze", progress: Progress | None = None) -> Path:
        """Write the results folder ``rpa-finder analyze -o FOLDER`` writes, report.html included; return it.

        The folder appears whole or not at all; an earlier run's folder is replaced only with ``force``,
        and a folder holding files rpa_finder did not write never is.
        """
        from .output.folder import InputDigests, read_digests, write_results_folder
        from .output.results import PendingFile
        from .report import REPORT_NAME
        from .report.history import HISTORY_FILE

        built = "files" not in self.__dict__  # not asked for yet: the workbook may still be in its child
        files = self._build_files(pending=True) if built else dict(self.files)
        pending = [value for value in files.values() if isinstance(value, PendingFile)]
        # on a large log the report renders in a forked child while this process writes the data files
        # (forked before the hashing thread starts: a fork beside a running thread is refused)
        rendering = (ForkedCall(_render, files, self.config.language, history)
                     if forking_pays(sum(r.ingest.log.n_events for r in self.logs)) else None)
        try:
            # the digests ingest took of the bytes it read; any other input hashes on a thread meanwhile
            digests = InputDigests(self.inputs, read_digests(s for r in self.logs for s in r.ingest.log.sources))
            _say(progress, f"writing {folder}")

            def render(tmp: Path) -> None:  # after the data files: a report failure leaves no folder either
                _say(progress, "rendering report.html")
                html = (rendering.result() if rendering is not None
                        else _render(files, self.config.language, history))
                (tmp / REPORT_NAME).write_bytes(html.encode("utf-8"))

            written = {**files, HISTORY_FILE: history} if history is not None else files
            target = write_results_folder(folder, written, command=command, inputs=digests, force=force,
                                          before_commit=render)
        finally:
            for file in pending:
                file.close()
            if rendering is not None:
                rendering.close()
        if built:  # what was written is the data :attr:`files` holds, the workbook's bytes in place
            self.__dict__["files"] = {name: value.result() if isinstance(value, PendingFile) else value
                                      for name, value in files.items()}
        return target


def _render(files: Mapping[str, Any], lang: str, history: Mapping[str, Any] | None = None) -> str:
    """report.html from the results folder's data (a workbook still being built is not read)."""
    from .report import render_report
    from .report.history import HISTORY_FILE
    from .report.inputs import results_from_files

    return render_report(results_from_files(files if history is None else {**files, HISTORY_FILE: history}), lang)


def _instances_of(result: AnalysisResult) -> "pd.DataFrame":
    if result.mined.instances is not None:
        return result.mined.instances.table
    from .mining.instances import extract_instances  # a mined process handed over without its instances

    return extract_instances(result.ingest.log.events).table


def _detect(result: AnalysisResult, decisions: Sequence[Any], instances: "pd.DataFrame | None" = None,
            steps: Any = None) -> "pd.DataFrame":
    """The log's deployments frame (:func:`~rpa_finder.realisation.detect_deployments`) over the
    scoring's account table; ``instances`` and their ``steps`` (StepRows) when the caller has them."""
    from .realisation import detect_deployments

    log = result.ingest.log
    return detect_deployments(_instances_of(result) if instances is None else instances, timezone=log.timezone,
                              date_only=log.timestamp_precision != "time", decisions=tuple(decisions),
                              accounts=result.scored.accounts, steps=steps)


def _detect_all(results: Sequence[AnalysisResult], decisions: Sequence[Any]) -> list["pd.DataFrame"]:
    """Each log's deployments frame: small frames, so a forked child sends them back cheaply."""
    return [_detect(result, decisions) for result in results]


def realise_result(result: AnalysisResult, decisions: Sequence[Any] = (),
                   estimates: "Mapping[str, tuple[float, float, float]] | Callable[[pd.DataFrame], Mapping] | None" = None,
                   *, found: "pd.DataFrame | None" = None) -> tuple["pd.DataFrame", Any]:
    """The realised-benefit stage of one analysed log: (deployments frame, RealisedBenefit).

    Cheap where nothing was deployed: one group-by of the activity instances by (step, account) over
    the scoring's account table; the measuring runs only for the few deployments found or decided.
    ``estimates`` (activity -> (low, mid, high), or a function of the deployments frame that returns
    them: a store looks up the estimate before each go-live) override this run's candidates.  ``found``:
    the deployments frame when it was detected already (in a forked child, beside the maturity).
    """
    from .realisation import estimate_spans, measure_realised_benefit
    from .realisation.steps import StepRows

    log = result.ingest.log
    instances = _instances_of(result)
    date_only = log.timestamp_precision != "time"
    steps = None
    if found is None:
        steps = StepRows.of(instances, log.timezone)  # codes and local times, once for detecting and measuring
        found = _detect(result, decisions, instances, steps)
    if not len(found):  # the common case: no robot took over a step, nothing to measure
        return found, measure_realised_benefit(instances, found)
    if steps is None:
        steps = StepRows.of(instances, log.timezone)
    if callable(estimates):
        estimates = estimates(found)
    spans = {name: (s.low, s.mid, s.high) for name, s in estimate_spans(result.scored.candidates).items()}
    spans.update({str(k): tuple(map(float, v)) for k, v in (estimates or {}).items()})
    benefit = measure_realised_benefit(instances, found, timezone=log.timezone, date_only=date_only, estimates=spans,
                                       handling_minutes=dict(result.config.handling_minutes), steps=steps)
    return found, benefit


def analyze(paths: Any, config: AnalysisConfig | None = None, *, language: str | None = None,
            baseline: Any = None, full_map: bool = False, progress: Progress | None = None,
            decisions: Sequence[Any] = (), **mapping: Any) -> Analysis:
    """Read, validate and analyse one log or several (one process each), as ``rpa-finder analyze`` does.

    ``config`` is an :class:`~rpa_finder.config.AnalysisConfig` (e.g. from
    :func:`rpa_finder.config.load_config`); ``language`` and ``mapping`` (read options such as
    ``case="Asianumero"``, ``strict=True``) override it.  ``baseline`` is a fitted
    :class:`~rpa_finder.scoring.scorer.AutomationScorer` that puts the scores on an earlier run's scale.
    ``decisions`` are recorded deployments (:class:`~rpa_finder.realisation.RecordedDeployment`); robots
    taking over a step without one are found too (``.realised``, summary.json's ``deployed_robots``).
    Every log is read and validated before any is analysed; the first that fails validation raises
    :class:`~rpa_finder.errors.ValidationFailedError`.

    >>> analysis = analyze("sample_logs/ostolaskut.csv", language="en")   # doctest: +SKIP
    >>> analysis.totals["hours_per_year"]                                  # doctest: +SKIP
    """
    paths = _as_paths(paths)
    config = configure(config, language=language, **mapping)
    _check_stems(paths)
    ingests = read_validated(paths, config.read, progress=progress)
    results = []
    for path, ingest in zip(paths, ingests):
        _say(progress, f"analysing {path.name}")
        results.append(analyze_log(ingest, config, scorer=baseline, progress=progress))
    return Analysis.from_results(results, config, inputs=paths, full_map=full_map, decisions=decisions)


# --- mine --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Mining:
    """One log mined: the read log (``ingest``) and the mined process, with the mining results folder."""

    ingest: IngestResult
    mined: MinedProcess
    inputs: tuple[Path, ...] = ()
    full_map: bool = False

    @property
    def summary(self) -> dict[str, Any]:
        """Events, cases, activities, variants and the other headline counts."""
        return self.mined.summary()

    @cached_property
    def files(self) -> dict[str, Any]:
        """The mining results folder as data: map, models, DFG, variants, activities, mining.json, validation."""
        from .output.results import build_ingest_files, build_mining_files

        files = build_ingest_files(self.ingest)
        files.update(build_mining_files(self.mined, full_map=self.full_map))
        return files

    def write(self, folder: str | Path, force: bool = False) -> Path:
        """Write the folder ``rpa-finder mine -o FOLDER`` writes (whole or not at all); return it."""
        from .output.folder import InputDigests, read_digests, write_results_folder

        digests = InputDigests(self.inputs, read_digests(self.ingest.log.sources))
        return write_results_folder(folder, self.files, command="mine", inputs=digests, force=force)


def mine(path: str | Path, config: AnalysisConfig | None = None, *, full_map: bool = False,
         progress: Progress | None = None, **mapping: Any) -> Mining:
    """Read, validate and mine one log: map, models, DFG, variants, statistics (``rpa-finder mine``).

    >>> mining = mine("sample_logs/ostolaskut.csv")   # doctest: +SKIP
    >>> mining.mined.variants.table.head()            # doctest: +SKIP
    """
    path = Path(path)
    config = configure(config, **mapping)
    ingest, = read_validated([path], config.read, progress=progress, modules=MINING_MODULES)
    mined = mine_process(ingest.log, config.mining, discover=True, progress=progress)
    return Mining(ingest=ingest, mined=mined, inputs=(path,), full_map=full_map)


# --- compare -----------------------------------------------------------------------------------------
def compare(paths: Any, config: AnalysisConfig | None = None, *, names: Sequence[str] | None = None,
            activity_map: str | Path | None = None, min_confidence: float | None = None,
            robot_life_years: float | None = None, jobs: int = 1, language: str | None = None,
            progress: Progress | None = None, **mapping: Any) -> "Comparison":
    """Analyse each log (or every log in one folder) and compare the organisations (``rpa-finder compare``).

    Returns a :class:`rpa_finder.comparison.Comparison`, with ``.shared`` (shared candidates by joint
    saving), ``.to_html(lang)`` and ``.write(folder)``.

    >>> comparison = compare(["espoo.csv", "vantaa.csv"], names=["Espoo", "Vantaa"])  # doctest: +SKIP
    >>> comparison.shared[["activity", "organisations", "joint_savings_eur_mid"]].head()  # doctest: +SKIP
    """
    from .comparison import CompareSettings, compare_logs

    config = configure(config, language=language, **mapping)
    settings = CompareSettings()
    if min_confidence is not None:
        settings = replace(settings, align=replace(settings.align, min_confidence=min_confidence))
    if robot_life_years is not None:
        settings = replace(settings, sharing=replace(settings.sharing, robot_life_years=robot_life_years))
    settings = replace(settings, sharing=replace(settings.sharing, savings=config.candidates.savings))
    comparison = compare_logs(_as_paths(paths), config, names=names, activity_map=activity_map, settings=settings,
                              jobs=jobs, progress=progress)
    return replace(comparison, language=config.language)
