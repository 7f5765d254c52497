# SPDX-License-Identifier: AGPL-3.0-or-later
"""Maturity indicators measured on analysed logs, never invented: what cannot be measured is NaN.

Each indicator carries the volume it was measured on (``weight``), so that an organisation's figure
is the pooled one (the volume-weighted mean of its processes), not a plain mean of percentages.

| indicator | value | weight |
|---|---|---|
| automation_rate | share of steps (with a known account) done by system, batch or robot accounts | steps a year with an account |
| digital_intake | share of cases whose intake was electronic: the channel column (Kanava, channel, kanal...) says so, or, without one, the first step was done by a system account | cases with a channel or first-step account |
| standardisation | mean activity standardisation (1 - normalised entropy of neighbours), weighted by steps | steps |
| rework_share | share of cases in which some activity runs more than once (lower is better) | cases |
| data_quality | mean of (1 - rejected rows share), (1 - steps without account), (1 - date-only timestamps share) | rows read |
| strong_candidates_automated | of the activities scoring at least ``STRONG_SCORE`` (negligible ones left out), the share already automated | such activities |
| reuse | of the open candidates, the share that is a candidate or already automated in another analysed log too | open candidates |
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ..analysis import AnalysisResult
from ..mining.instances import complete_events
from ..scoring.automation import AutomationSettings, classify_accounts

__all__ = ["IndicatorValue", "compute_indicators", "pool_indicators", "measure_automation_rate",
           "measure_digital_intake", "measure_standardisation", "measure_rework_share", "measure_data_quality",
           "measure_strong_candidates_automated", "measure_reuse", "NOT_MEASURABLE", "STRONG_SCORE",
           "CHANNEL_COLUMN", "ELECTRONIC_CHANNEL"]

#: Candidate score from which an activity counts as a strong robot candidate.
STRONG_SCORE = 0.7
#: Column names that say how a case came in.
CHANNEL_COLUMN = re.compile(r"kanava|channel|kanal\b|vastaanottotapa|saapumistapa|vireillepanotapa|"
                            r"intake|inkommit|inkomstsätt", re.IGNORECASE)
#: Channel values that mean electronic intake (e-mail is not: someone still keys it in).
ELECTRONIC_CHANNEL = re.compile(r"s[äa]hk[öo]i|verkko|online|e-?tj[äa]nst|e-?palvelu|digi|elektronisk|webb|"
                                r"\bweb\b|portaali|portal|internet|e-?invoice|e-?faktura|e-?lasku|\bapi\b|"
                                r"lupapiste|asiointi", re.IGNORECASE)

#: Why an indicator could not be measured, per language.
NOT_MEASURABLE = {
    "no_accounts": {"fi": "lokissa ei ole käsittelijätietoja", "sv": "loggen saknar handläggaruppgifter",
                    "en": "the log records no accounts"},
    "no_intake_data": {"fi": "ei kanavasaraketta eikä ensimmäisen vaiheen käsittelijää",
                       "sv": "varken kanalkolumn eller handläggare för första steget",
                       "en": "no channel column and no account on the first step"},
    "no_cases": {"fi": "lokissa ei ole tapauksia", "sv": "loggen saknar ärenden", "en": "the log has no cases"},
    "no_strong_candidates": {"fi": "yksikään toimenpide ei ole vahva ehdokas",
                             "sv": "ingen aktivitet är en stark kandidat", "en": "no activity is a strong candidate"},
    "single_log": {"fi": "vain yksi loki analysoitiin", "sv": "endast en logg analyserades",
                   "en": "only one log was analysed"},
    "no_candidates": {"fi": "avoimia ehdokkaita ei ole", "sv": "inga öppna kandidater",
                      "en": "there are no open candidates"},
}


@dataclass(frozen=True)
class IndicatorValue:
    """One measured indicator: ``value`` is NaN when not measurable, and ``why`` a NOT_MEASURABLE key."""

    name: str
    value: float
    weight: float = 1.0
    why: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def measurable(self) -> bool:
        return not math.isnan(self.value)


def _ratio(name: str, numerator: float, denominator: float, why: str, **detail) -> IndicatorValue:
    if denominator <= 0:
        return IndicatorValue(name, float("nan"), 0.0, why, detail)
    return IndicatorValue(name, float(numerator / denominator), float(denominator), "", detail)


def _activities(result: AnalysisResult) -> pd.DataFrame:
    table = result.scored.candidates
    return table[table["kind"] == "activity"]


def _automated_accounts(result: AnalysisResult) -> set[str]:
    """The accounts scoring classified as machines (classified here for results scored without them)."""
    accounts = result.scored.accounts
    if accounts is not None:
        return set(accounts.index[accounts["automated"].astype(bool)]) if len(accounts) else set()
    log = result.ingest.log
    patterns = result.config.account_patterns
    settings = AutomationSettings(account_patterns=patterns) if patterns else AutomationSettings()
    accounts = classify_accounts(result.mined.instances.table, timezone=log.timezone,
                                 date_only=log.timestamp_precision != "time", settings=settings)
    return set(accounts.index[accounts["automated"].astype(bool)]) if len(accounts) else set()


def measure_automation_rate(result: AnalysisResult) -> IndicatorValue:
    table = _activities(result)
    known = result.scored.features["resource_share"].reindex(table["activity"]).fillna(0).to_numpy()
    volume = table["events_per_year"].to_numpy(dtype=float) * known
    automated = (table["automation_rate"].to_numpy(dtype=float) * volume).sum()
    return _ratio("automation_rate", automated, volume.sum(), "no_accounts")


def _first_steps(events: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Each case's first activity instance (EventLog order: a case's rows are contiguous)."""
    steps = complete_events(events, ["case_id", *columns])
    codes = steps["case_id"].cat.codes.to_numpy()
    if len(codes) and (np.diff(codes) >= 0).all():
        return steps[np.r_[True, codes[1:] != codes[:-1]]]
    return steps.drop_duplicates("case_id")


def _matches(values: pd.Series, pattern: re.Pattern | str) -> np.ndarray:
    """``values`` (as text) match ``pattern``: tested once per distinct value, not once per case."""
    distinct = pd.Series(values.dropna().unique(), dtype="object")
    hits = set(distinct[distinct.astype("str").str.contains(pattern, na=False)])
    return values.isin(hits).to_numpy() & values.notna().to_numpy()


def measure_digital_intake(result: AnalysisResult) -> IndicatorValue:
    log = result.ingest.log
    events = log.events
    column = next((c for c in events.columns if CHANNEL_COLUMN.search(str(c))), None)
    first = _first_steps(events, ["resource", *([column] if column is not None else [])])
    case_ids = first["case_id"].astype("str")
    channel = pd.Series(pd.NA, index=first.index, dtype="object")
    source = "event"
    if column is not None:
        channel = first[column].astype("object")
    else:
        column = next((c for c in log.cases.columns if CHANNEL_COLUMN.search(str(c))), None)
        source = "case"
        if column is not None:
            by_case = log.cases[column]
            by_case.index = by_case.index.astype("str")
            channel = pd.Series(by_case.reindex(case_ids).to_numpy(dtype=object), index=first.index)
    has_channel = channel.notna().to_numpy()
    electronic = _matches(channel, ELECTRONIC_CHANNEL) & has_channel
    resource = first["resource"]
    has_account = resource.notna().to_numpy() & ~has_channel
    by_system = resource.astype("object").isin(_automated_accounts(result)).to_numpy() & has_account
    measured = int(has_channel.sum() + has_account.sum())
    return _ratio("digital_intake", int(electronic.sum() + by_system.sum()), measured, "no_intake_data",
                  channel_column=column, channel_level=source if column else None,
                  cases_by_channel=int(has_channel.sum()), cases_by_account=int(has_account.sum()))


def measure_standardisation(result: AnalysisResult) -> IndicatorValue:
    features = result.scored.features
    known = features["standardisation"].notna()
    events = features.loc[known, "events"].astype(float)
    return _ratio("standardisation", (features.loc[known, "standardisation"] * events).sum(), events.sum(), "no_cases")


def measure_rework_share(result: AnalysisResult) -> IndicatorValue:
    """The share of cases that do some step twice or more: one hash of (case, step) codes per row."""
    table = result.mined.instances.table
    case = table["case_id"].cat.codes.to_numpy().astype(np.int64)
    activity = table["activity"].cat.codes.to_numpy().astype(np.int64)
    repeated = pd.Series(case * (int(activity.max(initial=0)) + 2) + activity + 1).duplicated().to_numpy()
    cases = np.unique(case)
    return _ratio("rework_share", float(len(np.unique(case[repeated]))), float(len(cases)), "no_cases")


def measure_data_quality(result: AnalysisResult) -> IndicatorValue:
    report = result.ingest.report
    log = result.ingest.log
    if report.rows_read <= 0 or log.n_events == 0:
        return IndicatorValue("data_quality", float("nan"), 0.0, "no_cases")
    parts = {
        "rejected_share": report.rejected_rows / report.rows_read,
        "missing_account_share": float(log.events["resource"].isna().mean()),
        "date_only_share": float(log.date_only_share),
    }
    value = float(np.mean([1 - share for share in parts.values()]))
    return IndicatorValue("data_quality", value, float(report.rows_read), "",
                          {k: round(v, 4) for k, v in parts.items()})


def measure_strong_candidates_automated(result: AnalysisResult, strong_score: float = STRONG_SCORE) -> IndicatorValue:
    table = _activities(result)
    strong = table[(table["score"] >= strong_score) & (table["status"] != "negligible")]
    automated = int((strong["status"] == "already_automated").sum())
    return _ratio("strong_candidates_automated", automated, len(strong), "no_strong_candidates",
                  strong_score=strong_score, strong=len(strong), automated=automated)


def _activity_key(names: pd.Series) -> set[str]:
    return set(names.astype("str").str.casefold().str.split().str.join(" "))


def measure_reuse(result: AnalysisResult, others: Sequence[AnalysisResult]) -> IndicatorValue:
    table = _activities(result)
    if not others:
        return IndicatorValue("reuse", float("nan"), 0.0, "single_log")
    elsewhere: set[str] = set()
    for other in others:  # one pass per log
        rows = _activities(other)
        elsewhere |= _activity_key(rows.loc[rows["status"].isin(["candidate", "already_automated"]), "activity"])
    open_rows = table.loc[table["status"] == "candidate", "activity"].astype("str")
    keys = open_rows.str.casefold().str.split().str.join(" ")
    shared = keys.isin(elsewhere)
    return _ratio("reuse", int(shared.sum()), len(keys), "no_candidates",
                  shared=sorted(open_rows[shared.to_numpy()].tolist()))


def compute_indicators(result: AnalysisResult, others: Sequence[AnalysisResult] = (), *,
                       strong_score: float = STRONG_SCORE) -> dict[str, IndicatorValue]:
    """Every indicator of one analysed log; ``others`` are the other logs of the run (for reuse)."""
    values = [
        measure_automation_rate(result),
        measure_digital_intake(result),
        measure_standardisation(result),
        measure_rework_share(result),
        measure_data_quality(result),
        measure_strong_candidates_automated(result, strong_score),
        measure_reuse(result, others),
    ]
    return {value.name: value for value in values}


def pool_indicators(sets: Sequence[Mapping[str, IndicatorValue]]) -> dict[str, IndicatorValue]:
    """The organisation's indicators: per indicator, the weight-weighted mean of the measurable ones."""
    names = list(dict.fromkeys(name for values in sets for name in values))
    pooled = {}
    for name in names:  # one pass per indicator
        items = [values[name] for values in sets if name in values]
        usable = [item for item in items if item.measurable and item.weight > 0]
        if not usable:
            why = next((item.why for item in items if item.why), "")
            pooled[name] = IndicatorValue(name, float("nan"), 0.0, why)
            continue
        weight = sum(item.weight for item in usable)
        value = sum(item.value * item.weight for item in usable) / weight
        pooled[name] = IndicatorValue(name, float(value), float(weight), "", {"processes": len(usable)})
    return pooled
