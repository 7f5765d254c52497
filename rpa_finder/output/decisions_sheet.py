# SPDX-License-Identifier: AGPL-3.0-or-later
"""report.xlsx's Decisions sheet: written with the report, filled in by people, read back by ``decisions import``.

Process developers decide where they already work, in the workbook: one row per robot candidate and
feasible candidate (and per candidate that already has a decision), the current decision prefilled
when the report came from a store, a dropdown for the decision in the report's language.  The
workbook's custom document properties (``rpa_finder.store_id``, ``rpa_finder.process``: metadata that
Excel keeps on saving, never a cell, and no sheet for a reader to wonder about) carry the store's
identity and the process, so an import refuses a sheet from another store.  A tool that drops them
leaves a sheet like a plain ``analyze`` one: imported with ``--process``, still checked against the
store's latest run.

Reading back is as careful as writing: every cell is read as a value, never evaluated; a cell that
starts with ``=`` is text (the apostrophe the writer put before a formula-like name is taken off
again, so the name matches the log's).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..errors import BadDataError, InputMissingError, Message
from .inert import FORMULA_START

__all__ = ["DECISIONS_SHEET_TEXTS", "STATE_TEXTS", "DECISION_COLUMN_TEXTS", "MARKER_PREFIX", "read_marker", "SheetRow",
           "DecisionsSheet",
           "DecisionsSheetInput", "decision_rows", "decisions_sheet_name", "add_decisions_sheet", "mark_decisions_sheet",
           "read_decisions_sheet", "parse_state"]

#: The sheet's name per language.
DECISIONS_SHEET_TEXTS = {"fi": "Päätökset", "sv": "Beslut", "en": "Decisions"}
#: Prefix of the workbook's custom document properties that mark it: store_id, process, sheet, language.
MARKER_PREFIX = "rpa_finder."
MARKER_KEYS = ("store_id", "process", "sheet", "language")
#: Each decision state in the report's languages (the dropdown's words; any language is read back).
STATE_TEXTS = {
    "accepted": {"fi": "hyväksytty", "sv": "godkänd", "en": "accepted"},
    "rejected": {"fi": "hylätty", "sv": "avvisad", "en": "rejected"},
    "in_development": {"fi": "kehityksessä", "sv": "under utveckling", "en": "in development"},
    "deployed": {"fi": "käytössä", "sv": "i drift", "en": "deployed"},
    "retired": {"fi": "poistettu käytöstä", "sv": "avvecklad", "en": "retired"},
}
#: Headers of the columns people fill in (the others are the candidate table's, localised as there).
DECISION_COLUMN_TEXTS = {
    "decision": {"fi": "Päätös", "sv": "Beslut", "en": "Decision"},
    "decision_reason": {"fi": "Perustelu (jos hylätty)", "sv": "Motivering (om avvisad)", "en": "Reason (if rejected)"},
    "account_pattern": {"fi": "Robotin käyttäjätunnus tai kaava", "sv": "Robotens konto eller mönster",
                        "en": "Robot account or pattern"},
    "go_live": {"fi": "Käyttöönotto (vvvv-kk-pp)", "sv": "Driftstart (åååå-mm-dd)", "en": "Go-live (yyyy-mm-dd)"},
    "note": {"fi": "Huomautus", "sv": "Anteckning", "en": "Note"},
    "decided": {"fi": "Päätetty", "sv": "Beslutat", "en": "Decided"},
}
#: The candidate columns shown (codes; headers and values localised like the Candidates sheet).
SHOWN_COLUMNS = ("process", "kind", "activity", "verdict", "net_savings_eur_mid")
FILL_COLUMNS = ("decision", "decision_reason", "account_pattern", "go_live", "note")
#: Verdicts that get a row even without a decision.
DECIDABLE_VERDICTS = ("robot_candidate", "feasible_not_paying")


def decisions_sheet_name(language: str) -> str:
    return DECISIONS_SHEET_TEXTS.get(language, DECISIONS_SHEET_TEXTS["en"])


def _state_word(state: str, language: str) -> str:
    return STATE_TEXTS.get(state, {}).get(language, state)


_STATE_WORDS = {word.casefold(): code for code, words in STATE_TEXTS.items() for word in (code, *words.values())}


def parse_state(text: str) -> str | None:
    """A decision code from a cell: the code, or its word in any language; None when unknown."""
    key = " ".join(str(text).replace("_", " ").split()).casefold()
    return _STATE_WORDS.get(key) or _STATE_WORDS.get(key.replace(" ", "_"))


def decision_rows(candidates: pd.DataFrame, context: Any = None, language: str = "en") -> pd.DataFrame:
    """The sheet's table: candidate columns (codes) and the decision columns, current decisions prefilled.

    ``candidates``: candidates.csv's table (with ``process``); ``context``: a
    :class:`~rpa_finder.store.DecisionContext` or None.  A single-process report from a store names the
    store's process (the log's name may differ from the job's).
    """
    table = candidates.reindex(columns=list(SHOWN_COLUMNS)).copy()
    if context is not None and context.process and table["process"].nunique() <= 1:
        table["process"] = context.process
    decisions = {d.key: d for d in (context.decisions if context is not None else ())}
    keys = list(zip(table["process"].astype(str), table["kind"].astype(str), table["activity"].astype(str)))
    keep = table["verdict"].isin(DECIDABLE_VERDICTS).to_numpy(dtype=bool) | np.array([k in decisions for k in keys],
                                                                                      dtype=bool)
    table = table[keep].reset_index(drop=True)
    shown = {k for k, flag in zip(keys, keep) if flag}
    missing = [d for key, d in decisions.items() if key not in shown]  # decided, but no longer in the table
    if missing:
        extra = pd.DataFrame({"process": [d.process for d in missing], "kind": [d.kind for d in missing],
                              "activity": [d.activity for d in missing]})
        table = pd.concat([table, extra], ignore_index=True) if len(table) else extra.reindex(columns=table.columns)
    current = [decisions.get(k) for k in zip(table["process"].astype(str), table["kind"].astype(str),
                                             table["activity"].astype(str))]
    table["decision"] = [_state_word(d.state, language) if d else None for d in current]
    table["decision_reason"] = [d.reason or None if d else None for d in current]
    table["account_pattern"] = [d.account_pattern or None if d else None for d in current]
    table["go_live"] = [d.go_live.isoformat() if d and d.go_live else None for d in current]
    table["note"] = [d.note or None if d else None for d in current]
    table["decided"] = [f"{d.set_at[:10]} {d.set_by}".strip() if d else None for d in current]
    return table.rename(columns={c: t[language] for c, t in DECISION_COLUMN_TEXTS.items()})


def mark_decisions_sheet(book, sheet_name: str, *, store_id: str = "", process: str = "", language: str = "en") -> None:
    """Add the decision dropdown to the sheet, and the marker (store id, process, sheet, language) to the workbook."""
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book[sheet_name]
    header = [c.value for c in sheet[1]]
    column = header.index(DECISION_COLUMN_TEXTS["decision"][language]) + 1
    words = [_state_word(s, language) for s in STATE_TEXTS]
    # no error on other text: a word of any language (or the code) is read back, so typing one is allowed
    dropdown = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True,
                              showErrorMessage=False, showInputMessage=True)
    dropdown.prompt = " / ".join(words)
    letter = sheet.cell(row=1, column=column).column_letter
    dropdown.add(f"{letter}2:{letter}{max(sheet.max_row, 2) + 50}")
    sheet.add_data_validation(dropdown)
    for name, value in zip(MARKER_KEYS, (store_id, process, sheet_name, language)):
        book.custom_doc_props.append(StringProperty(name=MARKER_PREFIX + name, value=str(value)))


def read_marker(book) -> dict[str, str]:
    """The marker of a workbook (missing keys empty): what :func:`mark_decisions_sheet` wrote."""
    found = {p.name[len(MARKER_PREFIX):]: _text(p.value) for p in book.custom_doc_props.props
             if isinstance(p.name, str) and p.name.startswith(MARKER_PREFIX)}
    return {key: found.get(key, "") for key in MARKER_KEYS}


@dataclass(frozen=True)
class SheetRow:
    """One filled row of a Decisions sheet (the 1-based row number, for messages)."""

    row: int
    process: str
    kind: str
    activity: str
    state: str | None
    reason: str
    account_pattern: str
    go_live: date | None
    note: str


@dataclass(frozen=True)
class DecisionsSheet:
    """A Decisions sheet read back: the marker's store id and process, and the rows with anything filled in."""

    store_id: str
    process: str
    sheet: str
    rows: tuple[SheetRow, ...]


def _text(value: Any) -> str:
    """A cell as text; the writer's apostrophe before a formula-like text is taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and FORMULA_START.match(text[1:]):
        return text[1:]
    return text


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")


def _date(value: Any, file: Path, where: Message) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise BadDataError(Message("go-live {value!r} is not a date", value=text), file=file, where=where,
                       fix="write it as YYYY-MM-DD, e.g. 2026-03-01")


def _columns(header: Sequence[Any], file: Path, where: Message) -> dict[str, int]:
    """Header -> code, in any of the report's languages."""
    from .workbook import _column_name

    names: dict[str, str] = {}
    for language in ("fi", "sv", "en"):
        names.update({_column_name(code, language).casefold(): code for code in SHOWN_COLUMNS})
        names.update({t[language].casefold(): code for code, t in DECISION_COLUMN_TEXTS.items()})
    names.update({code: code for code in (*SHOWN_COLUMNS, *DECISION_COLUMN_TEXTS)})
    found = {names[str(h).strip().casefold()]: i for i, h in enumerate(header) if h is not None
             and str(h).strip().casefold() in names}
    lacking = [c for c in ("kind", "activity", "decision") if c not in found]
    if lacking:
        raise BadDataError(Message("the sheet has no column for {columns}", columns=", ".join(lacking)), file=file,
                           where=where,
                           fix="hand back the Decisions sheet of a report with its header row as written")
    return found


_KINDS = {"activity": "activity", "routine": "routine", "vaihe": "activity", "steg": "activity", "step": "activity",
          "rutiini": "routine", "rutin": "routine"}


def read_decisions_sheet(path: str | Path) -> DecisionsSheet:
    """The Decisions sheet of ``path`` (a report.xlsx filled in): marker and every row with something filled in.

    Unreadable file: exit 66; no Decisions sheet, an unknown decision word or a bad date: exit 65.
    """
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    if not path.is_file():
        raise InputMissingError("file not found" if not path.exists() else "not a file", file=path,
                                fix="give the report.xlsx you filled in")
    try:
        book = load_workbook(path, read_only=False, data_only=False)  # values as stored; nothing is evaluated
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputMissingError(Message("cannot be read as an Excel workbook ({kind})", kind=exc.__class__.__name__),
                                file=path,
                                fix="save it as .xlsx (Excel workbook) and try again") from None
    marker = read_marker(book)
    names = [marker["sheet"], *DECISIONS_SHEET_TEXTS.values()]
    name = next((n for n in names if n and n in book.sheetnames), None)
    if name is None:
        raise BadDataError("the workbook has no Decisions sheet", file=path,
                           fix="fill in the Päätökset / Beslut / Decisions sheet of a report.xlsx")
    sheet = book[name]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return DecisionsSheet(marker["store_id"], marker["process"], name, ())
    columns = _columns(rows[0], path, Message("sheet {sheet!r}", sheet=name))
    out = []
    for number, values in enumerate(rows[1:], start=2):  # a loop per candidate row, a few dozen
        cell = {code: values[i] if i < len(values) else None for code, i in columns.items()}
        where = Message("sheet {sheet!r} row {row}", sheet=name, row=number)
        filled = {c: _text(cell.get(c)) for c in FILL_COLUMNS}
        if not any(filled.values()):
            continue
        state = parse_state(filled["decision"]) if filled["decision"] else None
        if filled["decision"] and state is None:
            language = marker["language"] if marker["language"] in ("fi", "sv", "en") else "en"
            words = ", ".join(STATE_TEXTS[s][language] for s in STATE_TEXTS)
            raise BadDataError(Message("unknown decision {state!r}", state=filled["decision"]), file=path, where=where,
                               fix=Message("choose one of {choices} (the dropdown)", choices=words))
        kind = _KINDS.get(_text(cell.get("kind")).casefold(), _text(cell.get("kind")))
        out.append(SheetRow(row=number, process=_text(cell.get("process")), kind=kind,
                            activity=_text(cell.get("activity")), state=state, reason=filled["decision_reason"],
                            account_pattern=filled["account_pattern"], go_live=_date(cell.get("go_live"), path, where),
                            note=filled["note"]))
    return DecisionsSheet(marker["store_id"], marker["process"], name, tuple(out))



@dataclass(frozen=True)
class DecisionsSheetInput:
    """What report.xlsx's Decisions sheet is built from: candidates.csv's table (with ``process``), the
    store's :class:`~rpa_finder.store.DecisionContext` (None without a store) and the report's language."""

    candidates: pd.DataFrame
    context: Any = None
    language: str = "en"


def add_decisions_sheet(book, data: DecisionsSheetInput) -> None:
    """Put the Decisions sheet second in ``book`` (after the candidates), with its dropdown and marker."""
    from .workbook import _fill, localise_frame

    name = decisions_sheet_name(data.language)
    sheet = book.create_sheet(title=name, index=min(1, len(book.sheetnames)))
    _fill(sheet, localise_frame(decision_rows(data.candidates, data.context, data.language), data.language))
    context = data.context
    process = context.process if context is not None and context.process else ""
    if not process and data.candidates["process"].nunique() == 1:
        process = str(data.candidates["process"].iloc[0])
    mark_decisions_sheet(book, name, store_id=context.store_id if context is not None else "", process=process,
                         language=data.language)
