# SPDX-License-Identifier: AGPL-3.0-or-later
"""The national comparison's logs: 308 municipalities, one purchase-invoice export each, sized like their populations.

``python bench/make_national.py [--scale 1.0] [--municipalities 308] [--format parquet] [--out DIR]``
writes ``DIR/kunta_<nnn>.<fmt>`` (default ``bench/out/national_<n>_<scale>/``) and, next to the
folder (not in it: ``compare FOLDER`` reads every CSV there), ``DIR_plan.csv`` (name, population,
events, local variety).  Seeded (``--seed``, default 2026): the same arguments give the
same files.

* **Population-sized.**  Populations are drawn log-normal (median about 6,000, as Finland's
  municipalities: most small, a few cities); each municipality's event count runs from 7,000 (the
  smallest) to 900,000 (the largest) by a power of its population share, the power chosen so the 308
  logs hold about 34M events together.  ``--scale`` multiplies every size (0.01 gives a 340,000-event
  run in seconds; no log goes under 200 events).
* **Shared activity codes.**  Every municipality runs the invoice process of
  :mod:`rpa_finder.samples.processes` (the same activity names everywhere) and draws its side steps
  from the same coded catalogue (:func:`rpa_finder.samples.variety.side_activities`), so activities
  align by exact name.
* **Local variation.**  Each draws its own share of deviating cases (10-50 %), catalogue size (20-120
  side activities), Zipf exponent, share of blank resources (0-5 %), and a municipality-only step
  (``Paikallinen tarkastus (<name>)``) in some cases, so no two processes look alike.

Cases are new draws (``generate_cases``), never copies.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

__all__ = ["plan_municipalities", "make_municipality", "make_national", "national_dir"]

PROCESS = "ostolaskut"
MIN_EVENTS, MAX_EVENTS, TOTAL_EVENTS = 7_000, 900_000, 34_000_000
FLOOR_EVENTS = 200


def national_dir(scale: float, municipalities: int = 308) -> Path:
    """The default folder of one national run."""
    return Path(__file__).parent / "out" / f"national_{municipalities}_{scale:g}"


def _sizes(population: np.ndarray) -> np.ndarray:
    """Events per municipality: MIN..MAX by a power of the population share, summing to about TOTAL."""
    share = (population - population.min()) / max(population.max() - population.min(), 1)
    target = TOTAL_EVENTS * population.size / 308
    low, high = 0.01, 10.0
    for _ in range(60):  # bisection on the power: the sum falls as the power grows
        power = (low * high) ** 0.5
        total = (MIN_EVENTS + (MAX_EVENTS - MIN_EVENTS) * share ** power).sum()
        low, high = (power, high) if total > target else (low, power)
    return np.round(MIN_EVENTS + (MAX_EVENTS - MIN_EVENTS) * share ** power).astype(np.int64)


def plan_municipalities(municipalities: int = 308, *, seed: int = 2026, scale: float = 1.0) -> pd.DataFrame:
    """One row per municipality: name, population, events and its local variety settings."""
    rng = np.random.default_rng([seed, 308])
    population = np.sort(np.round(rng.lognormal(np.log(6_000), 1.25, municipalities)).clip(90, 700_000))[::-1]
    events = np.maximum(np.round(_sizes(population) * scale), FLOOR_EVENTS).astype(np.int64)
    return pd.DataFrame({
        "name": [f"kunta_{i + 1:03d}" for i in range(municipalities)],
        "population": population.astype(np.int64),
        "events": events,
        "deviating_share": np.round(rng.uniform(0.1, 0.5, municipalities), 3),
        "side_activities": rng.integers(20, 121, municipalities),
        "zipf": np.round(rng.uniform(1.1, 1.8, municipalities), 2),
        "missing_resource_share": np.round(rng.uniform(0.0, 0.05, municipalities), 3),
        "local_step_share": np.round(np.where(rng.random(municipalities) < 0.4, rng.uniform(0.05, 0.3, municipalities),
                                              0.0), 3),
        "seed": rng.integers(0, 2**31, municipalities),
    })


def make_municipality(row, *, chunk_cases: int = 50_000) -> pd.DataFrame:
    """One municipality's export: new cases with its own variety and its local step."""
    from rpa_finder.samples.variety import Variety, generate_cases

    variety = Variety(deviating_share=float(row.deviating_share), activities=int(row.side_activities),
                      zipf=float(row.zipf), case_attributes=4, event_attributes=False)
    cases = int(min(chunk_cases, max(40, row.events // 6)))
    frame = generate_cases(PROCESS, int(row.events), seed=int(row.seed), variety=variety, chunk_cases=cases)
    rng = np.random.default_rng([int(row.seed), 1])
    people = ~frame["Käsittelijä"].isin(["JÄRJESTELMÄ", "ERÄAJO", "ROBOTTI_01"]).to_numpy()
    if row.local_step_share > 0:  # a step only this municipality has, replacing one human step in some cases
        codes, uniques = pd.factorize(frame["Asianumero"], sort=False)
        local_case = rng.random(uniques.size) < float(row.local_step_share)
        target = people & local_case[codes] & (frame["Toimenpide"] == "Kirjaa lasku").to_numpy()
        frame.loc[target, "Toimenpide"] = f"Paikallinen tarkastus ({row.name})"
    blank = people & (rng.random(len(frame)) < float(row.missing_resource_share))
    frame.loc[blank, "Käsittelijä"] = None
    return frame


def _write(frame: pd.DataFrame, path: Path, fmt: str) -> None:
    from rpa_finder.samples import write_finnish_csv

    tmp = path.with_name(path.name + ".part")
    if fmt == "csv":
        write_finnish_csv(frame, tmp)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp, row_group_size=1 << 20)
    tmp.replace(path)


def make_national(folder: Path, plan: pd.DataFrame, fmt: str = "parquet") -> list[Path]:
    """Write every missing municipality's log and the plan beside the folder; return the log paths (existing kept)."""
    folder.mkdir(parents=True, exist_ok=True)
    plan.to_csv(folder.parent / f"{folder.name}_plan.csv", index=False)
    paths, started, written = [], time.perf_counter(), 0
    for row in plan.itertuples(index=False):
        path = folder / f"{row.name}.{fmt}"
        if not path.exists():
            frame = make_municipality(row)
            _write(frame, path, fmt)
            written += len(frame)
        paths.append(path)
    print(f"{len(paths)} logs in {folder}; {written:,} events written in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every log's size [1.0: ~34M events]")
    parser.add_argument("--municipalities", type=int, default=308)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet",
                        help="parquet [default: writing 34M events of CSV takes some 10 minutes] or Finnish CSV")
    parser.add_argument("--out", type=Path, default=None, help="folder [bench/out/national_<n>_<scale>]")
    args = parser.parse_args(argv)
    plan = plan_municipalities(args.municipalities, seed=args.seed, scale=args.scale)
    print(f"{len(plan)} municipalities, {plan['events'].sum():,} events "
          f"({plan['events'].min():,}-{plan['events'].max():,})", file=sys.stderr)
    make_national(args.out or national_dir(args.scale, args.municipalities), plan, args.format)
    return 0


if __name__ == "__main__":
    sys.exit(main())
