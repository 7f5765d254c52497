# SPDX-License-Identifier: AGPL-3.0-or-later
"""The report's "Realised benefit" section: each deployed robot's estimate beside what the log shows.

Built from summary.json's ``deployed_robots`` (:func:`rpa_finder.output.results.deployed_robot_records`),
so a report re-rendered from a folder shows exactly what the run measured.  The section exists only
when a robot was deployed or found; a robot found without a recorded decision carries the command
that confirms it, since its estimate and status stay provisional until someone does.
"""
from __future__ import annotations

import re
import shlex
from typing import Any, Mapping, Sequence

from .charts import Chart, draw_realised_hours, finite_number
from .i18n import format_date, format_number, format_percent, translate

__all__ = ["build_realised", "confirm_command"]

#: Months of evidence after the go-live below which the realised figure is called preliminary.
PRELIMINARY_MONTHS = 3.0
#: The deployment statuses the report names (:func:`~rpa_finder.realisation.detect_deployments`).
_STATUSES = {f"realised_status_{s}" for s in ("suggested", "confirmed", "recorded", "not_seen")}


def confirm_command(robot: Mapping[str, Any], lang: str = "fi") -> str:
    """The ``rpa-finder decisions set`` line that records a suggested deployment as decided (the account
    as a pattern that matches its name alone; STORE stands for the job's store), answering in the
    report's language (the command speaks Finnish unless told otherwise)."""
    parts = ["rpa-finder", "decisions", "set", "--store", "STORE", "--process", str(robot.get("process") or ""),
             "--activity", str(robot.get("activity") or ""), "--state", "deployed",
             "--account", re.escape(str(robot.get("account") or ""))]
    if robot.get("go_live"):
        parts += ["--go-live", str(robot["go_live"])]
    if lang != "fi":
        parts += ["--lang", lang]
    return " ".join(shlex.quote(part) for part in parts)


def _span(robot: Mapping[str, Any], key: str) -> tuple[float | None, float | None, float | None]:
    value = robot.get(key) or {}
    return tuple(finite_number(value.get(end)) for end in ("low", "mid", "high"))  # type: ignore[return-value]


def _days(value: float | None, lang: str) -> str:
    return "–" if value is None else format_number(value, lang, 1)


def _row(robot: Mapping[str, Any], lang: str) -> dict[str, Any]:
    status = str(robot.get("status") or "")
    before = _span(robot, "throughput_days_before")[1]
    after = _span(robot, "throughput_days_after")[1]
    months = finite_number(robot.get("months_after")) or 0.0
    return {
        "step": str(robot.get("activity") or ""), "account": str(robot.get("account") or ""),
        "status": translate(f"realised_status_{status}", lang) if f"realised_status_{status}" in _STATUSES else status,
        "go_live": format_date(robot["go_live"], lang) if robot.get("go_live") else "–",
        "share": format_percent(finite_number(robot.get("robot_share")), lang),
        "hand_backs": format_number(robot.get("hand_backs") or 0, lang),
        "throughput": f"{_days(before, lang)} → {_days(after, lang)}",
        "months": format_number(months, lang, 1), "preliminary": months < PRELIMINARY_MONTHS,
        "confirm": confirm_command(robot, lang) if status == "suggested" else None,
    }



def build_realised(robots: Sequence[Mapping[str, Any]] | None, lang: str) -> dict[str, Any] | None:
    """The section's model (chart, rows, note), or None when no robot is deployed."""
    robots = [r for r in robots or () if isinstance(r, Mapping)]
    if not robots:
        return None
    several = len({str(r.get("process") or "") for r in robots}) > 1
    names = [(f"{r.get('process')}: " if several else "") + f"{r.get('activity')} ({r.get('account')})" for r in robots]
    chart: Chart = draw_realised_hours("realised-chart", [
        (name, _span(r, "estimated_hours_per_year"), _span(r, "realised_hours_per_year")) for name, r in zip(names, robots)], lang)
    rows = [_row(r, lang) for r in robots]
    return {"chart": chart, "rows": rows, "preliminary": any(row["preliminary"] for row in rows)}
