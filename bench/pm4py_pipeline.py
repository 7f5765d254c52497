# SPDX-License-Identifier: AGPL-3.0-or-later
"""The plain pm4py pipeline that rpa_finder is measured against, as a user of pm4py would write it.

Read (``pm4py.read_xes``, or ``pandas.read_csv``/``read_parquet`` + ``pm4py.format_dataframe``), then
``discover_dfg``, ``discover_performance_dfg``, ``get_variants``, ``discover_petri_net_inductive`` on the
full log and token-based replay fitness.  Only the bench imports pm4py outside the adapter.
"""
from __future__ import annotations

import warnings
from pathlib import Path

__all__ = ["read_with_pm4py", "run_pm4py_pipeline", "CSV_KEYS"]

#: Columns of the generated Finnish CSV / Parquet benchmark logs.
CSV_KEYS = {"case_id": "Asianumero", "activity_key": "Toimenpide", "timestamp_key": "Aikaleima"}


def read_with_pm4py(path: str, xes_variant: str | None = None):
    """The log as pm4py reads it: a formatted DataFrame."""
    import pandas as pd
    import pm4py

    warnings.simplefilter("ignore")
    suffix = "".join(Path(path).suffixes[-2:]) if path.endswith(".gz") else Path(path).suffix
    if suffix in (".xes", ".xes.gz"):
        return pm4py.read_xes(path, variant=xes_variant) if xes_variant else pm4py.read_xes(path)
    if suffix == ".csv":
        frame = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
        return pm4py.format_dataframe(frame, timest_format="%d.%m.%Y %H:%M:%S", **CSV_KEYS)
    if suffix == ".parquet":
        return pm4py.format_dataframe(pd.read_parquet(path), **CSV_KEYS)
    raise ValueError(f"no pm4py reader for {path}")


def run_pm4py_pipeline(path: str) -> str:
    """Read, DFG, performance DFG, variants, inductive Petri net, token-replay fitness."""
    import pm4py

    log = read_with_pm4py(path)
    dfg, start, end = pm4py.discover_dfg(log)
    pm4py.discover_performance_dfg(log)
    variants = pm4py.get_variants(log)
    net, im, fm = pm4py.discover_petri_net_inductive(log)
    fitness = pm4py.fitness_token_based_replay(log, net, im, fm)
    return f"events={len(log)} edges={len(dfg)} variants={len(variants)} fitness={fitness.get('log_fitness'):.4f}"
