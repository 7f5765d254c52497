# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder decisions``: record what was decided per candidate (set, import a filled-in sheet) and list it.

The logic is :mod:`rpa_finder.store.decisions`; these commands parse, call it and print.  ``set`` and
``import`` answer a person (the confirmation, the warning, an error) in --lang, Finnish by default, as
the Decisions sheet they echo is; ``list`` prints a tab-separated table of the stored keys (state,
kind) for scripts to cut, so it stays as stored.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import EXIT_CODES
from .options import language_option, say
from .progress import set_language

__all__ = ["decisions"]

_STORE = click.option("--store", "store", required=True, type=click.Path(dir_okay=False, path_type=Path),
                      help="The store (DuckDB file) of a scheduled job.")
_STATES = ("accepted", "rejected", "in_development", "deployed", "retired")  # = store.decisions.DECISION_STATES


def _warn_without_key(lang: str) -> None:
    """Who set a decision is a keyed pseudonym: without a stable key it differs from one command to the next."""
    from ..privacy import resolve_key

    if not resolve_key(None)[1]:
        say("decision_no_key", lang, err=True)


def _said(decision, lang: str) -> dict[str, str]:
    """A decision's kind and state in ``lang`` (the Decisions sheet's words), for the confirmation lines;
    in English the stored keys, as ``decisions set`` takes them and as these lines always showed them."""
    from ..output.decisions_sheet import STATE_TEXTS
    from ..report.i18n import translate

    if lang == "en":
        return {"process": decision.process, "activity": decision.activity, "kind": decision.kind, "state": decision.state}
    return {"process": decision.process, "activity": decision.activity, "kind": translate(f"kind_{decision.kind}", lang),
            "state": STATE_TEXTS.get(decision.state, {}).get(lang, decision.state)}


@click.group()
def decisions():
    """Decisions on robot candidates: accepted, rejected, in development, deployed, retired.

    \b
    Each run's report.xlsx has a Decisions sheet to fill in and hand back (decisions import);
    scripts use decisions set.  Who set a decision is kept as a pseudonym ($RPA_FINDER_KEY).
    Exit codes: 0 ok; 2 usage; 65 an unknown candidate or decision, a sheet from another store;
    66 the file cannot be read; 73 the store stays busy; 78 not a store, or the process has no run.
    """


@decisions.command("set")
@_STORE
@click.option("--process", required=True, help="The process (the job's [job] process).")
@click.option("--activity", required=True, help="The candidate: its activity, or a routine as 'A -> B -> C'.")
@click.option("--kind", type=click.Choice(["activity", "routine"]), default="activity", show_default=True,
              help="Whether the candidate is one step or a routine of steps.")
@click.option("--state", required=True, type=click.Choice(_STATES), help="The decision.")
@click.option("--reason", default="", help="Why (required for rejected).")
@click.option("--account", "account_pattern", default="",
              help="The robot's account name or a regular expression matching it (required for deployed).")
@click.option("--go-live", "go_live", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day the robot went live (YYYY-MM-DD).")
@click.option("--note", default="", help="Free text.")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as stored, as one JSON object.")
@language_option("the confirmation, the warning and the error line")
def set_(store: Path, process: str, activity: str, kind: str, state: str, reason: str, account_pattern: str,
         go_live, note: str, as_json: bool, language: str | None):
    """Record one decision; setting the decision a candidate already has changes nothing."""
    set_language(language or "fi")  # no settings file: --lang, else Finnish
    lang = language or "fi"
    from ..report.i18n import terminal_text
    from ..store.decisions import Decision, set_decision

    _warn_without_key(lang)
    decision = set_decision(store, Decision(process=process, activity=activity, kind=kind, state=state, reason=reason,
                                            account_pattern=account_pattern,
                                            go_live=go_live.date() if go_live else None, note=note))
    if as_json:
        click.echo(json.dumps(decision.to_dict(), ensure_ascii=False))
    else:
        say("decision_set", lang, **_said(decision, lang), set_at=decision.set_at,
            set_by=decision.set_by or terminal_text("decision_unknown_person", lang))
    return EXIT_CODES["ok"]


@decisions.command("list")
@_STORE
@click.option("--process", default=None, help="Only this process [default: every process in the store].")
@click.option("--history", "history", is_flag=True, help="Every change, oldest first, instead of the current decisions.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array on stdout.")
def list_(store: Path, process: str | None, history: bool, as_json: bool):
    """Show the current decision per candidate (or every change with --history)."""
    from ..store.decisions import decision_history, load_decisions

    found = decision_history(store, process) if history else load_decisions(store, process)
    if as_json:
        click.echo(json.dumps([d.to_dict() for d in found], ensure_ascii=False))
        return EXIT_CODES["ok"]
    if not found:
        click.echo(f"{store.name}: no decisions" + (f" for {process}" if process else ""))
    for d in found:
        details = [f"reason: {d.reason}" if d.reason else "", f"account: {d.account_pattern}" if d.account_pattern else "",
                   f"go-live: {d.go_live.isoformat()}" if d.go_live else "", f"note: {d.note}" if d.note else ""]
        extra = "; ".join(x for x in details if x)
        click.echo(f"{d.process}\t{d.kind}\t{d.activity}\t{d.state}\t{d.set_at}\t{d.set_by}" + (f"\t{extra}" if extra else ""))
    return EXIT_CODES["ok"]


@decisions.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_STORE
@click.option("--process", default=None,
              help="The process the sheet decides; needed only for a report made without a store (analyze).")
@click.option("--json", "as_json", is_flag=True, help="Print the changed decisions as one JSON object.")
@language_option("the confirmation, the warning and the error line")
def import_(file: Path, store: Path, process: str | None, as_json: bool, language: str | None):
    """Record the decisions filled in on a report.xlsx's Decisions sheet; the same sheet twice changes nothing."""
    set_language(language or "fi")  # no settings file: --lang, else Finnish
    lang = language or "fi"
    from ..store.decisions import import_decisions

    _warn_without_key(lang)
    changes = import_decisions(file, store, process=process)
    if as_json:
        click.echo(json.dumps({"changed": [d.to_dict() for d in changes.changed], "unchanged": changes.unchanged},
                              ensure_ascii=False))
    else:
        say("decisions_changed", lang, changed=changes.count, unchanged=changes.unchanged)
        for d in changes.changed:
            say("decision_changed", lang, **_said(d, lang))
    return EXIT_CODES["ok"]
