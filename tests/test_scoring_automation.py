# SPDX-License-Identifier: AGPL-3.0-or-later
"""Which accounts are machines by behaviour: night work needs times, not dates written as midnight."""
from __future__ import annotations

import numpy as np
import pandas as pd

from conftest import shared_log
from rpa_finder.scoring.automation import classify_accounts
from rpa_finder.scoring.instance_codes import code_instances

ZONE = "Europe/Helsinki"


def _instances(stamps: dict[str, pd.DatetimeIndex]) -> pd.DataFrame:
    rows = [pd.DataFrame({"case_id": [f"{who}-{i}" for i in range(len(times))], "activity": "Käsittele",
                          "resource": who, "timestamp": times}) for who, times in stamps.items()]
    return pd.concat(rows, ignore_index=True)


def test_dates_written_as_midnight_do_not_make_a_clerk_a_night_robot():
    days = pd.date_range("2026-01-05", periods=120, freq="D", tz="UTC")
    rng = np.random.default_rng(7)
    office = days + pd.to_timedelta(rng.integers(7 * 3600, 14 * 3600, len(days)), unit="s")
    night = days + pd.to_timedelta(rng.integers(22 * 3600, 26 * 3600, len(days)), unit="s")
    instances = _instances({
        # Dutch midnight (00:00+01:00 = 23:00 UTC, 01:00 in Helsinki) on 100 dates, a few real office stamps.
        "clerk": (days[:100] - pd.Timedelta(hours=1)).append(office[:20]),
        # An account really working at night, to the second: still a machine.
        "kirjaaja-7": night,
    })
    accounts = classify_accounts(instances, timezone=ZONE, date_only=False)
    assert not accounts.loc["clerk", "automated"]
    assert accounts.loc["clerk", "night_share"] == 0.0  # its 20 timed stamps are all office hours
    assert accounts.loc["kirjaaja-7", "automated"] and accounts.loc["kirjaaja-7", "why"] == "night"


def test_a_few_stamps_on_the_hour_keep_their_hour():
    days = pd.date_range("2026-01-05", periods=100, freq="D", tz="UTC")
    rng = np.random.default_rng(8)
    night = days + pd.to_timedelta(rng.integers(22 * 3600, 26 * 3600, len(days)), unit="s")
    on_hour = days[:10] + pd.Timedelta(hours=23)  # 01:00 Helsinki exactly, 10 % of the work
    accounts = classify_accounts(_instances({"batch": night[10:].append(on_hour)}), timezone=ZONE, date_only=False)
    assert accounts.loc["batch", "automated"]
    assert accounts.loc["batch", "night_share"] == 1.0


def test_bpic15_has_no_night_robots():
    """BPIC15 writes many dates as 00:00:00+01:00/+02:00; its clerks were 'night robots' before."""
    log = shared_log("bpic2015/BPIC15_1.xes.gz")
    instances = log.events
    accounts = classify_accounts(instances, timezone=log.timezone, date_only=False,
                                 coded=code_instances(instances, log.timezone))
    assert len(accounts) > 10
    assert not accounts["automated"].any(), accounts[accounts["automated"]]
