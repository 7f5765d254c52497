# SPDX-License-Identifier: AGPL-3.0-or-later
"""High-variety logs: side steps, activity codes and attributes like a real export, drawn as new cases.

The simulated processes follow a handful of paths (9-44 variants in 20,000 cases), while real
exports have hundreds to thousands: clerks add notes, attach documents, phone the customer and
re-open steps, and systems suffix activities with codes (BPIC15 has 398 activities and nearly one
variant per case).  A benchmark on a few-variant log measures imports, not mining, so
:func:`add_variety` inserts **side steps** drawn from a Zipf-weighted catalogue of coded activities
at random places in some cases, and adds **case and event attributes** up to a real export's 10-30
columns.  Everything is vectorised over events (no loop per case).

Variety is measured by :func:`measure_variety`: variants per 1,000 cases (distinct activity
sequences, ``1000 * variants / cases``) and the number of columns.  Seeded: the same arguments give
the same frame.

>>> from rpa_finder.samples import generate_log
>>> events, _ = generate_log("ostolaskut", cases=300, seed=1)
>>> varied = add_variety(events, Variety(), seed=1)
>>> measure_variety(events)["variants_per_1000_cases"] < measure_variety(varied)["variants_per_1000_cases"]
True
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from ..errors import Message, UsageError

__all__ = ["Variety", "HIGH_VARIETY", "add_variety", "measure_variety", "generate_cases", "side_activities"]

_VERBS = ("Päivitä", "Tarkista", "Lähetä", "Liitä", "Kirjaa", "Pyydä", "Korjaa", "Siirrä", "Avaa uudelleen",
          "Merkitse", "Poista", "Kommentoi")
_OBJECTS = ("yhteystiedot", "liite", "asiakirja", "huomautus", "lausunto", "tiliöinti", "viesti", "muistio",
            "päätösluonnos", "tarkastusmerkintä", "osoite", "pankkitiedot", "vastuuhenkilö", "määräaika")
_SYSTEMS = ("Asianhallinta", "Sähköinen asiointi", "Taloushallinto", "Arkisto", "Integraatio")


@dataclass(frozen=True)
class Variety:
    """How much an export deviates from the process's main paths, and how many attributes it carries.

    The defaults (``HIGH_VARIETY``) give a 1M-event log of a simulated process about 10,000-20,000
    variants (160-215 per 1,000 cases; 130 activities) and 23-26 columns: between the road-fines log
    (1.5 per 1,000 cases) and BPIC15 (about 950); lower ``deviating_share`` for fewer variants, raise
    it and ``side_steps`` towards BPIC15.
    """

    #: Share of cases with at least one side step (the rest follow the simulated path).
    deviating_share: float = 0.35
    #: Mean number of side steps in a deviating case (1 + Poisson(mean - 1)).
    side_steps: float = 1.6
    #: Size of the side-step catalogue (coded activities such as ``Liitä liite (A07)``).
    activities: int = 120
    #: Zipf exponent of the catalogue's weights: a few side steps are common, most are rare.
    zipf: float = 1.3
    #: Extra case attributes (codes, numbers, dates) and event attributes (source system, event id).
    case_attributes: int = 10
    event_attributes: bool = True

    def check(self) -> None:
        """Raise :class:`UsageError` for values outside their meaning."""
        if not 0.0 <= self.deviating_share <= 1.0 or self.side_steps < 1.0:
            raise UsageError("deviating_share must be within 0-1 and side_steps at least 1")
        if not 1 <= self.activities <= len(_VERBS) * len(_OBJECTS) * 9 or not 0 <= self.case_attributes <= 12:
            raise UsageError(Message("activities must be 1-{most} and case_attributes 0-12",
                                     most=len(_VERBS) * len(_OBJECTS) * 9))


HIGH_VARIETY = Variety()


def side_activities(n: int) -> np.ndarray:
    """The first ``n`` coded side activities (verb + object + a code), the same in every log."""
    verbs = np.repeat(np.asarray(_VERBS, dtype=object), len(_OBJECTS))
    objects = np.tile(np.asarray(_OBJECTS, dtype=object), len(_VERBS))
    order = np.random.default_rng(2015).permutation(verbs.size)
    base = verbs[order] + " " + objects[order]
    rounds = -(-n // base.size)
    codes = np.concatenate([np.char.add(f"({chr(65 + r)}", np.char.zfill(np.arange(1, base.size + 1).astype(str), 2))
                            for r in range(rounds)]).astype(object) + ")"
    return (np.tile(base, rounds) + " " + codes)[:n]


def _zipf_weights(n: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def _side_steps(events: pd.DataFrame, variety: Variety, rng: np.random.Generator, columns: dict) -> pd.DataFrame:
    """Rows for the side steps: each follows a random event of its case, before the case's next event."""
    case_col, act_col, time_col, res_col = columns["case"], columns["activity"], columns["timestamp"], columns["resource"]
    codes, uniques = pd.factorize(events[case_col], sort=False)
    n_cases = uniques.size
    deviating = rng.random(n_cases) < variety.deviating_share
    counts = np.where(deviating, 1 + rng.poisson(variety.side_steps - 1.0, n_cases), 0)
    total = int(counts.sum())
    if total == 0:
        return events.iloc[:0]
    # rows of each case are contiguous in a generated log: first row and size per case
    sizes = np.bincount(codes, minlength=n_cases)
    first = np.r_[0, np.cumsum(sizes)[:-1]]
    case_of = np.repeat(np.arange(n_cases), counts)
    anchor = first[case_of] + (rng.random(total) * sizes[case_of]).astype(np.int64)
    times = events[time_col].to_numpy("datetime64[ns]")
    last = first[case_of] + sizes[case_of] - 1
    following = np.minimum(anchor + 1, last)
    gap = (times[following] - times[anchor]).astype("int64")
    gap = np.where(anchor == last, np.int64(4 * 3600 * 10**9), gap)  # after the last event: within 4 hours
    offset = (rng.random(total) * gap).astype("int64").astype("timedelta64[ns]")
    rows = events.iloc[anchor].reset_index(drop=True)
    catalogue = side_activities(variety.activities)
    rows[act_col] = pd.Series(catalogue[rng.choice(catalogue.size, total, p=_zipf_weights(catalogue.size,
                                                                                          variety.zipf))], dtype="str")
    rows[time_col] = times[anchor] + offset
    if "Tila" in rows:
        rows["Tila"] = "valmis"
    for name in ("Aloitusaika", "Kommentti"):
        if name in rows:
            rows[name] = rows[name].iloc[:0].reindex(range(total))
    system = rows[res_col].isin(["JÄRJESTELMÄ", "ERÄAJO", "ROBOTTI_01"]).to_numpy()
    if system.any():  # a person does side steps: the case's last human handler, else a clerk's name
        people = events.loc[~events[res_col].isin(["JÄRJESTELMÄ", "ERÄAJO", "ROBOTTI_01"]), res_col].dropna().unique()
        rows.loc[system, res_col] = people[rng.integers(0, max(len(people), 1), int(system.sum()))] if len(people) else None
    return rows


def _case_attributes(events: pd.DataFrame, count: int, case_col: str, rng: np.random.Generator) -> dict:
    """Case-level columns of a case system's export: cost centres, project codes, priorities, dates."""
    codes, uniques = pd.factorize(events[case_col], sort=False)
    n = uniques.size
    start = np.datetime64("2024-06-01", "s")
    pool = {
        "Kustannuspaikka": lambda: pd.Series(np.char.add("KP", rng.integers(1000, 1200, n).astype(str)), dtype="str"),
        "Projektinumero": lambda: pd.Series(np.char.add("P-", rng.integers(10_000, 12_500, n).astype(str)), dtype="str"),
        "Prioriteetti": lambda: pd.Series(np.asarray(["Normaali", "Kiireellinen", "Matala"], dtype=object)[
            rng.choice(3, n, p=[0.8, 0.12, 0.08])], dtype="str"),
        "Asiointikieli": lambda: pd.Series(np.asarray(["suomi", "ruotsi", "englanti"], dtype=object)[
            rng.choice(3, n, p=[0.9, 0.07, 0.03])], dtype="str"),
        "Postinumero": lambda: pd.Series(np.char.zfill(rng.integers(100, 99_999, n).astype(str), 5), dtype="str"),
        "Asiakirjatyyppi": lambda: pd.Series(np.asarray(["Hakemus", "Ilmoitus", "Lasku", "Päätös", "Muu"], dtype=object)[
            rng.choice(5, n, p=[0.4, 0.2, 0.2, 0.15, 0.05])], dtype="str"),
        "Julkisuusluokka": lambda: pd.Series(np.where(rng.random(n) < 0.3, "Salassa pidettävä", "Julkinen"), dtype="str"),
        "Säilytysaika (v)": lambda: rng.choice(np.array([2, 6, 10, 50]), n).astype("int64"),
        "Arvioitu työmäärä (h)": lambda: np.round(rng.gamma(2.0, 1.5, n), 1),
        "Vireilletulopäivä": lambda: (start + rng.integers(0, 365 * 86_400, n).astype("timedelta64[s]")
                                      ).astype("datetime64[D]").astype("datetime64[ns]"),
        "Tehtäväluokka": lambda: pd.Series(np.char.add("02.", np.char.zfill(rng.integers(0, 40, n).astype(str), 2)), dtype="str"),
        "Liitteitä": lambda: rng.poisson(1.5, n).astype("int64"),
    }
    columns = {}
    for name in list(pool)[:count]:
        values = pool[name]()
        values = values.to_numpy() if isinstance(values, pd.Series) else values
        columns[name] = values[codes]
    return columns


def add_variety(events: pd.DataFrame, variety: Variety = HIGH_VARIETY, *, seed: int,
                columns: dict | None = None) -> pd.DataFrame:
    """``events`` (a generated log, rows of a case together) with side steps and extra attributes.

    Side steps carry the case's attributes and a person as resource; they are complete-only rows
    (``Tila`` = valmis, no ``Aloitusaika``).  Rows come back sorted by case, then time.
    """
    from .writers import XES_ROLES

    variety.check()
    columns = columns or XES_ROLES
    rng = np.random.default_rng([seed, 17])
    side = _side_steps(events, variety, rng, columns)
    out = pd.concat([events, side], ignore_index=True) if len(side) else events.copy()
    order = np.lexsort((np.r_[np.zeros(len(events), np.int8), np.ones(len(side), np.int8)],
                        out[columns["timestamp"]].to_numpy("datetime64[ns]"),
                        pd.factorize(out[columns["case"]], sort=False)[0]))
    out = out.iloc[order].reset_index(drop=True)
    for name, values in _case_attributes(out, variety.case_attributes, columns["case"], rng).items():
        out[name] = pd.Series(values, dtype="str") if values.dtype == object else values
    if variety.event_attributes:
        n = len(out)
        out["Lähdejärjestelmä"] = pd.Series(np.asarray(_SYSTEMS, dtype=object)[rng.choice(len(_SYSTEMS), n,
                                            p=[0.55, 0.2, 0.15, 0.05, 0.05])], dtype="str")
        out["Tapahtumatunnus"] = pd.Series(np.char.add("E", np.arange(1, n + 1).astype(str)), dtype="str")
    return out


def measure_variety(events: pd.DataFrame, *, case: str = "Asianumero", activity: str = "Toimenpide",
                    lifecycle: str | None = "Tila") -> dict:
    """Variants per 1,000 cases and the column count, the figures bench/README.md reports.

    A variant is a case's sequence of activities in row order (start rows excluded where the log has
    a ``lifecycle`` column, so start/complete pairs count once, as pm4py's default classifier does not).
    """
    rows = events
    if lifecycle and lifecycle in events:
        rows = events[events[lifecycle].astype("str") != "aloitettu"]
    sequences = rows.groupby(rows[case].astype("str"), sort=False)[activity].agg("\x1f".join)
    cases, variants = len(sequences), int(sequences.nunique())
    return {"events": len(events), "cases": cases, "variants": variants,
            "variants_per_1000_cases": round(1000 * variants / max(cases, 1), 1),
            "activities": int(events[activity].nunique()), "columns": events.shape[1]}


def generate_cases(process: str, target_events: int, *, seed: int, variety: Variety | None = None,
                   lifecycle: bool = False, chunk_cases: int = 100_000) -> pd.DataFrame:
    """About ``target_events`` events of NEW cases (no copies): chunks of independently drawn cases.

    Chunk k is drawn with seed ``(seed, k)``; its case ids get a ``-<k>`` block after the year
    (``OL-2025-3-000017``) so they stay unique, and the log is cut at the last whole case that fits.
    """
    from .simulate import generate_log

    if target_events < 1:
        raise UsageError(Message("target_events must be at least 1, got {target_events}", target_events=target_events))
    parts, total, k = [], 0, 0
    while total < target_events:
        events, _ = generate_log(process, cases=chunk_cases, seed=int(np.random.SeedSequence([seed, k]).generate_state(1)[0]),
                                 lifecycle=lifecycle, start=date(2025, 1, 1))
        if variety is not None:
            events = add_variety(events, variety, seed=seed * 1000 + k)
        ids = events["Asianumero"].astype("str")
        events["Asianumero"] = pd.Series(ids.str.replace(r"^([^-]+-\d{4})-", rf"\g<1>-{k}-", regex=True), dtype="str")
        parts.append(events)
        total += len(events)
        k += 1
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if len(frame) > target_events:
        case_ids = frame["Asianumero"].to_numpy()
        cut = target_events
        while cut > 0 and case_ids[cut - 1] == case_ids[cut]:
            cut -= 1
        frame = frame.iloc[:cut] if cut > 0 else frame.iloc[:target_events]
    return frame.reset_index(drop=True)
